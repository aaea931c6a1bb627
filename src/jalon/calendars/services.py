"""Writes to the shared calendars: pool managers (PMO administrators, portfolio managers) only."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.calendars.models import Calendar, CalendarException, CalendarsVersion
from jalon.errors import ValidationFailed
from jalon.validation import assign_fields, validate

CALENDAR_FIELDS = {"name", "working_weekdays", "hours_per_day", "public_holidays", "base"}


def calendars_changed() -> None:
    """Every figure computed from working time is out of date (``jalon.portfolios.results``)."""
    CalendarsVersion.objects.get_or_create(pk=1)
    CalendarsVersion.objects.filter(pk=1).update(version=F("version") + 1)


@transaction.atomic
def calendar_create(*, actor: Any, name: str, **fields: Any) -> Calendar:
    perms.require_pool(actor)
    calendar = Calendar(name=name)
    assign_fields(calendar, fields, CALENDAR_FIELDS)
    validate(calendar)
    calendar.save()
    return calendar


@transaction.atomic
def calendar_update(*, actor: Any, calendar: Calendar, **changes: Any) -> Calendar:
    perms.require_pool(actor)
    assign_fields(calendar, changes, CALENDAR_FIELDS)
    validate(calendar)
    base, seen = calendar.base, {calendar.pk}
    while base is not None:
        if base.pk in seen:
            raise ValidationFailed(_("A calendar cannot be based on itself."), field="base")
        seen.add(base.pk)
        base = base.base
    calendar.save()
    calendars_changed()
    return calendar


@transaction.atomic
def calendar_delete(*, actor: Any, calendar: Calendar) -> None:
    perms.require_pool(actor)
    if calendar.derived.exists():
        raise ValidationFailed(_("Other calendars are based on this one."))
    calendar.delete()
    calendars_changed()


@transaction.atomic
def imported_calendars_release(*, ids: Collection[int]) -> None:
    """Let go of the calendars ``ids`` that a deleted project's import created: each one that
    another project follows (itself or through its tasks) now belongs to that project, so that
    it goes when that one goes; one that only resources or other calendars follow stays in the
    pool; the others are deleted.

    No permission is checked: the project service that deleted their project calls it, in its
    transaction.
    """
    for calendar in Calendar.objects.filter(pk__in=ids).order_by("pk"):
        follower = (calendar.projects.order_by("pk").values_list("pk", flat=True).first()
                    or calendar.tasks.order_by("pk").values_list("project_id", flat=True).first())
        if follower is not None:
            calendar.imported_with_id = follower
            calendar.save(update_fields=["imported_with"])
        elif not (calendar.resources.exists() or calendar.derived.exists()):
            calendar.delete()


@transaction.atomic
def calendar_exception_create(*, actor: Any, calendar: Calendar, start: Any, finish: Any,
                              name: str = "", is_working: bool = False) -> CalendarException:
    perms.require_pool(actor)
    exception = CalendarException(calendar=calendar, name=name, start=start, finish=finish,
                                  is_working=is_working)
    if start and finish and finish < start:
        raise ValidationFailed(_("The finish is before the start."), field="finish")
    validate(exception)
    exception.save()
    calendars_changed()
    return exception


@transaction.atomic
def calendar_exception_delete(*, actor: Any, exception: CalendarException) -> None:
    perms.require_pool(actor)
    exception.delete()
    calendars_changed()
