"""The largest values a plan may hold, declared once for the engine, the forms, the API and the
file readers.

The calendars know working days from 1900 to 2200 (:mod:`jalon.engine.holidays`); a schedule
that runs past them cannot be computed. These bounds keep every single value well inside that
range, so that a typing slip (a duration of 100000 days) is refused where it is typed, with its
field named, instead of making the whole plan unschedulable later:

- a duration (or a three-point estimate) of at most ``MAX_DURATION`` working days, about forty
  years of five-day weeks;
- a lag or lead of at most ``MAX_LAG`` days either way (working or elapsed days);
- dates (project start, status date, constraints, deadlines, actual dates) from
  ``FIRST_DATE`` to ``LAST_DATE``, which leaves fifty years to the calendars' end.

A plan can still run past the year 2200 when long tasks follow each other from a late start:
the engine then refuses it (``calendar.beyond``) and the platform shows that project as not
schedulable, without stopping the other pages. See docs/scheduling.md.
"""

from __future__ import annotations

from datetime import date
from typing import Final

__all__ = ["FIRST_DATE", "LAST_DATE", "MAX_DURATION", "MAX_LAG"]

MAX_DURATION: Final = 10_000
"""The longest duration (and three-point estimate) of an activity, in working days."""

MAX_LAG: Final = 10_000
"""The longest lag or lead of a link, in days (working or elapsed, as the link says)."""

FIRST_DATE: Final = date(1900, 1, 1)
"""The earliest date a plan may hold."""

LAST_DATE: Final = date(2150, 12, 31)
"""The latest date a plan may hold."""
