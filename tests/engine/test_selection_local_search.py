"""The local search beside HiGHS on whole selection models: from a feasible selection it only
moves to feasible ones (checked directly, not by the model's rows), never worth more than the
brute-force optimum, and it improves a poor start."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from jalon.engine.selection import Candidate, SelectionProblem
from jalon.engine.selection.highs import solve_highs
from jalon.engine.selection.local_search import KICK, _kick, _moves, columns_of
from jalon.engine.selection.model import build_model
from tests.engine.test_selection import brute_force, keeps_everything, problems


def moved(problem: SelectionProblem, x: np.ndarray, rounds: int = 4) -> list[np.ndarray]:
    """The selections the search holds after each round of moves and each kick."""
    model = build_model(problem)
    columns = columns_of(model)
    x = x > 0.5
    act = columns.activity(x)
    held = []
    for seed in range(rounds):
        _moves(x, act, columns.value, columns.start, columns.rows, columns.coefficients,
               columns.lower, columns.upper, columns.order, 200, seed)
        held.append(x.copy())
        _kick(x, act, columns.start, columns.rows, columns.coefficients, columns.lower,
              columns.upper, columns.order, KICK, seed)
        held.append(x.copy())
        assert np.allclose(act, columns.activity(x))  # its activities stay true
    return held


def as_starts(problem: SelectionProblem, x: np.ndarray) -> dict[str, int]:
    model = build_model(problem)
    return {problem.candidates[c].id: s for c, s in model.selection(x.astype(float)).items()}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_the_search_stays_feasible_and_never_beats_the_optimum(problem):
    model = build_model(problem)
    start = solve_highs(model, time_limit=10, maximise=False)  # any feasible selection
    if start.x is None:
        return
    best = brute_force(problem)
    for x in moved(problem, start.x):
        chosen = as_starts(problem, x)
        assert keeps_everything(problem, chosen)
        assert sum(c.value for c in problem.candidates if c.id in chosen) <= best + 1e-9


def test_the_search_improves_an_empty_selection_to_the_optimum():
    # A and B fit beside D only in different periods; C excludes A: the best is A, B and D
    problem = SelectionProblem(limits={"budget": [10, 10]}, periods=2, candidates=[
        Candidate("A", 6, {"budget": [6]}, starts=[0, 1]),
        Candidate("B", 5, {"budget": [5]}, starts=[0, 1]),
        Candidate("C", 4, {"budget": [4]}, starts=[0, 1], excludes=["A"]),
        Candidate("D", 3, {"budget": [4, 4]}, starts=[0])])
    empty = np.zeros(build_model(problem).columns)
    values = [sum(c.value for c in problem.candidates if c.id in as_starts(problem, x))
              for x in moved(problem, empty)]
    assert max(values) == pytest.approx(brute_force(problem))
