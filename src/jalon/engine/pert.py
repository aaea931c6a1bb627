"""PERT: three-point estimates, expected project duration and the probability of a due date.

For each activity with an estimate ``(a, m, b)``: expected time ``te = (a + 4m + b) / 6`` and
variance ``((b - a) / 6) ** 2``; activities without an estimate keep their duration and have no
variance. The network is scheduled with the expected times (same links, lags, constraints and
progress as the plan); the project variance is the sum of the variances along the critical path
and, when several paths are critical, along the one of largest variance. The project finish is
taken as normally distributed: ``P(T <= d) = Phi((d - T_e) / sigma)``.

With start-to-start or finish-to-finish links, a path may run through only the start or only the
finish of an activity; the variance of an activity counts only where its duration lies on the
path (its start and finish events are tracked separately).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from jalon.engine.passes import FINISH_PRED, FINISH_SUCC, LinkGroups

if TYPE_CHECKING:
    from jalon.engine.calendar import Timeline
    from jalon.engine.cpm import Problem

__all__ = ["PertResult", "analyse_pert"]

_TOL = 1e-6


@dataclass
class PertResult:
    """Expected project duration and its spread under PERT assumptions.

    Attributes
    ----------
    expected_duration : float
        Expected project finish ``T_e``, in working days from the project start.
    variance : float
        Variance of the project finish (working days squared).
    critical_path : list[str]
        Activity ids along the critical path by expected times (ties: largest variance).
    expected_times, variances : dict[str, float]
        Per leaf activity ``te`` and variance.
    """

    expected_duration: float
    variance: float
    critical_path: list[str]
    expected_times: dict[str, float] = field(default_factory=dict)
    variances: dict[str, float] = field(default_factory=dict)
    timeline: Timeline | None = field(default=None, repr=False)

    @property
    def std_dev(self) -> float:
        """Standard deviation of the project finish, in working days."""
        return math.sqrt(self.variance)

    @property
    def expected_finish_date(self) -> date | None:
        """Inclusive date of the expected finish, when the plan has a start date."""
        if self.timeline is None:
            return None
        return self.timeline.finish_date(self.expected_duration, 0.0)

    def probability_by(self, due: float | date) -> float:
        """Probability that the project finishes by ``due``.

        Parameters
        ----------
        due : float or datetime.date
            Abstract time in working days, or a date (meaning the end of that day; needs a plan
            with a start date).

        Returns
        -------
        float
            ``Phi((due - T_e) / sigma)``; with zero variance, 1 if ``due >= T_e`` else 0.
        """
        if isinstance(due, date):
            if self.timeline is None:
                from jalon.engine import messages as m
                from jalon.errors import ValidationFailed

                raise ValidationFailed(m.DUE_NEEDS_START(), field="due")
            due = float(self.timeline.finish_time(due))
        if self.variance <= 0:
            return 1.0 if due >= self.expected_duration - _TOL else 0.0
        z = (float(due) - self.expected_duration) / self.std_dev
        return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))

    def duration_at(self, probability: float) -> float:
        """Finish time reached with the given probability (the normal quantile)."""
        from scipy.stats import norm

        return float(self.expected_duration + norm.ppf(probability) * self.std_dev)


def analyse_pert(problem: Problem) -> PertResult:
    """Run the PERT analysis of a prepared plan (see :func:`jalon.engine.cpm.prepare`)."""
    plan = problem.plan
    order = problem.pos.order
    leaf_rows = problem.network.leaf_rows
    expected = problem.duration.copy()
    variance = np.zeros_like(expected)
    position = problem.pos.position
    for node in problem.bounds.estimated.tolist():
        activity = plan.activities[int(leaf_rows[node])]
        a, b = float(activity.optimistic or 0), float(activity.pessimistic or 0)
        expected[position[node]] = activity.expected_duration
        variance[position[node]] = ((b - a) / 6.0) ** 2
    solution = problem.solve(expected)
    start_var, finish_var = _path_variances(problem, solution.driving, variance)
    finish = solution.finish
    ends = np.flatnonzero(solution.early_finish >= finish - _TOL)
    end = int(ends[np.argmax(finish_var[ends])]) if ends.size else -1
    path = _backtrack(problem, solution.driving, variance, start_var, finish_var, end)
    timeline = plan.calendar.timeline(plan.start) if plan.start and plan.calendar else None
    names = problem.names
    del order
    return PertResult(
        expected_duration=finish,
        variance=float(finish_var[end]) if end >= 0 else 0.0,
        critical_path=path,
        expected_times=dict(zip(names, expected.tolist(), strict=True)),
        variances=dict(zip(names, variance.tolist(), strict=True)),
        timeline=timeline,
    )


def _path_variances(
    problem: Problem, tight: np.ndarray, variance: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Largest variance of a driving path to each start and finish event, level by level."""
    size = len(variance)
    pred, succ, kind = problem.pred, problem.succ, problem.kind
    source = pred + size * FINISH_PRED[kind]
    values = np.zeros(2 * size)  # [start | finish]
    to_finish = FINISH_SUCC[kind]
    bounds = problem.pos.bounds
    start_groups = LinkGroups.build(succ, np.flatnonzero(tight & ~to_finish), bounds)
    finish_groups = LinkGroups.build(succ, np.flatnonzero(tight & to_finish), bounds)
    for k in range(len(bounds) - 1):
        a, b = bounds[k], bounds[k + 1]
        best = []
        for groups in (start_groups, finish_groups):
            level = np.full(b - a, -np.inf)
            l0, l1 = groups.link_bounds[k], groups.link_bounds[k + 1]
            if l1 > l0:
                chosen = groups.index[l0:l1]
                level[groups.seg_keys[k] - a] = np.maximum.reduceat(
                    values[source[chosen]], groups.seg_starts[k]
                )
            best.append(level)
        via_start = np.where(np.isinf(best[0]), 0.0, best[0])
        via_finish = best[1]
        var = variance[a:b]
        values[a:b] = np.maximum(via_start, via_finish + var)
        values[size + a : size + b] = np.maximum(via_start + var, via_finish)
    return values[:size], values[size:]


def _backtrack(
    problem: Problem,
    tight: np.ndarray,
    variance: np.ndarray,
    start_var: np.ndarray,
    finish_var: np.ndarray,
    end: int,
) -> list[str]:
    """Follow the links that gave each event its variance, from the end back to a source."""
    if end < 0:
        return []
    size = len(variance)
    pred, succ, kind = problem.pred, problem.succ, problem.kind
    links = np.flatnonzero(tight)
    links = links[np.argsort(succ[links], kind="stable")]
    link_succ = succ[links]
    values = np.concatenate([start_var, finish_var])
    path = [end]
    node, at_finish = end, True
    for _ in range(2 * size + len(links) + 2):
        first, last = np.searchsorted(link_succ, [node, node + 1])
        incoming = links[first:last]
        from_finish = FINISH_PRED[kind[incoming]]
        reach = values[pred[incoming] + size * from_finish]
        into_finish = FINISH_SUCC[kind[incoming]]
        target = finish_var[node] if at_finish else start_var[node]
        # Which route gave this event its value? Prefer the activity's own duration.
        if at_finish and np.isclose(target, _best(reach[~into_finish]) + variance[node]):
            at_finish = False
            continue
        wanted = into_finish if at_finish else ~into_finish
        candidates = incoming[wanted & np.isclose(reach, target)]
        if not at_finish and candidates.size == 0:
            shifted = into_finish & np.isclose(reach + variance[node], target)
            candidates, at_finish = incoming[shifted], bool(shifted.any())
        if candidates.size == 0:
            break
        link = int(candidates[0])
        node = int(pred[link])
        at_finish = bool(FINISH_PRED[kind[link]])
        if path[-1] != node:
            path.append(node)
    path.reverse()
    return [problem.names[i] for i in path]


def _best(values: np.ndarray) -> float:
    return float(values.max()) if values.size else 0.0
