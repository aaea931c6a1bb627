"""Reads of the audit trail: a project's history, field by field.

Every save of a business object leaves a historical record (django-simple-history): the whole
object as it was after the save, who saved it and when. A change is found by comparing a record
with the object's record before it, so a project's history reads every record of the objects
under it (one query per kind of object, whatever their number), then the names of everything
the records refer to (one query per model), and compares in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.utils import get_history_model_for_model

from jalon.accounts import permissions
from jalon.accounts.people import name_of
from jalon.audit.kinds import KINDS, Kind, Record
from jalon.portfolios.models import Project

#: What happened to the object.
CREATED, CHANGED, DELETED = "created", "changed", "deleted"
_ACTIONS = {"+": CREATED, "~": CHANGED, "-": DELETED}

#: Fields no user changes: the key, and what the records themselves say.
_NOT_SHOWN = {"id"}


@dataclass(frozen=True)
class Change:
    """One line of a history: a field of an object changed from ``old`` to ``new`` (values as
    users see them: a choice's label, a related object's name, dates and amounts as such), or
    the object created or deleted (``field`` None). ``user`` is the display name ("" for
    nobody: a change made outside any user's action)."""

    at: dt.datetime
    user: str
    kind: str
    object: str
    action: str
    field: str | None = None
    old: Any = None
    new: Any = None


@dataclass(frozen=True)
class History:
    """A history, newest first, and the people who made the changes (for the filter)."""

    changes: list[Change]
    authors: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _Line:
    """A record's change, with the object as users know it now (``named``: as it is, or as it
    was last when deleted) to name it by."""

    kind: Kind
    record: Record
    named: Record
    action: str
    field: models.Field[Any, Any] | None = None
    before: Record | None = None


def kinds_for(*, user: Any, project: Project) -> list[Kind]:
    """The kinds of objects the user may read the history of: money only for those who see
    the project's costs."""
    money = permissions.can_see_costs(user, project)
    return [kind for kind in KINDS if money or not kind.costs]


def project_history(*, user: Any, project: Project, kinds: Sequence[str] = (),
                    author: int | None = None, since: dt.date | None = None,
                    until: dt.date | None = None) -> History:
    """What was changed in the project and under it, newest first: the project, its tasks,
    links (either end in the project), assignments, budget lines, fixed costs, cost entries,
    risks, issues and timesheet entries, deleted objects included.

    ``kinds`` (keys of ``audit.kinds.KINDS``; all when empty), ``author`` (a user's key) and
    the days ``since`` and ``until`` (inclusive, in the site's time zone) narrow it down. The
    caller has checked that the user sees the project (``portfolios.selectors.project_get``).
    """
    readable = [kind for kind in kinds_for(user=user, project=project)
                if not kinds or kind.key in kinds]
    end = _midnight(until + dt.timedelta(days=1)) if until is not None else None
    lines: list[_Line] = []
    for kind in readable:
        records = _records(kind, project.pk, end)
        now = _current(kind, project.pk, records)
        lines.extend(_lines(kind, records, now))
    authors = {line.record["history_user_id"] for line in lines} - {None}
    if author is not None:
        lines = [line for line in lines if line.record["history_user_id"] == author]
    if since is not None:
        start = _midnight(since)
        lines = [line for line in lines if line.record["history_date"] >= start]
    lines.sort(key=lambda line: (line.record["history_date"], line.record["history_id"]),
               reverse=True)
    names = _Names(lines, authors)
    return History(changes=[_change(line, names) for line in lines],
                   authors=sorted(((pk, names.user(pk)) for pk in authors),
                                  key=lambda pair: pair[1].casefold()))


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _tracked(kind: Kind) -> list[models.Field[Any, Any]]:
    fields: list[models.Field[Any, Any]] = kind.history.tracked_fields  # type: ignore[attr-defined]
    return [f for f in fields if f.name not in _NOT_SHOWN]


def _records(kind: Kind, project_id: int, end: dt.datetime | None) -> list[Record]:
    """The kind's records under the project, oldest first."""
    found = kind.history.objects.filter(kind.under(project_id))  # type: ignore[attr-defined]
    if end is not None:
        found = found.filter(history_date__lt=end)
    columns = ["id", *(f.attname for f in _tracked(kind))]
    return list(found.order_by("history_date", "history_id").values(
        *columns, "history_id", "history_date", "history_type", "history_user_id"))


def _current(kind: Kind, project_id: int, records: list[Record]) -> dict[Any, Record]:
    """Each object of the records as users know it: as it is now, or as it was last when it
    is gone. (A record can be older than the object: some writes, such as the renumbering of
    the outline, are bulk updates that leave no record.)"""
    last: dict[Any, Record] = {record["id"]: record for record in records}
    columns = ["id", *(f.attname for f in _tracked(kind))]
    live = kind.model._default_manager.filter(kind.under(project_id)).values(*columns)
    return {**last, **{row["id"]: row for row in live}}


def _lines(kind: Kind, records: Iterable[Record], now: dict[Any, Record]) -> Iterable[_Line]:
    """Each record compared with the object's record before it: a line per field changed."""
    fields = _tracked(kind)
    before: dict[Any, Record] = {}
    for record in records:
        action = _ACTIONS[record["history_type"]]
        previous = before.get(record["id"])
        before[record["id"]] = record
        named = now[record["id"]]
        if action != CHANGED:
            yield _Line(kind, record, named, action)
        elif previous is None:  # changed before its history began: what it was is unknown
            yield _Line(kind, record, named, CHANGED)
        else:
            for f in fields:
                if previous[f.attname] != record[f.attname]:
                    yield _Line(kind, record, named, CHANGED, f, previous)


class _Names:
    """The names of the users and objects the lines refer to, read in one query per model."""

    def __init__(self, lines: list[_Line], authors: set[int]) -> None:
        wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        wanted[get_user_model()] |= authors
        for line in lines:
            for f in _tracked(line.kind):
                if f.is_relation and f.related_model is not None:
                    model: type[models.Model] = f.related_model  # type: ignore[assignment]
                    for record in (line.record, line.before, line.named):
                        if record is not None and record[f.attname] is not None:
                            wanted[model].add(record[f.attname])
        self._names: dict[type[models.Model], dict[Any, str]] = {
            model: self._read(model, keys) for model, keys in wanted.items() if keys}

    @staticmethod
    def _read(model: type[models.Model], keys: set[Any]) -> dict[Any, str]:
        if model is get_user_model():
            return {user.pk: name_of(user) for user in model._default_manager.filter(pk__in=keys)}
        found = {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=keys)}
        missing = keys - set(found)
        if missing and hasattr(model._meta, "simple_history_manager_attribute"):
            # deleted since: the name it had last
            history = get_history_model_for_model(model)
            for record in history.objects.filter(id__in=missing).order_by("history_date",
                                                                           "history_id"):
                found[record.id] = str(record.instance)
        return found

    def __call__(self, model: type[models.Model], pk: Any) -> str:
        if pk is None:
            return ""
        return self._names.get(model, {}).get(pk) or _("(deleted)")

    def user(self, pk: int | None) -> str:
        return self(get_user_model(), pk) if pk is not None else ""


def _shown(f: models.Field[Any, Any], value: Any, names: _Names) -> Any:
    """A value as users see it: a choice's label, a related object's name; dates, numbers,
    yes/no and text as they are, for the page to format and the API to give as JSON."""
    if value is None or (value == "" and not f.choices):
        return value
    if f.is_relation and f.related_model is not None:
        return names(f.related_model, value)  # type: ignore[arg-type]
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, Decimal | bool | int | float | str | dt.date):
        return value
    return str(value)


def _change(line: _Line, names: _Names) -> Change:
    record = line.record
    change = Change(at=record["history_date"], user=names.user(record["history_user_id"]),
                    kind=line.kind.key, object=line.kind.name(line.named, names),
                    action=line.action)
    if line.field is None or line.before is None:
        return change
    attname = line.field.attname
    return replace(change, field=capfirst(str(line.field.verbose_name)),
                   old=_shown(line.field, line.before[attname], names),
                   new=_shown(line.field, record[attname], names))


def kind_choices(*, user: Any, project: Project) -> list[tuple[str, str]]:
    """The kinds the user may filter the project's history on, for the page's filter."""
    return [(kind.key, str(kind.label)) for kind in kinds_for(user=user, project=project)]
