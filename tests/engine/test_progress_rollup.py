"""A summary's percent complete is its tasks', weighted by duration (as MS Project shows it)."""

from __future__ import annotations

import pytest

from jalon.engine import Activity, Plan, schedule


def test_summary_progress_is_the_duration_weighted_mean_of_its_tasks():
    plan = Plan("p", [
        Activity("S", "Phase"),
        Activity("A", duration=10, percent_complete=100, parent="S"),
        Activity("B", duration=30, percent_complete=20, parent="S"),
        Activity("M", duration=0, parent="S", is_milestone=True),
    ], [])
    result = schedule(plan)
    assert result["S"].percent_complete == pytest.approx((10 * 100 + 30 * 20) / 40)
    assert result["A"].percent_complete == 100


def test_summary_of_milestones_only_takes_their_plain_mean():
    plan = Plan("p", [
        Activity("S", "Jalons"),
        Activity("M1", duration=0, percent_complete=100, parent="S", is_milestone=True),
        Activity("M2", duration=0, percent_complete=0, parent="S", is_milestone=True),
    ], [])
    assert schedule(plan)["S"].percent_complete == 50


def test_projects_scheduled_together_keep_their_summaries_progress():
    """Linked projects are scheduled as one network: each keeps its tasks' progress and its
    summaries' roll-up (a summary showed 0 % when its project was linked to another)."""
    from datetime import date

    from jalon.engine import Link, WorkCalendar, schedule_many

    def phase(name: str) -> Plan:
        return Plan(name, [
            Activity("S", "Cadrage"),
            Activity("A", duration=5, percent_complete=100, parent="S"),
            Activity("B", duration=15, percent_complete=60, parent="S"),
        ], [Link("A", "B")], start=date(2026, 1, 12), calendar=WorkCalendar())

    alone = schedule(phase("P1"))
    together = schedule_many([phase("P1"), phase("P2")], [Link("P1::B", "P2::A")])
    for result in (alone, together["P1"], together["P2"]):
        assert result["S"].percent_complete == pytest.approx((5 * 100 + 15 * 60) / 20)
        assert result["B"].percent_complete == 60


def test_summaries_roll_up_from_stored_rows_as_in_the_schedule():
    """The roll-up without a schedule (for pages that list tasks) weighs the same leaves,
    at any depth; the summaries' own percentages are ignored."""
    from jalon.engine.summary_progress import summary_percent_complete

    rows = [
        (1, None, 0.0, 0.0),       # 1 Phase
        (2, 1, 0.0, 70.0),         # 1.1 Lot (its 70 % is not used)
        (3, 2, 10.0, 100.0),       # 1.1.1
        (4, 2, 30.0, 20.0),        # 1.1.2
        (5, 1, 0.0, 100.0),        # 1.2 milestone
        (6, None, 4.0, 50.0),      # 2 a top-level task
        (7, 99, 2.0, 10.0),        # a task whose parent is not given: top level
    ]
    rolled = summary_percent_complete(rows)
    assert rolled == {1: pytest.approx(40.0), 2: pytest.approx(40.0)}
    plan = Plan("p", [
        Activity(str(i), duration=d, percent_complete=p, parent=str(parent) if parent in
                 {1, 2} else None, is_milestone=d == 0 and i == 5)
        for i, parent, d, p in rows
    ], [])
    result = schedule(plan)
    assert {i: result[str(i)].percent_complete for i in rolled} == pytest.approx(rolled)


def test_a_task_scheduled_on_its_pert_time_weighs_that_time():
    plan = Plan("p", [
        Activity("S", "Phase"),
        Activity("A", duration=5, percent_complete=100, parent="S"),
        Activity("B", optimistic=8, most_likely=10, pessimistic=15, parent="S"),  # te = 10.5
    ], [])
    assert schedule(plan)["S"].percent_complete == pytest.approx(500 / 15.5)
