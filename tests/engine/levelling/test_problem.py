"""Problem data: validation, compilation (rounding, link distances, releases, fixed, float)."""

from __future__ import annotations

import pytest

from jalon.engine import Activity, Link, Plan
from jalon.engine.levelling import LevellingProblem, Resource, compile_problem, level
from jalon.errors import ValidationFailed
from jalon.io.psplib import PsplibInstance

from .checker import check_problem


def psplib_problem(instance: PsplibInstance) -> LevellingProblem:
    return LevellingProblem(instance.plan,
                            [Resource(r, c) for r, c in instance.capacities.items()],
                            instance.demands)


def crew_plan() -> Plan:
    return Plan("crew", [Activity("A", duration=3), Activity("B", duration=2.5),
                         Activity("C", duration=2, priority=900)], [Link("A", "B", lag=-1.5)])


@pytest.mark.parametrize("bad, match", [
    ({"capacity": -1}, "capacity"),
    ({"capacity": 1, "changes": {-1: 2}}, "period >= 0"),
    ({"capacity": 1, "changes": {3: float("nan")}}, "capacity from period 3"),
])
def test_resource_rejects_bad_capacity(bad, match):
    with pytest.raises(ValidationFailed, match=match):
        Resource("R", **bad)


def test_resource_capacity_changes_by_period():
    resource = Resource("R", 2, {3: 0, 5: 1})
    assert [resource.capacity_at(t) for t in range(7)] == [2, 2, 2, 0, 0, 1, 1]


@pytest.mark.parametrize("demands, match", [
    ({"Z": {"crew": 1}}, "unknown activity"),
    ({"A": {"nobody": 1}}, "unknown resource"),
    ({"A": {"crew": -1}}, ">= 0"),
])
def test_problem_rejects_bad_demands(demands, match):
    with pytest.raises(ValidationFailed, match=match):
        LevellingProblem(crew_plan(), [Resource("crew", 2)], demands)


def test_compile_rounds_up_and_turns_links_into_distances():
    problem = LevellingProblem(crew_plan(), [Resource("crew", 2)], {"A": {"crew": 2}})
    instance = compile_problem(problem)
    assert instance.duration.tolist() == [3, 3, 2]  # 2.5 days hold the crew for 3 periods
    assert instance.lag.tolist() == [-1]  # a lead of 1.5 days rounds up to 1
    assert instance.delta.tolist() == [2]  # FS: d(A) + lag
    assert instance.rank.tolist() == [500, 500, 900]


def test_fixed_and_started_activities_do_not_move():
    plan = Plan("p", [Activity("A", duration=2), Activity("B", duration=2),
                      Activity("C", duration=2, actual_start=1.0)])
    problem = LevellingProblem(plan, [Resource("crew", 1)],
                               {i: {"crew": 1} for i in "ABC"}, fixed={"A": 4})
    result = level(problem, method="optimal", time_limit=5)
    assert result.starts["A"] == 4 and result.starts["C"] == 1
    check_problem(problem, result.starts)
    # C holds the crew in 1-3 and A in 4-6: the gaps (0-1, 3-4) are too short for B.
    assert result.starts["B"] == 6 and result.makespan == 8


def two_projects() -> LevellingProblem:
    plan = Plan("portfolio", [Activity("a1", duration=2), Activity("a2", duration=2),
                              Activity("b1", duration=2, priority=100)],
                [Link("a1", "a2")])
    return LevellingProblem(plan, [Resource("crew", 1)], {i: {"crew": 1} for i in
                                                            ("a1", "a2", "b1")},
                            project_of={"a1": "A", "a2": "A", "b1": "B"},
                            project_priorities={"A": 1, "B": 2})


def test_project_priority_comes_before_task_priority():
    result = level(two_projects(), schedules=1)
    # b1 has the lowest task priority but belongs to the most important project: it goes first
    assert result.starts["b1"] == 0
    check_problem(two_projects(), result.starts)


def test_within_float_keeps_the_finish_and_reports_what_remains():
    plan = Plan("p", [Activity("A", duration=4), Activity("B", duration=1),
                      Activity("C", duration=1)], [Link("B", "C")])
    problem = LevellingProblem(plan, [Resource("crew", 1)],
                               {"A": {"crew": 1}, "B": {"crew": 1}}, within_float=True)
    result = level(problem, method="optimal", time_limit=2)
    assert result.makespan == 4  # B may move within its float (0..2), never past it
    assert 0 <= result.starts["B"] <= 2
    assert result.status == "infeasible"
    [over] = result.over_allocations
    assert set(over.activities) == {"A", "B"}
    free = level(LevellingProblem(plan, problem.resources, problem.demands), method="optimal",
                 time_limit=2)
    assert free.makespan == 5 and free.status == "optimal" and not free.over_allocations
