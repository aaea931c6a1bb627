"""Worked textbook examples: both implementations of the passes reproduce the published
tables."""

from __future__ import annotations

import pytest

from jalon.engine import Activity, Link, Plan, schedule


def activity_on_arrow_plan(arrows: dict[str, float]) -> Plan:
    """Turn an activity-on-arrow list ``{"1-2": 7, ...}`` into an activity-on-node plan."""
    activities = [Activity(name, duration=d) for name, d in arrows.items()]
    links = [
        Link(before, after)
        for before in arrows
        for after in arrows
        if before.split("-")[1] == after.split("-")[0]
    ]
    return Plan("aoa", activities, links)


PASSES = pytest.mark.parametrize("passes", ["compiled", "levelled"])


def check_table(plan: Plan, table: dict[str, tuple[float, ...]], passes: str) -> None:
    result = schedule(plan, passes=passes)
    for name, (es, ef, ls, lf, slack) in table.items():
        row = result[name]
        assert (row.early_start, row.early_finish, row.late_start, row.late_finish) == (
            es,
            ef,
            ls,
            lf,
        ), name
        assert row.total_float == slack, name
        assert row.critical == (slack == 0), name


@PASSES
def test_taylor_problem_5(passes):
    """Taylor, *Introduction to Management Science*, ch. 8 (Project Management), solution of
    problem 5 (published solutions manual, e.g. https://ar.scribd.com/doc/47113515/TaylCh08):
    critical path 1-3-4-5-6, 20 weeks."""
    plan = activity_on_arrow_plan(
        {"1-2": 7, "1-3": 10, "2-4": 6, "3-4": 5, "3-5": 4, "4-5": 3, "5-6": 2}
    )
    table = {
        "1-2": (0, 7, 2, 9, 2),
        "1-3": (0, 10, 0, 10, 0),
        "2-4": (7, 13, 9, 15, 2),
        "3-4": (10, 15, 10, 15, 0),
        "3-5": (10, 14, 14, 18, 4),
        "4-5": (15, 18, 15, 18, 0),
        "5-6": (18, 20, 18, 20, 0),
    }
    check_table(plan, table, passes)
    assert schedule(plan, passes=passes).critical_path == ["1-3", "3-4", "4-5", "5-6"]


@PASSES
def test_taylor_problem_6(passes):
    """Taylor, *Introduction to Management Science*, ch. 8, solution of problem 6 (same
    source): 38 weeks, critical path 1-3-5-7-8-9; includes a zero-duration dummy 4-5."""
    plan = activity_on_arrow_plan(
        {
            "1-2": 8, "1-3": 10, "1-4": 9, "2-5": 6, "2-6": 4, "3-5": 5, "4-5": 0,
            "4-7": 7, "5-7": 12, "5-8": 15, "6-9": 18, "7-8": 4, "8-9": 7,
        }
    )
    table = {
        "1-2": (0, 8, 1, 9, 1),
        "1-3": (0, 10, 0, 10, 0),
        "1-4": (0, 9, 6, 15, 6),
        "2-5": (8, 14, 9, 15, 1),
        "2-6": (8, 12, 16, 20, 8),
        "3-5": (10, 15, 10, 15, 0),
        "4-5": (9, 9, 15, 15, 6),
        "4-7": (9, 16, 20, 27, 11),
        "5-7": (15, 27, 15, 27, 0),
        "5-8": (15, 30, 16, 31, 1),
        "6-9": (12, 30, 20, 38, 8),
        "7-8": (27, 31, 27, 31, 0),
        "8-9": (31, 38, 31, 38, 0),
    }
    check_table(plan, table, passes)
    result = schedule(plan, passes=passes)
    assert result.finish == 38
    assert result.critical_path == ["1-3", "3-5", "5-7", "7-8", "8-9"]


RELIABLE = {  # activity: (duration in weeks, immediate predecessors)
    "A": (2, ""), "B": (4, "A"), "C": (10, "B"), "D": (6, "C"), "E": (4, "C"),
    "F": (5, "E"), "G": (7, "D"), "H": (9, "EG"), "I": (7, "C"), "J": (8, "FI"),
    "K": (4, "J"), "L": (5, "J"), "M": (2, "H"), "N": (6, "KL"),
}


def reliable_plan() -> Plan:
    activities = [Activity(a, duration=d) for a, (d, _) in RELIABLE.items()]
    links = [Link(p, a) for a, (_, preds) in RELIABLE.items() for p in preds]
    return Plan("Reliable Construction", activities, links)


@PASSES
def test_hillier_lieberman_reliable_construction(passes):
    """Hillier & Lieberman, *Introduction to Operations Research*, chapter "Project Management
    with PERT/CPM", Reliable Construction Co. example: 44 weeks, critical path
    A-B-C-E-F-J-L-N, slacks D 4, G 4, H 4, I 2, K 1, M 4 (table of slacks)."""
    table = {
        "A": (0, 2, 0, 2, 0), "B": (2, 6, 2, 6, 0), "C": (6, 16, 6, 16, 0),
        "D": (16, 22, 20, 26, 4), "E": (16, 20, 16, 20, 0), "F": (20, 25, 20, 25, 0),
        "G": (22, 29, 26, 33, 4), "H": (29, 38, 33, 42, 4), "I": (16, 23, 18, 25, 2),
        "J": (25, 33, 25, 33, 0), "K": (33, 37, 34, 38, 1), "L": (33, 38, 33, 38, 0),
        "M": (38, 40, 42, 44, 4), "N": (38, 44, 38, 44, 0),
    }
    check_table(reliable_plan(), table, passes)
    result = schedule(reliable_plan(), passes=passes)
    assert result.duration == 44
    assert result.critical_path == list("ABCEFJLN")
    assert result.critical_paths == [list("ABCEFJLN")]


@PASSES
@pytest.mark.parametrize("name", ["D", "G"])
def test_free_float_of_a_chain_sits_on_its_last_activity(name, passes):
    result = schedule(reliable_plan(), passes=passes)
    assert result[name].free_float == 0
    assert result["M"].free_float == 4
