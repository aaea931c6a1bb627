"""The genetic algorithm on whole selection models (start windows and every rule): each
member of its population that it calls feasible keeps every limit and rule (checked
directly, not by the model's rows), none is worth more than the brute-force optimum, it finds
the optimum of a small problem with windows and rules, and the search beside HiGHS keeps
the proven optimum."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from jalon.engine.selection import BalanceRule, Candidate, SelectionProblem, select
from jalon.engine.selection.genetic_rows import GeneticRows, _evolve, _initial
from jalon.engine.selection.model import build_model
from tests.engine.test_selection import brute_force, keeps_everything, problems


def population(problem: SelectionProblem, children: int = 300, size: int = 20,
               seed: int = 0) -> tuple[list[np.ndarray], np.ndarray]:
    """The population after ``children`` children, and each member's fitness (``-inf``:
    infeasible, never kept as a selection)."""
    model = build_model(problem)
    genetic = GeneticRows(model, seed=seed)
    c = genetic.columns
    members, fitness, acts = _initial(c.value, c.start, c.rows, c.coefficients, c.lower,
                                      c.upper, genetic.order, size, seed)
    _evolve(c.value, c.start, c.rows, c.coefficients, c.lower, c.upper, genetic.order,
            genetic.option_start, genetic.options, members, fitness, acts, children, seed,
            3)
    for member, act in zip(members, acts, strict=True):
        assert np.allclose(act, c.activity(member))  # the activities it keeps stay true
    return list(members), fitness


def as_starts(problem: SelectionProblem, x: np.ndarray) -> dict[str, int]:
    model = build_model(problem)
    return {problem.candidates[c].id: s for c, s in model.selection(x.astype(float)).items()}


def worth(problem: SelectionProblem, chosen: dict[str, int]) -> float:
    return sum(c.value for c in problem.candidates if c.id in chosen)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_its_selections_keep_every_rule_and_never_beat_the_optimum(problem):
    best = brute_force(problem)
    members, fitness = population(problem)
    for member, fit in zip(members, fitness, strict=True):
        if not np.isfinite(fit):
            continue
        chosen = as_starts(problem, member)
        assert keeps_everything(problem, chosen)
        assert worth(problem, chosen) == pytest.approx(fit)
        assert best is not None and fit <= best + 1e-9


WINDOWS = SelectionProblem(
    # A and B fit beside D only in different periods; C excludes A; E needs B and starts
    # after it; F is mandatory; the compliance share of the budget is at least 10 %
    limits={"budget": [10, 10, 10], "dev": 3}, periods=3, candidates=[
        Candidate("A", 6, {"budget": [6], "dev": [1]}, starts=[0, 1, 2]),
        Candidate("B", 5, {"budget": [5]}, starts=[0, 1]),
        Candidate("C", 4, {"budget": [4]}, starts=[0, 1], excludes=["A"]),
        Candidate("D", 3, {"budget": [4, 4], "dev": [2, 2]}, starts=[0, 1]),
        Candidate("E", 4, {"budget": [3]}, starts=[0, 1, 2], requires=["B"], after=["B"]),
        Candidate("F", 1, {"budget": [2]}, starts=[0, 1, 2], mandatory=True,
                  category="compliance")],
    balance=[BalanceRule("compliance", resource="budget", min_share=0.1)])


def test_it_finds_the_optimum_of_a_small_problem_with_windows_and_rules():
    members, fitness = population(WINDOWS, children=500)
    best = int(np.argmax(fitness))
    chosen = as_starts(WINDOWS, members[best])
    assert keeps_everything(WINDOWS, chosen) and "F" in chosen
    assert fitness[best] == pytest.approx(brute_force(WINDOWS))


def test_the_search_with_both_heuristics_keeps_the_proven_optimum():
    result = select(WINDOWS, time_limit=5, explain=False)
    assert result.status == "optimal"
    assert result.objective == pytest.approx(brute_force(WINDOWS))
    assert keeps_everything(WINDOWS, dict(result.starts))
