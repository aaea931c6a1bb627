"""The 0-1 programme's rows: an ``after`` rule is written as cliques of conflicting starts,
which forbid exactly the pairs of starts where a candidate would begin before the other ends,
and cut fractional points the pairwise rows let through."""

from __future__ import annotations

import itertools

import numpy as np

from jalon.engine.selection import Candidate, SelectionProblem
from jalon.engine.selection.model import build_model


def waiting_for_design() -> SelectionProblem:
    """BUILD (2 periods) may start in period 0 or 1; LAUNCH, after it, in period 0 to 3."""
    return SelectionProblem(
        limits={"budget": 100}, periods=5,
        candidates=[Candidate("BUILD", 10, {"budget": [10, 10]}, starts=[0, 1]),
                    Candidate("LAUNCH", 10, {"budget": [10]}, starts=[0, 1, 2, 3],
                              after=["BUILD"])])


def after_rows(problem: SelectionProblem) -> list[set[int]]:
    model = build_model(problem)
    return [set(map(int, columns)) for columns, _c, _l, _u, rule in model.rows
            if rule >= 0 and model.rules[rule].kind == "after"]


def test_after_rows_are_cliques_that_forbid_exactly_the_starts_in_conflict():
    problem = waiting_for_design()
    model = build_model(problem)
    launch, build = problem.index["LAUNCH"], problem.index["BUILD"]

    def conflict(j: int, k: int) -> bool:
        (c, s), (d, t) = sorted([(int(model.candidate[j]), int(model.start[j])),
                                 (int(model.candidate[k]), int(model.start[k]))])
        if c == d:
            return True  # one start per candidate
        return (c, d) == (build, launch) and t < s + 2  # LAUNCH starts before BUILD ends

    rows = after_rows(problem)
    for row in rows:
        assert all(conflict(j, k) for j, k in itertools.combinations(sorted(row), 2))
    between = [(j, k) for j, k in itertools.combinations(range(model.columns), 2)
               if model.candidate[j] != model.candidate[k] and conflict(j, k)]
    assert between  # LAUNCH in period 0, 1 or 2 against BUILD in 0; 0, 1 against BUILD in 1
    assert all(any({j, k} <= row for row in rows) for j, k in between)


def test_after_rows_cut_a_launch_spread_over_its_starts_around_a_half_build():
    problem = waiting_for_design()
    model = build_model(problem)
    point = np.zeros(model.columns)
    for j in range(model.columns):
        ident = problem.candidates[int(model.candidate[j])].id
        if (ident, int(model.start[j])) in {("BUILD", 1), ("LAUNCH", 0), ("LAUNCH", 1)}:
            point[j] = 0.5
    # each pairwise row x[LAUNCH, s] + x[BUILD, 1] <= 1 holds (0.5 + 0.5) at this point,
    # but LAUNCH by period 1 and BUILD from period 1 add up to 1.5
    assert not model.satisfies(point)
