"""PERT: expected times, critical path variance, completion probability."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jalon.engine import Activity, Link, Plan, schedule, scheduled_duration

# Hillier & Lieberman, Introduction to Operations Research, "Project Management with
# PERT/CPM": Reliable Construction Co., three-point estimates (o, m, p) in weeks.
ESTIMATES = {
    "A": (1, 2, 3, ""), "B": (2, 3.5, 8, "A"), "C": (6, 9, 18, "B"), "D": (4, 5.5, 10, "C"),
    "E": (1, 4.5, 5, "C"), "F": (4, 4, 10, "E"), "G": (5, 6.5, 11, "D"), "H": (5, 8, 17, "EG"),
    "I": (3, 7.5, 9, "C"), "J": (3, 9, 9, "FI"), "K": (4, 4, 4, "J"), "L": (1, 5.5, 7, "J"),
    "M": (1, 2, 3, "H"), "N": (5, 5.5, 9, "KL"),
}


def reliable_pert_plan(**plan_fields) -> Plan:
    activities = [
        Activity(a, optimistic=o, most_likely=m, pessimistic=p)
        for a, (o, m, p, _) in ESTIMATES.items()
    ]
    links = [Link(p, a) for a, (*_, preds) in ESTIMATES.items() for p in preds]
    return Plan("Reliable", activities, links, **plan_fields)


def test_hillier_lieberman_reliable_pert():
    """Published: mean critical path A-B-C-E-F-J-L-N, mean 44 weeks, variance 9,
    P(T <= 47 weeks) = 0.84 (Phi(1))."""
    result = schedule(reliable_pert_plan())
    pert = result.pert
    assert pert is not None
    assert result.finish == pytest.approx(44)  # te used as the duration when it is 0
    assert pert.expected_duration == pytest.approx(44)
    assert pert.variance == pytest.approx(9)
    assert pert.std_dev == pytest.approx(3)
    assert pert.critical_path == list("ABCEFJLN")
    assert pert.probability_by(47) == pytest.approx(0.8413, abs=1e-4)
    assert pert.probability_by(44) == pytest.approx(0.5)
    assert pert.duration_at(0.8413447) == pytest.approx(47, abs=1e-3)
    assert pert.expected_times["C"] == pytest.approx(10)
    assert pert.variances["C"] == pytest.approx(4)


def test_tie_takes_the_path_of_largest_variance():
    activities = [
        Activity("calm", optimistic=4, most_likely=4, pessimistic=4),
        Activity("wild", optimistic=1, most_likely=3, pessimistic=11),  # te 4, var 25/9
        Activity("end", duration=1),
    ]
    links = [Link("calm", "end"), Link("wild", "end")]
    pert = schedule(Plan("tie", activities, links)).pert
    assert pert is not None
    assert pert.critical_path == ["wild", "end"]
    assert pert.variance == pytest.approx(25 / 9)


def test_start_to_start_path_skips_the_predecessor_variance():
    activities = [
        Activity("A", optimistic=2, most_likely=5, pessimistic=14),
        Activity("B", optimistic=10, most_likely=10, pessimistic=16),
    ]
    pert = schedule(Plan("ss", activities, [Link("A", "B", "SS", 1)])).pert
    assert pert is not None
    assert pert.expected_duration == pytest.approx(12)
    assert pert.variance == pytest.approx(1.0)  # only B's duration lies on the path


def test_due_date_in_calendar_time():
    plan = reliable_pert_plan(start=date(2024, 1, 1))
    pert = schedule(plan).pert
    assert pert is not None
    # 47 working days from Monday 1 January 2024: the 47th working day is 5 March.
    assert pert.probability_by(date(2024, 3, 5)) == pytest.approx(0.8413, abs=1e-4)
    assert pert.expected_finish_date == date(2024, 2, 29)


def test_no_estimates_no_pert():
    assert schedule(Plan("p", [Activity("A", duration=2)], [])).pert is None


def test_zero_variance_probability_is_certain():
    activities = [Activity("A", duration=3, optimistic=3, most_likely=3, pessimistic=3)]
    pert = schedule(Plan("p", activities, [])).pert
    assert pert is not None
    assert pert.probability_by(3) == 1.0
    assert pert.probability_by(2.5) == 0.0


@given(duration=st.integers(0, 30),
       estimate=st.one_of(st.none(), st.lists(st.integers(0, 60), min_size=3, max_size=3)))
def test_the_duration_scheduled_from_values_is_the_activitys(duration: int,
                                                               estimate: list[int] | None) -> None:
    """The pages' roll-ups weigh tasks by ``scheduled_duration`` of their stored values,
    without building an activity: the same figure as the schedule's (PERT when 0)."""
    a, m, b = sorted(estimate) if estimate else (None, None, None)
    activity = Activity("T", duration=duration, optimistic=a, most_likely=m, pessimistic=b)
    assert scheduled_duration(duration, a, m, b) == activity.scheduled_duration
    if duration == 0 and estimate:
        assert scheduled_duration(duration, a, m, b) == pytest.approx((a + 4 * m + b) / 6)
