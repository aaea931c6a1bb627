"""Writes of the risks app: risks (with their history), task links, actions, issues and the
portfolio's matrix configuration. Keyword-only, typed, one transaction each; the acting user
is ``actor``. The simulation lives in :mod:`jalon.risks.simulation`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.errors import PermissionDenied, ValidationFailed
from jalon.planning.models import Task
from jalon.portfolios.concurrency import lock_current, save_changed
from jalon.portfolios.models import Portfolio, Project
from jalon.portfolios.services import inputs_changed
from jalon.risks import notices
from jalon.risks.models import (
    IMPACTS,
    RESIDUAL_IMPACTS,
    Issue,
    MatrixConfig,
    Risk,
    RiskAction,
    RiskHistory,
    RiskTaskLink,
)
from jalon.validation import assign_fields, validate

__all__ = ["action_create", "action_delete", "action_update", "issue_create", "issue_delete",
           "issue_update", "matrix_config_for", "matrix_config_update", "risk_create",
           "risk_delete", "risk_update", "task_link_create", "task_link_delete",
           "task_link_update"]

RISK_FIELDS = frozenset({
    "title", "description", "cause", "effect", "category", "kind", "owner", "probability",
    "probability_percent", *IMPACTS, "residual_probability", *RESIDUAL_IMPACTS, "proximity",
    "strategy", "response", "status", "escalated", "delay_days", "delay_percent",
    "cost_impact"})
ACTION_FIELDS = frozenset({"description", "owner", "due_date", "status"})
ISSUE_FIELDS = frozenset({"title", "description", "severity", "owner", "due_date", "escalated",
                          "resolution", "status", "risk"})
LINK_FIELDS = ("delay_days", "delay_percent")
MATRIX_FIELDS = frozenset({"size", "probability_labels", "impact_labels", "medium_from",
                           "high_from"})


def matrix_config_for(portfolio: Portfolio) -> MatrixConfig:
    """The portfolio's matrix, or the defaults (unsaved) when it has none; read once per
    portfolio object (``select_related("risk_matrix")`` saves even that)."""
    try:
        return portfolio.risk_matrix
    except MatrixConfig.DoesNotExist:
        return MatrixConfig(portfolio=portfolio)


@transaction.atomic
def matrix_config_update(*, actor: Any, portfolio: Portfolio, **changes: Any) -> MatrixConfig:
    """Change the portfolio's matrix (size, labels, thresholds). Shrinking it below the levels
    its risks already use is refused."""
    perms.require_change(actor, portfolio)
    config = matrix_config_for(portfolio)
    assign_fields(config, changes, MATRIX_FIELDS)
    validate(config)
    used = Risk.objects.filter(project__portfolio=portfolio).aggregate(
        *[Max(name) for name in ("probability", *IMPACTS, "residual_probability",
                                 *RESIDUAL_IMPACTS)])
    highest = max((v for v in used.values() if v is not None), default=0)
    if highest > config.size:
        raise ValidationFailed(_("Risks of this portfolio use level %(level)s: the matrix "
                                 "cannot be smaller.") % {"level": highest}, field="size")
    config.save()
    # a risk's probability and "high" threshold come from the matrix: the exposure changes
    inputs_changed(projects=Project.objects.filter(portfolio=portfolio)
                   .values_list("pk", flat=True))
    return config


# --- risks -----------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    """A field value as JSON for the history."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "get_username"):
        return value.get_username()
    return str(value)


def _snapshot(risk: Risk) -> dict[str, Any]:
    return {name: _plain(getattr(risk, name)) for name in sorted(RISK_FIELDS)}


def _record(risk: Risk, actor: Any, event: str, changes: dict[str, Any] | None = None) -> None:
    RiskHistory.objects.create(risk=risk, actor=actor if getattr(actor, "pk", None) else None,
                               event=event, changes=changes or {})


def _check_risk(risk: Risk) -> None:
    """Single-record rules, the portfolio's scale, then the scores."""
    validate(risk, exclude=["number"])
    size = matrix_config_for(risk.project.portfolio).size
    for name in ("probability", *IMPACTS, "residual_probability", *RESIDUAL_IMPACTS):
        value = getattr(risk, name)
        if value is not None and not 1 <= value <= size:
            raise ValidationFailed(_("Choose a level between 1 and %(size)s.") % {"size": size},
                                   field=name)
    risk.compute_scores()


def _is_high(risk: Risk) -> bool:
    """Is the risk an open threat whose score is at the portfolio's "high" threshold or above?"""
    return (risk.status == Risk.Status.OPEN and risk.kind == Risk.Kind.THREAT
            and matrix_config_for(risk.project.portfolio).level(risk.score) == "high")


@transaction.atomic
def risk_create(*, actor: Any, project: Project, title: str, **fields: Any) -> Risk:
    """Add a risk to the project's register (numbered R1, R2… within the project)."""
    perms.require_change(actor, project)
    risk = Risk(project=project, title=title)
    assign_fields(risk, fields, RISK_FIELDS)
    _check_risk(risk)
    # lock the project, not the risks: PostgreSQL refuses FOR UPDATE with an aggregate
    Project.objects.select_for_update().filter(pk=project.pk).first()
    last = Risk.objects.filter(project=project).aggregate(n=Max("number"))
    risk.number = (last["n"] or 0) + 1
    risk.save()
    _record(risk, actor, "created", {k: [None, v] for k, v in _snapshot(risk).items()
                                     if v not in (None, "", False)})
    inputs_changed(projects=[project])
    notices.risk_changed(risk, was_high=False, was_escalated=False, is_high=_is_high(risk),
                         actor=actor)
    return risk


@transaction.atomic
def risk_update(*, actor: Any, risk: Risk, version: int | None = None, **changes: Any) -> Risk:
    """Change the risk's fields given (the others keep their stored value); a history row lists
    the fields that changed, before and after. ``version``, the one the editor read, is refused
    when older than the risk's (StaleVersion, :mod:`jalon.portfolios.concurrency`)."""
    perms.require_change(actor, risk.project)
    stored = lock_current(risk, version=version)
    before = _snapshot(risk)
    was_high, was_escalated = _is_high(risk), risk.escalated
    assign_fields(risk, changes, RISK_FIELDS)
    _check_risk(risk)
    save_changed(risk, stored)
    after = _snapshot(risk)
    diff = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if diff:
        _record(risk, actor, "changed", diff)
        inputs_changed(projects=[risk.project_id])
        notices.risk_changed(risk, was_high=was_high, was_escalated=was_escalated,
                             is_high=_is_high(risk), actor=actor)
    return risk


@transaction.atomic
def risk_delete(*, actor: Any, risk: Risk, version: int | None = None) -> None:
    """Delete the risk; refused (StaleVersion) when ``version`` is no longer the risk's."""
    perms.require_change(actor, risk.project)
    lock_current(risk, version=version)
    risk.delete()
    inputs_changed(projects=[risk.project_id])


# --- task links ------------------------------------------------------------------------------

@transaction.atomic
def task_link_create(*, actor: Any, risk: Risk, task: Task, delay_days: Decimal | None = None,
                     delay_percent: Decimal | None = None) -> RiskTaskLink:
    """Link a task of the risk's project: it takes the link's delay (working days, % of its
    duration) when the risk occurs, or the risk's where the link gives none."""
    perms.require_change(actor, risk.project)
    if task.project_id != risk.project_id:
        raise ValidationFailed(_("Choose a task of the risk's project."), field="task")
    if RiskTaskLink.objects.filter(risk=risk, task=task).exists():
        raise ValidationFailed(_("This task is already linked to the risk."), field="task")
    link = RiskTaskLink(risk=risk, task=task, delay_days=delay_days, delay_percent=delay_percent)
    validate(link, exclude=["risk", "task"])
    link.save()
    link.refresh_from_db(fields=list(LINK_FIELDS))  # decimals as stored (2 places)
    _record(risk, actor, "task linked", {"task": [None, task.name]})
    return link


@transaction.atomic
def task_link_update(*, actor: Any, link: RiskTaskLink, **changes: Any) -> RiskTaskLink:
    """Change a link's own delay (``delay_days``, ``delay_percent``; None: the risk's)."""
    perms.require_change(actor, link.risk.project)
    before = {name: getattr(link, name) for name in LINK_FIELDS}
    assign_fields(link, changes, LINK_FIELDS)
    validate(link, exclude=["risk", "task"])
    link.save()
    link.refresh_from_db(fields=list(LINK_FIELDS))
    diff = {name: [_plain(before[name]), _plain(getattr(link, name))] for name in LINK_FIELDS
            if before[name] != getattr(link, name)}
    if diff:
        _record(link.risk, actor, "task link changed", {"task": [link.task.name, link.task.name],
                                                         **diff})
    return link


@transaction.atomic
def task_link_delete(*, actor: Any, link: RiskTaskLink) -> None:
    perms.require_change(actor, link.risk.project)
    _record(link.risk, actor, "task unlinked", {"task": [link.task.name, None]})
    link.delete()


# --- actions ---------------------------------------------------------------------------------

@transaction.atomic
def action_create(*, actor: Any, risk: Risk, description: str, **fields: Any) -> RiskAction:
    perms.require_change(actor, risk.project)
    action = RiskAction(risk=risk, description=description)
    assign_fields(action, fields, ACTION_FIELDS)
    validate(action)
    action.save()
    _record(risk, actor, "action added", {"action": [None, description]})
    return action


def can_update_action(user: Any, action: RiskAction) -> bool:
    """Managers of the project, or the action's owner if a team member of the project."""
    project = action.risk.project
    if perms.can_change(user, project):
        return True
    return bool(action.owner_id and action.owner_id == getattr(user, "pk", None)
                and perms.can_record_progress(user, project))


@transaction.atomic
def action_update(*, actor: Any, action: RiskAction, **changes: Any) -> RiskAction:
    """Change an action. Team members may change the status of the actions they own."""
    perms.require_view(actor, action.risk.project)
    if not perms.can_change(actor, action.risk.project):
        if not can_update_action(actor, action):
            raise PermissionDenied(_("You may not change this action."))
        if set(changes) - {"status"}:
            raise PermissionDenied(_("You may only change the status of your actions."))
    before = {k: _plain(getattr(action, k)) for k in ACTION_FIELDS}
    assign_fields(action, changes, ACTION_FIELDS)
    validate(action)
    action.save()
    diff = {k: [before[k], _plain(getattr(action, k))] for k in sorted(ACTION_FIELDS)
            if before[k] != _plain(getattr(action, k))}
    if diff:
        _record(action.risk, actor, "action changed",
                {"action": [action.description, action.description], **diff})
    return action


@transaction.atomic
def action_delete(*, actor: Any, action: RiskAction) -> None:
    perms.require_change(actor, action.risk.project)
    _record(action.risk, actor, "action removed", {"action": [action.description, None]})
    action.delete()


# --- issues ----------------------------------------------------------------------------------

def _check_issue(issue: Issue) -> None:
    validate(issue)
    if issue.risk is not None and issue.risk.project_id != issue.project_id:
        raise ValidationFailed(_("Choose a risk of the same project."), field="risk")


@transaction.atomic
def issue_create(*, actor: Any, project: Project, title: str, **fields: Any) -> Issue:
    perms.require_change(actor, project)
    issue = Issue(project=project, title=title)
    assign_fields(issue, fields, ISSUE_FIELDS)
    _check_issue(issue)
    issue.save()
    notices.issue_changed(issue, was_escalated=False, actor=actor)
    return issue


@transaction.atomic
def issue_update(*, actor: Any, issue: Issue, **changes: Any) -> Issue:
    perms.require_change(actor, issue.project)
    was_escalated = issue.escalated
    assign_fields(issue, changes, ISSUE_FIELDS)
    _check_issue(issue)
    issue.save()
    notices.issue_changed(issue, was_escalated=was_escalated, actor=actor)
    return issue


@transaction.atomic
def issue_delete(*, actor: Any, issue: Issue) -> None:
    perms.require_change(actor, issue.project)
    issue.delete()
