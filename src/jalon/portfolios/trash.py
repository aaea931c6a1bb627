"""The trash: a deleted portfolio, programme or project is kept, out of sight, for
``settings.JALON_TRASH_DAYS`` days, then deleted for good.

Moving to the trash marks the object and everything live under it (its programmes and
projects) with one moment and who did it; the default managers (``LiveManager``) then hide
them everywhere. A restore brings back the object and what carries its moment: a project
trashed earlier on its own stays in the trash. Deleting for good takes everything under the
object, whenever it was trashed.

These are the steps the services (``jalon.portfolios.services``) take in their transactions,
after checking the actor's rights.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from jalon.calendars.services import imported_calendars_release
from jalon.errors import NotFound
from jalon.portfolios.models import Portfolio, Programme, Project, Trashable
from jalon.querying import get_visible

#: The kinds of object the trash holds, as the API names them.
KINDS: dict[str, type[Portfolio] | type[Programme] | type[Project]] = {
    "portfolio": Portfolio, "programme": Programme, "project": Project}


def in_trash(kind: str, pk: Any) -> Portfolio | Programme | Project:
    """The ``kind`` ``pk`` in the trash, or NotFound (also for an object that is not in it)."""
    model = KINDS.get(kind)
    if model is None:
        raise NotFound(_("The trash holds portfolios, programmes and projects only."))
    found: Portfolio | Programme | Project = get_visible(
        model.all_objects.filter(deleted_at__isnull=False), pk)
    return found


def _under(obj: Trashable) -> tuple[list[Programme], list[Project]]:
    """The programmes and projects under ``obj`` that share its moment (live ones for a live
    object, those that went with it for a trashed one)."""
    moment = obj.deleted_at
    if isinstance(obj, Portfolio):
        return (list(Programme.all_objects.filter(portfolio=obj, deleted_at=moment)),
                list(Project.all_objects.filter(portfolio=obj, deleted_at=moment)))
    if isinstance(obj, Programme):
        return [], list(Project.all_objects.filter(programme=obj, deleted_at=moment))
    return [], []


def _mark(objects: list[Any], *, at: datetime | None, by: Any) -> None:
    # One save per object (not a bulk update) so that the audit trail records each of them.
    for obj in objects:
        obj.deleted_at, obj.deleted_by = at, by
        obj.save(update_fields=["deleted_at", "deleted_by"])


def move_to_trash(*, actor: Any, obj: Trashable) -> list[Project]:
    """Put ``obj`` and what is live under it in the trash, as ``actor``; returns the projects
    that went."""
    programmes, projects = _under(obj)
    if isinstance(obj, Project):
        projects = [obj]
    by = actor if getattr(actor, "pk", None) is not None else None
    _mark([obj, *programmes, *(p for p in projects if p is not obj)], at=timezone.now(), by=by)
    return projects


def parent_in_trash(obj: Trashable) -> Portfolio | Programme | None:
    """The programme or portfolio in the trash that ``obj`` would come back into, if any."""
    # Forward relations read through the base manager: they reach a parent in the trash.
    parents: list[Portfolio | Programme | None] = []
    if isinstance(obj, Project):
        parents = [obj.programme, obj.portfolio]
    elif isinstance(obj, Programme):
        parents = [obj.portfolio]
    return next((p for p in parents if p is not None and p.deleted_at is not None), None)


def bring_back(obj: Trashable) -> list[Project]:
    """Take ``obj`` and what went with it out of the trash; returns the projects back."""
    programmes, projects = _under(obj)
    if isinstance(obj, Project):
        projects = [obj]
    _mark([obj, *programmes, *(p for p in projects if p is not obj)], at=None, by=None)
    return projects


def destroy(obj: Trashable) -> None:
    """Delete ``obj`` for good with everything under it, in the trash or not."""
    if isinstance(obj, Portfolio):
        projects = list(Project.all_objects.filter(portfolio=obj))
    elif isinstance(obj, Programme):
        projects = list(Project.all_objects.filter(programme=obj))
    else:
        projects = []
    # Projects first: their programme and portfolio protect them. A project's tasks, links
    # (also those from other projects) and assignments go with it.
    for project in projects:
        destroy(project)
    imported = (list(obj.imported_calendars.values_list("pk", flat=True))
                if isinstance(obj, Project) else [])
    obj.delete()  # a portfolio's programmes go with it
    imported_calendars_release(ids=imported)  # the calendars a project's file brought


def expired(now: datetime | None = None) -> datetime:
    """The moment before which what went to the trash is deleted for good."""
    return (now or timezone.now()) - timedelta(days=settings.JALON_TRASH_DAYS)


def days_left(obj: Trashable, now: datetime | None = None) -> int:
    """Whole days before ``obj`` is deleted for good (0: at the next purge)."""
    assert obj.deleted_at is not None
    return max(0, (obj.deleted_at - expired(now)).days)
