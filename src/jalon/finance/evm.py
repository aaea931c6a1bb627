"""The bridge from stored budgets, baselines, progress and costs to the engine's earned value,
earned schedule, KPIs and RAG statuses. Every such figure shown anywhere comes from here.

Where the figures come from (a project at its status date, against a baseline):

- **Budget (BAC) of a task**: its cost in the baseline (assignments x rates + cost per use,
  plus its fixed costs, as the baseline recorded them). A task added since the baseline, or a
  rate or fixed cost changed since, does not change the budget: the difference shows as scope
  growth (the current plan's budget against the baseline's), not as planned value.
- **Planned value**: each budget spread linearly over the task's working days between its
  baseline start and finish (``jalon.engine.cost_phasing``), cumulative to the end of the
  status date.
- **Earned value**: percent complete x budget. **Actual cost**: the cost entries and the
  approved timesheet hours (valued at the rate captured with each entry) dated on or before
  the status date (a cost entry without a task counts for the project only).
- Summary tasks show their own amounts plus their sub-tasks'; the project line is the sum of
  every task plus the costs not booked to a task.
- **Manager's EAC**: the sum of the budget lines' forecasts (a line without a forecast counts at
  its approved amount), when at least one line has a forecast.
- **Earned schedule** of the project is in months from the project start (the planned value
  curve at the end of each calendar month); AT is the months elapsed at the end of the status
  date. A task's is in working days from its baseline start (its own curve, day by day), and
  its AT stops when it finished. A programme's or portfolio's adds its projects' curves by
  calendar month (``jalon.engine.schedule_rollup``).
- **Risk exposure**: the open threats' probability (``probability_percent`` when given, else the
  middle of the probability level on the portfolio's matrix) x cost if it occurs, summed; and
  the number of open threats whose score reaches the matrix's "high" threshold.
- **Over-allocation**: from the status date on, the share of the project's resource-days (a
  resource its tasks load on a day, as scheduled) on which every project together asks the
  resource for more than its capacity (``jalon.resources.loading``).
- **KPIs and RAG**: ``jalon.engine.kpis`` with the portfolio's thresholds (or the defaults).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import Sum
from django.utils.translation import gettext as _

from jalon.engine import EsResult, EvmResult, earned_schedule, earned_value
from jalon.engine.cost_phasing import (
    daily_earned_schedule,
    earned_amounts,
    make_periods,
    planned_value,
    rollup,
    task_budgets,
)
from jalon.engine.earned_schedule import ES_KEYS
from jalon.engine.kpis import (
    DIMENSIONS,
    NOT_ASSESSED,
    Band,
    assess,
    kpi_values,
    overallocated_share,
    percent_elapsed,
    resource_utilisation,
    rollup_kpis,
    worst,
)
from jalon.engine.schedule_rollup import MonthlyCurve, rolled_up_schedule
from jalon.errors import JalonError
from jalon.finance.models import (
    BudgetLine,
    CostEntry,
    FixedCost,
    KpiSnapshot,
    KpiThresholds,
    RagOverride,
)
from jalon.planning.models import Baseline, Task
from jalon.planning.scheduling import baseline_comparison, work_calendar
from jalon.portfolios.models import Portfolio, Project
from jalon.resources.loading import Loading, compute_loading
from jalon.resources.models import Assignment
from jalon.risks.models import MatrixConfig, Risk
from jalon.risks.simulation import level_probability
from jalon.timesheets.selectors import labour_actuals

PERIOD = "month"


def bands(thresholds: KpiThresholds | None) -> dict[str, Band]:
    """The engine's bands for each KPI from a portfolio's thresholds (defaults when None)."""
    t = thresholds or KpiThresholds()

    def band(green: Decimal, amber: Decimal, higher: bool) -> Band:
        return Band(float(green), float(amber), higher)

    spi = band(t.spi_green, t.spi_amber, True)
    return {
        "spi": spi,
        "spi_t": spi,
        "cpi": band(t.cpi_green, t.cpi_amber, True),
        "milestone_slip": band(t.milestone_slip_green, t.milestone_slip_amber, False),
        "milestone_hit_rate": band(t.milestone_hit_green, t.milestone_hit_amber, True),
        "overspend": band(t.overspend_green, t.overspend_amber, False),
        "schedule_lag": band(t.lag_green, t.lag_amber, False),
        "scope_growth": band(t.scope_growth_green, t.scope_growth_amber, False),
        "risk_exposure": band(t.risk_exposure_green, t.risk_exposure_amber, False),
        "high_risks": band(Decimal(t.high_risks_green), Decimal(t.high_risks_amber), False),
        "overallocation": band(t.overallocation_green, t.overallocation_amber, False),
        "utilisation": band(t.utilisation_green, t.utilisation_amber, False),
    }


def thresholds_of(portfolio: Portfolio) -> KpiThresholds:
    """The portfolio's thresholds, or an unsaved object holding the defaults."""
    return KpiThresholds.objects.filter(portfolio=portfolio).first() or KpiThresholds(
        portfolio=portfolio)


@dataclass
class TaskFigures:
    """One task's earned value figures (own amounts plus its sub-tasks')."""

    task: Task
    level: int
    is_summary: bool
    evm: dict[str, float | None]


@dataclass
class Curve:
    """The S-curve: cumulative PV at the end of each month, AC at the end of each month up to
    the status date, and EV where it is known (the KPI snapshots and the status date).

    ``ev_points`` and ``status_at`` are positions in periods from the project start (0 = start,
    1 = end of the first month).
    """

    labels: list[str]
    pv: list[float]
    ac: list[float | None]
    ev_points: list[tuple[float, float]]
    status_at: float
    ac_at_status: float


@dataclass
class Performance:
    """Everything known about a project's money and performance at its status date."""

    project: Project
    available: bool = False
    reason: str = ""
    status_date: date | None = None
    baseline: Baseline | None = None
    evm: EvmResult | None = None
    es: EsResult | None = None
    kpis: dict[str, float] = field(default_factory=dict)
    kpi_statuses: dict[str, str] = field(default_factory=dict)
    computed: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, RagOverride] = field(default_factory=dict)
    effective: dict[str, str] = field(default_factory=dict)
    tasks: list[TaskFigures] = field(default_factory=list)
    unallocated_ac: float = 0.0
    curve: Curve | None = None
    time_elapsed: float = math.nan
    milestone_slip: float | None = None
    milestones_due: int = 0
    milestones_hit: int = 0
    baseline_budget: float = math.nan
    current_budget: float = math.nan
    manager_eac: float | None = None
    risk_exposure: float = math.nan
    high_risks: float = math.nan
    overallocation: float = math.nan
    utilisation: float = math.nan
    loaded_days: int = 0

    def part(self) -> dict[str, float | None]:
        """What a roll-up needs from this project (see ``engine.kpis.rollup_kpis``)."""
        assert self.evm is not None
        return {"bac": float(self.evm.bac), "pv": float(self.evm.pv), "ev": float(self.evm.ev),
                "ac": float(self.evm.ac), "manager_eac": self.manager_eac,
                "time_elapsed": self.time_elapsed, "milestone_slip": self.milestone_slip,
                "milestones_due": float(self.milestones_due),
                "milestones_hit": float(self.milestones_hit),
                "baseline_budget": self.baseline_budget, "current_budget": self.current_budget,
                "risk_exposure": self.risk_exposure, "high_risks": self.high_risks,
                "overallocation": self.overallocation, "utilisation": self.utilisation,
                "loaded_days": float(self.loaded_days)}

    def figures(self) -> dict[str, Any]:
        """Every figure as JSON-ready numbers (None when undefined), for snapshots and the API."""
        result: dict[str, Any] = {}
        if self.evm is not None:
            result.update(self.evm.as_dict())
        es_keys = ("at", *ES_KEYS, "planned_duration")
        result.update(dict.fromkeys(es_keys) if self.es is None else self.es.as_dict(es_keys))
        result.update({k: _plain(v) for k, v in self.kpis.items()})
        result.update(time_elapsed=_plain(self.time_elapsed),
                      baseline_budget=_plain(self.baseline_budget),
                      current_budget=_plain(self.current_budget),
                      unallocated_ac=_plain(self.unallocated_ac),
                      milestones_due=self.milestones_due, milestones_hit=self.milestones_hit,
                      risk_exposure_amount=_plain(self.risk_exposure))
        return result

    def statuses(self) -> dict[str, Any]:
        return {
            "kpis": dict(self.kpi_statuses),
            "computed": dict(self.computed),
            "effective": dict(self.effective),
            "overrides": {dim: {"status": o.status, "justification": o.justification}
                          for dim, o in self.overrides.items()},
        }


def _plain(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def _apply_overrides(performance: Performance) -> None:
    computed = performance.computed or dict.fromkeys((*DIMENSIONS, "overall"), NOT_ASSESSED)
    performance.computed = computed
    effective = {dim: (performance.overrides[dim].status if dim in performance.overrides
                       else computed.get(dim, NOT_ASSESSED)) for dim in DIMENSIONS}
    effective["overall"] = (performance.overrides["overall"].status
                            if "overall" in performance.overrides else worst(effective.values()))
    performance.effective = effective


def _outline(tasks: list[Task]) -> tuple[list[Task], dict[int, int], set[int]]:
    """Tasks in outline order, their levels, and the ids of the summaries."""
    children: dict[int | None, list[Task]] = defaultdict(list)
    for task in tasks:
        children[task.parent_id].append(task)
    ordered: list[Task] = []
    levels: dict[int, int] = {}

    def walk(parent: int | None, level: int) -> None:
        for task in sorted(children.get(parent, []), key=lambda t: (t.position, t.pk)):
            ordered.append(task)
            levels[task.pk] = level
            walk(task.pk, level + 1)

    walk(None, 0)
    return ordered, levels, {pk for pk in children if pk is not None}


def _manager_eac(project: Project) -> float | None:
    lines = list(BudgetLine.objects.filter(project=project))
    if not any(line.forecast is not None for line in lines):
        return None
    return float(sum((line.forecast if line.forecast is not None else line.approved
                      for line in lines), Decimal("0")))


def _current_budgets(tasks: list[Task], fixed: np.ndarray) -> np.ndarray:
    """Each task's budget in the current plan: assignments x rates + cost per use + fixed."""
    row_of = {t.pk: i for i, t in enumerate(tasks)}
    rows, work, rate, per_use = [], [], [], []
    for a in Assignment.objects.filter(task__in=tasks).select_related("resource"):
        rows.append(row_of[a.task_id])
        work.append(float(a.work))
        rate.append(float(a.resource.standard_rate))
        per_use.append(float(a.resource.cost_per_use))
    return task_budgets(len(tasks), rows, work, rate, per_use, fixed)


@dataclass(frozen=True)
class Milestones:
    """How the project's milestones stand against the baseline at the status date."""

    slip: float | None = None
    due: int = 0
    hit: int = 0


def _milestones(project: Project, baseline: Baseline, tasks: list[Task],
                status: date) -> Milestones:
    """Slip: the largest finish variance of a milestone (working days). Due: the milestones
    whose baseline finish is on or before the status date; hit: those of them finished (100 %)
    on or before their baseline finish."""
    milestones = {t.pk: t for t in tasks if t.is_milestone}
    if not milestones:
        return Milestones()
    try:
        comparison = baseline_comparison(project, baseline)
    except JalonError:
        return Milestones()
    variances = {int(key): v.finish_variance for key, v in comparison.activities.items()
                 if int(key) in milestones and v.finish_variance is not None}
    planned = dict(baseline.tasks.filter(task_id__in=milestones).values_list("task_id", "finish"))
    due = [pk for pk, finish in planned.items() if finish is not None and finish <= status]
    hit = [pk for pk in due if milestones[pk].percent_complete >= 100
           and variances.get(pk) is not None and variances[pk] <= 0]
    return Milestones(max(variances.values()) if variances else None, len(due), len(hit))


def risk_exposure(project: Project) -> tuple[float, int]:
    """The expected cost of the project's open threats (currency) and how many are "high".

    Probability: ``probability_percent`` when given, else the middle of the probability level
    on the portfolio's matrix; the cost is the risk's "cost if it occurs". Opportunities are
    left out: they do not lessen the exposure.
    """
    config = (MatrixConfig.objects.filter(portfolio_id=project.portfolio_id).first()
              or MatrixConfig())
    exposure, high = 0.0, 0
    for risk in Risk.objects.filter(project=project, status=Risk.Status.OPEN,
                                    kind=Risk.Kind.THREAT):
        probability = (float(risk.probability_percent) / 100
                       if risk.probability_percent is not None
                       else level_probability(risk.probability, config.size))
        exposure += probability * float(risk.cost_impact)
        high += risk.score >= config.high_from
    return exposure, high


def pool_loading() -> Loading:
    """The loading of every resource by every scheduled project (figures only: computing a
    project's over-allocation needs the other projects' demand, whoever may see them)."""
    return compute_loading(list(Project.objects.filter(planned_start__isnull=False)
                                .select_related("calendar")))


def overallocation(project: Project, since: date,
                   pool: Loading | None = None) -> tuple[float, float, int]:
    """Percent of the project's resource-days from ``since`` on that are over-allocated, the
    utilisation of its resources on those days (percent of their capacity asked by every
    project), and how many resource-days it loads then; ``pool`` is :func:`pool_loading`
    (computed when None)."""
    pool = pool if pool is not None else pool_loading()
    if not pool.days or since > pool.last:
        return math.nan, math.nan, 0
    first = max(since, pool.first)
    own = compute_loading([project], first=first, last=pool.last)
    if not own.resources:
        return math.nan, math.nan, 0
    offset = (first - pool.first).days
    rows = [pool.row_of(r) for r in own.resources]
    total = pool.demand[rows, offset:offset + own.days]
    capacity = pool.capacity[rows, offset:offset + own.days]
    loaded = int((own.demand > 1e-9).sum())
    return (overallocated_share(own.demand, total, capacity),
            resource_utilisation(own.demand, total, capacity), loaded)


def project_performance(project: Project, *, baseline: Baseline | None = None,
                        thresholds: KpiThresholds | None = None,
                        pool: Loading | None = None) -> Performance:
    """Earned value, earned schedule, KPIs and RAG of ``project`` at its status date.

    ``baseline`` defaults to the project's first one; ``thresholds`` to the portfolio's;
    ``pool`` to the loading of every project (:func:`pool_loading`). When the
    figures cannot be computed (no status date, planned start or baseline) ``available`` is
    False and ``reason`` says why; the overrides still apply.
    """
    performance = Performance(project=project, status_date=project.status_date,
                              overrides={o.dimension: o for o in
                                         RagOverride.objects.filter(project=project)})
    baseline = baseline or Baseline.objects.filter(project=project).order_by(
        "created_at", "id").first()
    performance.baseline = baseline
    if project.status_date is None:
        performance.reason = _("The project has no status date.")
    elif project.planned_start is None:
        performance.reason = _("The project has no planned start, so no dates to spread the "
                               "budget over.")
    elif baseline is None:
        performance.reason = _("The project has no baseline: set one to measure performance "
                               "against it.")
    else:
        _compute(performance, baseline, thresholds or thresholds_of(project.portfolio), pool)
    _apply_overrides(performance)
    return performance


def _compute(performance: Performance, baseline: Baseline, thresholds: KpiThresholds,
             pool: Loading | None) -> None:
    project = performance.project
    status = project.status_date
    assert status is not None and project.planned_start is not None
    timeline = work_calendar(project.calendar).timeline(project.planned_start)
    tasks, levels, summaries = _outline(list(Task.objects.filter(project=project)))
    n = len(tasks)
    row_of = {t.pk: i for i, t in enumerate(tasks)}
    parents = np.array([row_of.get(t.parent_id, -1) if t.parent_id else -1 for t in tasks],
                       dtype=np.int64)

    fixed = np.zeros(n)
    for task_id, amount in (FixedCost.objects.filter(task__project=project)
                            .values("task_id").annotate(total=Sum("amount"))
                            .values_list("task_id", "total")):
        fixed[row_of[task_id]] = float(amount)
    planned = np.zeros(n)
    baseline_fixed = np.zeros(n)
    starts = np.zeros(n)
    finishes = np.zeros(n)
    dated = np.zeros(n, dtype=bool)
    for row in baseline.tasks.filter(task__project=project):
        assert row.task_id is not None  # a task of the project
        i = row_of[row.task_id]
        planned[i] = float(row.cost)
        baseline_fixed[i] = float(row.fixed_cost)
        if row.start is not None and row.finish is not None:
            starts[i] = timeline.start_time(row.start)
            finishes[i] = max(starts[i], timeline.finish_time(row.finish))
            dated[i] = True
    budgets = np.where(dated, planned + baseline_fixed, 0.0)
    status_time = float(timeline.finish_time(status))

    entries = list(CostEntry.objects.filter(project=project, date__lte=status)
                   .values_list("date", "amount", "task_id"))
    entries += labour_actuals(project=project, until=status)
    actual = np.zeros(n)
    unallocated = 0.0
    for _day, amount, task_id in entries:
        if task_id in row_of:
            actual[row_of[task_id]] += float(amount)
        else:
            unallocated += float(amount)

    percent = np.array([t.percent_complete for t in tasks], dtype=float)
    pv_own = planned_value(starts, finishes, budgets, [status_time])[:, 0]
    own = np.stack([budgets, pv_own, earned_amounts(budgets, percent), actual], axis=1) \
        if n else np.zeros((0, 4))
    rolled = rollup(own, parents)
    per_task = earned_value(rolled[:, 0], rolled[:, 1], rolled[:, 2], rolled[:, 3])
    bac, pv, ev, ac_tasks = own.sum(axis=0)
    ac = float(ac_tasks) + unallocated
    performance.manager_eac = _manager_eac(project)
    evm = earned_value(float(bac), float(pv), float(ev), ac, manager_eac=performance.manager_eac)
    performance.evm = evm
    performance.unallocated_ac = unallocated
    keys = ("bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac_cpi", "etc", "vac")
    figures = per_task.as_dict(keys)
    performance.tasks = [
        TaskFigures(task, levels[task.pk], task.pk in summaries,
                    {k: figures[k][i] for k in keys})
        for i, task in enumerate(tasks)
    ]

    # Earned schedule and the S-curve, by month from the project start.
    budgeted = dated & (budgets > 0)
    first = float(min(starts[dated].min(initial=0.0), 0.0)) if dated.any() else 0.0
    last = max(float(finishes[dated].max(initial=0.0)) if dated.any() else 0.0, status_time)
    periods = make_periods(first, last, PERIOD, timeline=timeline)
    curve = planned_value(starts, finishes, budgets, periods.ends).sum(axis=0)
    at = periods.elapsed(status_time)
    if curve.size and curve[-1] > 0:
        performance.es = earned_schedule(curve, float(ev), at)
    _task_schedules(performance.tasks, budgets, rolled[:, 2], starts, finishes, dated,
                    timeline, status_time)
    label_dates = np.array(periods.labels, dtype="datetime64[D]")
    if entries:
        days = np.array([e[0] for e in entries], dtype="datetime64[D]")
        order = np.argsort(days)
        cumulative = np.concatenate(([0.0], np.cumsum(np.array([float(e[1]) for e in entries])[order])))
        ac_curve = cumulative[np.searchsorted(days[order], label_dates, side="right")]
    else:
        ac_curve = np.zeros(len(periods))
    status_day = np.datetime64(status, "D")
    history = [(periods.elapsed(float(timeline.finish_time(s.status_date))), s.figures.get("ev"))
               for s in KpiSnapshot.objects.filter(project=project, status_date__lt=status)]
    performance.curve = Curve(
        labels=list(periods.labels),
        pv=[float(v) for v in curve],
        ac=[float(v) if d <= status_day else None for v, d in zip(ac_curve, label_dates,
                                                                   strict=True)],
        ev_points=[(x, float(v)) for x, v in history if v is not None] + [(at, float(ev))],
        status_at=at,
        ac_at_status=ac,
    )

    # KPIs and statuses.
    if budgeted.any():
        performance.time_elapsed = percent_elapsed(float(starts[dated].min()),
                                                   float(finishes[dated].max()), status_time)
    milestones = _milestones(project, baseline, tasks, status)
    performance.milestone_slip = milestones.slip
    performance.milestones_due, performance.milestones_hit = milestones.due, milestones.hit
    performance.baseline_budget = float(bac)
    performance.current_budget = float(_current_budgets(tasks, fixed).sum()) if n else 0.0
    exposure, high = risk_exposure(project)
    performance.risk_exposure, performance.high_risks = exposure, float(high)
    (performance.overallocation, performance.utilisation,
     performance.loaded_days) = overallocation(project, status, pool)
    performance.kpis = kpi_values(
        bac=float(bac), ev=float(ev), ac=ac, spi=float(evm.spi), cpi=float(evm.cpi),
        spi_t=float(performance.es.spi_t) if performance.es else math.nan,
        time_elapsed=performance.time_elapsed, milestone_slip=performance.milestone_slip,
        milestones_due=float(milestones.due), milestones_hit=float(milestones.hit),
        baseline_budget=float(bac), current_budget=performance.current_budget,
        risk_exposure=exposure, high_risks=float(high),
        overallocation=performance.overallocation, utilisation=performance.utilisation)
    performance.kpi_statuses, performance.computed = assess(performance.kpis, bands(thresholds))
    performance.available = True


def _task_schedules(rows: list[TaskFigures], budgets: np.ndarray, ev: np.ndarray,
                    starts: np.ndarray, finishes: np.ndarray, dated: np.ndarray,
                    timeline: Any, status_time: float) -> None:
    """Add each task's earned schedule to its row, in working days from its baseline start.

    A task's planned value curve is that of its own budget and its parts' (a summary's),
    each spread over its baseline working days; ES, SV(t), SPI(t) and IEAC(t) come from it
    as for the project, on a grid of working days. A task's actual time stops when it
    finished (a summary: when its last part finished), so a task done on time keeps
    SPI(t) = 1 however long ago that was. Before its baseline start nothing is due, and a
    milestone spans no time: their figures are None.
    """
    levels = [r.level for r in rows]
    finished: list[float | None] = [
        float(timeline.finish_time(r.task.actual_finish)) if r.task.actual_finish else None
        for r in rows]
    spans: list[range] = []
    for i in range(len(rows)):  # a row and its parts: the rows after it, deeper in the outline
        j = i + 1
        while j < len(rows) and levels[j] > levels[i]:
            j += 1
        spans.append(range(i, j))
    for i in reversed(range(len(rows))):
        parts = [k for k in spans[i] if k != i and levels[k] == levels[i] + 1]
        if parts:
            ends = [finished[k] for k in parts]
            finished[i] = (max(e for e in ends if e is not None)
                           if all(e is not None for e in ends) else None)
    for i, row in enumerate(rows):
        row.evm.update(dict.fromkeys(ES_KEYS))
        members = [k for k in spans[i] if dated[k] and budgets[k] > 0]
        if not dated[i] or not members:
            continue
        done = finished[i]
        end = status_time if done is None else min(status_time, done)
        result = daily_earned_schedule(starts[members], finishes[members], budgets[members],
                                       float(ev[i]), end)
        if result is None:
            continue
        row.evm.update(result.as_dict(ES_KEYS))


@dataclass
class RollUp:
    """A programme's or portfolio's figures: amounts summed over its projects with figures,
    indices and KPIs recomputed from the sums, and statuses judged from those KPIs.

    ``es`` is the earned schedule of the whole, in calendar months from the earliest project
    start, at the latest status date (``jalon.engine.schedule_rollup``).
    """

    label: str
    target: Any
    projects: list[Performance]
    evm: EvmResult | None = None
    es: EsResult | None = None
    kpis: dict[str, float] = field(default_factory=dict)
    kpi_statuses: dict[str, str] = field(default_factory=dict)
    computed: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def _rolled_up_es(performances: list[Performance], ev: float) -> EsResult | None:
    curves, dates = [], []
    for p in performances:
        curve, start = p.curve, p.project.planned_start
        if not p.available or curve is None or start is None or not curve.pv:
            continue
        if curve.pv[-1] > 0:
            curves.append(MonthlyCurve(start, [date.fromisoformat(label) for label in curve.labels],
                                       curve.pv))
            dates.append(p.status_date)
    if not curves:
        return None
    rolled = rolled_up_schedule(curves, ev, max(d for d in dates if d is not None))
    return rolled.es if rolled is not None else None


def roll_up(label: str, target: Any, performances: list[Performance],
            thresholds: KpiThresholds | None) -> RollUp:
    """Roll ``performances`` up (see :class:`RollUp`); ``counts`` tallies the projects'
    effective overall statuses (``""``: not assessed)."""
    result = RollUp(label, target, performances)
    counts: dict[str, int] = defaultdict(int)
    for p in performances:
        counts[p.effective.get("overall", NOT_ASSESSED)] += 1
    result.counts = dict(counts)
    parts = [p.part() for p in performances if p.available]
    if parts:
        result.evm, result.kpis = rollup_kpis(parts)
        result.es = _rolled_up_es(performances, float(result.evm.ev))
        if result.es is not None:
            result.kpis["spi_t"] = float(result.es.spi_t)
        result.kpi_statuses, result.computed = assess(result.kpis, bands(thresholds))
    else:
        result.computed = dict.fromkeys((*DIMENSIONS, "overall"), NOT_ASSESSED)
    return result
