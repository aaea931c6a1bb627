"""The genetic algorithm for plain knapsacks: it applies only to them, its selections keep
every limit and are never worth more than the proven optimum, and ``select()`` with it still
returns the brute-force optimum."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jalon.engine.selection import BalanceRule, Candidate, SelectionProblem, select
from jalon.engine.selection.genetic import as_knapsack, genetic_search
from jalon.engine.selection.model import build_model


@st.composite
def knapsacks(draw):
    """Plain selection problems: one period, one to three limits, no rule."""
    resources = ["budget", "dev", "ops"][:draw(st.integers(1, 3))]
    count = draw(st.integers(1, 10))
    candidates = [Candidate(f"P{i}", value=draw(st.integers(0, 30)),
                            uses={r: [draw(st.integers(0, 9))] for r in resources})
                  for i in range(count)]
    limits = {r: draw(st.integers(0, 25)) for r in resources}
    return SelectionProblem(limits=limits, candidates=candidates)


def optimum(problem: SelectionProblem) -> float:
    """The best total value over every subset of the candidates."""
    best = 0.0
    for picks in itertools.product([False, True], repeat=len(problem.candidates)):
        chosen = [c for c, pick in zip(problem.candidates, picks, strict=True) if pick]
        if all(sum(c.total_use(r) for c in chosen) <= problem.limit(r)[0]
               for r in problem.resources):
            best = max(best, sum(c.value for c in chosen))
    return best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(knapsacks())
def test_the_genetic_selection_keeps_the_limits_and_never_beats_the_optimum(problem):
    knapsack = as_knapsack(build_model(problem))
    assert knapsack is not None
    x = genetic_search(knapsack, time_limit=0.05, seed=1)
    assert set(np.unique(x)) <= {0.0, 1.0}
    assert np.all(knapsack.weights @ x <= knapsack.capacity)
    assert knapsack.value @ x <= optimum(problem) + 1e-9


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(knapsacks())
def test_select_on_a_plain_knapsack_returns_the_brute_force_optimum(problem):
    result = select(problem, time_limit=10, explain=False)
    assert result.status == "optimal"
    assert result.objective == pytest.approx(optimum(problem))
    assert result.bound == pytest.approx(result.objective)


def test_the_genetic_algorithm_finds_a_good_selection_of_a_larger_knapsack():
    rng = np.random.default_rng(3)
    weights = rng.integers(1, 100, size=(5, 30))
    problem = SelectionProblem(
        limits={f"r{i}": float(weights[i].sum() // 2) for i in range(5)},
        candidates=[Candidate(f"P{j}", float(rng.integers(1, 100)),
                              {f"r{i}": [float(weights[i, j])] for i in range(5)})
                    for j in range(30)])
    proven = select(problem, time_limit=30, explain=False)
    assert proven.status == "optimal"
    knapsack = as_knapsack(build_model(problem))
    assert knapsack is not None
    found = float(knapsack.value @ genetic_search(knapsack, time_limit=0.5, seed=2))
    assert proven.objective * 0.99 <= found <= proven.objective


@pytest.mark.parametrize("change", [
    {"starts": [0, 1]},
    {"mandatory": True},
    {"requires": ["B"]},
    {"locked": False},
])
def test_only_plain_knapsacks_get_the_genetic_algorithm(change):
    problem = SelectionProblem(
        limits={"budget": [10, 10]}, periods=2,
        candidates=[Candidate("A", 5, {"budget": [4]}, **change),
                    Candidate("B", 3, {"budget": [6]})])
    assert as_knapsack(build_model(problem)) is None
    plain = SelectionProblem(limits={"budget": [10, 10]}, periods=2,
                             candidates=[Candidate("A", 5, {"budget": [4]}),
                                         Candidate("B", 3, {"budget": [6]})])
    assert as_knapsack(build_model(plain)) is not None
    counted = SelectionProblem(limits={"budget": 10}, candidates=plain.candidates,
                               balance=[BalanceRule("run", max_count=1)])
    assert as_knapsack(build_model(counted)) is None
