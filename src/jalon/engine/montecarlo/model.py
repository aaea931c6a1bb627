"""The simulation model: a plan laid out as arrays, with distributions, risks and costs.

Build it once with :func:`build_model` (it validates everything and names the task or risk at
fault), then run it any number of times with :func:`jalon.engine.montecarlo.run`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial

import numpy as np

from jalon.engine import messages as m
from jalon.engine.calendar import Timeline
from jalon.engine.constraints import Bounds
from jalon.engine.cpm import Problem, prepare, schedule
from jalon.engine.model import Activity, Plan
from jalon.engine.montecarlo import sweep
from jalon.engine.montecarlo.calendars import IterationCalendars
from jalon.engine.montecarlo.correlation import correlation_matrix
from jalon.engine.montecarlo.distributions import DurationDistribution
from jalon.engine.montecarlo.network import IterationNetwork
from jalon.engine.montecarlo.progress import IterationProgress, progress_of
from jalon.engine.montecarlo.risks import RiskEvent, TaskCost
from jalon.errors import ValidationFailed
from jalon.i18n import Ref

__all__ = ["SimulationModel", "build_model", "default_distribution"]


def default_distribution(activity: Activity) -> DurationDistribution:
    """Triangular from the three-point estimate, else the fixed (deterministic) duration."""
    who = partial(m.activity, activity.id)
    if activity.has_estimate:
        return DurationDistribution.triangular(
            float(activity.optimistic), float(activity.most_likely),  # type: ignore[arg-type]
            float(activity.pessimistic), owner=who)  # type: ignore[arg-type]
    return DurationDistribution.fixed(activity.scheduled_duration, owner=who)


@dataclass
class SimulationModel:
    """Everything a run needs, as arrays in topological position order.

    Attributes
    ----------
    ids : list[str]
        Leaf activity ids, in the plan's order (the order of every per-task result).
    position : numpy.ndarray
        Position of each leaf (plan order) in the arrays below.
    network : IterationNetwork
        Links, constraint bounds and the progress at the status date.
    base : numpy.ndarray
        Remaining durations per position (working days) of the tasks whose duration is not
        random: their fixed value (or their distribution's mean), less the work done.
    kinds : list[tuple[str, numpy.ndarray, numpy.ndarray]]
        ``(kind, rows, params)``: random tasks grouped by distribution kind; ``rows`` index
        ``random_positions``, ``params`` has shape ``(n_params, len(rows))``.
    random_positions : numpy.ndarray
        Positions of the tasks with a random duration (one uniform row each); complete tasks
        never are.
    started_rows : tuple[numpy.ndarray, numpy.ndarray] or None
        The started tasks among them: rows (into ``random_positions``) and the share of their
        duration done, shaped ``(k, 1)``; a sample ``d`` leaves ``d - d x share``.
    correlated : tuple[numpy.ndarray, numpy.ndarray] or None
        Rows (into ``random_positions``) and target rank-correlation matrix.
    fixed_cost, rate : numpy.ndarray or None
        Per position: cost = fixed + rate x remaining duration (the work done is in
        ``fixed``); None when the plan has no costs.
    risk_probability, risk_cost : numpy.ndarray
        Per risk.
    risk_pairs : tuple of numpy.ndarray
        ``(risk, position, delay, delay_fraction)`` for every (risk, task) link.
    risk_ids : list[str]
    timeline : Timeline or None
        Turns working days into dates when the plan has a start.
    planned : numpy.ndarray
        Remaining durations per position as the plan schedules them (the deterministic plan).
    deterministic_finish : float
        The finish of the deterministic plan: the schedule's (working days).
    deterministic_date : datetime.date or None
        Its date, as the schedule shows it (plans with a start).
    """

    ids: list[str]
    position: np.ndarray
    network: IterationNetwork
    base: np.ndarray
    kinds: list[tuple[str, np.ndarray, np.ndarray]]
    random_positions: np.ndarray
    started_rows: tuple[np.ndarray, np.ndarray] | None
    correlated: tuple[np.ndarray, np.ndarray] | None
    fixed_cost: np.ndarray | None
    rate: np.ndarray | None
    risk_ids: list[str]
    risk_probability: np.ndarray
    risk_cost: np.ndarray
    risk_pairs: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    planned: np.ndarray
    deterministic_finish: float
    timeline: Timeline | None = None
    deterministic_date: date | None = None

    @property
    def size(self) -> int:
        """Number of leaf activities."""
        return len(self.ids)

    @property
    def has_costs(self) -> bool:
        """Whether a cost distribution is computed."""
        return self.fixed_cost is not None or bool(self.risk_cost.any())

    @classmethod
    def from_arrays(
        cls, distributions: Sequence[DurationDistribution], pred: np.ndarray,
        succ: np.ndarray, kind: np.ndarray | None = None, lag: np.ndarray | None = None,
        *, ids: list[str] | None = None,
    ) -> SimulationModel:
        """A model from plain arrays (abstract time, no constraints, risks or costs).

        ``pred``/``succ`` index ``distributions``; ``kind`` 0 FS, 1 SS, 2 FF, 3 SF.
        """
        from jalon.engine.cpm import _problem  # the same levelling as schedule_arrays

        size = len(distributions)
        names = ids if ids is not None else [str(i) for i in range(size)]
        pred = np.asarray(pred, dtype=np.int64)
        succ = np.asarray(succ, dtype=np.int64)
        kinds = np.zeros(len(pred), np.int8) if kind is None else np.asarray(kind, np.int8)
        lags = np.zeros(len(pred)) if lag is None else np.asarray(lag, dtype=np.float64)
        base = np.array([d.mean for d in distributions], dtype=np.float64)
        bounds = Bounds(np.full(size, -np.inf), np.full(size, -np.inf), np.full(size, np.inf),
                        np.full(size, np.inf), np.zeros(size, bool), np.full(size, np.nan),
                        np.full(size, np.nan), np.zeros(size), -np.inf,
                        np.zeros(0, np.int64))
        problem = _problem(pred, succ, kinds, lags, base, bounds, names, True)
        return _assemble(problem, list(distributions), [], {}, [], None)


def build_model(
    plan: Plan,
    *,
    distributions: Mapping[str, DurationDistribution] | None = None,
    risks: Iterable[RiskEvent] = (),
    correlations: Iterable[tuple[str, str, float]] = (),
    costs: Mapping[str, TaskCost] | None = None,
    retained_logic: bool = True,
) -> SimulationModel:
    """Lay a plan out for simulation of what remains at its status date.

    Parameters
    ----------
    plan : Plan
        Scheduled as :func:`jalon.engine.schedule` does: links (all four types, lags in
        working or elapsed days), summaries (expanded to their leaves), SNET/FNET/SNLT/FNLT/
        MSO/MFO constraints and deadlines, task calendars, and progress at the status date
        (see :mod:`jalon.engine.montecarlo.progress`: complete tasks keep their actual dates,
        started ones sample their remaining duration only). With the durations of the plan,
        an iteration gives the schedule's finish.
    distributions : Mapping[str, DurationDistribution] or None
        Per task id; a task not named gets :func:`default_distribution` (triangular from its
        three-point estimate, else its fixed duration).
    risks : Iterable[RiskEvent]
        Risk events; their tasks must be leaf tasks of the plan.
    correlations : Iterable[tuple[str, str, float]]
        ``(task_a, task_b, rho)``: target rank correlations between random durations.
    costs : Mapping[str, TaskCost] or None
        Per task id: fixed cost and cost per working day.
    retained_logic : bool
        As :func:`jalon.engine.schedule`: the remaining work of started tasks waits for their
        unfinished predecessors (the default), or ignores them (progress override).

    Raises
    ------
    ValidationFailed
        Naming the task, risk or correlation at fault; CycleError for a loop.
    """
    problem = prepare(plan, retained_logic=retained_logic)
    leaf_ids = problem.leaf_ids
    known = set(leaf_ids)
    summaries = {a.id for a in plan.activities} - known
    distributions = dict(distributions or {})
    for name in list(distributions) + list(costs or {}):
        if name not in known:
            wrong = m.SUMMARY_UNCERTAIN if name in summaries else m.UNKNOWN_UNCERTAIN
            raise ValidationFailed(wrong(task=Ref.task(name)), field="tasks")
    by_id = {a.id: a for a in plan.activities}
    chosen = [distributions.get(i) or default_distribution(by_id[i]) for i in leaf_ids]
    risk_list = list(risks)
    seen: set[str] = set()
    for risk in risk_list:
        if risk.id in seen:
            raise ValidationFailed(m.ABOUT(owner=m.RISK(risk=repr(risk.id)),
                                           problem=m.DUPLICATE_RISK()), field="id")
        seen.add(risk.id)
        for task in risk.tasks:
            if task not in known:
                wrong = m.RISK_ON_SUMMARY if task in summaries else m.RISK_UNKNOWN_TASK
                raise ValidationFailed(m.ABOUT(owner=m.RISK(risk=repr(risk.id)),
                                               problem=wrong(task=Ref.task(task))),
                                       field="tasks")
    pairs = list(correlations)
    for a, b, _rho in pairs:
        for name in (a, b):
            if name not in known:
                raise ValidationFailed(m.ABOUT(owner=m.correlation(a, b),
                                               problem=m.NOT_TASK_OF_PLAN(task=Ref.task(name))),
                                       field="correlations")
    timeline = plan.calendar.timeline(plan.start) if plan.start and plan.calendar else None
    # The deterministic plan is the schedule itself; the tests check that an iteration with
    # the plan's durations finishes there too.
    reference = schedule(plan, retained_logic=retained_logic)
    return _assemble(problem, chosen, risk_list, dict(costs or {}), pairs, timeline,
                     plan_costs=costs is not None,
                     deterministic=(reference.finish, reference.finish_date))


def _calendars(problem: Problem, progress: IterationProgress | None
               ) -> IterationCalendars | None:
    """The calendar arithmetic of a dated plan with elapsed lags or task calendars."""
    maps = problem.maps
    if maps is None:
        return None
    order, tasks = problem.pos.order, maps.task_pos
    bounds = problem.bounds
    status = -np.inf if progress is None else progress.status
    started = np.zeros(len(tasks), bool) if progress is None else progress.started[tasks]
    return IterationCalendars(
        maps=maps,
        floor_start=np.maximum(max(0.0, status), bounds.start_floor[order][tasks]).reshape(-1, 1),
        floor_finish=bounds.finish_floor[order][tasks].reshape(-1, 1),
        walks=~started,
    )


def _assemble(
    problem: Problem, chosen: list[DurationDistribution], risks: list[RiskEvent],
    costs: dict[str, TaskCost], pairs: list[tuple[str, str, float]], timeline: Timeline | None,
    *, plan_costs: bool = False, deterministic: tuple[float, date | None] | None = None,
) -> SimulationModel:
    """``chosen`` is per node (plan leaf order); the arrays per position. ``deterministic``
    is the schedule's finish and its date; without it, the passes give the finish."""
    ids, pos, bounds = problem.leaf_ids, problem.pos, problem.bounds
    order = pos.order
    size = len(ids)
    progress, planned = progress_of(problem)
    complete = np.zeros(size, bool) if progress is None else progress.complete
    base = planned.copy()
    random_nodes = [node for node in order.tolist()
                    if chosen[node].is_random and not complete[pos.position[node]]]
    for node in range(size):
        at = pos.position[node]
        if not chosen[node].is_random and not complete[at]:
            value = chosen[node].params[0] if chosen[node].kind == "fixed" else chosen[node].mean
            # what is left of it, computed as the CPM computes it
            fraction = 0.0 if progress is None else progress.fraction[at]
            base[at] = value - value * fraction
    by_kind: dict[str, list[int]] = {}
    for row, node in enumerate(random_nodes):
        by_kind.setdefault(chosen[node].kind, []).append(row)
    kinds = []
    for kind_name, rows in by_kind.items():
        params = np.array([chosen[random_nodes[r]].params for r in rows], dtype=np.float64).T
        kinds.append((kind_name, np.array(rows, dtype=np.int64), params))
    random_positions = pos.position[np.array(random_nodes, dtype=np.int64)]
    started_rows = None
    if progress is not None:
        shares = progress.fraction[random_positions]
        started = np.flatnonzero(shares > 0)
        started_rows = (started, shares[started].reshape(-1, 1)) if started.size else None
    correlated = None
    if pairs:
        row_of = {ids[node]: row for row, node in enumerate(random_nodes)}
        names = []
        for a, b, _rho in pairs:
            for name in (a, b):
                if name not in row_of:
                    raise ValidationFailed(
                        m.ABOUT(owner=m.correlation(a, b),
                                problem=m.FIXED_DURATION(task=Ref.task(name))),
                        field="correlations")
                if name not in names:
                    names.append(name)
        matrix = correlation_matrix(names, pairs)
        correlated = (np.array([row_of[n] for n in names], dtype=np.int64), matrix)
    network = IterationNetwork.build(
        pos, problem.pred, problem.succ, problem.kind, problem.lag,
        start_floor=bounds.start_floor[order], finish_floor=bounds.finish_floor[order],
        start_cap=bounds.start_cap[order], finish_cap=bounds.finish_cap[order],
        progress=progress, retained_logic=problem.retained_logic,
        calendars=_calendars(problem, progress),
    )
    node_of = {name: node for node, name in enumerate(ids)}
    fixed_cost = rate = None
    if plan_costs:
        fixed_cost, rate = np.zeros(size), np.zeros(size)
        for name, cost in costs.items():
            at = pos.position[node_of[name]]
            fixed_cost[at] += cost.fixed
            rate[at] += cost.rate
        if progress is not None:  # the work done is spent, whatever the simulation draws
            fixed_cost += rate * progress.done
    if deterministic is None:
        finishes = sweep.forward_many(network, planned.reshape(-1, 1))[size:]
        deterministic = (float(finishes.max(initial=0.0)), None)
    pair_risk, pair_pos, pair_delay, pair_fraction = [], [], [], []
    for index, risk in enumerate(risks):
        for task in risk.tasks:
            if complete[pos.position[node_of[task]]]:
                continue  # finished: nothing left for the risk to delay
            pair_risk.append(index)
            pair_pos.append(int(pos.position[node_of[task]]))
            delay, percent = risk.delay_of(task)
            pair_delay.append(delay)
            pair_fraction.append(percent / 100.0)
    return SimulationModel(
        ids=list(ids),
        position=pos.position.copy(),
        network=network,
        base=base,
        kinds=kinds,
        random_positions=random_positions,
        started_rows=started_rows,
        correlated=correlated,
        fixed_cost=fixed_cost,
        rate=rate,
        risk_ids=[r.id for r in risks],
        risk_probability=np.array([r.probability for r in risks], dtype=np.float64),
        risk_cost=np.array([r.cost for r in risks], dtype=np.float64),
        risk_pairs=(np.array(pair_risk, dtype=np.int64), np.array(pair_pos, dtype=np.int64),
                    np.array(pair_delay, dtype=np.float64),
                    np.array(pair_fraction, dtype=np.float64)),
        planned=planned,
        deterministic_finish=deterministic[0],
        timeline=timeline,
        deterministic_date=deterministic[1],
    )
