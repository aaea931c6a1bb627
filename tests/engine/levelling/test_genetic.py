"""The genetic algorithm: crossover, feasible and rank-respecting lists, valid schedules."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jalon.engine.levelling import solve_heuristic
from jalon.engine.levelling.genetic import Evolution, _crossover, evolve
from jalon.engine.levelling.kernels import CompiledProfile

from .checker import check_instance
from .conftest import random_instance


def two_point_crossover(mother: list[int], father: list[int], q1: int, q2: int) -> list[int]:
    """Hartmann (1998), written from the paper."""
    child = mother[:q1]
    child += [a for a in father if a not in child][:q2 - q1]
    return child + [a for a in mother if a not in child]


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 15))
def test_crossover_takes_head_and_tail_from_the_mother_and_the_middle_from_the_father(seed, n):
    rng = np.random.default_rng(seed)
    mother, father = rng.permutation(n), rng.permutation(n)
    q1, q2 = sorted(rng.integers(0, n + 1, 2).tolist())
    child = np.empty(n, np.int64)
    _crossover(mother, father, q1, q2, child, np.zeros(n, np.bool_))
    assert child.tolist() == two_point_crossover(mother.tolist(), father.tolist(), q1, q2)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 25))
def test_children_are_valid_schedules_and_lists_stay_feasible_and_ranked(seed, n):
    rng = np.random.default_rng(seed)
    instance = random_instance(rng, n, link_density=0.15)
    instance.rank = rng.integers(0, 2, n)
    profile = CompiledProfile(instance)
    seeds = np.array([profile.justify(profile.serial(profile.activity_list(
        rng.random(n), rng.random(n)))) for _ in range(6)])
    evolution = Evolution(profile, seeds)
    best = np.zeros(n, np.int64)
    done, lengths, counts = evolve(evolution, rng.random((40, n + 6)), mutation=0.2,
                                   justification=True, budget=90, bound=-1, best_starts=best,
                                   best_length=10**9)
    assert done == 30 and counts[done - 1] == 90
    check_instance(instance, best)
    assert int(np.max(best + instance.duration)) == lengths[:done].min()
    rank = instance.rank.tolist()
    for order in evolution.lists.tolist():
        assert sorted(order) == list(range(n))
        position = {a: k for k, a in enumerate(order)}
        for p, s in zip(instance.pred.tolist(), instance.succ.tolist(), strict=True):
            assert position[p] < position[s]
        placed: set[int] = set()
        for a in order:  # nothing eligible of a higher rank was left behind
            eligible = [b for b in range(n) if b not in placed
                        and all(p in placed for p, _ in instance.incoming[b])]
            assert rank[a] == max(rank[b] for b in eligible)
            placed.add(a)


@pytest.mark.parametrize("search", ["genetic", "sampling"])
def test_searches_report_improvements_within_the_budget(search):
    instance = random_instance(np.random.default_rng(3), 30, link_density=0.08, capacity=4)
    reports: list[tuple[int, int]] = []
    run = solve_heuristic(instance, schedules=700, seed=1, search=search, population=10,
                          on_improvement=lambda length, used: reports.append((length, used)))
    check_instance(instance, run.starts)
    assert run.schedules <= 700
    assert reports[-1][0] == run.makespan
    assert all(a[0] > b[0] and a[1] <= b[1] for a, b in zip(reports, reports[1:], strict=False))
    again = solve_heuristic(instance, schedules=700, seed=1, search=search, population=10)
    assert again.starts.tolist() == run.starts.tolist()


def test_bad_search_options_are_named():
    instance = random_instance(np.random.default_rng(0), 3)
    with pytest.raises(Exception, match="search must be one of"):
        solve_heuristic(instance, search="tabu")
    with pytest.raises(Exception, match="population"):
        solve_heuristic(instance, population=1)
