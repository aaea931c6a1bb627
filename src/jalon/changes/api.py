"""REST endpoints of change requests (thin: lookup, one service or selector call, response).

The impact's money (``cost_before``, ``cost_after``, ``cost_delta``) is null for those who may
not see the project's costs; its other keys are described in :func:`jalon.changes.impact.compute`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from jalon.accounts import permissions
from jalon.api.patching import patch_changes
from jalon.changes import authority, selectors, services
from jalon.changes.models import ChangeRequest
from jalon.portfolios import selectors as portfolio_selectors
from jalon.portfolios.models import Portfolio, Project

router = Router(tags=["Change requests"])


class ChangeOut(Schema):
    id: int
    project: int
    reference: str
    title: str
    description: str
    reason: str
    kind: str
    status: str
    requested_by: str | None
    created_at: datetime.datetime
    submitted_at: datetime.datetime | None
    decided_by: str | None
    decided_at: datetime.datetime | None
    decision_comment: str
    edits: list[dict[str, Any]]
    edits_described: list[str]
    impact: dict[str, Any] | None
    impact_computed_at: datetime.datetime | None
    impact_current: bool
    authority: str | None
    authority_reasons: list[str]
    baseline: str | None

    @staticmethod
    def of(request: HttpRequest, change: ChangeRequest) -> ChangeOut:
        view = selectors.change_view(user=request.user, change=change)
        costs = view.can_see_costs
        return ChangeOut(
            id=change.pk, project=change.project_id, reference=change.reference,
            title=change.title, description=change.description, reason=change.reason,
            kind=change.kind, status=change.status,
            requested_by=change.requested_by.get_username() if change.requested_by else None,
            created_at=change.created_at, submitted_at=change.submitted_at,
            decided_by=change.decided_by.get_username() if change.decided_by else None,
            decided_at=change.decided_at, decision_comment=change.decision_comment,
            edits=[{k: v for k, v in e.items() if costs or k != "amount"}
                   for e in change.edits],
            edits_described=view.edits, impact=view.impact,
            impact_computed_at=change.impact_computed_at, impact_current=view.impact_current,
            authority=view.authority.level if view.authority else None,
            authority_reasons=view.authority.reasons if view.authority else [],
            baseline=change.baseline.name if change.baseline else None)


class ChangeIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    description: str = ""
    reason: str = ""
    kind: str = ChangeRequest.Kind.SCOPE
    edits: list[dict[str, Any]] = []


class ChangePatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    reason: str | None = None
    kind: str | None = None
    edits: list[dict[str, Any]] | None = None


class ApproveIn(Schema):
    baseline: bool = False


class RejectIn(Schema):
    reason: str = ""


@router.get("/projects/{int:pk}/changes", response=list[ChangeOut])
def list_changes(request: HttpRequest, pk: int):
    """The project's change log, the latest first."""
    project = portfolio_selectors.project_get(user=request.user, pk=pk)
    return [ChangeOut.of(request, c) for c in selectors.change_list(user=request.user,
                                                                     project=project)]


@router.post("/projects/{int:pk}/changes", response={201: ChangeOut})
def create_change(request: HttpRequest, pk: int, payload: ChangeIn):
    """A draft change request; ``edits`` are checked against the plan (400 naming the field)."""
    project = portfolio_selectors.project_get(user=request.user, pk=pk)
    change = services.change_create(actor=request.user, project=project, title=payload.title,
                                    description=payload.description, reason=payload.reason,
                                    kind=payload.kind)
    if payload.edits:
        change = services.change_update(actor=request.user, change=change, edits=payload.edits)
    return 201, ChangeOut.of(request, change)


@router.get("/changes/{int:pk}", response=ChangeOut)
def get_change(request: HttpRequest, pk: int):
    return ChangeOut.of(request, selectors.change_get(user=request.user, pk=pk))


@router.patch("/changes/{int:pk}", response=ChangeOut)
def update_change(request: HttpRequest, pk: int, payload: ChangePatch):
    """Change a draft; ``edits`` replaces its proposed edits."""
    change = selectors.change_get(user=request.user, pk=pk)
    change = services.change_update(actor=request.user, change=change,
                                    **patch_changes(payload, blank={"description", "reason"}))
    return ChangeOut.of(request, change)


@router.post("/changes/{int:pk}/impact", response=ChangeOut)
def compute_impact(request: HttpRequest, pk: int):
    """Compute the impact on the plan as it is now (nothing in the plan changes)."""
    change = selectors.change_get(user=request.user, pk=pk)
    return ChangeOut.of(request, services.change_impact_compute(actor=request.user,
                                                                change=change))


@router.post("/changes/{int:pk}/submit", response=ChangeOut)
def submit_change(request: HttpRequest, pk: int):
    change = selectors.change_get(user=request.user, pk=pk)
    return ChangeOut.of(request, services.change_submit(actor=request.user, change=change))


@router.post("/changes/{int:pk}/approve", response=ChangeOut)
def approve_change(request: HttpRequest, pk: int, payload: ApproveIn):
    """Apply every edit (or none) and, with ``baseline``, take a new baseline."""
    change = selectors.change_get(user=request.user, pk=pk)
    return ChangeOut.of(request, services.change_approve(actor=request.user, change=change,
                                                         baseline=payload.baseline))


@router.post("/changes/{int:pk}/reject", response=ChangeOut)
def reject_change(request: HttpRequest, pk: int, payload: RejectIn):
    """Reject, saying why (``reason`` is required)."""
    change = selectors.change_get(user=request.user, pk=pk)
    return ChangeOut.of(request, services.change_reject(actor=request.user, change=change,
                                                        reason=payload.reason))


class AuthorityOut(Schema):
    max_slip_days: Decimal
    max_cost_increase: Decimal | None


class AuthorityIn(Schema):
    max_slip_days: Decimal = Field(ge=0, max_digits=7, decimal_places=2)
    max_cost_increase: Decimal = Field(ge=0, max_digits=14, decimal_places=2)


def _authority_out(request: HttpRequest, limits: authority.Limits,
                   scope: Portfolio | Project) -> AuthorityOut:
    costs = permissions.can_see_costs(request.user, scope)
    return AuthorityOut(max_slip_days=limits.slip_days,
                        max_cost_increase=limits.cost_increase if costs else None)


@router.get("/projects/{int:pk}/change-authority", response=AuthorityOut)
def get_change_authority(request: HttpRequest, pk: int):
    """The limits under which the project manager approves the project's changes alone (the
    project's own, else its portfolio's, else the defaults); above them the board decides."""
    project = portfolio_selectors.project_get(user=request.user, pk=pk)
    return _authority_out(request, authority.limits_for(project), project)


@router.put("/projects/{int:pk}/change-authority", response=AuthorityOut)
def set_project_change_authority(request: HttpRequest, pk: int, payload: AuthorityIn):
    project = portfolio_selectors.project_get(user=request.user, pk=pk)
    services.change_authority_set(actor=request.user, project=project, **payload.dict())
    return _authority_out(request, authority.limits_for(project), project)


@router.put("/portfolios/{int:pk}/change-authority", response=AuthorityOut)
def set_portfolio_change_authority(request: HttpRequest, pk: int, payload: AuthorityIn):
    """The limits of every project of the portfolio that has none of its own."""
    portfolio = portfolio_selectors.portfolio_get(user=request.user, pk=pk)
    found = services.change_authority_set(actor=request.user, portfolio=portfolio,
                                          **payload.dict())
    return _authority_out(request, authority.Limits(found.max_slip_days,
                                                    found.max_cost_increase), portfolio)
