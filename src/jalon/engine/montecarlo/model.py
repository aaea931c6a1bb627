"""The simulation model: a plan laid out as arrays, with distributions, risks and costs.

Build it once with :func:`build_model` (it validates everything and names the task or risk at
fault), then run it any number of times with :func:`jalon.engine.montecarlo.run`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np

from jalon.engine import messages as m
from jalon.engine.calendar import Timeline
from jalon.engine.constraints import Bounds
from jalon.engine.cpm import prepare
from jalon.engine.model import Activity, Plan
from jalon.engine.montecarlo.correlation import correlation_matrix
from jalon.engine.montecarlo.distributions import DurationDistribution
from jalon.engine.montecarlo.passes import IterationNetwork
from jalon.engine.montecarlo.risks import RiskEvent, TaskCost
from jalon.engine.passes import Positions
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
        Links and constraint bounds.
    base : numpy.ndarray
        Deterministic durations per position (working days): the plan's.
    kinds : list[tuple[str, numpy.ndarray, numpy.ndarray]]
        ``(kind, rows, params)``: random tasks grouped by distribution kind; ``rows`` index
        ``random_positions``, ``params`` has shape ``(n_params, len(rows))``.
    random_positions : numpy.ndarray
        Positions of the tasks with a random duration (one uniform row each).
    correlated : tuple[numpy.ndarray, numpy.ndarray] or None
        Rows (into ``random_positions``) and target rank-correlation matrix.
    fixed_cost, rate : numpy.ndarray or None
        Per position: cost = fixed + rate x duration; None when the plan has no costs.
    risk_probability, risk_cost : numpy.ndarray
        Per risk.
    risk_pairs : tuple of numpy.ndarray
        ``(risk, position, delay, delay_fraction)`` for every (risk, task) link.
    risk_ids : list[str]
    timeline : Timeline or None
        Turns working days into dates when the plan has a start.
    """

    ids: list[str]
    position: np.ndarray
    network: IterationNetwork
    base: np.ndarray
    kinds: list[tuple[str, np.ndarray, np.ndarray]]
    random_positions: np.ndarray
    correlated: tuple[np.ndarray, np.ndarray] | None
    fixed_cost: np.ndarray | None
    rate: np.ndarray | None
    risk_ids: list[str]
    risk_probability: np.ndarray
    risk_cost: np.ndarray
    risk_pairs: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    timeline: Timeline | None = None

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
        return _assemble(names, problem.pos, problem.pred, problem.succ, problem.kind,
                         problem.lag, problem.duration, list(distributions), bounds, [], {}, [],
                         None)


def build_model(
    plan: Plan,
    *,
    distributions: Mapping[str, DurationDistribution] | None = None,
    risks: Iterable[RiskEvent] = (),
    correlations: Iterable[tuple[str, str, float]] = (),
    costs: Mapping[str, TaskCost] | None = None,
) -> SimulationModel:
    """Lay a plan out for simulation.

    Parameters
    ----------
    plan : Plan
        Links (all four types, lags in working days), summaries (expanded to their leaves),
        SNET/FNET/SNLT/FNLT/MSO/MFO constraints and deadlines are honoured. Progress, task
        calendars and elapsed lags are not: a simulation looks at the plan from its start, with
        durations in working days of the project calendar.
    distributions : Mapping[str, DurationDistribution] or None
        Per task id; a task not named gets :func:`default_distribution` (triangular from its
        three-point estimate, else its fixed duration).
    risks : Iterable[RiskEvent]
        Risk events; their tasks must be leaf tasks of the plan.
    correlations : Iterable[tuple[str, str, float]]
        ``(task_a, task_b, rho)``: target rank correlations between random durations.
    costs : Mapping[str, TaskCost] or None
        Per task id: fixed cost and cost per working day.

    Raises
    ------
    ValidationFailed
        Naming the task, risk or correlation at fault; CycleError for a loop.
    """
    problem = prepare(plan)
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
    bounds = problem.bounds
    timeline = plan.calendar.timeline(plan.start) if plan.start and plan.calendar else None
    return _assemble(leaf_ids, problem.pos, problem.pred, problem.succ, problem.kind,
                     problem.lag, problem.duration, chosen, bounds, risk_list, dict(costs or {}),
                     pairs, timeline, plan_costs=costs is not None)


def _assemble(
    ids: list[str], pos: Positions, pred: np.ndarray, succ: np.ndarray, kind: np.ndarray,
    lag: np.ndarray, duration: np.ndarray, chosen: list[DurationDistribution], bounds: Bounds,
    risks: list[RiskEvent], costs: dict[str, TaskCost], pairs: list[tuple[str, str, float]],
    timeline: Timeline | None, *, plan_costs: bool = False,
) -> SimulationModel:
    """``chosen`` and ``ids`` are per node (plan leaf order); the arrays per position."""
    order = pos.order
    size = len(ids)
    base = np.asarray(duration, dtype=np.float64).copy()  # already in position order
    random_nodes = [node for node in order.tolist() if chosen[node].is_random]
    for node in range(size):
        if not chosen[node].is_random:
            base[pos.position[node]] = chosen[node].params[0] if chosen[node].kind == "fixed" \
                else chosen[node].mean
    by_kind: dict[str, list[int]] = {}
    for row, node in enumerate(random_nodes):
        by_kind.setdefault(chosen[node].kind, []).append(row)
    kinds = []
    for kind_name, rows in by_kind.items():
        params = np.array([chosen[random_nodes[r]].params for r in rows], dtype=np.float64).T
        kinds.append((kind_name, np.array(rows, dtype=np.int64), params))
    random_positions = pos.position[np.array(random_nodes, dtype=np.int64)]
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
        pos, pred, succ, kind, lag,
        start_floor=bounds.start_floor[order], finish_floor=bounds.finish_floor[order],
        start_cap=bounds.start_cap[order], finish_cap=bounds.finish_cap[order],
    )
    node_of = {name: node for node, name in enumerate(ids)}
    fixed_cost = rate = None
    if plan_costs:
        fixed_cost, rate = np.zeros(size), np.zeros(size)
        for name, cost in costs.items():
            fixed_cost[pos.position[node_of[name]]] += cost.fixed
            rate[pos.position[node_of[name]]] += cost.rate
    pair_risk, pair_pos, pair_delay, pair_fraction = [], [], [], []
    for index, risk in enumerate(risks):
        for task in risk.tasks:
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
        correlated=correlated,
        fixed_cost=fixed_cost,
        rate=rate,
        risk_ids=[r.id for r in risks],
        risk_probability=np.array([r.probability for r in risks], dtype=np.float64),
        risk_cost=np.array([r.cost for r in risks], dtype=np.float64),
        risk_pairs=(np.array(pair_risk, dtype=np.int64), np.array(pair_pos, dtype=np.int64),
                    np.array(pair_delay, dtype=np.float64),
                    np.array(pair_fraction, dtype=np.float64)),
        timeline=timeline,
    )
