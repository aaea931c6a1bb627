"""REST endpoints of the audit trail: a project's history, field by field."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from jalon.api.filtering import FilterQuery, annotations_resolved, parameters_of, valid
from jalon.audit import selectors
from jalon.audit.forms import HistoryFilters
from jalon.portfolios.selectors import project_get

router = Router(tags=["Audit trail"])

#: A value as JSON: text (a choice's label, a related object's name, a date in ISO 8601), a
#: number, yes/no, or null.
JsonValue = str | int | float | bool | None


def _json(value: Any) -> JsonValue:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


class ChangeOut(Schema):
    """One change: ``field`` (its label in the request's language), ``old`` and ``new`` as
    shown to users; a creation or deletion has ``field``, ``old`` and ``new`` null."""

    at: datetime
    user: str | None
    kind: str
    object: str
    action: Literal["created", "changed", "deleted"]
    field: str | None
    old: JsonValue
    new: JsonValue

    @staticmethod
    def resolve_user(obj: selectors.Change) -> str | None:
        return obj.user or None

    @staticmethod
    def resolve_old(obj: selectors.Change) -> JsonValue:
        return _json(obj.old)

    @staticmethod
    def resolve_new(obj: selectors.Change) -> JsonValue:
        return _json(obj.new)


@parameters_of(HistoryFilters)
class HistoryQuery(FilterQuery):
    """The history's filters, as the History tab has them: ``kind`` (project, task, link,
    assignment, budget, fixed_cost, cost, risk, issue, time), ``user`` (the id of who made the
    change), ``since`` and ``until`` (days, inclusive)."""


@router.get("/projects/{int:pk}/history", response=list[ChangeOut])
@paginate
@annotations_resolved
def project_history(request: HttpRequest, pk: int, filters: Query[HistoryQuery]):
    """What was changed in the project and under it, newest first: who, when, which object,
    which field, from what to what."""
    project = project_get(user=request.user, pk=pk)
    form = valid(HistoryFilters(filters.form_data(), user=request.user, project=project))
    return selectors.project_history(user=request.user, project=project,
                                     **form.filters()).changes
