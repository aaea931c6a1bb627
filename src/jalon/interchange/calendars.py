"""The calendars of an imported file: an identical calendar of the shared pool is reused, any
other is stored as a new calendar marked as imported with the project (so that deleting the
project deletes it too, see ``calendars.services.calendars_delete_unused``)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from jalon import io
from jalon.accounts.history import record_created
from jalon.calendars.models import Calendar, CalendarException
from jalon.portfolios.models import Project
from jalon.validation import validate

Period = tuple[date, date, bool]  # start, finish (inclusive), worked


def _ranges(days: frozenset[date]) -> list[tuple[date, date]]:
    """Consecutive days merged into inclusive (start, finish) ranges."""
    ranges: list[tuple[date, date]] = []
    for day in sorted(days):
        if ranges and day == ranges[-1][1] + timedelta(days=1):
            ranges[-1] = (ranges[-1][0], day)
        else:
            ranges.append((day, day))
    return ranges


def _periods(definition: io.CalendarDef) -> set[Period]:
    cal = definition.calendar
    return ({(a, b, False) for a, b in _ranges(cal.holidays)}
            | {(a, b, True) for a, b in _ranges(cal.working_days)})


def _identical(definition: io.CalendarDef, hours: Decimal) -> Calendar | None:
    """A calendar of the pool that counts the same working days: same weekdays, hours per day,
    public holidays and exceptions, and no base calendar (whose own days could differ)."""
    cal = definition.calendar
    candidates = Calendar.objects.filter(hours_per_day=hours, public_holidays=cal.public_holidays,
                                         base__isnull=True).prefetch_related("exceptions")
    wanted = _periods(definition)
    for candidate in candidates.order_by("pk"):
        periods = {(e.start, e.finish, e.is_working) for e in candidate.exceptions.all()}
        if sorted(candidate.working_weekdays) == sorted(cal.working_weekdays) and periods == wanted:
            return candidate
    return None


def import_calendar(definition: io.CalendarDef, project: Project, *,
                    actor: Any) -> tuple[Calendar, bool]:
    """The calendar ``definition`` describes, and whether it is new: the pool's identical one
    when there is one, else a new calendar named after the project (``CODE – name``)."""
    cal = definition.calendar
    hours = Decimal(str(round(cal.hours_per_day, 2)))
    found = _identical(definition, hours)
    if found is not None:
        return found, False
    label = definition.name or definition.id
    name, n = f"{project.code} – {label}"[:100], 1
    while Calendar.objects.filter(name=name).exists():
        n += 1
        name = f"{project.code} – {label} ({n})"[:100]
    calendar = Calendar(name=name, working_weekdays=sorted(cal.working_weekdays),
                        hours_per_day=hours, public_holidays=cal.public_holidays,
                        imported_with=project)
    validate(calendar)
    calendar.save()
    exceptions = CalendarException.objects.bulk_create(
        CalendarException(calendar=calendar, start=a, finish=b, is_working=worked)
        for a, b, worked in sorted(_periods(definition)))
    record_created(CalendarException, exceptions, actor=actor)
    return calendar, True
