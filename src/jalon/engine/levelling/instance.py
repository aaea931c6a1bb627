"""A levelling problem compiled into integer arrays, the form every method works on.

Every link becomes a start-to-start distance ``S[succ] >= S[pred] + delta`` on whole periods:

=====  ==========================================  ======================
type   rule (engine convention)                    ``delta``
=====  ==========================================  ======================
FS     ``ES(s) >= EF(p) + lag``                    ``d(p) + lag``
SS     ``ES(s) >= ES(p) + lag``                    ``lag``
FF     ``EF(s) >= EF(p) + lag``                    ``d(p) - d(s) + lag``
SF     ``EF(s) >= ES(p) + lag``                    ``lag - d(s)``
=====  ==========================================  ======================

``delta`` may be negative (leads, FF/SF links): such a link gives the successor a time window
that opens before its predecessor starts. Fixed activities and "within float" give deadlines
``S <= deadline``, propagated backwards along the links.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from jalon.engine import messages as m
from jalon.engine.cpm import schedule
from jalon.engine.levelling.problem import LevellingProblem
from jalon.engine.model import Plan
from jalon.engine.network import build_network
from jalon.errors import ValidationFailed

__all__ = ["NO_DEADLINE", "Instance", "compile_problem", "whole_periods"]

NO_DEADLINE = 1 << 40
"""Deadline of an activity that has none."""

_EPS = 1e-9


def whole_periods(value: float) -> int:
    """Round a duration or lag in working days up to whole periods (2.5 -> 3, -1.5 -> -1)."""
    return math.ceil(float(value) - _EPS)


@dataclass(eq=False)
class Instance:
    """Integer levelling data; activities are the plan's leaf activities, in plan order.

    Attributes
    ----------
    ids, names : list[str]
        Activity ids and names.
    duration : numpy.ndarray
        Periods, ``int64[n]``.
    demand : numpy.ndarray
        Units per period, ``float64[n, R]``, never above the resource's final capacity (what
        it keeps for good): that is what every method levels.
    requested : numpy.ndarray
        Units the activities asked for, ``float64[n, R]``: ``demand`` before the demands above
        a final capacity were capped (see :attr:`capped`).
    resource_ids : list[str]
    base_capacity : numpy.ndarray
        ``float64[R]``: capacity from period 0.
    changes : list[dict[int, float]]
        Capacity changes per resource (period -> capacity from then on).
    pred, succ, kind, lag, delta : numpy.ndarray
        Links (kind 0-3 for FS, SS, FF, SF; lag and delta in periods).
    release, deadline : numpy.ndarray
        Earliest and latest start per activity (``NO_DEADLINE`` when none).
    fixed : numpy.ndarray
        ``bool[n]``: must start exactly at ``release`` (== ``deadline``).
    rank : numpy.ndarray
        Precedence among competing activities, higher first (project, then task priority).
    """

    ids: list[str]
    names: list[str]
    duration: np.ndarray
    demand: np.ndarray
    resource_ids: list[str]
    base_capacity: np.ndarray
    changes: list[dict[int, float]]
    pred: np.ndarray
    succ: np.ndarray
    kind: np.ndarray
    lag: np.ndarray
    release: np.ndarray
    deadline: np.ndarray
    fixed: np.ndarray
    rank: np.ndarray
    resource_names: list[str] = field(default_factory=list)
    requested: np.ndarray | None = None

    def __post_init__(self) -> None:
        if not self.resource_names:
            self.resource_names = list(self.resource_ids)
        if self.requested is None:
            self.requested = self.demand.copy()

    @property
    def capped(self) -> list[tuple[int, int]]:
        """``(activity, resource)`` positions whose demand was capped at the final capacity."""
        assert self.requested is not None
        rows, columns = np.nonzero(self.requested > self.demand + _EPS)
        return list(zip(rows.tolist(), columns.tolist(), strict=True))

    @property
    def size(self) -> int:
        """Number of activities."""
        return len(self.ids)

    @cached_property
    def delta(self) -> np.ndarray:
        """Start-to-start distance of every link (see the module table)."""
        d = self.duration
        p, s, k = self.pred, self.succ, self.kind
        shift = np.select([k == 0, k == 1, k == 2, k == 3],
                          [d[p], np.zeros_like(p), d[p] - d[s], -d[s]])
        return np.asarray(shift + self.lag, dtype=np.int64)

    @cached_property
    def index(self) -> dict[str, int]:
        """Activity id -> position."""
        return {ident: i for i, ident in enumerate(self.ids)}

    @cached_property
    def incoming(self) -> list[list[tuple[int, int]]]:
        """Per activity, its ``(predecessor, delta)`` pairs."""
        rows: list[list[tuple[int, int]]] = [[] for _ in range(self.size)]
        for p, s, dl in zip(self.pred.tolist(), self.succ.tolist(), self.delta.tolist(),
                            strict=True):
            rows[s].append((p, dl))
        return rows

    @cached_property
    def outgoing(self) -> list[list[tuple[int, int]]]:
        """Per activity, its ``(successor, delta)`` pairs."""
        rows: list[list[tuple[int, int]]] = [[] for _ in range(self.size)]
        for p, s, dl in zip(self.pred.tolist(), self.succ.tolist(), self.delta.tolist(),
                            strict=True):
            rows[p].append((s, dl))
        return rows

    @cached_property
    def topological_order(self) -> list[int]:
        """Activities in an order where every predecessor comes first."""
        indegree = np.bincount(self.succ, minlength=self.size).tolist()
        ready = [i for i in range(self.size) if indegree[i] == 0]
        order: list[int] = []
        while ready:
            node = ready.pop()
            order.append(node)
            for s, _ in self.outgoing[node]:
                indegree[s] -= 1
                if indegree[s] == 0:
                    ready.append(s)
        if len(order) != self.size:
            raise ValidationFailed(m.LINKS_CYCLE(), field="links")
        return order

    @cached_property
    def early_start(self) -> np.ndarray:
        """CPM early start (periods) without resource limits, honouring release times."""
        es = self.release.copy()
        fixed = self.fixed
        for node in self.topological_order:
            for s, dl in self.outgoing[node]:
                if es[node] + dl > es[s] and not fixed[s]:
                    es[s] = es[node] + dl
        return es

    @cached_property
    def late_start(self) -> np.ndarray:
        """CPM late start from the CPM finish, capped by deadlines."""
        finish = int(np.max(self.early_start + self.duration, initial=0))
        ls = np.minimum(finish - self.duration, self.deadline)
        for node in reversed(self.topological_order):
            for s, dl in self.outgoing[node]:
                if ls[s] - dl < ls[node]:
                    ls[node] = ls[s] - dl
        return np.asarray(ls, dtype=np.int64)

    @property
    def critical_path_bound(self) -> int:
        """Makespan without resource limits: a lower bound on any levelled makespan."""
        return int(np.max(self.early_start + self.duration, initial=0))

    @cached_property
    def horizon(self) -> int:
        """A number of periods long enough for any schedule a method builds."""
        positive = int(np.clip(self.delta, 0, None).sum())
        last_change = max((max(c) for c in self.changes if c), default=0)
        fixed_end = int(np.max(np.where(self.fixed, self.release + self.duration, 0),
                               initial=0))
        return (int(self.release.max(initial=0)) + int(self.duration.sum()) + positive
                + max(last_change, fixed_end) + 1)

    def capacity_profile(self, horizon: int | None = None) -> np.ndarray:
        """Capacity per resource and period, ``float64[R, horizon]``."""
        horizon = self.horizon if horizon is None else horizon
        profile = np.repeat(self.base_capacity[:, None], horizon, axis=1)
        for r, changes in enumerate(self.changes):
            for period, value in changes.items():
                if period < horizon:
                    profile[r, period:] = value
        return profile

    @cached_property
    def fixed_load(self) -> np.ndarray:
        """Demand of the fixed activities per resource and period, ``float64[R, horizon]``."""
        load = np.zeros((len(self.resource_ids), self.horizon))
        for i in np.flatnonzero(self.fixed).tolist():
            start, end = int(self.release[i]), int(self.release[i] + self.duration[i])
            load[:, start:end] += self.demand[i][:, None]
        return load

    @cached_property
    def demand_scale(self) -> int:
        """Smallest of 1, 10, 100, 1000 that makes demands and capacities whole numbers."""
        values = np.concatenate([self.demand.ravel(), self.base_capacity,
                                 [v for c in self.changes for v in c.values()]])
        for scale in (1, 10, 100, 1000):
            scaled = values * scale
            if np.all(np.abs(scaled - np.round(scaled)) < 1e-6):
                return scale
        return 1000

    def starts_dict(self, starts: np.ndarray) -> dict[str, int]:
        """``{id: start}`` for a start vector."""
        return dict(zip(self.ids, (int(s) for s in starts), strict=True))

    @classmethod
    def from_arrays(
        cls,
        durations: list[int] | np.ndarray,
        demands: list[list[float]] | np.ndarray,
        capacities: list[float] | np.ndarray,
        links: list[tuple[int, int, str, int]] | None = None,
        *,
        ids: list[str] | None = None,
        resource_ids: list[str] | None = None,
        release: list[int] | np.ndarray | None = None,
    ) -> Instance:
        """Build an instance directly (tests, benchmarks): links are ``(pred, succ, type, lag)``
        with positions, type ``"FS"``/``"SS"``/``"FF"``/``"SF"``."""
        duration = np.asarray(durations, dtype=np.int64)
        n = len(duration)
        demand = np.asarray(demands, dtype=np.float64).reshape(n, -1)
        capacity = np.asarray(capacities, dtype=np.float64)
        links = links or []
        codes = {"FS": 0, "SS": 1, "FF": 2, "SF": 3}
        return cls(
            ids=ids or [str(i) for i in range(n)],
            names=ids or [str(i) for i in range(n)],
            duration=duration,
            demand=demand,
            resource_ids=resource_ids or [f"R{r + 1}" for r in range(len(capacity))],
            base_capacity=capacity,
            changes=[{} for _ in capacity],
            pred=np.array([lk[0] for lk in links], dtype=np.int64),
            succ=np.array([lk[1] for lk in links], dtype=np.int64),
            kind=np.array([codes[lk[2]] for lk in links], dtype=np.int64),
            lag=np.array([lk[3] for lk in links], dtype=np.int64),
            release=np.zeros(n, np.int64) if release is None else np.asarray(release, np.int64),
            deadline=np.full(n, NO_DEADLINE, dtype=np.int64),
            fixed=np.zeros(n, dtype=bool),
            rank=np.zeros(n, dtype=np.int64),
        )


def _release_times(plan: Plan) -> dict[str, float]:
    """Each activity's earliest start from its own constraints, progress and the status date.

    The engine schedules the plan without its links: what is left of an early start is what the
    activity's constraints and progress impose (ALAP is read as ASAP: levelling starts early).
    """
    activities = [replace(a, constraint_type="ASAP") if a.constraint_type == "ALAP" else a
                  for a in plan.activities]
    alone = Plan(plan.name, activities, [], start=plan.start, calendar=plan.calendar,
                 status_date=plan.status_date)
    result = schedule(alone)
    return dict(zip(result.ids, result.early_start.tolist(), strict=True))


def compile_problem(problem: LevellingProblem) -> Instance:
    """Turn a :class:`LevellingProblem` into an :class:`Instance` (rounding documented above)."""
    plan = problem.plan
    network = build_network(plan)
    activities = [plan.activities[row] for row in network.leaf_rows.tolist()]
    ids = [a.id for a in activities]
    n = len(ids)
    release_days = _release_times(plan)
    release = np.array([max(0, whole_periods(release_days[i])) for i in ids], dtype=np.int64)
    duration = np.array([max(0, whole_periods(a.scheduled_duration)) for a in activities],
                        dtype=np.int64)
    resource_ids = problem.resource_ids
    column = {r: c for c, r in enumerate(resource_ids)}
    requested = np.zeros((n, len(resource_ids)))
    for row, ident in enumerate(ids):
        for resource, units in problem.demands.get(ident, {}).items():
            requested[row, column[resource]] = float(units)
    # A part-time person assigned full time asks more than they will ever have. As MS Project
    # and Primavera do, the task keeps its duration and is levelled as holding all of the
    # resource while it runs; the rest is reported (explain.py), not levelled away.
    final = np.array([r.final_capacity for r in problem.resources], dtype=np.float64)
    demand = np.minimum(requested, final)
    fixed = np.zeros(n, dtype=bool)
    given = problem.fixed if isinstance(problem.fixed, Mapping) else dict.fromkeys(problem.fixed)
    position = {ident: row for row, ident in enumerate(ids)}
    for row, activity in enumerate(activities):
        if activity.actual_start is not None or activity.percent_complete > 0:
            fixed[row] = True
    for ident, start in given.items():
        if ident not in position:
            continue  # a summary: its leaves carry the work
        fixed[position[ident]] = True
        if start is not None:
            release[position[ident]] = start
    priority = {a.id: a.priority for a in activities}
    rank = np.array([problem.project_priorities.get(problem.project_of.get(i, ""), 0) * 1001
                     + priority[i] for i in ids], dtype=np.int64)
    instance = Instance(
        ids=ids,
        names=[a.name or a.id for a in activities],
        duration=duration,
        demand=demand,
        resource_ids=resource_ids,
        base_capacity=np.array([r.capacity for r in problem.resources], dtype=np.float64),
        changes=[dict(r.changes) for r in problem.resources],
        pred=network.pred.astype(np.int64),
        succ=network.succ.astype(np.int64),
        kind=network.kind.astype(np.int64),
        lag=np.array([whole_periods(v) for v in network.lag.tolist()], dtype=np.int64),
        release=release,
        deadline=np.full(n, NO_DEADLINE, dtype=np.int64),
        fixed=fixed,
        rank=rank,
        resource_names=[r.name for r in problem.resources],
        requested=requested,
    )
    deadline = np.where(fixed, release, NO_DEADLINE)
    if problem.within_float:
        deadline = np.minimum(deadline, _plain(instance).late_start)
    instance.deadline = _propagate_deadlines(instance, deadline)
    return instance


def _plain(instance: Instance) -> Instance:
    """A copy whose derived values are computed afresh (deadlines changed)."""
    return replace(instance)


def _propagate_deadlines(instance: Instance, deadline: np.ndarray) -> np.ndarray:
    deadline = deadline.copy()
    for node in reversed(instance.topological_order):
        for s, dl in instance.outgoing[node]:
            if deadline[s] < NO_DEADLINE and deadline[s] - dl < deadline[node]:
                deadline[node] = deadline[s] - dl
    return deadline
