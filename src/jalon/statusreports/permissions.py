"""Who may do what with status reports, built on ``accounts.permissions``.

- **See** a project's reports: anyone who sees the project; their figures (RAG, earned value)
  only those who see its money, as on the finance tab.
- **Write** (start a report, change the commentary, submit): those who change the project —
  its project manager and the managers above — while the report is a draft or was returned.
- **Review** (return with comments, publish): the PMO — PMO administrators, portfolio and
  programme managers reaching the project — and never on a report they submitted themselves
  (a project manager does not publish their own report).
- **Set the cadence** of a portfolio: those who change the portfolio.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.accounts.models import Role
from jalon.errors import PermissionDenied
from jalon.portfolios.models import Portfolio, Project
from jalon.statusreports.models import StatusReport

REVIEW_ROLES = frozenset({Role.PMO_ADMIN, Role.PORTFOLIO_MANAGER, Role.PROGRAMME_MANAGER})


def can_write(user: Any, project: Project) -> bool:
    return perms.can_change(user, project)


def is_reviewer(user: Any, project: Project) -> bool:
    return perms.is_superuser(user) or bool(perms.roles_on(user, project) & REVIEW_ROLES)


def can_review(user: Any, report: StatusReport) -> bool:
    """May ``user`` return or publish ``report`` (a reviewer who did not submit it)?"""
    return (is_reviewer(user, report.project)
            and (user.pk is None or user.pk != report.submitted_by_id))


def require_start(user: Any, project: Project) -> None:
    perms.require_view(user, project)
    if not can_write(user, project):
        raise PermissionDenied(_("Only the project's managers write its status reports."))


def require_write(user: Any, report: StatusReport) -> None:
    require_start(user, report.project)


def require_review(user: Any, report: StatusReport) -> None:
    perms.require_view(user, report.project)
    if not is_reviewer(user, report.project):
        raise PermissionDenied(_("Only the PMO reviews and publishes status reports."))
    if not can_review(user, report):
        raise PermissionDenied(_("You submitted this status report: someone else from the "
                                 "PMO reviews it."))


def require_cadence(user: Any, portfolio: Portfolio) -> None:
    perms.require_view(user, portfolio)
    if not perms.can_change(user, portfolio):
        raise PermissionDenied(_("Only the portfolio's managers set its reporting cadence."))
