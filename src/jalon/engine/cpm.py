"""Critical path method: :func:`schedule` turns a :class:`~jalon.engine.model.Plan` into dates.

Conventions (the engine's contract, see ``docs/scheduling.md``):

- Links: FS ``ES(s) >= EF(p) + lag``; SS ``ES(s) >= ES(p) + lag``; FF ``EF(s) >= EF(p) + lag``;
  SF ``EF(s) >= ES(p) + lag``. Lags may be negative. No activity starts before 0.
- Project finish ``T = max EF``; the backward pass starts from ``T`` (every activity finishes by
  ``T``), lowered by "no later than" constraints, "must" constraints and deadlines.
- Total float ``LS - ES = LF - EF``, negative when a constraint or deadline cannot be met.
  Free float is the smallest slack on the activity's outgoing links (``T - EF`` when it has
  none), kept between 0 and the total float. Critical means total float <= 0 (within 1e-6).
- ALAP activities are scheduled at their late dates: a second forward pass starts them at their
  late start, and their successors follow. They therefore show zero float (as in MS Project).
- Durations are full working days (fractions allowed); activities are not split.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from jalon.engine.constraints import Bounds, collect_bounds
from jalon.engine.model import Plan
from jalon.engine.network import Network, build_network, topological_levels
from jalon.engine.passes import (
    FINISH_PRED,
    Positions,
    ProgressState,
    backward,
    forward,
    link_slack,
)
from jalon.engine.results import Schedule

__all__ = ["CRITICAL_TOLERANCE", "schedule"]

CRITICAL_TOLERANCE = 1e-6
"""Total float at or below this (working days) counts as zero."""


@dataclass
class Problem:
    """A plan prepared for the passes: arrays in topological position order.

    Built by :func:`prepare`; :func:`schedule` and the PERT analysis run passes on it.
    """

    plan: Plan
    network: Network
    bounds: Bounds
    pos: Positions
    pred: np.ndarray  # link end points, as positions
    succ: np.ndarray
    kind: np.ndarray
    lag: np.ndarray
    duration: np.ndarray  # per position
    leaf_ids: list[str]  # activity id per node
    retained_logic: bool

    @cached_property
    def names(self) -> list[str]:
        """Activity id per position."""
        return [self.leaf_ids[i] for i in self.pos.order.tolist()]

    def solve(self, duration: np.ndarray) -> Solution:
        """Run forward, backward (and, for ALAP activities, a second forward) pass."""
        b = self.bounds
        order = self.pos.order
        fraction = b.fraction_done[order]
        actual_start = b.actual_start[order]
        actual_finish = b.actual_finish[order]
        has_as = np.isfinite(actual_start)
        has_af = np.isfinite(actual_finish)
        complete = has_af | (fraction >= 1.0)
        started = has_as | (fraction > 0.0) | complete
        done = np.where(complete, duration, duration * fraction)
        span = np.where(complete, 0.0, duration - done)
        start_floor = b.start_floor[order]
        finish_floor = b.finish_floor[order]
        floor = np.maximum.reduce(
            [np.zeros_like(duration), np.full_like(duration, b.status), start_floor,
             finish_floor - duration]
        )
        cap_start = np.where(started, np.inf, b.start_cap[order] + duration)
        cap = np.minimum(b.finish_cap[order], cap_start)
        progress = None
        if b.has_progress:
            progress = ProgressState(
                started=started,
                complete=complete,
                has_actual_start=has_as,
                actual_start=np.where(has_as, actual_start, 0.0),
                has_actual_finish=has_af,
                actual_finish=np.where(has_af, actual_finish, 0.0),
                done=done,
                resume_floor=np.where(
                    complete, -np.inf, np.maximum(b.status, finish_floor - span)
                ),
                follows_logic=~complete & (~started | self.retained_logic),
            )
        pred, succ, kind, lag = self.pred, self.succ, self.kind, self.lag
        es, x, ef = forward(self.pos, pred, succ, kind, lag, duration, span, floor, progress)
        finish = float(ef.max()) if ef.size else 0.0
        # Links that constrain late dates: not into finished work, not into started work that
        # ignores its logic, not from the (already fixed) start of started work.
        chosen = ~complete[succ] & ~(started[succ] & ~self.retained_logic)
        chosen &= FINISH_PRED[kind] | ~started[pred]
        chosen_links = np.flatnonzero(chosen)
        lf, lx = backward(
            self.pos, pred, succ, kind, lag, span, np.minimum(cap, finish), chosen_links
        )
        alap = b.alap[order] & ~started
        if alap.any():
            floor = np.where(alap, np.maximum(floor, lx), floor)
            es, x, ef = forward(self.pos, pred, succ, kind, lag, duration, span, floor, progress)
        ls = np.where(started, es + (lf - ef), lx)
        ls = np.where(complete, es, ls)
        lf = np.where(complete, ef, lf)
        total_float = lf - ef
        slack = link_slack(pred, succ, kind, lag, es, x, ef)
        smallest = np.full(len(duration), np.inf)
        np.minimum.at(smallest, pred[chosen_links], slack[chosen_links])
        free_float = np.where(np.isinf(smallest), finish - ef, smallest)
        free_float = np.clip(free_float, 0.0, np.maximum(total_float, 0.0))
        free_float[complete] = 0.0
        critical = (total_float <= CRITICAL_TOLERANCE) & ~complete
        driving = (slack <= CRITICAL_TOLERANCE) & ~complete[succ]
        return Solution(es, ef, ls, lf, total_float, free_float, critical, finish, driving)


@dataclass
class Solution:
    """Pass results, per position (see :class:`Problem`)."""

    early_start: np.ndarray
    early_finish: np.ndarray
    late_start: np.ndarray
    late_finish: np.ndarray
    total_float: np.ndarray
    free_float: np.ndarray
    critical: np.ndarray
    finish: float
    driving: np.ndarray  # per link: slack 0 in the early schedule


def prepare(plan: Plan, *, retained_logic: bool = True) -> Problem:
    """Validate the network (cycles) and lay the plan out as arrays for the passes."""
    network = build_network(plan)
    activities = plan.activities
    leaf_rows = network.leaf_rows
    timeline = plan.calendar.timeline(plan.start) if plan.start and plan.calendar else None
    bounds = collect_bounds(
        plan, leaf_rows, network.summary_rows, network.summary_leaves, timeline
    )
    ids = list(map(attrgetter("id"), activities))
    leaf_ids = ids if len(leaf_rows) == len(ids) else [ids[r] for r in leaf_rows.tolist()]
    durations = np.fromiter(map(attrgetter("duration"), activities), np.float64, len(ids))
    duration = durations[leaf_rows]
    for node in bounds.estimated.tolist():
        duration[node] = activities[int(leaf_rows[node])].scheduled_duration
    levels = topological_levels(network.size, network.pred, network.succ, leaf_ids)
    pos = Positions.from_levels(levels, network.size)
    return Problem(
        plan=plan,
        network=network,
        bounds=bounds,
        pos=pos,
        pred=pos.position[network.pred],
        succ=pos.position[network.succ],
        kind=network.kind,
        lag=network.lag,
        duration=duration[pos.order],
        leaf_ids=leaf_ids,
        retained_logic=retained_logic,
    )


def schedule(plan: Plan, *, retained_logic: bool = True) -> Schedule:
    """Compute early and late dates, floats and the critical path of a plan.

    Parameters
    ----------
    plan : Plan
        The activities, links, optional start date and calendar, optional status date.
    retained_logic : bool
        With progress, whether the remaining work of a started activity still waits for its
        unfinished predecessors (retained logic, the default) or ignores them (progress
        override).

    Returns
    -------
    Schedule
        Times in working days from the project start, dates when the plan has a start.

    Raises
    ------
    CycleError
        If the links loop; the message names the activities, e.g.
        ``"Dependency cycle: A → B → C → A"``.
    ValidationFailed
        If the dates reach beyond what the calendar can represent.
    """
    from jalon.engine.pert import analyse_pert

    problem = prepare(plan, retained_logic=retained_logic)
    solution = problem.solve(problem.duration)
    result = _assemble(problem, solution)
    if problem.bounds.estimated.size:
        result.pert = analyse_pert(problem)
    return result


def _assemble(problem: Problem, solution: Solution) -> Schedule:
    plan, network, pos = problem.plan, problem.network, problem.pos
    count = len(plan.activities)
    rows = network.leaf_rows[pos.order]  # activity row of each position
    fields = {}
    for name in ("early_start", "early_finish", "late_start", "late_finish", "total_float",
                 "free_float"):
        column = np.zeros(count)
        column[rows] = getattr(solution, name)
        fields[name] = column
    critical = np.zeros(count, dtype=bool)
    critical[rows] = solution.critical
    is_summary = np.zeros(count, dtype=bool)
    is_summary[network.summary_rows] = True
    node_rows = network.leaf_rows
    for row, leaves in zip(network.summary_rows.tolist(), network.summary_leaves, strict=True):
        members = node_rows[leaves]
        for name, reduce in (
            ("early_start", np.min), ("early_finish", np.max), ("late_start", np.min),
            ("late_finish", np.max), ("total_float", np.min), ("free_float", np.min),
        ):
            fields[name][row] = reduce(fields[name][members])
        critical[row] = critical[members].any()

    leaf_es = solution.early_start
    start = float(leaf_es.min()) if leaf_es.size else 0.0
    critical_positions = np.flatnonzero(solution.critical)
    leaf_ids, order = problem.leaf_ids, pos.order
    critical_path = [leaf_ids[order[i]] for i in critical_positions.tolist()]
    driving = np.flatnonzero(solution.driving)
    chains = _chains(problem, solution, critical_positions, driving)
    names = list(map(attrgetter("name"), plan.activities))
    result = Schedule(
        name=plan.name,
        ids=list(map(attrgetter("id"), plan.activities)),
        names=names,
        critical=critical,
        is_summary=is_summary,
        start=start,
        finish=solution.finish,
        critical_path=critical_path,
        critical_paths=chains,
        driving_links=(rows[problem.succ[driving]], rows[problem.pred[driving]]),
        **fields,
    )
    if plan.start is not None and plan.calendar is not None:
        line = plan.calendar.timeline(plan.start)
        result.start_dates = line.start_dates(result.early_start)
        result.finish_dates = line.finish_dates(result.early_finish, result.early_start)
        result.late_start_dates = line.start_dates(result.late_start)
        result.late_finish_dates = line.finish_dates(result.late_finish, result.late_start)
        result.start_date = line.start_date(start)
        result.finish_date = line.finish_date(result.finish, start)
    return result


def _chains(
    problem: Problem, solution: Solution, critical: np.ndarray, driving: np.ndarray
) -> list[list[str]]:
    """Group critical activities into chains joined by driving links between them."""
    if critical.size == 0:
        return []
    is_critical = solution.critical
    pred, succ = problem.pred[driving], problem.succ[driving]
    keep = is_critical[pred] & is_critical[succ]
    local = np.full(len(is_critical), -1)
    local[critical] = np.arange(critical.size)
    graph = coo_matrix(
        (np.ones(int(keep.sum())), (local[pred[keep]], local[succ[keep]])),
        shape=(critical.size, critical.size),
    )
    count, labels = connected_components(graph, directed=True, connection="weak")
    groups: list[list[str]] = [[] for _ in range(count)]
    order, leaf_ids = problem.pos.order, problem.leaf_ids
    for position, label in zip(critical.tolist(), labels.tolist(), strict=True):
        groups[label].append(leaf_ids[order[position]])
    groups.sort(key=len, reverse=True)
    return groups
