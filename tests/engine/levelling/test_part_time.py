"""A task asking a resource for more than it will ever have (a part-time person assigned full
time) is levelled with the resource's whole capacity, keeps its duration and is explained; the
rest of the plan is levelled as usual."""

from __future__ import annotations

import pytest

from jalon.engine import Activity, Link, Plan
from jalon.engine.levelling import METHODS, LevellingProblem, Resource, compile_problem, level

from .checker import check_instance


def part_time_problem() -> LevellingProblem:
    """Hugo works at 0.8. A (5 days) needs him full time, B (3 days) at half time; C and D
    (2 days each) share Léa, who is full time: C must wait for D or the other way round."""
    plan = Plan("erp", [Activity("A", "Migration scripts", duration=5),
                        Activity("B", "Screens", duration=3),
                        Activity("C", "Tests", duration=2),
                        Activity("D", "Fixes", duration=2),
                        Activity("E", "Go-live", duration=1)],
                [Link("A", "E"), Link("B", "E"), Link("C", "E"), Link("D", "E")])
    return LevellingProblem(plan, [Resource("hugo", 0.8, name="Hugo"),
                                   Resource("lea", 1, name="Léa")],
                            {"A": {"hugo": 1}, "B": {"hugo": 0.5},
                             "C": {"lea": 1}, "D": {"lea": 1}})


def test_the_demand_is_levelled_at_the_capacity_and_what_was_asked_is_kept():
    instance = compile_problem(part_time_problem())
    hugo = instance.resource_ids.index("hugo")
    a = instance.index["A"]
    assert instance.demand[a, hugo] == pytest.approx(0.8)
    assert instance.requested[a, hugo] == 1.0
    assert instance.capped == [(a, hugo)]
    assert instance.duration[a] == 5  # the task keeps its duration


@pytest.mark.parametrize("method", METHODS)
def test_both_methods_level_everything_and_explain_the_capped_task(method):
    result = level(part_time_problem(), method=method, time_limit=2)
    instance = result.instance
    check_instance(instance, result.start_array)
    starts, finishes = result.starts, result.finishes
    # A holds all of Hugo: B cannot run beside it, whichever goes first
    assert starts["B"] >= finishes["A"] or starts["A"] >= finishes["B"]
    assert starts["C"] >= finishes["D"] or starts["D"] >= finishes["C"]
    assert result.makespan == 9  # 5 + 3 on Hugo, then the go-live
    assert result.status == ("optimal" if method == "optimal" else "feasible")
    assert result.over_allocations == []
    [capped] = [e for e in result.explanations if e.kind == "capped"]
    assert (capped.activity, capped.resource, capped.needed, capped.capacity) == (
        "A", "hugo", 1.0, pytest.approx(0.8))
    assert capped.message == (
        "Migration scripts needs 1 of Hugo, which never has more than 0.8: it is levelled as "
        "taking all of Hugo for its planned duration; the rest remains over-allocated.")
    assert capped.as_dict()["kind"] == "capped"


def test_a_resource_with_nothing_left_lets_its_tasks_run_without_it():
    plan = Plan("p", [Activity("A", duration=2), Activity("B", duration=2)])
    problem = LevellingProblem(plan, [Resource("gone", 1, {0: 0})],
                               {"A": {"gone": 1}, "B": {"gone": 1}})
    result = level(problem, method="heuristic")
    assert result.starts == {"A": 0, "B": 0} and result.makespan == 2
    assert {e.activity for e in result.explanations if e.kind == "capped"} == {"A", "B"}
