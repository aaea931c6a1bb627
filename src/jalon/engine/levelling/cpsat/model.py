"""Makespan minimisation as a CP-SAT model: one interval per activity, one cumulative per
resource, one linear constraint per link.

- ``start[i]`` in ``[max(release, ES), min(deadline, H - d)]`` where ``H`` is the makespan of the
  heuristic schedule given as a hint (so the model is always feasible when the hint is).
- Link ``p -> s``: ``start[s] >= start[p] + delta`` (see :mod:`jalon.engine.levelling.instance`).
- Resource ``r``: ``cumulative`` of the intervals with their demand (scaled to whole numbers)
  against the peak capacity; periods with less (capacity changes, fixed activities) are filled
  with fixed "blocked" intervals.
- Objective: the makespan. The solver's best bound is the proven lower bound.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model
from ortools.sat.python.cp_model_helper import SatParameters

from jalon.engine.levelling.instance import NO_DEADLINE, Instance

__all__ = ["CpSatRun", "SearchProgress", "solve_cpsat"]


@dataclass(frozen=True)
class SearchProgress:
    """A report during the search: seconds elapsed, best makespan so far, best lower bound."""

    elapsed: float
    time_limit: float
    makespan: int | None
    lower_bound: int


@dataclass
class CpSatRun:
    """What the solver found: ``status`` ``"optimal"``, ``"feasible"``, ``"infeasible"`` or
    ``"unknown"`` (no schedule within the time limit); ``starts`` is ``None`` unless a schedule
    was found."""

    status: str
    starts: np.ndarray | None
    makespan: int | None
    lower_bound: int
    wall_time: float


class _Reporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, report: Callable[[int], None]) -> None:
        super().__init__()
        self._report = report

    def on_solution_callback(self) -> None:
        self._report(round(self.ObjectiveValue()))


def _blocked_runs(free: np.ndarray) -> list[tuple[int, int, int]]:
    """``(start, length, amount)`` runs of constant positive ``free`` shortfall."""
    runs: list[tuple[int, int, int]] = []
    start = 0
    values = free.tolist()
    for t in range(1, len(values) + 1):
        if t == len(values) or values[t] != values[start]:
            if values[start] > 0:
                runs.append((start, t - start, int(values[start])))
            start = t
    return runs


def _configure(parameters: SatParameters, workers: int) -> None:
    """Search workers for a makespan whose upper bound is usually already right.

    The warm start is often optimal or close, and what is missing is the proof: with one or two
    workers CP-SAT's default portfolio leaves the lower bound near the critical path on tightly
    constrained instances (PSPLIB j30 with resource strength 0.1: no proof in 10 s). Objective
    shaving - proving that the makespan cannot be ``lb``, then ``lb + 1``... - proves them in
    a few seconds to half a minute. One worker shaves; two run the default search (which
    improves the schedule) beside a shaving worker; more use CP-SAT's own portfolio, which
    includes shaving.
    """
    parameters.num_workers = workers
    if workers == 1:
        parameters.use_objective_shaving_search = True
    elif workers == 2:
        parameters.subsolvers.extend(["default_lp", "objective_shaving"])


def solve_cpsat(
    instance: Instance,
    *,
    hint: np.ndarray | None = None,
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    progress: Callable[[SearchProgress], bool | None] | None = None,
    lower_bound: int = 0,
) -> CpSatRun:
    """Minimise the makespan with CP-SAT.

    Parameters
    ----------
    instance : Instance
    hint : numpy.ndarray or None
        A schedule (starts per activity) to warm-start from; its makespan bounds the horizon.
    time_limit : float
        Seconds of search.
    workers : int
        CP-SAT search workers (threads).
    seed : int
        The solver's random seed.
    progress : callable or None
        Called with a :class:`SearchProgress` at each new solution and about twice a second.
        Returning ``False`` stops the search; the best schedule found so far is kept.
    lower_bound : int
        A makespan already proven minimal for the instance (an earlier search's bound): the
        search starts from it rather than from the critical-path bound.
    """
    n = instance.size
    d = instance.duration.tolist()
    if hint is not None:
        horizon = int(np.max(hint + instance.duration, initial=0))
    else:
        horizon = instance.horizon
    horizon = max(horizon, int(np.max(instance.release + instance.duration, initial=0)))
    lower = np.maximum(instance.release, instance.early_start).tolist()
    deadline = instance.deadline.tolist()
    fixed = instance.fixed.tolist()
    model = cp_model.CpModel()
    starts = []
    intervals = []
    for i in range(n):
        if fixed[i]:
            var = model.new_constant(int(instance.release[i]))
        else:
            high = min(horizon - d[i], deadline[i]) if deadline[i] < NO_DEADLINE \
                else horizon - d[i]
            var = model.new_int_var(min(lower[i], high), max(high, lower[i]), f"s{i}")
        starts.append(var)
        intervals.append(model.new_fixed_size_interval_var(var, d[i], f"a{i}"))
    for p, s, dl in zip(instance.pred.tolist(), instance.succ.tolist(),
                        instance.delta.tolist(), strict=True):
        model.add(starts[s] >= starts[p] + dl)
    scale = instance.demand_scale
    demand = np.ceil(instance.demand * scale - 1e-6).astype(np.int64)
    capacity = np.floor(instance.capacity_profile(horizon) * scale + 1e-6).astype(np.int64)
    for r in range(len(instance.resource_ids)):
        users = [i for i in range(n) if demand[i, r] > 0 and d[i] > 0 and not fixed[i]]
        if not users:
            continue
        fixed_use = np.zeros(horizon, dtype=np.int64)
        for i in range(n):
            if fixed[i] and demand[i, r] > 0:
                start = int(instance.release[i])
                fixed_use[start:start + d[i]] += demand[i, r]
        peak = int(capacity[r].max(initial=0))
        free = np.clip(capacity[r] - fixed_use[:horizon], 0, None)
        blocked = _blocked_runs(peak - free)
        model.add_cumulative(
            [intervals[i] for i in users]
            + [model.new_fixed_size_interval_var(start, length, f"b{r}_{start}")
               for start, length, _ in blocked],
            [int(demand[i, r]) for i in users] + [amount for _, _, amount in blocked],
            peak,
        )
    floor = max(instance.critical_path_bound, int(lower_bound))
    end = model.new_int_var(floor, max(horizon, floor), "makespan")
    for i in range(n):
        model.add(end >= starts[i] + d[i])
    model.minimize(end)
    if hint is not None:
        for i in range(n):
            if not fixed[i]:
                model.add_hint(starts[i], int(hint[i]))
        model.add_hint(end, horizon)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.parameters.random_seed = int(seed)
    _configure(solver.parameters, int(workers))
    began = time.perf_counter()
    best: list[int | None] = [None]
    stop = threading.Event()

    def report() -> None:
        if progress is not None:
            bound = floor
            with contextlib.suppress(Exception):  # no bound before the search starts
                bound = max(bound, round(solver.best_objective_bound))
            carry_on = progress(SearchProgress(time.perf_counter() - began, float(time_limit),
                                               best[0], bound))
            if carry_on is False:
                solver.stop_search()

    def on_solution(value: int) -> None:
        best[0] = value
        report()

    ticker = None
    if progress is not None:
        def tick() -> None:
            while not stop.wait(0.5):
                report()

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
    try:
        code = solver.solve(model, _Reporter(on_solution))
    finally:
        stop.set()
        if ticker is not None:
            ticker.join()
    wall = time.perf_counter() - began
    bound = max(floor, round(solver.best_objective_bound)) \
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else floor
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = np.array([solver.value(v) for v in starts], dtype=np.int64)
        length = int(np.max(values + instance.duration, initial=0))
        status = "optimal" if code == cp_model.OPTIMAL else "feasible"
        if status == "optimal":
            bound = length
        return CpSatRun(status, values, length, bound, wall)
    status = "infeasible" if code == cp_model.INFEASIBLE else "unknown"
    return CpSatRun(status, None, None, bound, wall)
