"""Writes of change requests: draft, propose edits, compute the impact, submit, decide.

Drafting, proposing edits, computing the impact, submitting and withdrawing are for those who
change the project's plan; approving and rejecting for the change authority
(:mod:`jalon.changes.authority`). Nothing in the plan changes before approval, which applies
every edit or none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jalon.accounts import permissions as perms
from jalon.changes import authority, impact
from jalon.changes.edits import apply_edits, parse_edit
from jalon.changes.models import ChangeAuthority, ChangeRequest
from jalon.errors import PermissionDenied, ValidationFailed
from jalon.notifications.services import notifications_resolve, notify
from jalon.planning import services as planning
from jalon.portfolios.models import Portfolio, Project
from jalon.validation import assign_fields, validate

FIELDS = {"title", "description", "reason", "kind"}

ASK_DECISION = gettext_noop("Change request %(change)s on %(project)s awaits your decision.")
APPROVED = gettext_noop("Your change request %(change)s on %(project)s was approved and "
                        "applied.")
REJECTED = gettext_noop("Your change request %(change)s on %(project)s was rejected: "
                        "%(reason)s")


def _ref(change: ChangeRequest) -> str:
    return f"change:{change.pk}"


def _url(change: ChangeRequest) -> str:
    return reverse("change-detail", args=[change.pk])


def _params(change: ChangeRequest) -> dict[str, str]:
    return {"change": str(change), "project": change.project.code}


def _require_status(change: ChangeRequest, *statuses: str) -> None:
    if change.status not in statuses:
        raise ValidationFailed(
            _("%(change)s is %(status)s: it cannot be changed that way.")
            % {"change": change.reference, "status": change.get_status_display().lower()},
            field="status")


@transaction.atomic
def change_create(*, actor: Any, project: Project, title: str, **fields: Any) -> ChangeRequest:
    """A new draft request on ``project``, numbered after the project's last one."""
    perms.require_change(actor, project)
    last = (ChangeRequest.objects.select_for_update().filter(project=project)
            .aggregate(last=Max("number"))["last"])
    change = ChangeRequest(project=project, number=(last or 0) + 1, title=title,
                           requested_by=actor if getattr(actor, "pk", None) else None)
    assign_fields(change, fields, FIELDS)
    validate(change, exclude=["requested_by", "baseline"])
    change.save()
    return change


@transaction.atomic
def change_update(*, actor: Any, change: ChangeRequest,
                  edits: Sequence[Mapping[str, Any]] | None = None,
                  **changes: Any) -> ChangeRequest:
    """Change a draft's text or kind; ``edits`` replaces its proposed edits (each checked)."""
    perms.require_change(actor, change.project)
    _require_status(change, ChangeRequest.Status.DRAFT)
    assign_fields(change, changes, FIELDS)
    validate(change, exclude=["requested_by", "baseline", "decided_by"])
    if edits is not None:
        change.edits = [parse_edit(change.project, e) for e in edits]
        _forget_impact(change)
    change.save()
    return change


def _forget_impact(change: ChangeRequest) -> None:
    change.impact, change.impact_inputs, change.impact_computed_at = None, "", None


@transaction.atomic
def change_edit_add(*, actor: Any, change: ChangeRequest,
                    edit: Mapping[str, Any]) -> ChangeRequest:
    """Propose one more edit on a draft (checked against the plan as it is now)."""
    perms.require_change(actor, change.project)
    _require_status(change, ChangeRequest.Status.DRAFT)
    change.edits = [*change.edits, parse_edit(change.project, edit)]
    _forget_impact(change)
    change.save()
    return change


@transaction.atomic
def change_edit_remove(*, actor: Any, change: ChangeRequest, index: int) -> ChangeRequest:
    """Drop the draft's edit at ``index`` (from 0)."""
    perms.require_change(actor, change.project)
    _require_status(change, ChangeRequest.Status.DRAFT)
    if not 0 <= index < len(change.edits):
        raise ValidationFailed(_("There is no such edit."), field="index")
    change.edits = [e for i, e in enumerate(change.edits) if i != index]
    _forget_impact(change)
    change.save()
    return change


def _compute(actor: Any, change: ChangeRequest) -> None:
    change.impact = impact.compute(actor=actor, project=change.project, edits=change.edits)
    change.impact_inputs = impact.inputs_key(change.project)
    change.impact_computed_at = timezone.now()


@transaction.atomic
def change_impact_compute(*, actor: Any, change: ChangeRequest) -> ChangeRequest:
    """Compute (again) the impact of an open request on the plan as it is now."""
    perms.require_change(actor, change.project)
    _require_status(change, ChangeRequest.Status.DRAFT, ChangeRequest.Status.SUBMITTED)
    if not change.edits:
        raise ValidationFailed(_("Propose at least one edit to the plan."), field="edits")
    _compute(actor, change)
    change.save()
    return change


@transaction.atomic
def change_submit(*, actor: Any, change: ChangeRequest) -> ChangeRequest:
    """Submit a draft for decision: its impact is brought up to date and whoever must decide is
    asked to."""
    perms.require_change(actor, change.project)
    _require_status(change, ChangeRequest.Status.DRAFT)
    if not change.edits:
        raise ValidationFailed(_("Propose at least one edit to the plan."), field="edits")
    if not impact.is_current(change):
        _compute(actor, change)
    change.status, change.submitted_at = ChangeRequest.Status.SUBMITTED, timezone.now()
    change.save()
    notify(recipients=authority.deciders(change), kind="change.decision", message=ASK_DECISION,
           params=_params(change), url=_url(change), project=change.project, action=True,
           ref=_ref(change))
    return change


@transaction.atomic
def change_withdraw(*, actor: Any, change: ChangeRequest) -> ChangeRequest:
    perms.require_change(actor, change.project)
    _require_status(change, ChangeRequest.Status.DRAFT, ChangeRequest.Status.SUBMITTED)
    change.status = ChangeRequest.Status.WITHDRAWN
    change.save()
    notifications_resolve(ref=_ref(change))
    return change


def _require_authority(actor: Any, change: ChangeRequest) -> None:
    perms.require_view(actor, change.project)
    if not authority.can_approve(actor, change):
        found = authority.authority(change, costs=perms.can_see_costs(actor, change.project))
        why = " ".join(found.reasons) if found else ""
        raise PermissionDenied(
            (_("%(who)s decides this change.") % {"who": found.label} + " " + why).strip()
            if found else _("You may not decide this change."))


@transaction.atomic
def change_approve(*, actor: Any, change: ChangeRequest, baseline: bool = False) -> ChangeRequest:
    """Approve a submitted request: its impact is brought up to date (the authority follows
    it), then every edit is applied through the services — all or none — and, with
    ``baseline``, a new baseline of the plan is taken."""
    perms.require_view(actor, change.project)
    _require_status(change, ChangeRequest.Status.SUBMITTED)
    if not impact.is_current(change):
        _compute(actor, change)
    _require_authority(actor, change)
    apply_edits(actor=actor, project=change.project, edits=change.edits)
    if baseline:
        change.baseline = planning.baseline_create(
            actor=actor, project=change.project,
            name=_baseline_name(change.project, _("After %(change)s")
                                % {"change": change.reference}))
    change.status, change.decided_by, change.decided_at = (
        ChangeRequest.Status.APPROVED, actor, timezone.now())
    change.save()
    notifications_resolve(ref=_ref(change))
    notify(recipients=[change.requested_by], kind="change.decided", message=APPROVED,
           params=_params(change), url=_url(change), project=change.project)
    return change


def _baseline_name(project: Project, name: str) -> str:
    """``name``, numbered when the project already has a baseline of that name."""
    taken = set(project.baselines.values_list("name", flat=True))
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name} ({n})"
    return candidate


@transaction.atomic
def change_reject(*, actor: Any, change: ChangeRequest, reason: str) -> ChangeRequest:
    """Reject a submitted request, saying why; the plan is left as it is."""
    perms.require_view(actor, change.project)
    _require_status(change, ChangeRequest.Status.SUBMITTED)
    _require_authority(actor, change)
    if not reason.strip():
        raise ValidationFailed(_("Say why the change is rejected."), field="reason")
    change.status, change.decided_by, change.decided_at = (
        ChangeRequest.Status.REJECTED, actor, timezone.now())
    change.decision_comment = reason.strip()
    change.save()
    notifications_resolve(ref=_ref(change))
    notify(recipients=[change.requested_by], kind="change.decided", message=REJECTED,
           params={**_params(change), "reason": change.decision_comment}, url=_url(change),
           project=change.project)
    return change


@transaction.atomic
def change_authority_set(*, actor: Any, portfolio: Portfolio | None = None,
                         project: Project | None = None, max_slip_days: Any,
                         max_cost_increase: Any) -> ChangeAuthority:
    """Set the project manager's limits for a portfolio's projects, or for one project."""
    scope = project if project is not None else portfolio
    if scope is None:
        raise ValidationFailed(_("Choose a portfolio or a project."), field="portfolio")
    perms.require_change(actor, scope)
    perms.require_costs(actor, scope)
    found, _created = ChangeAuthority.objects.get_or_create(
        **({"project": project} if project is not None else {"portfolio": portfolio}))
    found.max_slip_days, found.max_cost_increase = max_slip_days, max_cost_increase
    validate(found)
    found.save()
    return found
