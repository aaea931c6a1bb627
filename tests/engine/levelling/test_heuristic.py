"""The heuristic: schemes, rules, sampling, justification; every schedule passes the checker."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jalon.engine.levelling import (
    PRIORITY_RULES,
    Instance,
    compile_problem,
    justify,
    parallel_sgs,
    serial_sgs,
    solve_heuristic,
)
from jalon.engine.levelling.heuristic import activity_list, priority_values
from jalon.engine.levelling.sgs import Profile, makespan
from jalon.io.psplib import read_psplib

from .checker import check_instance
from .conftest import random_instance
from .test_problem import psplib_problem


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 9))
def test_every_scheme_and_rule_gives_a_valid_schedule(seed, n):
    instance = random_instance(np.random.default_rng(seed), n)
    profile = Profile(instance)
    for rule in PRIORITY_RULES:
        order = activity_list(instance, priority_values(instance, rule))
        for scheme in (serial_sgs, parallel_sgs):
            starts = scheme(instance, order, profile)
            check_instance(instance, starts)
            improved = justify(instance, starts, profile)
            check_instance(instance, improved)
            assert makespan(instance, improved) <= makespan(instance, starts)


def test_negative_lags_open_a_window_before_the_predecessor():
    # B must finish no later... B's finish >= A's finish - 3 (FF -3): B may start before A.
    instance = Instance.from_arrays([4, 2], [[1], [1]], [1], [(0, 1, "FF", -3)],
                                    ids=["A", "B"])
    run = solve_heuristic(instance, schedules=20, seed=0)
    check_instance(instance, run.starts)
    assert run.makespan == 6  # the two cannot overlap; B first (0-2) then A (2-6) is allowed


def test_start_to_finish_and_start_to_start_lags_are_honoured():
    links = [(0, 1, "SS", 2), (0, 2, "SF", 5), (1, 2, "FS", -1)]
    instance = Instance.from_arrays([3, 3, 2], [[1], [1], [1]], [2], links,
                                    ids=["A", "B", "C"])
    run = solve_heuristic(instance, schedules=50, seed=3)
    check_instance(instance, run.starts)


def test_same_seed_same_schedule_other_seed_may_differ():
    instance = random_instance(np.random.default_rng(7), 14, link_density=0.15)
    first = solve_heuristic(instance, schedules=60, seed=42)
    again = solve_heuristic(instance, schedules=60, seed=42)
    assert first.makespan == again.makespan
    assert first.starts.tolist() == again.starts.tolist()
    generator = solve_heuristic(instance, schedules=60, seed=np.random.default_rng(42))
    assert generator.starts.tolist() == first.starts.tolist()


def test_j301_1_heuristic_finds_the_optimum_43(j301_1):
    problem = psplib_problem(read_psplib(j301_1))
    instance = compile_problem(problem)
    assert instance.critical_path_bound == 38
    run = solve_heuristic(instance, schedules=300, seed=0)
    check_instance(instance, run.starts)
    assert run.makespan == 43


def test_budget_counts_schedules_and_stops_at_the_bound():
    instance = Instance.from_arrays([2, 2], [[1], [1]], [2], [], ids=["A", "B"])
    run = solve_heuristic(instance, schedules=1000, seed=0)
    assert run.makespan == 2 and run.schedules < 10
    with pytest.raises(Exception, match="at least 1"):
        solve_heuristic(instance, schedules=0)
