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
