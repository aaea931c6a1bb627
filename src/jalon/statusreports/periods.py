"""Reporting periods: a week from Monday to Sunday, or a calendar month (dates inclusive)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from jalon.statusreports.models import Cadence


def period_of(day: date, cadence: str) -> tuple[date, date]:
    """The first and last day of the period of ``cadence`` holding ``day``."""
    if cadence == Cadence.WEEKLY:
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def last_closed_period(today: date, cadence: str) -> tuple[date, date]:
    """The latest period of ``cadence`` that ended before ``today``: the one a report is due
    for."""
    start, _end = period_of(today, cadence)
    return period_of(start - timedelta(days=1), cadence)

