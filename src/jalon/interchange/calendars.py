"""The calendars of an imported file: an identical calendar of the shared pool is reused, any
other is stored as a new calendar marked as imported with the project (so that deleting the
project deletes it too, see ``calendars.services.calendars_delete_unused``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from jalon import io
from jalon.calendars.models import Calendar, CalendarException
from jalon.interchange.bulk import create_with_history
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


@dataclass
class ImportedCalendar:
    """A calendar of the file: the pool's identical one (``created`` False), or a new one
    (not saved yet, with its exceptions) that :func:`write_calendars` saves."""

    calendar: Calendar
    label: str
    created: bool
    exceptions: list[CalendarException] = field(default_factory=list)


def prepare_calendars(definitions: Iterable[io.CalendarDef]) -> dict[str, ImportedCalendar]:
    """The calendars the definitions describe, by their id in the file: the pool's identical
    one when there is one, else a new calendar, checked but not saved (named when written, see
    :func:`write_calendars`); a definition identical to an earlier one of the file is that one."""
    prepared: dict[str, ImportedCalendar] = {}
    new: dict[tuple[Any, ...], Calendar] = {}
    for definition in definitions:
        cal = definition.calendar
        hours = Decimal(str(round(cal.hours_per_day, 2)))
        label = definition.name or definition.id
        periods = sorted(_periods(definition))
        key = (hours, cal.public_holidays, tuple(sorted(cal.working_weekdays)), tuple(periods))
        found = new.get(key) or _identical(definition, hours)
        if found is not None:
            prepared[definition.id] = ImportedCalendar(found, label, created=False)
            continue
        calendar = Calendar(name=label[:100], working_weekdays=sorted(cal.working_weekdays),
                            hours_per_day=hours, public_holidays=cal.public_holidays)
        validate(calendar, database=False)  # its name is made unique when written
        new[key] = calendar
        prepared[definition.id] = ImportedCalendar(
            calendar, label, created=True,
            exceptions=[CalendarException(calendar=calendar, start=a, finish=b, is_working=worked)
                        for a, b, worked in periods])
    return prepared


def write_calendars(calendars: Iterable[ImportedCalendar], project: Project, *,
                    actor: Any) -> None:
    """Save the new calendars, named after the project (``CODE – name``, numbered when the name
    is taken) and marked as imported with it, and their exceptions, in a few bulk inserts."""
    new = [c for c in calendars if c.created]
    if not new:
        return
    taken = set(Calendar.objects.filter(name__startswith=f"{project.code} – ")
                .values_list("name", flat=True))
    for imported in new:
        name, n = f"{project.code} – {imported.label}"[:100], 1
        while name in taken:
            n += 1
            name = f"{project.code} – {imported.label} ({n})"[:100]
        taken.add(name)
        imported.calendar.name, imported.calendar.imported_with = name, project
    Calendar.objects.bulk_create([c.calendar for c in new])  # no history: see its model
    create_with_history(CalendarException, [e for c in new for e in c.exceptions], actor=actor)
