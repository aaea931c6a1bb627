"""Reading the shared calendars, and turning a stored one into the engine's."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet

from jalon import engine
from jalon.accounts import permissions as perms
from jalon.calendars.models import Calendar, CalendarException
from jalon.querying import get_visible


def calendar_list(*, user: Any) -> QuerySet[Calendar]:
    """Calendars are shared by the whole organisation: anyone with a role may read them."""
    if not perms.has_any_role(user):
        return Calendar.objects.none()
    return Calendar.objects.select_related("base").prefetch_related("exceptions").order_by("name")


def calendar_get(*, user: Any, pk: Any) -> Calendar:
    return get_visible(calendar_list(user=user), pk)


def _exception_days(exceptions: list[CalendarException], working: bool) -> set[date]:
    days: set[date] = set()
    for exception in exceptions:
        if exception.is_working == working:
            span = (exception.finish - exception.start).days
            days.update(exception.start + timedelta(days=i) for i in range(span + 1))
    return days


def work_calendar(calendar: Calendar | None) -> engine.WorkCalendar:
    """The engine calendar for a stored one; a base calendar's holidays and exceptions apply
    too, the derived calendar's own exceptions winning."""
    if calendar is None:
        return engine.WorkCalendar()
    chain: list[Calendar] = []
    node: Calendar | None = calendar
    while node is not None and node not in chain:
        chain.append(node)
        node = node.base
    holidays: set[date] = set()
    working: set[date] = set()
    for cal in reversed(chain):  # base first, so the derived calendar overrides it
        exceptions = list(cal.exceptions.all())
        off, on = _exception_days(exceptions, False), _exception_days(exceptions, True)
        holidays = (holidays - on) | off
        working = (working - off) | on
    public = next((cal.public_holidays for cal in chain if cal.public_holidays), "")
    return engine.WorkCalendar(
        working_weekdays=tuple(calendar.working_weekdays),
        hours_per_day=float(calendar.hours_per_day),
        holidays=frozenset(holidays),
        working_days=frozenset(working),
        public_holidays=public,
    )
