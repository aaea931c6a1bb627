"""The optimal method against exhaustive search on tiny instances, and on j301_1."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from jalon.engine.levelling import Instance, compile_problem, level
from jalon.io.psplib import read_psplib

from .checker import check_instance
from .conftest import random_instance
from .test_problem import psplib_problem

KIND_INDEX = {"FS": 0, "SS": 1, "FF": 2, "SF": 3}


def brute_force_makespan(instance: Instance) -> int:
    """Shortest makespan over every vector of start times (vectorised enumeration)."""
    n = instance.size
    d = instance.duration
    horizon = int(d.sum() + np.clip(instance.lag, 0, None).sum() + d.max(initial=0) * 2)
    grid = np.array(list(itertools.product(range(horizon + 1), repeat=n)), dtype=np.int64)
    finish = grid + d
    ok = np.ones(len(grid), dtype=bool)
    for p, s, k, lag in zip(instance.pred.tolist(), instance.succ.tolist(),
                            instance.kind.tolist(), instance.lag.tolist(), strict=True):
        left = (finish if k in (2, 3) else grid)[:, s]
        right = (finish if k in (0, 2) else grid)[:, p]
        ok &= left >= right + lag
    grid, finish = grid[ok], finish[ok]
    for t in range(horizon + int(d.max(initial=0)) + 1):
        running = (grid <= t) & (finish > t)
        load = running.astype(np.float64) @ instance.demand
        fits = (load <= instance.base_capacity + 1e-9).all(axis=1)
        grid, finish = grid[fits], finish[fits]
    assert len(grid), "the horizon is too short for the exhaustive search"
    return int(finish.max(axis=1).min())


@pytest.mark.parametrize("seed", range(12))
def test_optimal_method_matches_exhaustive_search(seed):
    rng = np.random.default_rng(1000 + seed)
    instance = random_instance(rng, int(rng.integers(2, 5)), max_duration=2, capacity=2,
                               lags=(-1, 2))
    result = level(instance, method="optimal", time_limit=5, schedules=5)
    check_instance(instance, result.start_array)
    assert result.status == "optimal"
    assert result.makespan == brute_force_makespan(instance)
    assert result.lower_bound == result.makespan


@pytest.mark.parametrize("workers", [1, 2, 4])
def test_j301_1_levels_to_43_proven(j301_1, workers):
    # one worker shaves the objective, two search and shave, more run CP-SAT's portfolio;
    # few schedules, so that the solver (not the heuristic) finds and proves 43
    problem = psplib_problem(read_psplib(j301_1))
    result = level(problem, method="optimal", time_limit=20, workers=workers, schedules=3)
    check_instance(compile_problem(problem), result.start_array)
    assert (result.makespan, result.status, result.lower_bound) == (43, "optimal", 43)
    assert result.critical_path_bound == 38
    assert result.over_allocations == []


def test_progress_is_reported_while_searching(j301_1):
    problem = psplib_problem(read_psplib(j301_1))
    reports = []
    # the heuristic alone already finds 43 with enough schedules; give it few so the search runs
    level(problem, method="optimal", time_limit=10, schedules=1, progress=reports.append)
    assert reports and reports[-1].makespan == 43
    assert all(r.lower_bound >= 38 for r in reports)


def test_the_progress_callback_can_stop_the_search(j301_1):
    """Returning False (a user's Cancel) stops CP-SAT at once instead of at its time limit."""
    hard = j301_1.parents[1] / "j120" / "j12060_2.sm"  # open: best known 83, bound 81
    problem = psplib_problem(read_psplib(hard))
    reports = []

    def cancel(progress):
        reports.append(progress)
        return False

    result = level(problem, method="optimal", time_limit=60, schedules=1, progress=cancel)
    check_instance(compile_problem(problem), result.start_array)
    assert result.status == "feasible"
    # about two reports a second until the limit (over a hundred) had it not stopped
    assert len(reports) <= 5


def test_an_open_instance_gets_a_deeper_search_between_two_cp_sat_runs(j301_1):
    """Unproven after the first short CP-SAT run, the genetic algorithm searches deeper and
    CP-SAT starts again from the better schedule: the result is at least as good as that
    deeper search alone, and progress is reported over the whole search, as one clock."""
    from jalon.engine.levelling.heuristic import solve_heuristic
    from jalon.engine.levelling.solve import DEEP_SEARCH

    hard = j301_1.parents[1] / "j120" / "j12060_2.sm"  # open: best known 83, bound 81
    problem = psplib_problem(read_psplib(hard))
    instance = compile_problem(problem)
    reports = []
    result = level(problem, method="optimal", time_limit=5, schedules=1, workers=2,
                   progress=reports.append)
    check_instance(instance, result.start_array)
    deeper = solve_heuristic(instance, schedules=DEEP_SEARCH, seed=1)
    assert result.makespan <= deeper.makespan
    assert result.schedules > 1 + DEEP_SEARCH // 2  # the warm start, then the deeper search
    assert 81 <= result.lower_bound <= result.makespan
    assert {r.time_limit for r in reports} == {5}
    # one clock and one best-so-far over both runs (how many reports and when depends on the
    # machine's load, so no wall time is asserted)
    elapsed = [r.elapsed for r in reports]
    assert reports and elapsed == sorted(elapsed)
    found = [r.makespan for r in reports if r.makespan is not None]
    assert found == sorted(found, reverse=True) and found[-1] >= result.makespan


# A fixed sample of the larger PSPLIB sets that the optimal method proves within a second or
# so on this machine (``benchmarks/levelling_benchmark.py --parts sample`` runs the larger
# samples and the full sets for docs/benchmarks.md).
CI_SAMPLE = ("j6011_1", "j6032_6", "j6048_9", "j901_3", "j9017_4", "j1205_2", "j1209_9")


@pytest.mark.parametrize("name", CI_SAMPLE)
def test_a_fixed_sample_of_j60_to_j120_levels_to_the_best_known_makespan_proven(name, j301_1):
    import csv

    psplib = j301_1.parents[1]
    with (psplib / "bks.csv").open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["instance"] == name)
    problem = psplib_problem(read_psplib(psplib / row["set"] / f"{name}.sm"))
    result = level(problem, method="optimal", time_limit=60, workers=2)
    check_instance(compile_problem(problem), result.start_array)
    assert (result.makespan, result.status) == (int(row["best_known"]), "optimal")
