"""Reads of status reports, limited to what the user may see; their figures (a published
report's snapshot, else the prefill at the project's status date); the reports due."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from jalon.accounts import permissions as perms
from jalon.portfolios.models import Portfolio, Project
from jalon.querying import get_visible
from jalon.statusreports.models import Cadence, ReportingSettings, StatusReport
from jalon.statusreports.periods import last_closed_period
from jalon.statusreports.prefill import prefill, trends

DONE = (StatusReport.State.SUBMITTED, StatusReport.State.PUBLISHED)
"""A period is reported once its report is submitted (the PMO has it) or published."""
REPORTING = (Project.Status.IN_PROGRESS,)
"""The projects that report: those under way."""


def cadence_of(portfolio: Portfolio) -> str:
    """How often the projects of ``portfolio`` report (monthly unless set)."""
    found = ReportingSettings.objects.filter(portfolio=portfolio).values_list("cadence",
                                                                              flat=True).first()
    return found or Cadence.MONTHLY


def _reports(user: Any) -> QuerySet[StatusReport]:
    return StatusReport.objects.filter(project__in=perms.visible_projects(user)).select_related(
        "project__portfolio", "submitted_by", "reviewed_by", "created_by")


def report_list(*, user: Any, project: Project) -> QuerySet[StatusReport]:
    """The project's reports, the latest period first."""
    perms.require_view(user, project)
    return _reports(user).filter(project=project).order_by("-period_start")


def report_get(*, user: Any, pk: Any) -> StatusReport:
    return get_visible(_reports(user), pk)


def previous_published(report: StatusReport) -> StatusReport | None:
    """The latest published report of the same project for an earlier period."""
    return (StatusReport.objects.filter(project_id=report.project_id,
                                        state=StatusReport.State.PUBLISHED,
                                        period_start__lt=report.period_start)
            .order_by("-period_start").first())


def report_figures(report: StatusReport) -> dict[str, Any]:
    """What ``report`` shows: its snapshot once published; before that, the figures at the
    project's status date now, with their trend since the previous published report."""
    if report.snapshot is not None:
        return report.snapshot
    figures = prefill(report.project, period_start=report.period_start,
                      period_end=report.period_end)
    previous = previous_published(report)
    figures["trend"] = trends(figures["rag"], previous.snapshot["rag"]
                              if previous is not None and previous.snapshot else None)
    return figures


def latest_published(*, projects: Iterable[Project],
                     on_or_before: date | None = None) -> dict[int, StatusReport]:
    """The latest published report of each of ``projects`` that has one (for a period starting
    on or before ``on_or_before``, when given), by project id (the report packs print its
    commentary). No visibility check: the caller passes projects its user may see."""
    found: dict[int, StatusReport] = {}
    reports = (StatusReport.objects.filter(project__in=list(projects),
                                           state=StatusReport.State.PUBLISHED)
               .select_related("project").order_by("project_id", "-period_start"))
    if on_or_before is not None:
        reports = reports.filter(period_start__lte=on_or_before)
    for report in reports:
        found.setdefault(report.project_id, report)
    return found


@dataclass(frozen=True)
class Due:
    """A project whose report for the period ``start``-``end`` (inclusive) is not in yet;
    ``report`` is its draft or returned report, when started."""

    project: Project
    start: date
    end: date
    report: StatusReport | None


def due_reports(*, projects: Iterable[Project], today: date) -> list[Due]:
    """The projects under way among ``projects`` whose report for the latest period that
    ended before ``today`` (of their portfolio's cadence) is neither submitted nor published."""
    projects = [p for p in projects if p.status in REPORTING]
    cadences = dict(ReportingSettings.objects.filter(
        portfolio_id__in={p.portfolio_id for p in projects}).values_list("portfolio_id",
                                                                         "cadence"))
    periods = {p.pk: last_closed_period(today, cadences.get(p.portfolio_id, Cadence.MONTHLY))
               for p in projects}
    reports = {(r.project_id, r.period_start): r for r in StatusReport.objects.filter(
        project__in=projects, period_start__in={start for start, _end in periods.values()})}
    due = []
    for project in sorted(projects, key=lambda p: p.code):
        start, end = periods[project.pk]
        report = reports.get((project.pk, start))
        if report is None or report.state not in DONE:
            due.append(Due(project, start, end, report))
    return due


def due_in_portfolio(*, user: Any, portfolio: Portfolio, today: date) -> list[Due]:
    """The reports due (:func:`due_reports`) of the projects of ``portfolio`` the user sees."""
    perms.require_view(user, portfolio)
    projects = perms.visible_projects(user).filter(portfolio=portfolio).select_related(
        "portfolio", "project_manager")
    return due_reports(projects=projects, today=today)


def awaiting_review(*, user: Any, portfolio: Portfolio) -> QuerySet[StatusReport]:
    """The submitted reports of the projects of ``portfolio`` the user sees, the oldest period
    first: the PMO's queue."""
    perms.require_view(user, portfolio)
    return (_reports(user).filter(project__portfolio=portfolio,
                                  state=StatusReport.State.SUBMITTED)
            .order_by("period_start", "project__code"))


MONEY = ("rag", "trend", "figures")
"""What of a report's figures only those who see the project's money read (as the finance
tab)."""


def figures_for(*, user: Any, report: StatusReport) -> dict[str, Any]:
    """:func:`report_figures` as ``user`` may read them: RAG, trend and key figures are None
    for those who may not see the project's costs."""
    figures = dict(report_figures(report))
    if not perms.can_see_costs(user, report.project):
        figures.update(dict.fromkeys(MONEY))
    return figures
