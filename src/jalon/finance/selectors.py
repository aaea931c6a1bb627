"""Reads of budgets, costs and performance, always limited to what the user may see: the money
of the projects where a role lets him see costs (``permissions.can_see_costs``; not team
members).

The figures themselves (earned value, earned schedule, KPIs, RAG) come from
``jalon.finance.evm``, which hands the arithmetic to the engine.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.accounts.models import RoleGrant
from jalon.engine.kpis import NOT_ASSESSED
from jalon.finance.actuals import actual_costs
from jalon.finance.evm import (
    Performance,
    RollUp,
    project_performance,
    project_performances,
    roll_up,
)
from jalon.finance.models import (
    BudgetLine,
    BudgetMonth,
    CostEntry,
    Expenditure,
    FixedCost,
    KpiSnapshot,
    KpiThreshold,
    RagOverride,
)
from jalon.finance.thresholds import Thresholds, thresholds_of
from jalon.planning.models import Baseline
from jalon.portfolios.models import Portfolio, Programme, Project
from jalon.portfolios.results import digest, remembered, scope_digest
from jalon.querying import get_visible


def budget_line_list(*, user: Any, project: Project | None = None) -> QuerySet[BudgetLine]:
    qs = BudgetLine.objects.filter(project__in=perms.costed_projects(user)).select_related(
        "project").prefetch_related("months")
    if project is not None:
        qs = qs.filter(project=project)
    return qs.order_by("project__code", "category", "expenditure", "id")


def budget_line_get(*, user: Any, pk: Any) -> BudgetLine:
    return get_visible(budget_line_list(user=user), pk)


def cost_entry_list(*, user: Any, project: Project | None = None) -> QuerySet[CostEntry]:
    qs = CostEntry.objects.filter(project__in=perms.costed_projects(user)).select_related(
        "project", "task")
    if project is not None:
        qs = qs.filter(project=project)
    return qs.order_by("project__code", "-date", "-id")


def cost_entry_get(*, user: Any, pk: Any) -> CostEntry:
    return get_visible(cost_entry_list(user=user), pk)


def fixed_cost_list(*, user: Any, project: Project | None = None) -> QuerySet[FixedCost]:
    qs = FixedCost.objects.filter(task__project__in=perms.costed_projects(user)).select_related(
        "task__project")
    if project is not None:
        qs = qs.filter(task__project=project)
    return qs.order_by("task__project__code", "task__wbs_code", "id")


def fixed_cost_get(*, user: Any, pk: Any) -> FixedCost:
    return get_visible(fixed_cost_list(user=user), pk)


def thresholds_get(*, user: Any, portfolio: Portfolio) -> Thresholds:
    """The portfolio's KPI thresholds (the defaults where none were set)."""
    perms.require_view(user, portfolio)
    return thresholds_of(portfolio)


def kpi_history(*, user: Any, project: Project) -> QuerySet[KpiSnapshot]:
    perms.require_costs(user, project)
    return KpiSnapshot.objects.filter(project=project).order_by("status_date")


@dataclass
class BudgetRow:
    """A budget line beside what was spent on its category and expenditure type."""

    line: BudgetLine | None
    category: str
    expenditure: str
    approved: Decimal
    contingency: Decimal
    management_reserve: Decimal
    forecast: Decimal | None
    actual: Decimal

    @property
    def remaining(self) -> Decimal:
        """Approved budget not yet spent (negative: overspent)."""
        return self.approved - self.actual


@dataclass
class BudgetSummary:
    """The budget table. ``until`` is the date its actual costs run to (the status date; None:
    every cost); ``split`` their total by CAPEX / OPEX."""

    until: date | None = None
    rows: list[BudgetRow] = field(default_factory=list)
    total: BudgetRow | None = None
    split: dict[str, Decimal] = field(default_factory=dict)


def budget_summary(*, user: Any, project: Project) -> BudgetSummary:
    """Budget against actual cost and forecast, per line, with a line for each category spent
    without a budget, and the totals. The actual cost is earned value's AC, to the status date
    (:func:`jalon.finance.actuals.actual_costs`; every cost when the project has none)."""
    perms.require_costs(user, project)
    spent: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    zero = Decimal("0")
    summary = BudgetSummary(until=project.status_date,
                            split=dict.fromkeys(Expenditure.values, zero))
    for cost in actual_costs(project, project.status_date):
        spent[(cost.category, cost.expenditure)] += cost.amount
        summary.split[cost.expenditure] += cost.amount
    for line in budget_line_list(user=user, project=project):
        key = (line.category, line.expenditure)
        summary.rows.append(BudgetRow(line, *key, line.approved, line.contingency,
                                      line.management_reserve, line.forecast,
                                      spent.pop(key, Decimal("0"))))
    for (category, expenditure), amount in sorted(spent.items()):
        summary.rows.append(BudgetRow(None, category, expenditure, zero, zero, zero, None, amount))
    forecasts = [r.forecast if r.forecast is not None else r.approved for r in summary.rows]
    summary.total = BudgetRow(
        None, "", "",
        sum((r.approved for r in summary.rows), zero),
        sum((r.contingency for r in summary.rows), zero),
        sum((r.management_reserve for r in summary.rows), zero),
        sum(forecasts, zero) if any(r.forecast is not None for r in summary.rows) else None,
        sum((r.actual for r in summary.rows), zero),
    )
    return summary



def performance(*, user: Any, project: Project, baseline: Baseline | None = None) -> Performance:
    """Earned value, earned schedule, KPIs and RAG of a project the user may see."""
    perms.require_costs(user, project)
    return project_performance(project, baseline=baseline)


def overall_statuses(projects: Iterable[Project]) -> dict[int, str]:
    """Each project's effective overall status by id, the one the KPI dashboard and its bubble
    chart show: the PMO's override when there is one, else the worst of the dimensions judged
    against the portfolio's thresholds. ``"green"``, ``"amber"``, ``"red"``, or ``""`` when not
    assessed. Pages below finance read it as the figure ``"rag"`` (``portfolios.figures``).

    No visibility check: the caller passes projects its user may see."""
    return {p.project.pk: p.effective.get("overall", NOT_ASSESSED)
            for p in project_performances(projects)}


def strategic_values(projects: list[Project]) -> tuple[dict[int, float], bool]:
    """Each project's value for the portfolio: the weights of the strategic objectives it
    serves, summed. When none of ``projects`` serves an objective, their priority (0-1000)
    stands in; the flag says which (True: objectives)."""
    weights = dict(Project.objects.filter(pk__in=[p.pk for p in projects])
                   .annotate(value=Sum("objectives__weight")).values_list("pk", "value"))
    if any(weights.values()):
        return {pk: float(value or 0) for pk, value in weights.items()}, True
    return {p.pk: float(p.priority) for p in projects}, False


@dataclass
class PhasingRow:
    """One month of the time-phased budget (all lines) beside the planned value.

    ``planned`` and ``forecast`` are the month's amounts (``forecast`` None when no line gives
    one); ``cumulative`` sums ``planned`` up to the month; ``pv`` is the cumulative planned value
    at the end of the month (None when the figures are not available)."""

    month: date
    planned: Decimal
    forecast: Decimal | None
    cumulative: Decimal
    pv: float | None

    @property
    def gap(self) -> float | None:
        """Cumulative budget minus cumulative PV (positive: more budgeted than planned)."""
        return None if self.pv is None else float(self.cumulative) - self.pv


def budget_phasing(*, user: Any, project: Project,
                   curve_labels: list[str] | None = None,
                   curve_pv: list[float] | None = None) -> list[PhasingRow]:
    """The project's budget by month (summed over its lines) against the cumulative PV at
    the end of each month (``curve_labels``: ISO end dates of the PV curve's months)."""
    perms.require_costs(user, project)
    planned: dict[date, Decimal] = defaultdict(Decimal)
    forecast: dict[date, Decimal] = {}
    for month, amount, ahead in BudgetMonth.objects.filter(line__project=project).values_list(
            "month", "planned", "forecast"):
        planned[month] += amount
        if ahead is not None:
            forecast[month] = forecast.get(month, Decimal("0")) + ahead
    pv: dict[date, float] = {}
    for label, value in zip(curve_labels or [], curve_pv or [], strict=False):
        pv[date.fromisoformat(label).replace(day=1)] = value
    rows, running = [], Decimal("0")
    for month in sorted(set(planned) | set(pv)):
        running += planned.get(month, Decimal("0"))
        rows.append(PhasingRow(month, planned.get(month, Decimal("0")), forecast.get(month),
                               running, pv.get(month)))
    return rows


def budget_months_shown(*, line: BudgetLine, curve_labels: list[str] | None = None) -> list[date]:
    """The months to offer for a line's spread: those of the PV curve and those already given
    (else the twelve months from the project's planned start)."""
    months = set(line.months.values_list("month", flat=True))
    months |= {date.fromisoformat(label).replace(day=1) for label in curve_labels or []}
    start = line.project.planned_start
    if not months and start is not None:
        months = {date(start.year + (start.month - 1 + k) // 12, (start.month - 1 + k) % 12 + 1, 1)
                  for k in range(12)}
    return sorted(months)


@dataclass
class Dashboard:
    """The projects' performances and their roll-ups: one per programme, one per portfolio;
    ``left_out``, the projects whose plan cannot be scheduled, which no roll-up counts."""

    projects: list[Performance]
    programmes: list[RollUp]
    portfolios: list[RollUp]
    left_out: list[Performance]


RELATED = ("portfolio", "programme", "project_manager", "calendar")
"""The rows the KPI dashboard reads with each project's."""


def _chosen(user: Any, portfolio: Portfolio | None,
            programme: Programme | None) -> QuerySet[Project]:
    perms.require_costs(user, programme or portfolio)
    projects = perms.costed_projects(user)
    if portfolio is not None:
        projects = projects.filter(portfolio=portfolio)
    if programme is not None:
        projects = projects.filter(programme=programme)
    return projects.order_by("portfolio__code", "programme__code", "code")


def dashboard_version(*, user: Any, portfolio: Portfolio | None = None,
                      programme: Programme | None = None) -> str:
    """A digest of everything :func:`dashboard` and its page show, read without computing
    them: it changes when they may.

    Every figure comes from the projects' stored results and the pool's loading (both in
    ``inputs_digest``), their rows as read (with those of their portfolio, programme, manager
    and calendar; both read by ``scope_digest``), the portfolios' thresholds, the overrides,
    and the reader's roles and language (the roll-ups' labels); the bubble chart adds the
    weights of the objectives the projects serve. The reader: a command's operator is a
    superuser stored nowhere (no pk, no grants)."""
    projects = _chosen(user, portfolio, programme)
    grants = (list(RoleGrant.objects.filter(user=user).order_by("pk").values_list())
              if user.pk is not None else [])
    return digest(
        scope_digest(projects, *RELATED), user.pk, bool(getattr(user, "is_superuser", False)),
        get_language(),
        list(KpiThreshold.objects.filter(portfolio__in=projects.values("portfolio_id"))
             .order_by("pk").values_list()),
        list(RagOverride.objects.filter(project__in=projects).order_by("pk").values_list()),
        list(Project.objectives.through.objects.filter(project__in=projects)
             .order_by("pk").values_list("pk", "project_id", "strategicobjective__weight")),
        grants)


def dashboard(*, user: Any, portfolio: Portfolio | None = None,
              programme: Programme | None = None, version: str | None = None) -> Dashboard:
    """Every project the user sees (of ``portfolio`` or ``programme``), with roll-ups.

    Roll-ups of programmes and portfolios cover the projects the user sees in them, those whose
    costs he may see, and are labelled for it (:func:`rollup_label`). Computed once while
    :func:`dashboard_version` stays the same (``version``: the caller's, read just before).
    """
    if version is None:
        version = dashboard_version(user=user, portfolio=portfolio, programme=programme)

    def computed() -> Dashboard:
        chosen = list(_chosen(user, portfolio, programme).select_related(*RELATED))
        thresholds: dict[int, Thresholds] = {}
        for project in chosen:
            if project.portfolio_id not in thresholds:
                thresholds[project.portfolio_id] = thresholds_of(project.portfolio)
        return _dashboard(user, chosen, thresholds)

    return remembered("kpi-dashboard", version, computed)


def _dashboard(user: Any, chosen: list[Project], thresholds: dict[int, Thresholds]) -> Dashboard:
    performances = project_performances(chosen, thresholds=thresholds)
    by_programme: dict[Programme, list[Performance]] = defaultdict(list)
    by_portfolio: dict[Portfolio, list[Performance]] = defaultdict(list)
    for p in performances:
        by_portfolio[p.project.portfolio].append(p)
        if p.project.programme is not None:
            by_programme[p.project.programme].append(p)
    programmes = [_roll_up(user, programme, parts, thresholds[programme.portfolio_id])
                  for programme, parts in by_programme.items()]
    portfolios = [_roll_up(user, portfolio, parts, thresholds[portfolio.pk])
                  for portfolio, parts in by_portfolio.items()]
    return Dashboard(performances, programmes, portfolios,
                     [p for p in performances if not p.schedulable])


def _roll_up(user: Any, target: Programme | Portfolio, parts: list[Performance],
             thresholds: Thresholds) -> RollUp:
    """The roll-up of the projects ``user`` sees in ``target``, labelled for what it sums: the
    programme or portfolio when the user sees all of it (a role reaching it reaches every
    project below), else "Your scope" — never the whole's name over part of its figures."""
    whole = perms.can_view(user, target)
    return roll_up(rollup_label(target, whole=whole), target, parts, thresholds, whole=whole)


def rollup_label(target: Programme | Portfolio, *, whole: bool) -> str:
    """What a roll-up row sums, in the reader's language."""
    if isinstance(target, Programme):
        text = (_("Programme “%(code)s”") if whole
                else _("Your scope in programme “%(code)s”"))
        return text % {"code": target.code}
    return _("Portfolio “%(code)s”") % {"code": target.code} if whole else _("Your scope")
