"""Who decides a change: the project manager within his limits, the board above them.

The limits (:class:`~jalon.changes.models.ChangeAuthority`) are the project's own, else its
portfolio's, else :data:`DEFAULT_LIMITS`. A change whose impact slips the finish by more working
days, or raises the cost by more, than the limit goes to the board: the governance approvers of
the project (its pack's board roles, :func:`jalon.governance.services.can_decide`), or the
portfolio managers and the PMO when the project has no board.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.accounts.models import Role, RoleGrant
from jalon.changes.models import ChangeAuthority, ChangeRequest
from jalon.governance.models import ProjectRole
from jalon.governance.services import DEFAULT_APPROVERS, can_decide
from jalon.portfolios.models import Project
from jalon.web.charts import number

PROJECT_MANAGER = "project_manager"
BOARD = "board"


@dataclass(frozen=True)
class Limits:
    """The largest slip (working days) and cost increase the project manager approves."""

    slip_days: Decimal
    cost_increase: Decimal


DEFAULT_LIMITS = Limits(Decimal("5"), Decimal("10000"))


@dataclass(frozen=True)
class Authority:
    """Who must decide (``level``: :data:`PROJECT_MANAGER` or :data:`BOARD`) and why, in
    sentences of the active language."""

    level: str
    reasons: list[str]

    @property
    def label(self) -> str:
        return _("The project manager") if self.level == PROJECT_MANAGER else _("The board")


def limits_for(project: Project) -> Limits:
    found = (ChangeAuthority.objects.filter(project=project).first()
             or ChangeAuthority.objects.filter(portfolio_id=project.portfolio_id).first())
    if found is None:
        return DEFAULT_LIMITS
    return Limits(found.max_slip_days, found.max_cost_increase)


def authority(change: ChangeRequest, *, costs: bool = True) -> Authority | None:
    """Who decides ``change`` by its impact (None until the impact is computed). Without
    ``costs`` the reasons say no amount."""
    if not change.impact:
        return None
    limits = limits_for(change.project)
    slip = Decimal(str(change.impact["slip_days"]))
    increase = Decimal(str(change.impact["cost_delta"]))
    currency = change.project.currency
    reasons = []
    if slip > limits.slip_days:
        reasons.append(_("A slip of %(slip)s working days exceeds the project manager's limit "
                         "of %(limit)s.") % {"slip": number(slip, 2, trim=True),
                                             "limit": number(limits.slip_days, 2, trim=True)})
    if increase > limits.cost_increase:
        reasons.append(
            _("A cost increase of %(delta)s %(currency)s exceeds the project manager's limit "
              "of %(limit)s %(currency)s.") % {"delta": number(increase), "currency": currency,
                                               "limit": number(limits.cost_increase)}
            if costs else _("The cost increase exceeds the project manager's limit."))
    if reasons:
        return Authority(BOARD, reasons)
    return Authority(PROJECT_MANAGER, [
        _("Within the project manager's limits: a slip of at most %(limit)s working days and a "
          "cost increase of at most %(cost)s %(currency)s.")
        % {"limit": number(limits.slip_days, 2, trim=True), "cost": number(limits.cost_increase),
           "currency": currency}
        if costs else
        _("Within the project manager's limits: a slip of at most %(limit)s working days.")
        % {"limit": number(limits.slip_days, 2, trim=True)}])


def can_approve(user: Any, change: ChangeRequest) -> bool:
    """May ``user`` approve or reject ``change`` as its impact stands? The board may always;
    those who manage the project may within the project manager's limits."""
    found = authority(change)
    if found is None:
        return False
    if can_decide(user, change.project):
        return True
    return found.level == PROJECT_MANAGER and perms.can_change(user, change.project)


def _reaching(project: Project, roles: set[str] | frozenset[str]) -> list[Any]:
    """The users holding one of ``roles`` on the project or anything above it."""
    scope = (Q(project=project) | Q(programme_id=project.programme_id, project=None)
             | Q(portfolio_id=project.portfolio_id, programme=None, project=None)
             | Q(portfolio=None, programme=None, project=None))
    ids = RoleGrant.objects.filter(scope, role__in=roles).values_list("user_id", flat=True)
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def deciders(change: ChangeRequest) -> list[Any]:
    """Whom to ask for a decision on ``change``: its project managers within their limits
    (the board when the project has none), else the holders of the board's roles, else the
    users of the roles that decide at the gates."""
    found = authority(change)
    project = change.project
    if found is not None and found.level == PROJECT_MANAGER:
        managers = _reaching(project, {Role.PROJECT_MANAGER})
        if managers:
            return managers
    board = ProjectRole.objects.filter(project=project, approver=True)
    holders = [r.holder for r in board.select_related("holder") if r.holder is not None]
    if holders:
        return holders
    approving = {r.jalon_role for r in board}
    return _reaching(project, approving | {Role.PMO_ADMIN} if approving else DEFAULT_APPROVERS)
