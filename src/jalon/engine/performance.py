"""A project's performance at its status date, whole: earned value and earned schedule of each
task and of the project, planned value and actual cost by period, the KPIs and their statuses.

One function, :func:`performance_report`, from plain inputs, whichever door gathered them (the
platform from its database, ``jalon evm`` from a project file), so that both give the same
figures for the same plan.

Conventions
-----------
- **Times**: a task's baseline ``start`` and ``finish``, its ``actual_finish`` and the points of
  ``ev_history`` are dates (with a ``timeline``: a start at the beginning of its working day, a
  finish at the end of its own) or working times (working days from the project start). The
  status is a date with a timeline (the end of that day), a working time without.
- **Budget (BAC) of a task**: its ``budget`` (currency), spread linearly over its working time
  from start to finish (:func:`jalon.engine.cost_phasing.planned_value`). A task without both
  dates plans nothing: its budget counts 0 (a task the baseline does not hold).
- **PV** is cumulative to the end of the status date; **EV** = percent complete x budget;
  **AC** = the actual costs given (to the status date), each of a task or of the project only.
- Summary tasks show their own amounts plus their parts'; the project line is every task plus
  the costs of no task. Indices are recomputed from the amounts, never rounded.
- **Earned schedule of the project** is in periods (``period``: day, week or month) from the
  earliest start (0 at the latest); AT is the periods elapsed at the status. **Of a task**, in
  working days from its first start, on its own curve (a summary's: its parts'), read at the end
  of each working day (:func:`~jalon.engine.cost_phasing.daily_earned_schedule`); its AT stops
  when it finished (a summary's when its last part did). None before its start, and for a task
  that spans no time.
- **AC by period**: cumulative at the end of each period up to the status date (None after),
  from dated costs; None as a whole when a cost has no date.
- **Milestones**: slip = the largest ``finish_variance`` of a milestone (working days, from
  :func:`jalon.engine.compare_to_baseline`); due = those whose baseline finish is on or before
  the status; hit = the due ones 100 % complete whose variance is 0 or less.
- **Time elapsed**: percent of the span from the earliest start to the latest finish elapsed at
  the status (NaN when no task plans anything).
- **KPIs**: the registry's (:mod:`jalon.engine.kpis`), judged with ``bands`` (the defaults when
  None); ``current_budget`` (scope growth), risks and resources figures come from outside.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from jalon.engine import messages as m
from jalon.engine.calendar import Timeline
from jalon.engine.cost_phasing import (
    PERIOD_UNITS,
    Periods,
    daily_earned_schedule,
    earned_amounts,
    make_periods,
    phased_earned_schedule,
    planned_value,
    rollup,
)
from jalon.engine.earned_schedule import ES_KEYS, EsResult
from jalon.engine.earned_value import EvmResult, earned_value
from jalon.engine.kpis import Band, KpiFigures, KpiRegistry, percent_elapsed, registry
from jalon.errors import ValidationFailed
from jalon.i18n import Message, Ref

__all__ = ["ActualCost", "Milestones", "PerformanceInputs", "PerformanceReport",
           "PerformanceTask", "performance_report"]

TimePoint = date | float
"""A date (with a timeline) or a working time."""


def _amount(value: float, owner: Message, name: str) -> None:
    if not math.isfinite(value) or value < 0:
        raise ValidationFailed(m.ABOUT(owner=owner, problem=m.FINITE_AMOUNT(field=name,
                                                                           value=repr(value))),
                               field=name)


@dataclass(frozen=True)
class PerformanceTask:
    """One task as measured.

    Attributes
    ----------
    id : str
        Unique id.
    parent : str or None
        Id of its summary task.
    budget : float
        Its own budget at completion (currency, >= 0).
    start, finish : date or float or None
        Its baseline start and (inclusive) finish; without both it plans nothing.
    percent_complete : float
        0-100.
    actual_finish : date or float or None
        When it finished (its earned schedule stops there).
    milestone : bool
        Whether it is a milestone.
    finish_variance : float or None
        Its finish variance against the baseline, working days (positive: late); used for
        milestones.
    """

    id: str
    parent: str | None = None
    budget: float = 0.0
    start: TimePoint | None = None
    finish: TimePoint | None = None
    percent_complete: float = 0.0
    actual_finish: TimePoint | None = None
    milestone: bool = False
    finish_variance: float | None = None

    def __post_init__(self) -> None:
        owner = m.activity(self.id)
        _amount(self.budget, owner, "budget")
        if not 0 <= self.percent_complete <= 100:
            raise ValidationFailed(m.ABOUT(owner=owner, problem=m.PERCENT_COMPLETE(
                value=self.percent_complete)), field="percent_complete")
        if self.finish_variance is not None and not math.isfinite(self.finish_variance):
            raise ValidationFailed(m.ABOUT(owner=owner, problem=m.NOT_FINITE(
                field="finish_variance", value=repr(self.finish_variance))),
                field="finish_variance")

    @property
    def dated(self) -> bool:
        """Whether it has both a start and a finish."""
        return self.start is not None and self.finish is not None


@dataclass(frozen=True)
class ActualCost:
    """Money spent (currency, >= 0) on a task (None: the project only), on a day (None: not
    known, the amount being cumulative to the status date)."""

    amount: float
    task: str | None = None
    day: date | None = None

    def __post_init__(self) -> None:
        _amount(self.amount, m.ACTUAL_COST(), "amount")


@dataclass(frozen=True)
class PerformanceInputs:
    """Everything :func:`performance_report` measures (see the module docstring).

    Attributes
    ----------
    tasks : Sequence[PerformanceTask]
        The tasks, in the order the report keeps; parents among them.
    status : date or float
        The status date (with ``timeline``) or working time.
    actual_costs : Sequence[ActualCost]
        The costs to the status date.
    period : str
        Unit of the project's earned schedule: ``"day"``, ``"week"`` or ``"month"``.
    timeline : Timeline or None
        The calendar's mapping of dates to working time (None: abstract time).
    manager_eac : float or None
        The manager's estimate at completion (currency).
    current_budget : float
        The budget of the current plan (currency), for scope growth.
    risk_exposure, high_risks, overallocation, utilisation : float
        Inputs of the KPIs of the same names (:class:`jalon.engine.kpis.KpiFigures`).
    ev_history : Sequence[tuple[date or float, float]]
        Earned value at earlier status points, for the S-curve.
    bands : Mapping[str, Band] or None
        The band of each KPI key (None: the registry's defaults).
    """

    tasks: Sequence[PerformanceTask]
    status: TimePoint
    actual_costs: Sequence[ActualCost] = ()
    period: str = "month"
    timeline: Timeline | None = None
    manager_eac: float | None = None
    current_budget: float = math.nan
    risk_exposure: float = math.nan
    high_risks: float = math.nan
    overallocation: float = math.nan
    utilisation: float = math.nan
    ev_history: Sequence[tuple[TimePoint, float]] = ()
    bands: Mapping[str, Band] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "tasks", tuple(self.tasks))
        object.__setattr__(self, "actual_costs", tuple(self.actual_costs))
        object.__setattr__(self, "ev_history", tuple(self.ev_history))
        ids = [t.id for t in self.tasks]
        if len(set(ids)) != len(ids):
            duplicate = next(ident for ident in ids if ids.count(ident) > 1)
            raise ValidationFailed(m.DUPLICATE_ACTIVITY(task=Ref.task(duplicate)), field="id")
        known = set(ids)
        for task in self.tasks:
            if task.parent is not None and task.parent not in known:
                raise ValidationFailed(m.ABOUT(owner=m.activity(task.id), problem=m.UNKNOWN_PARENT(
                    task=Ref.task(task.parent))), field="parent")
        for cost in self.actual_costs:
            if cost.task is not None and cost.task not in known:
                raise ValidationFailed(m.ACTUAL_COST_UNKNOWN_TASK(task=Ref.task(cost.task)),
                                       field="task")
            if cost.day is not None and self.timeline is None:
                raise ValidationFailed(m.DATED_COST_NEEDS_CALENDAR(), field="day")
        if self.period not in PERIOD_UNITS:
            raise ValidationFailed(m.NOT_ONE_OF(field="period", choices=list(PERIOD_UNITS),
                                                value=repr(self.period)), field="period")
        if isinstance(self.status, date) != (self.timeline is not None):
            raise ValidationFailed(m.STATUS_KIND(), field="status")
        if self.manager_eac is not None:
            _amount(self.manager_eac, m.MANAGER_EAC(), "manager_eac")


@dataclass(frozen=True)
class Milestones:
    """How the milestones stand: the largest finish variance (working days, None without
    any), how many are due by the status and how many of those were hit on time."""

    slip: float | None = None
    due: int = 0
    hit: int = 0


@dataclass(frozen=True)
class PerformanceReport:
    """What :func:`performance_report` returns.

    Attributes
    ----------
    ids, levels, summaries
        The tasks in input order, their depth in the outline (0 at the top), and the ids of
        those that have parts.
    evm : EvmResult
        The project's earned value (floats).
    task_evm : EvmResult
        Each task's, own amounts plus its parts' (arrays in the order of ``ids``).
    es : EsResult or None
        The project's earned schedule, in periods (None when nothing is planned).
    task_es : tuple[EsResult or None, ...]
        Each task's, in working days from its first start.
    unallocated_ac : float
        Actual cost of no task.
    status_time, at : float
        The status in working time, and in periods elapsed.
    periods : Periods
        The project's periods; ``pv_by_period`` the cumulative PV at the end of each,
        ``ac_by_period`` the cumulative AC up to the status (None after it; None as a whole
        when costs have no dates).
    ev_points : tuple[tuple[float, float], ...]
        (periods elapsed, EV) of the history and of the status.
    time_elapsed : float
        Percent of the planned span elapsed.
    milestones : Milestones
    current_budget : float
        As given.
    figures : KpiFigures
        What the KPIs were computed from (to compute them again with other figures from
        outside, such as the pool's loading).
    kpis, kpi_statuses, statuses
        KPI values, their statuses, and each dimension's and the overall status.
    """

    ids: tuple[str, ...]
    levels: tuple[int, ...]
    summaries: frozenset[str]
    evm: EvmResult
    task_evm: EvmResult
    es: EsResult | None
    task_es: tuple[EsResult | None, ...]
    unallocated_ac: float
    status_time: float
    at: float
    periods: Periods
    pv_by_period: npt.NDArray[np.float64]
    ac_by_period: tuple[float | None, ...] | None
    ev_points: tuple[tuple[float, float], ...]
    time_elapsed: float
    milestones: Milestones
    current_budget: float
    figures: KpiFigures
    kpis: Mapping[str, float]
    kpi_statuses: Mapping[str, str]
    statuses: Mapping[str, str]

    def task_figures(self, keys: tuple[str, ...]) -> list[dict[str, float | None]]:
        """Per task: the earned value figures ``keys`` and the earned schedule figures
        (``es``, ``sv_t``, ``spi_t``, ``ieac_t``), None when undefined."""
        evm = self.task_evm.as_dict(keys)
        rows: list[dict[str, float | None]] = []
        for i, es in enumerate(self.task_es):
            row: dict[str, float | None] = {key: evm[key][i] for key in keys}
            row.update(dict.fromkeys(ES_KEYS) if es is None else es.as_dict(ES_KEYS))
            rows.append(row)
        return rows


def _time(point: TimePoint, timeline: Timeline | None, *, finish: bool) -> float:
    if not isinstance(point, date):
        return float(point)
    if timeline is None:
        raise ValidationFailed(m.DATE_NEEDS_START(), field="status")
    return float(timeline.finish_time(point) if finish else timeline.start_time(point))


def _times(points: Sequence[TimePoint | None], timeline: Timeline | None, *,
           finish: bool) -> npt.NDArray[np.float64]:
    """Working times of many points at once (the dates converted in one call)."""
    result = np.array([0.0 if isinstance(p, date) or p is None else float(p) for p in points])
    dates = [i for i, p in enumerate(points) if isinstance(p, date)]
    if dates:
        if timeline is None:
            raise ValidationFailed(m.DATE_NEEDS_START(), field="start")
        days = np.array([points[i] for i in dates], dtype="datetime64[D]")
        result[dates] = timeline.finish_times(days) if finish else timeline.start_times(days)
    return result


def _on_or_before(point: TimePoint, status: TimePoint, timeline: Timeline | None) -> bool:
    """Whether a finish is on or before the status (by date when both are dates)."""
    if isinstance(point, date) and isinstance(status, date):
        return point <= status
    return _time(point, timeline, finish=True) <= _time(status, timeline, finish=True)


def _depths(parents: npt.NDArray[np.int64]) -> list[int]:
    depths = []
    for i in range(parents.size):
        depth, node = 0, int(parents[i])
        while node >= 0:
            depth, node = depth + 1, int(parents[node])
            if depth > parents.size:
                raise ValidationFailed(m.OUTLINE_LOOP(), field="parent")
        depths.append(depth)
    return depths


def performance_report(inputs: PerformanceInputs, *,
                       kpis: KpiRegistry | None = None) -> PerformanceReport:
    """Measure a project at its status (see the module docstring for every rule).

    Parameters
    ----------
    inputs : PerformanceInputs
        The tasks, costs, status and KPI inputs.
    kpis : KpiRegistry or None
        The KPIs to compute (None: the registry in force).

    Raises
    ------
    ValidationFailed
        Inputs that break a rule (checked by the input classes), or a loop in the outline.
    """
    chosen = kpis or registry()
    tasks = tuple(inputs.tasks)
    timeline = inputs.timeline
    n = len(tasks)
    ids = tuple(t.id for t in tasks)
    row = {ident: i for i, ident in enumerate(ids)}
    parents = np.array([-1 if t.parent is None else row[t.parent] for t in tasks],
                       dtype=np.int64)
    levels = _depths(parents)
    status = _time(inputs.status, timeline, finish=True)

    dated = np.array([t.dated for t in tasks], dtype=bool)
    starts = _times([t.start if t.dated else 0.0 for t in tasks], timeline, finish=False)
    finishes = np.maximum(starts, _times([t.finish if t.dated else 0.0 for t in tasks],
                                         timeline, finish=True))
    budgets = np.where(dated, np.array([t.budget for t in tasks], dtype=float), 0.0)
    percent = np.array([t.percent_complete for t in tasks], dtype=float)
    actual, unallocated = np.zeros(n), 0.0
    for cost in inputs.actual_costs:
        if cost.task is None:
            unallocated += cost.amount
        else:
            actual[row[cost.task]] += cost.amount

    # Earned value: own amounts, then summaries = own + parts, project = sum of all.
    pv_own = planned_value(starts, finishes, budgets, [status])[:, 0]
    own = (np.stack([budgets, pv_own, earned_amounts(budgets, percent), actual], axis=1)
           if n else np.zeros((0, 4)))
    rolled = rollup(own, parents)
    task_evm = earned_value(rolled[:, 0], rolled[:, 1], rolled[:, 2], rolled[:, 3])
    bac, pv, ev, ac_tasks = (float(v) for v in own.sum(axis=0))
    evm = earned_value(bac, pv, ev, ac_tasks + unallocated, manager_eac=inputs.manager_eac)

    # Earned schedule and the curves, by period from the earliest start.
    first = min(float(starts[dated].min()), 0.0) if dated.any() else 0.0
    last = max(float(finishes[dated].max()) if dated.any() else 0.0, status)
    periods = make_periods(first, last, inputs.period, timeline=timeline)
    curve = planned_value(starts, finishes, budgets, periods.ends).sum(axis=0)
    at = periods.elapsed(status)
    es = phased_earned_schedule(starts[dated], finishes[dated], budgets[dated], ev, at, periods)
    history = [(periods.elapsed(_time(point, timeline, finish=True)), float(value))
               for point, value in inputs.ev_history]

    budgeted = dated & (budgets > 0)
    time_elapsed = (percent_elapsed(float(starts[dated].min()), float(finishes[dated].max()),
                                    status) if budgeted.any() else math.nan)
    milestones = _milestones(tasks, inputs.status, timeline)
    figures = KpiFigures(
        bac=bac, ev=ev, ac=float(evm.ac), spi=float(evm.spi), cpi=float(evm.cpi),
        spi_t=float(es.spi_t) if es is not None else math.nan, time_elapsed=time_elapsed,
        milestone_slip=milestones.slip, milestones_due=float(milestones.due),
        milestones_hit=float(milestones.hit), baseline_budget=bac,
        current_budget=inputs.current_budget, risk_exposure=inputs.risk_exposure,
        high_risks=inputs.high_risks, overallocation=inputs.overallocation,
        utilisation=inputs.utilisation)
    values = chosen.values(figures)
    kpi_statuses, statuses = chosen.assess(values, inputs.bands or chosen.bands())
    return PerformanceReport(
        ids=ids, levels=tuple(levels),
        summaries=frozenset(ids[p] for p in parents if p >= 0),
        evm=evm, task_evm=task_evm, es=es,
        task_es=_task_schedules(tasks, parents, levels, budgets, rolled[:, 2], starts,
                                finishes, dated, timeline, status),
        unallocated_ac=unallocated, status_time=status, at=at, periods=periods,
        pv_by_period=curve, ac_by_period=_actual_by_period(inputs, periods, status),
        ev_points=(*history, (at, ev)), time_elapsed=time_elapsed, milestones=milestones,
        current_budget=inputs.current_budget, figures=figures, kpis=values,
        kpi_statuses=kpi_statuses, statuses=statuses)


def _milestones(tasks: tuple[PerformanceTask, ...], status: TimePoint,
                timeline: Timeline | None) -> Milestones:
    milestones = [t for t in tasks if t.milestone]
    variances = [t.finish_variance for t in milestones if t.finish_variance is not None]
    due = [t for t in milestones
           if t.finish is not None and _on_or_before(t.finish, status, timeline)]
    hit = [t for t in due if t.percent_complete >= 100
           and t.finish_variance is not None and t.finish_variance <= 0]
    return Milestones(max(variances) if variances else None, len(due), len(hit))


def _actual_by_period(inputs: PerformanceInputs, periods: Periods,
                      status: float) -> tuple[float | None, ...] | None:
    """Cumulative AC at the end of each period up to the status (None after it); None when
    a cost has no date."""
    costs = inputs.actual_costs
    if any(cost.day is None for cost in costs):
        return None
    if not isinstance(inputs.status, date):  # abstract time: no cost has a day, none was spent
        return tuple(0.0 if end <= status else None for end in periods.ends)
    ends = np.array(periods.labels, dtype="datetime64[D]")  # calendar periods end on these days
    totals = np.zeros(len(periods))
    if costs:
        days = np.array([cost.day for cost in costs], dtype="datetime64[D]")
        order = np.argsort(days, kind="stable")
        cumulative = np.concatenate(([0.0], np.cumsum(np.array([c.amount for c in costs])[order])))
        totals = cumulative[np.searchsorted(days[order], ends, side="right")]
    status_day = np.datetime64(inputs.status, "D")
    return tuple(float(v) if end <= status_day else None for v, end in zip(totals, ends,
                                                                          strict=True))


def _task_schedules(tasks: tuple[PerformanceTask, ...], parents: npt.NDArray[np.int64],
                    levels: list[int], budgets: npt.NDArray[np.float64],
                    ev: npt.NDArray[np.float64], starts: npt.NDArray[np.float64],
                    finishes: npt.NDArray[np.float64], dated: npt.NDArray[np.bool_],
                    timeline: Timeline | None, status: float) -> tuple[EsResult | None, ...]:
    """Each task's earned schedule (module docstring): a task done on time keeps SPI(t) = 1
    however long ago it finished, because its actual time stops at its finish."""
    n = len(tasks)
    children: list[list[int]] = [[] for _ in range(n)]
    for i, parent in enumerate(parents.tolist()):
        if parent >= 0:
            children[parent].append(i)
    finished: list[float | None] = [
        None if t.actual_finish is None else _time(t.actual_finish, timeline, finish=True)
        for t in tasks]
    for i in sorted(range(n), key=lambda k: -levels[k]):  # parts before their summary
        if children[i]:
            ends = [finished[k] for k in children[i]]
            finished[i] = None if any(e is None for e in ends) else max(
                e for e in ends if e is not None)
    result: list[EsResult | None] = []
    for i in range(n):
        members, stack = [], [i]
        while stack:  # the task and all its parts
            k = stack.pop()
            members.append(k)
            stack.extend(children[k])
        planned = sorted(k for k in members if dated[k] and budgets[k] > 0)
        if not dated[i] or not planned:
            result.append(None)
            continue
        done = finished[i]
        end = status if done is None else min(status, done)
        result.append(daily_earned_schedule(starts[planned], finishes[planned],
                                            budgets[planned], float(ev[i]), end))
    return tuple(result)
