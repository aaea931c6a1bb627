"""CPM behaviour: link types, constraints, ALAP, summaries, cycles, driving links."""

from __future__ import annotations

import pytest

from jalon.engine import Activity, Link, Plan, schedule
from jalon.errors import CycleError
from tests.engine.conftest import make_plan


@pytest.mark.parametrize(
    ("kind", "lag", "b_start"),
    [
        ("FS", 0, 4),  # B starts when A (0-4) finishes
        ("FS", -1, 3),  # a lead
        ("SS", 2, 2),
        ("FF", 1, 3),  # B (2 days) finishes at 5
        ("SF", 3, 1),  # B finishes at 0 + 3
        ("SF", 1, 0),  # would start at -1: no activity starts before the project start
    ],
)
def test_each_link_type(kind, lag, b_start):
    result = schedule(make_plan({"A": 4, "B": 2}, [("A", "B", kind, lag)]))
    assert result["B"].early_start == b_start
    assert result["B"].early_finish == b_start + 2


def test_project_finish_is_the_latest_early_finish():
    result = schedule(make_plan({"A": 4, "B": 2, "C": 7}, [("A", "B")]))
    assert result.finish == 7
    assert result["B"].late_finish == 7
    assert result["A"].total_float == 1
    assert result.critical_path == ["C"]


def test_driving_predecessors():
    result = schedule(make_plan({"A": 4, "B": 2, "C": 1}, [("A", "C"), ("B", "C")]))
    assert result["C"].driving_predecessors == ["A"]
    assert result["B"].free_float == 2


def test_cycle_names_the_activities_in_order():
    plan = make_plan(
        {"S": 1, "A": 1, "B": 1, "C": 1},
        [("S", "A"), ("A", "B"), ("B", "C"), ("C", "A")],
    )
    with pytest.raises(CycleError) as error:
        schedule(plan)
    assert error.value.cycle == ["A", "B", "C", "A"]
    assert str(error.value) == "Dependency cycle: 'A' → 'B' → 'C' → 'A'"


def test_self_link_is_a_cycle():
    with pytest.raises(CycleError, match="'A' → 'A'"):
        schedule(make_plan({"A": 1}, [("A", "A", "SS", 0)]))


def test_finish_no_later_than_gives_negative_float():
    activities = [
        Activity("A", duration=5),
        Activity("B", duration=3, constraint_type="FNLT", constraint_date=6.0),
    ]
    result = schedule(Plan("p", activities, [Link("A", "B")]))
    assert result["B"].early_finish == 8
    assert result["B"].late_finish == 6
    assert result["B"].total_float == -2
    assert result["A"].total_float == -2  # the chain feeding it is late too
    assert result["A"].critical and result["B"].critical


def test_deadline_caps_late_dates_only():
    activities = [Activity("A", duration=5, deadline=3.0), Activity("B", duration=8)]
    result = schedule(Plan("p", activities, []))
    assert result["A"].early_finish == 5
    assert result["A"].total_float == -2
    assert result["B"].total_float == 0


def test_start_no_earlier_than_pushes():
    activities = [
        Activity("A", duration=2),
        Activity("B", duration=2, constraint_type="SNET", constraint_date=5.0),
    ]
    result = schedule(Plan("p", activities, [Link("A", "B")]))
    assert result["B"].early_start == 5
    assert result.finish == 7
    assert result["A"].total_float == 3


def test_must_start_on_pins_both_passes():
    activities = [
        Activity("A", duration=6),
        Activity("B", duration=2, constraint_type="MSO", constraint_date=4.0),
        Activity("C", duration=20),
    ]
    result = schedule(Plan("p", activities, [Link("A", "B")]))
    assert result["B"].early_start == 6  # logic wins in the forward pass...
    assert result["B"].late_start == 4  # ...and the violation shows as negative float
    assert result["B"].total_float == -2


def test_must_finish_on_and_fnet():
    activities = [
        Activity("A", duration=2, constraint_type="MFO", constraint_date=10.0),
        Activity("B", duration=2, constraint_type="FNET", constraint_date=4.0),
        Activity("C", duration=12),
    ]
    result = schedule(Plan("p", activities, []))
    assert (result["A"].early_finish, result["A"].late_finish) == (10, 10)
    assert result["A"].total_float == 0
    assert result["B"].early_finish == 4


def test_start_no_later_than():
    activities = [
        Activity("A", duration=3),
        Activity("B", duration=1, constraint_type="SNLT", constraint_date=2.0),
        Activity("C", duration=10),
    ]
    result = schedule(Plan("p", activities, [Link("A", "B")]))
    assert result["B"].late_start == 2
    assert result["B"].total_float == -1


def test_alap_moves_to_late_dates_and_successors_follow():
    activities = [
        Activity("A", duration=2, constraint_type="ALAP"),
        Activity("B", duration=1),
        Activity("C", duration=10),
    ]
    result = schedule(Plan("p", activities, [Link("A", "B")]))
    assert (result["A"].early_start, result["A"].early_finish) == (7, 9)
    assert result["B"].early_start == 9
    assert result.finish == 10
    assert result["A"].total_float == 0


def test_summary_links_expand_and_dates_roll_up():
    activities = [
        Activity("Design", duration=0),
        Activity("D1", duration=3, parent="Design"),
        Activity("D2", duration=5, parent="Design"),
        Activity("Build", duration=99),  # a summary's own duration is ignored
        Activity("B1", duration=2, parent="Build"),
        Activity("B2", duration=4, parent="Build"),
    ]
    links = [Link("Design", "Build"), Link("B1", "B2", "SS", 1)]
    result = schedule(Plan("p", activities, links))
    assert result["B1"].early_start == 5  # after both design activities
    assert result["B2"].early_start == 6
    design, build = result["Design"], result["Build"]
    assert design.is_summary and build.is_summary
    assert (design.early_start, design.early_finish) == (0, 5)
    assert (build.early_start, build.early_finish) == (5, 10)
    assert result.finish == 10
    assert build.critical
    assert "Design" not in result.critical_path
    assert result["D1"].total_float == 2


def test_nested_summaries_and_summary_deadline():
    activities = [
        Activity("P"),
        Activity("S", parent="P", deadline=3.0),
        Activity("A", duration=4, parent="S"),
        Activity("B", duration=1, parent="P"),
    ]
    result = schedule(Plan("p", activities, [Link("S", "B")]))
    assert result["B"].early_start == 4
    assert (result["P"].early_start, result["P"].early_finish) == (0, 5)
    assert result["A"].total_float == -1
    assert result["S"].total_float == -1


def test_results_are_in_input_order_with_arrays():
    plan = make_plan({"Z": 1, "A": 2, "M": 3}, [("M", "Z")])
    result = schedule(plan)
    assert list(result.activities) == ["Z", "A", "M"]
    assert result.early_start.tolist() == [3, 0, 0]
    assert len(result) == 3
    assert result.pert is None


def test_empty_plan():
    result = schedule(Plan("empty", [], []))
    assert result.finish == 0
    assert result.critical_path == []
