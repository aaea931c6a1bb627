"""Who the registers tell, through ``jalon.notifications``: a risk whose score reaches the
portfolio's "high" threshold is told to the project's manager; a risk or an issue escalated is
told to the managers of the project's programme and portfolio, on whose registers it now shows."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_noop

from jalon.accounts.models import Role
from jalon.notifications.recipients import project_managers, role_holders
from jalon.notifications.services import notify
from jalon.portfolios.models import Project
from jalon.risks.models import Issue, Risk

RISK_HIGH = gettext_noop("The risk %(risk)s of %(project)s is now high (score %(score)s).")
RISK_ESCALATED = gettext_noop("The risk %(risk)s of %(project)s was escalated to you.")
ISSUE_ESCALATED = gettext_noop("The issue “%(issue)s” of %(project)s was escalated to you.")

#: Those an escalated risk or issue goes up to.
ESCALATION_ROLES = frozenset({Role.PROGRAMME_MANAGER, Role.PORTFOLIO_MANAGER})


def _project(project: Project) -> str:
    return f"{project.code} {project.name}"


def _escalation_recipients(project: Project, actor: Any) -> list[Any]:
    return [u for u in role_holders(project=project, roles=ESCALATION_ROLES) if u != actor]


def risk_changed(risk: Risk, *, was_high: bool, was_escalated: bool, is_high: bool,
                 actor: Any) -> None:
    """Tell who must know that ``risk`` became high or was escalated (before → now)."""
    project = risk.project
    url = reverse("risk-detail", args=[risk.pk])
    params = {"risk": str(risk), "project": _project(project), "score": risk.score}
    if is_high and not was_high:
        notify(recipients=[u for u in project_managers(project) if u != actor],
               kind="risk.high", message=RISK_HIGH, params=params, url=url, project=project)
    if risk.escalated and not was_escalated:
        notify(recipients=_escalation_recipients(project, actor), kind="risk.escalated",
               message=RISK_ESCALATED, params=params, url=url, project=project)


def issue_changed(issue: Issue, *, was_escalated: bool, actor: Any) -> None:
    """Tell the programme's and portfolio's managers that ``issue`` was escalated."""
    if issue.escalated and not was_escalated:
        project = issue.project
        notify(recipients=_escalation_recipients(project, actor), kind="issue.escalated",
               message=ISSUE_ESCALATED,
               params={"issue": issue.title, "project": _project(project)},
               url=reverse("issue-edit", args=[issue.pk]), project=project)
