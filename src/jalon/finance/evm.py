"""The bridge from stored baselines, progress, costs, risks and thresholds to the engine's
performance report (:func:`jalon.engine.performance.performance_report`): every earned value,
earned schedule, KPI and RAG figure shown anywhere comes from there. This module only gathers
the inputs from the database and keeps the report for the pages, the API and the snapshots;
``jalon evm`` gathers the same inputs from a project file, so both give the same figures.

Where the inputs come from (a project at its status date, against a baseline):

- **Budget (BAC) of a task**: its cost in the baseline (assignments x rates + cost per use,
  plus its fixed costs, as the baseline recorded them), spread over its baseline dates. A task
  added, or a rate or fixed cost changed since the baseline, does not change the budget: the
  difference shows as scope growth (the current plan's budget, by the one cost rule of
  :mod:`jalon.planning.costing`, against the baseline's), not as planned value.
- **Progress**: each task's percent complete, and its actual finish (a task's earned schedule
  stops there).
- **Actual cost**: :func:`jalon.finance.actuals.actual_costs` at the status date, the one
  definition the budget table also shows (cost entries and approved time; a cost without a
  task counts for the project only).
- **Manager's EAC**: the sum of the budget lines' forecasts (a line without a forecast counts at
  its approved amount), when at least one line has a forecast.
- **Periods**: earned schedule by calendar month from the project start. A programme's or
  portfolio's adds its projects' curves by calendar month (``jalon.engine.schedule_rollup``).
- **Milestones**: their finish variances against the baseline (``baseline_comparison``).
- **Risk exposure**: ``jalon.risks.selectors.risk_exposure`` (open threats, probability x
  cost if it occurs; and how many are "high" on the portfolio's matrix).
- **Over-allocation**: from the status date on, the share of the project's resource-days (a
  resource its tasks load on a day, as scheduled) on which every project together asks the
  resource for more than its capacity (``jalon.resources.loading``).
- **Thresholds**: the portfolio's (``jalon.finance.thresholds``), else the registry's defaults.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy

from jalon.engine import EsResult, EvmResult
from jalon.engine.earned_schedule import ES_KEYS
from jalon.engine.kpis import (
    NOT_ASSESSED,
    KpiFigures,
    overallocated_share,
    registry,
    resource_utilisation,
    rollup_kpis,
    worst,
)
from jalon.engine.performance import (
    ActualCost,
    PerformanceInputs,
    PerformanceTask,
    performance_report,
)
from jalon.engine.schedule_rollup import MonthlyCurve, rolled_up_schedule
from jalon.errors import JalonError
from jalon.finance.actuals import actual_costs
from jalon.finance.models import BudgetLine, KpiSnapshot, RagOverride
from jalon.finance.thresholds import Thresholds, thresholds_of
from jalon.planning.costing import costed_tasks, project_costs
from jalon.planning.models import Baseline, BaselineTask, Task
from jalon.planning.scheduling import baseline_comparison, work_calendar
from jalon.planning.selectors import linked_ids, unschedulable
from jalon.portfolios.models import Project
from jalon.portfolios.results import inputs_digest, remembered, stored
from jalon.resources.loading import Loading, compute_loading
from jalon.risks.selectors import risk_exposure

PERIOD = "month"
TASK_KEYS = ("bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac_cpi", "etc", "vac")
"""The earned value figures of each task (with its earned schedule figures)."""


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
    schedulable: bool = True
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


def _not_assessed() -> dict[str, str]:
    return dict.fromkeys((*registry().dimensions, "overall"), NOT_ASSESSED)


def _apply_overrides(performance: Performance) -> None:
    computed = performance.computed or _not_assessed()
    performance.computed = computed
    effective = {dim: (performance.overrides[dim].status if dim in performance.overrides
                       else computed.get(dim, NOT_ASSESSED)) for dim in registry().dimensions}
    effective["overall"] = (performance.overrides["overall"].status
                            if "overall" in performance.overrides else worst(effective.values()))
    performance.effective = effective


def _in_outline(tasks: list[Task]) -> list[Task]:
    """Tasks in outline order: each summary before its parts, siblings by position."""
    children: dict[int | None, list[Task]] = defaultdict(list)
    for task in tasks:
        children[task.parent_id].append(task)
    ordered: list[Task] = []

    def walk(parent: int | None) -> None:
        for task in sorted(children.get(parent, []), key=lambda t: (t.position, t.pk)):
            ordered.append(task)
            walk(task.pk)

    walk(None)
    return ordered


def _manager_eac(project: Project) -> float | None:
    lines = list(BudgetLine.objects.filter(project=project))
    if not any(line.forecast is not None for line in lines):
        return None
    return float(sum((line.forecast if line.forecast is not None else line.approved
                      for line in lines), Decimal("0")))


def _finish_variances(project: Project, baseline: Baseline,
                      tasks: list[Task]) -> dict[int, float]:
    """The milestones' finish variances against the baseline (working days); none when the
    comparison cannot be made."""
    if not any(t.is_milestone for t in tasks):
        return {}
    try:
        comparison = baseline_comparison(project, baseline)
    except JalonError:
        return {}
    return {int(key): v.finish_variance for key, v in comparison.activities.items()
            if v.finish_variance is not None}


def pool_loading() -> Loading:
    """The loading of every resource by every scheduled project (figures only: computing a
    project's over-allocation needs the other projects' demand, whoever may see them).

    Computed once per change of any project's inputs (:func:`jalon.portfolios.results.
    remembered`): every KPI of a project page or of the KPI dashboard needs it."""
    return remembered("pool-loading", inputs_digest(), lambda: compute_loading(
        list(Project.objects.filter(planned_start__isnull=False).select_related("calendar")),
        details=False))


def overallocation(project: Project, since: date,
                   pool: Loading | None = None) -> tuple[float, float, int]:
    """Percent of the project's resource-days from ``since`` on that are over-allocated, the
    utilisation of its resources on those days (percent of their capacity asked by every
    project), and how many resource-days it loads then; ``pool`` is :func:`pool_loading`
    (computed when None)."""
    pool = pool if pool is not None else pool_loading()
    if not pool.days or since > pool.last:
        return math.nan, math.nan, 0
    loaded, own = pool.demand_of(project.pk)
    start = max((since - pool.first).days, 0)
    busy = own[:, start:].any(axis=1)
    rows = loaded[busy]
    if not rows.size:
        return math.nan, math.nan, 0
    mine, total = own[busy, start:], pool.demand[rows, start:]
    capacity = pool.capacity[rows, start:]
    return (overallocated_share(mine, total, capacity),
            resource_utilisation(mine, total, capacity), int((mine > 1e-9).sum()))


# --- stored: computed once per change of the project's inputs --------------------------------------
# What depends on the whole pool (over-allocation, utilisation) and on judgement (thresholds,
# overrides) is added when read: another project's plan, a threshold or an override changes
# them without changing this project's inputs.

PERFORMANCE = "performance"
REASONS = {
    "no_status_date": gettext_lazy("The project has no status date."),
    "no_planned_start": gettext_lazy("The project has no planned start, so no dates to spread "
                                     "the budget over."),
    "no_baseline": gettext_lazy("The project has no baseline: set one to measure performance "
                                "against it."),
    "unschedulable": gettext_lazy("Not schedulable: %(reason)s"),
}


def _json(value: Any) -> Any:
    """A figure as JSON: NaN is null, infinities are strings (a division by a tiny number)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


def _number(value: Any) -> float:
    if value is None:
        return math.nan
    if isinstance(value, str):
        return math.inf if value == "inf" else -math.inf
    return float(value)


def _first_baseline(project: Project) -> Baseline | None:
    return Baseline.objects.filter(project=project).order_by("created_at", "id").first()


def _reason(project: Project, baseline: Baseline | None) -> str | None:
    if project.status_date is None:
        return "no_status_date"
    if project.planned_start is None:
        return "no_planned_start"
    return "no_baseline" if baseline is None else None


def _measured(project: Project, baseline: Baseline | None) -> dict[str, Any]:
    """The project's figures against ``baseline`` as JSON, without what the pool and judgement
    add (see above)."""
    reason = _reason(project, baseline)
    if reason is not None:
        return {"reason": reason, "baseline": baseline.pk if baseline else None}
    assert baseline is not None and project.status_date is not None
    tasks = _in_outline(costed_tasks(project))
    inputs = _inputs(project, baseline, tasks, math.nan, math.nan)
    report = performance_report(inputs)
    figures = report.task_figures(TASK_KEYS)
    return _json({
        "reason": None, "baseline": baseline.pk,
        "evm": report.evm.as_dict(), "es": report.es.as_dict() if report.es else None,
        "tasks": [[int(ident), level, ident in report.summaries, row]
                  for ident, level, row in zip(report.ids, report.levels, figures, strict=True)],
        "unallocated_ac": report.unallocated_ac, "manager_eac": inputs.manager_eac,
        "curve": {"labels": list(report.periods.labels),
                  "pv": [float(v) for v in report.pv_by_period],
                  "ac": list(report.ac_by_period or ()),
                  "ev_points": [list(point) for point in report.ev_points],
                  "status_at": report.at, "ac_at_status": float(report.evm.ac)},
        "time_elapsed": report.time_elapsed,
        "milestones": [report.milestones.slip, report.milestones.due, report.milestones.hit],
        "current_budget": report.current_budget,
        "risks": [inputs.risk_exposure, inputs.high_risks],
        "figures": asdict(report.figures),
    })


_TOTALS = ("reason", "baseline", "evm", "es", "unallocated_ac", "manager_eac", "curve",
           "time_elapsed", "milestones", "current_budget", "risks", "figures")
"""What a roll-up reads of the stored figures: all but each task's (most of their size)."""


def _stored_measures(projects: list[Project]) -> dict[int, dict[str, Any]]:
    return {p.pk: _measured(p, _first_baseline(p)) for p in projects}


def _performance(project: Project, data: dict[str, Any], *, baseline: Baseline | None,
                 thresholds: Thresholds, overrides: dict[str, RagOverride], pool: Loading | None,
                 tasks: dict[int, Task] | None) -> Performance:
    """A project's performance from its measured figures (stored or just computed), with what
    the pool (its over-allocation), the thresholds and the overrides add now."""
    performance = Performance(project=project, status_date=project.status_date,
                              overrides=overrides, baseline=baseline)
    if data["reason"] is not None:
        performance.schedulable = data["reason"] != "unschedulable"
        performance.reason = (str(REASONS[data["reason"]]) % {"reason": data["detail"]}
                              if "detail" in data else str(REASONS[data["reason"]]))
        _apply_overrides(performance)
        return performance
    assert project.status_date is not None
    evm = {k: _number(v) for k, v in data["evm"].items()}
    performance.evm = EvmResult(**evm)
    if data["es"] is not None:
        es: dict[str, Any] = {k: (v if k == "beyond_curve" else _number(v))
                              for k, v in data["es"].items()}
        performance.es = EsResult(**es)
    if tasks is not None:
        performance.tasks = [
            TaskFigures(tasks[task_id], level, summary,
                        {k: None if v is None else _number(v) for k, v in row.items()})
            for task_id, level, summary, row in data["tasks"] if task_id in tasks]
    performance.unallocated_ac = _number(data["unallocated_ac"])
    performance.manager_eac = data["manager_eac"]
    curve = data["curve"]
    performance.curve = Curve(labels=curve["labels"], pv=curve["pv"], ac=curve["ac"],
                              ev_points=[tuple(point) for point in curve["ev_points"]],
                              status_at=curve["status_at"], ac_at_status=curve["ac_at_status"])
    performance.time_elapsed = _number(data["time_elapsed"])
    slip, due, hit = data["milestones"]
    performance.milestone_slip = None if slip is None else _number(slip)
    performance.milestones_due, performance.milestones_hit = due, hit
    performance.baseline_budget = float(performance.evm.bac)
    performance.current_budget = _number(data["current_budget"])
    performance.risk_exposure, performance.high_risks = (_number(v) for v in data["risks"])
    share, busy, performance.loaded_days = overallocation(project, project.status_date, pool)
    performance.overallocation, performance.utilisation = share, busy
    known: dict[str, Any] = {k: (v if k == "milestone_slip" and v is None else _number(v))
                             for k, v in data["figures"].items()}
    figures = KpiFigures(**known)
    chosen = registry()
    performance.kpis = chosen.values(replace(figures, overallocation=share, utilisation=busy))
    performance.kpi_statuses, performance.computed = chosen.assess(performance.kpis,
                                                                   thresholds.bands())
    performance.available = True
    _apply_overrides(performance)
    return performance


def project_performances(projects: Iterable[Project], *,
                         thresholds: Mapping[int, Thresholds] | None = None,
                         pool: Loading | None = None,
                         with_tasks: bool = False) -> list[Performance]:
    """The performance of each of ``projects`` (in order) at its status date against its first
    baseline, from the stored figures; ``thresholds`` by portfolio id (each portfolio's own by
    default); ``pool`` the loading of every project (:func:`pool_loading`, read once when
    None); ``with_tasks`` adds each task's figures."""
    projects = list(projects)
    measured = stored(PERFORMANCE, projects, compute=_stored_measures, depends_on=linked_ids,
                      keys=None if with_tasks else _TOTALS)
    judged = dict(thresholds or {})
    for project in projects:
        if project.portfolio_id not in judged:
            judged[project.portfolio_id] = thresholds_of(project.portfolio)
    overrides: dict[int, dict[str, RagOverride]] = defaultdict(dict)
    for override in RagOverride.objects.filter(project__in=projects).select_related("created_by"):
        overrides[override.project_id][override.dimension] = override
    baselines = Baseline.objects.in_bulk({data["baseline"] for data in measured.values()
                                          if data["baseline"] is not None})
    # A plan the engine refuses gives no figures to trust (its load is not in the pool either):
    # the project shows why, and roll-ups leave it out.
    broken = {item.project.pk: item.reason for item in unschedulable(projects)}
    for pk, reason in broken.items():
        measured[pk] = {"reason": "unschedulable", "detail": reason,
                        "baseline": measured[pk]["baseline"]}
    measurable = [p for p in projects if measured[p.pk]["reason"] is None]
    if pool is None and measurable:
        pool = pool_loading()
    tasks = (Task.objects.in_bulk([row[0] for data in measured.values()
                                   for row in data.get("tasks", ())]) if with_tasks else None)
    return [_performance(p, measured[p.pk], baseline=baselines.get(measured[p.pk]["baseline"]),
                         thresholds=judged[p.portfolio_id], overrides=overrides[p.pk], pool=pool,
                         tasks=tasks)
            for p in projects]


def project_performance(project: Project, *, baseline: Baseline | None = None,
                        thresholds: Thresholds | None = None,
                        pool: Loading | None = None) -> Performance:
    """Earned value, earned schedule, KPIs and RAG of ``project`` at its status date, with each
    task's figures.

    ``baseline`` defaults to the project's first one (whose figures are stored; another one is
    measured now); ``thresholds`` to the portfolio's; ``pool`` to the loading of every project
    (:func:`pool_loading`). When the figures cannot be computed (no status date, planned start
    or baseline) ``available`` is False and ``reason`` says why; the overrides still apply.
    """
    given = {project.portfolio_id: thresholds} if thresholds is not None else None
    if baseline is None or baseline == _first_baseline(project):
        return project_performances([project], thresholds=given, pool=pool,
                                    with_tasks=True)[0]
    data = _measured(project, baseline)
    tasks = Task.objects.in_bulk([row[0] for row in data.get("tasks", ())])
    return _performance(project, data, baseline=baseline,
                        thresholds=thresholds or thresholds_of(project.portfolio),
                        overrides={o.dimension: o for o in
                                   RagOverride.objects.filter(project=project)},
                        pool=pool if pool is not None else pool_loading(), tasks=tasks)


def _inputs(project: Project, baseline: Baseline, tasks: list[Task], overallocated: float,
            utilisation: float) -> PerformanceInputs:
    """The engine's inputs for ``project`` (see the module docstring), with its
    over-allocation and utilisation (:func:`overallocation`); the registry's default bands."""
    status = project.status_date
    assert status is not None and project.planned_start is not None
    planned = {row.task_id: row for row in baseline.tasks.filter(task__project=project)}
    variances = _finish_variances(project, baseline, tasks)
    spent = actual_costs(project, status)
    exposure = risk_exposure(project)
    current = project_costs(project, tasks)
    return PerformanceInputs(
        tasks=[_task(task, planned.get(task.pk), variances.get(task.pk)) for task in tasks],
        status=status,
        actual_costs=[ActualCost(float(cost.amount),
                                 None if cost.task_id is None else str(cost.task_id), cost.date)
                      for cost in spent],
        period=PERIOD, timeline=work_calendar(project.calendar).timeline(project.planned_start),
        manager_eac=_manager_eac(project), current_budget=float(current.budgets.sum()),
        risk_exposure=exposure.amount, high_risks=float(exposure.high),
        overallocation=overallocated, utilisation=utilisation,
        ev_history=[(s.status_date, float(s.figures["ev"]))
                    for s in KpiSnapshot.objects.filter(project=project, status_date__lt=status)
                    if s.figures.get("ev") is not None])



def _task(task: Task, planned: BaselineTask | None, variance: float | None) -> PerformanceTask:
    """A task as measured: its budget and dates as the baseline recorded them (none when the
    baseline does not hold it), its progress now."""
    return PerformanceTask(
        str(task.pk), str(task.parent_id) if task.parent_id else None,
        budget=float(planned.cost + planned.fixed_cost) if planned else 0.0,
        start=planned.start if planned else None, finish=planned.finish if planned else None,
        percent_complete=float(task.percent_complete), actual_finish=task.actual_finish,
        milestone=task.is_milestone, finish_variance=variance)


@dataclass
class RollUp:
    """A programme's or portfolio's figures: amounts summed over its projects with figures,
    indices and KPIs recomputed from the sums, and statuses judged from those KPIs.

    ``es`` is the earned schedule of the whole, in calendar months from the earliest project
    start, at the latest status date (``jalon.engine.schedule_rollup``). ``whole`` is False
    when the reader sees only some of the target's projects: the figures then sum those only,
    and ``label`` says so ("Your scope") rather than naming the programme or portfolio.
    """

    label: str
    target: Any
    projects: list[Performance]
    whole: bool = True
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
            thresholds: Thresholds | None, *, whole: bool = True) -> RollUp:
    """Roll ``performances`` up (see :class:`RollUp`) and judge it with ``thresholds`` (the
    registry's defaults when None); ``counts`` tallies the projects' effective overall
    statuses (``""``: not assessed)."""
    result = RollUp(label, target, performances, whole=whole)
    counts: dict[str, int] = defaultdict(int)
    for p in performances:
        counts[p.effective.get("overall", NOT_ASSESSED)] += 1
    result.counts = dict(counts)
    parts = [p.part() for p in performances if p.available]
    if parts:
        ev = sum(float(p.evm.ev) for p in performances if p.available and p.evm is not None)
        result.es = _rolled_up_es(performances, ev)
        result.evm, result.kpis = rollup_kpis(
            parts, spi_t=float(result.es.spi_t) if result.es is not None else math.nan)
        bands = thresholds.bands() if thresholds is not None else registry().bands()
        result.kpi_statuses, result.computed = registry().assess(result.kpis, bands)
    else:
        result.computed = _not_assessed()
    return result
