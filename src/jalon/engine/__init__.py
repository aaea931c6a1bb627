"""Jalon's scheduling engine: calendars, networks, CPM and PERT.

Pure Python and numpy: it imports nothing from Django and does no I/O. Build a
:class:`Plan` of :class:`Activity` and :class:`Link` objects and call :func:`schedule`::

    from jalon.engine import Activity, Link, Plan, schedule

    plan = Plan("demo", [Activity("A", duration=3), Activity("B", duration=2)],
                [Link("A", "B")])
    result = schedule(plan)
    result.finish            # 5.0 working days
    result.critical_path     # ['A', 'B']

See ``docs/scheduling.md`` for the conventions.
"""

from jalon.engine.calendar import Timeline, WorkCalendar
from jalon.engine.cpm import CRITICAL_TOLERANCE, schedule
from jalon.engine.holidays import easter_sunday, french_public_holidays, public_holidays
from jalon.engine.model import CONSTRAINT_TYPES, LINK_TYPES, Activity, Link, Plan
from jalon.engine.pert import PertResult
from jalon.engine.results import ActivityResult, Schedule

__all__ = [
    "CONSTRAINT_TYPES",
    "CRITICAL_TOLERANCE",
    "LINK_TYPES",
    "Activity",
    "ActivityResult",
    "Link",
    "Plan",
    "PertResult",
    "Schedule",
    "Timeline",
    "WorkCalendar",
    "easter_sunday",
    "french_public_holidays",
    "public_holidays",
    "schedule",
]
