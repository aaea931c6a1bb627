"""Portfolio selection reports its progress as it searches (share done, best value, bound,
gap) and stops when the listener says so."""

from __future__ import annotations

import time

import numpy as np

from jalon.engine.selection import Candidate, SearchProgress, SelectionProblem, frontier, select


def hard_knapsack(items: int = 250, constraints: int = 10, seed: int = 3) -> SelectionProblem:
    """A correlated knapsack as Chu and Beasley make them: HiGHS proves none in seconds."""
    rng = np.random.default_rng(seed)
    weights = rng.integers(1, 1000, size=(constraints, items))
    values = weights.sum(axis=0) / constraints + 500 * rng.random(items)
    capacity = 0.25 * weights.sum(axis=1)
    return SelectionProblem(
        limits={f"r{i}": float(capacity[i]) for i in range(constraints)},
        candidates=[Candidate(f"c{j}", float(values[j]),
                              {f"r{i}": float(weights[i, j]) for i in range(constraints)})
                    for j in range(items)])


def test_the_search_reports_its_progress_and_stops_when_told():
    heard: list[SearchProgress] = []

    def listen(progress: SearchProgress) -> bool:
        heard.append(progress)
        return progress.objective is None or len(heard) < 3

    started = time.monotonic()
    result = select(hard_knapsack(), time_limit=60, progress=listen)
    assert time.monotonic() - started < 20  # stopped long before its minute
    assert result.status == "feasible" and result.rejected == []
    dones = [p.done for p in heard]
    assert dones == sorted(dones) and dones[0] == 0 and dones[-1] < 0.5
    last = heard[-1]
    assert last.objective is not None and last.bound is not None
    assert last.bound >= last.objective > 0
    assert last.gap == (last.bound - last.objective) / last.objective


def test_a_selection_stopped_before_it_starts_finds_nothing():
    result = select(hard_knapsack(items=20), time_limit=10, progress=lambda _p: False)
    assert result.status == "unknown" and result.starts == {}


def test_a_finished_selection_has_reported_up_to_its_explanations():
    heard: list[SearchProgress] = []
    problem = SelectionProblem(limits={"budget": 10}, candidates=[
        Candidate("A", 5, {"budget": 6}), Candidate("B", 4, {"budget": 6})])
    result = select(problem, progress=lambda p: heard.append(p) or True)
    assert result.status == "optimal"
    assert heard[0].done == 0 and heard[-1].done >= 0.9
    assert any(p.objective == 5 and p.gap == 0 for p in heard)


def test_a_frontier_stopped_keeps_the_points_solved_so_far():
    problem = SelectionProblem(limits={"budget": 10}, candidates=[
        Candidate("A", 5, {"budget": 6}), Candidate("B", 4, {"budget": 6})])
    heard: list[SearchProgress] = []

    def listen(progress: SearchProgress) -> bool:
        heard.append(progress)
        return progress.done < 0.5

    found = frontier(problem, resource="budget", points=4, progress=listen)
    assert [p.limit for p in found.points] == [0.0, 4.0]
    assert [p.done for p in heard] == [0.0, 0.25, 0.5]
