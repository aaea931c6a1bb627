"""Who may do what with proposals and scoring models, built on ``accounts.permissions``.

- **Propose**: anyone with a role in the portfolio — on the portfolio itself, or on one of its
  programmes or projects — drafts proposals and submits them.
- **See**: those who see the portfolio see all its proposals; others see those they drafted or
  sponsor.
- **Edit**: a draft, by its author, its sponsor or the portfolio's managers; once submitted,
  only the managers until the decision; a decided proposal no more.
- **Review and decide** (start the review, approve, reject, defer), and keep the scoring models:
  those who manage the portfolio (PMO administrators, portfolio managers).
- **Evaluate**: those with a role on the portfolio itself other than team member (PMO,
  portfolio managers, executives), while the proposal is submitted or under review.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.accounts.models import Role
from jalon.errors import NotFound, PermissionDenied
from jalon.intake.models import Proposal
from jalon.portfolios.models import Portfolio

OPEN_STATES = frozenset({Proposal.State.SUBMITTED, Proposal.State.UNDER_REVIEW})


def can_propose(user: Any, portfolio: Portfolio) -> bool:
    return (perms.can_view(user, portfolio)
            or perms.visible_programmes(user).filter(portfolio=portfolio).exists()
            or perms.visible_projects(user).filter(portfolio=portfolio).exists())


def can_decide(user: Any, portfolio: Portfolio) -> bool:
    return perms.can_change(user, portfolio)


def can_evaluate(user: Any, portfolio: Portfolio) -> bool:
    return perms.is_superuser(user) or bool(perms.roles_on(user, portfolio) - {Role.TEAM_MEMBER})


def is_author(user: Any, proposal: Proposal) -> bool:
    return user.pk is not None and user.pk in (proposal.created_by_id, proposal.sponsor_id)


def can_edit(user: Any, proposal: Proposal) -> bool:
    if proposal.state == Proposal.State.DRAFT:
        return is_author(user, proposal) or can_decide(user, proposal.portfolio)
    return proposal.state in OPEN_STATES and can_decide(user, proposal.portfolio)


def can_delete(user: Any, proposal: Proposal) -> bool:
    """Only a draft is deleted (a submitted proposal is decided), by whoever may edit it."""
    return proposal.state == Proposal.State.DRAFT and can_edit(user, proposal)


def visible_proposals(user: Any) -> QuerySet[Proposal]:
    if not getattr(user, "is_authenticated", False):
        return Proposal.objects.none()
    return Proposal.objects.filter(Q(portfolio__in=perms.visible_portfolios(user))
                                   | Q(created_by=user) | Q(sponsor=user))


def require_propose(user: Any, portfolio: Portfolio) -> None:
    """NotFound, as for any portfolio he does not reach: its existence is not revealed."""
    if not can_propose(user, portfolio):
        raise NotFound(_("Not found."))


def require_decide(user: Any, portfolio: Portfolio) -> None:
    if not can_decide(user, portfolio):
        raise PermissionDenied(_("Only the portfolio's managers review and decide proposals."))


def require_edit(user: Any, proposal: Proposal) -> None:
    if not can_edit(user, proposal):
        if proposal.state in OPEN_STATES or proposal.state == Proposal.State.DRAFT:
            raise PermissionDenied(_("You may not change the proposal “%(proposal)s”.")
                                   % {"proposal": proposal})
        raise PermissionDenied(_("The proposal “%(proposal)s” is decided: it no longer changes.")
                               % {"proposal": proposal})


def require_evaluate(user: Any, portfolio: Portfolio) -> None:
    if not can_evaluate(user, portfolio):
        raise PermissionDenied(_("Only the portfolio's managers and executives evaluate "
                                 "proposals."))


def require_models(user: Any, portfolio: Portfolio) -> None:
    perms.require_view(user, portfolio)
    if not perms.can_change(user, portfolio):
        raise PermissionDenied(_("Only the portfolio's managers change its scoring models."))


def require_scenarios(user: Any, portfolio: Portfolio) -> None:
    """Who reads the scenarios: those who evaluate proposals (NotFound for the others, who do
    not reach the portfolio's decisions)."""
    if not can_evaluate(user, portfolio):
        raise NotFound(_("Not found."))


def require_scenario_change(user: Any, portfolio: Portfolio) -> None:
    if not can_decide(user, portfolio):
        raise PermissionDenied(_("Only the portfolio's managers change, optimise and promote "
                                 "its scenarios."))
