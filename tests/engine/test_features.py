"""Milestone dates, elapsed lags, task calendars, several projects, baselines, array entry."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from jalon.engine import (
    Activity,
    BaselineEntry,
    Link,
    Plan,
    WorkCalendar,
    compare_to_baseline,
    schedule,
    schedule_arrays,
    schedule_many,
)
from jalon.errors import CycleError, ValidationFailed

MONDAY = date(2024, 6, 3)


def test_milestone_after_a_task_shows_on_its_finish_day():
    plan = Plan("m", [Activity("A", duration=4), Activity("M", is_milestone=True)],
                [Link("A", "M")], start=MONDAY)
    result = schedule(plan)
    assert result["A"].finish_date == date(2024, 6, 6)  # Thursday
    assert result["M"].start_date == result["M"].finish_date == date(2024, 6, 6)
    assert result.finish_date == date(2024, 6, 6)


def test_milestone_at_start_or_on_a_start_constraint_shows_on_that_day():
    plan = Plan("m", [
        Activity("K", is_milestone=True),
        Activity("S", is_milestone=True, constraint_type="SNET", constraint_date=date(2024, 6, 7)),
        Activity("A", duration=4),
        Activity("T", is_milestone=True, constraint_type="MSO", constraint_date=date(2024, 6, 7)),
        Activity("SS", is_milestone=True),
    ], [Link("A", "T"), Link("A", "SS", "SS", 2)], start=MONDAY)
    result = schedule(plan)
    assert result["K"].start_date == date(2024, 6, 3)
    assert result["S"].start_date == date(2024, 6, 7)
    assert result["T"].start_date == date(2024, 6, 7)  # start constraint wins over A's finish
    # A's start + 2 working days is the end of Tuesday, where MS Project shows it (not Wednesday)
    assert result["SS"].start_date == date(2024, 6, 4)


def test_a_lag_puts_a_milestone_at_the_end_or_the_start_of_a_day_as_ms_project():
    """Working time added lands at the end of a day, taken away at the start of one; without a
    lag a milestone takes the side of what it follows (checked against MPXJ's MS Project
    scheduler, tests/io/test_mspdi_oracle.py)."""
    acts = [Activity("A", duration=4), *(Activity(k, is_milestone=True)
                                         for k in ("FS-1", "SS+1", "FF-2", "SF+2", "M", "N"))]
    links = [Link("A", "FS-1", "FS", -1), Link("A", "SS+1", "SS", 1), Link("A", "FF-2", "FF", -2),
             Link("A", "SF+2", "SF", 2), Link("FS-1", "M"), Link("M", "N", "SS")]
    result = schedule(Plan("m", acts, links, start=MONDAY))
    assert result["A"].finish_date == date(2024, 6, 6)  # Thursday
    assert result["FS-1"].start_date == date(2024, 6, 6)  # Thursday 8:00, not Wednesday
    assert result["SS+1"].start_date == date(2024, 6, 3)  # Monday 17:00, not Tuesday
    assert result["FF-2"].start_date == date(2024, 6, 5)  # Wednesday 8:00
    assert result["SF+2"].start_date == date(2024, 6, 4)  # Tuesday 17:00
    assert result["M"].start_date == result["N"].start_date == date(2024, 6, 6)  # passed on


def test_elapsed_lag_counts_the_weekend():
    acts = [Activity("A", duration=4), Activity("B", duration=1), Activity("C", duration=1)]
    links = [Link("A", "B", lag=2, lag_unit="edays"), Link("A", "C", lag=2)]
    result = schedule(Plan("e", acts, links, start=MONDAY))
    # A ends Thursday evening; +2 elapsed days = Saturday evening -> Monday.
    assert result["B"].start_date == date(2024, 6, 10)
    assert result["C"].start_date == date(2024, 6, 11)  # 2 working days: Fri, Mon -> Tuesday
    abstract = schedule(Plan("e", acts, links))
    assert abstract["B"].early_start == abstract["C"].early_start == 6.0


def test_elapsed_lag_backward_pass_and_floats():
    acts = [Activity("A", duration=4), Activity("B", duration=1), Activity("D", duration=12)]
    result = schedule(Plan("e", acts, [Link("A", "B", lag=3, lag_unit="edays")], start=MONDAY))
    b = result["B"]
    assert b.total_float == pytest.approx(result.finish - b.early_finish)
    a = result["A"]
    assert a.total_float == pytest.approx(b.total_float)
    assert a.free_float == 0.0


def test_task_calendar_works_saturdays():
    six_days = WorkCalendar(working_weekdays=(0, 1, 2, 3, 4, 5))
    acts = [Activity("A", duration=4), Activity("B", duration=2, calendar=six_days),
            Activity("C", duration=1)]
    result = schedule(Plan("t", acts, [Link("A", "B"), Link("B", "C")], start=MONDAY))
    assert (result["B"].start_date, result["B"].finish_date) == (date(2024, 6, 7), date(2024, 6, 8))
    assert result["C"].start_date == date(2024, 6, 10)


def test_several_projects_with_a_cross_link():
    a = Plan("A", [Activity("x", duration=5), Activity("y", duration=3)], [Link("x", "y")],
             start=MONDAY)
    b = Plan("B", [Activity("p", duration=2), Activity("q", duration=1)], [Link("p", "q")],
             start=date(2024, 6, 10), status_date=date(2024, 6, 12))
    result = schedule_many([a, b], [Link("A::y", "B::q")])
    assert result["A"]["y"].finish_date == date(2024, 6, 12)
    assert result["B"]["p"].start_date == date(2024, 6, 13)  # after its status date
    assert result["B"]["p"].early_start == 3.0  # working days from B's own start
    assert result["B"]["q"].start_date == date(2024, 6, 17)
    assert result["A"].critical_path == ["x", "y"]
    with pytest.raises(CycleError) as error:
        schedule_many([a, b], [Link("A::y", "B::p"), Link("B::q", "A::x")])
    assert "B::q" in error.value.cycle
    with pytest.raises(ValidationFailed):
        schedule_many([a, b], [Link("A::nope", "B::p")])


def test_baseline_variances():
    plan = Plan("b", [Activity("A", duration=5), Activity("B", duration=3)], [Link("A", "B")],
                start=MONDAY)
    result = schedule(plan)
    comparison = compare_to_baseline(result, {
        "A": BaselineEntry(MONDAY, date(2024, 6, 6), 4.0),
        "B": BaselineEntry(date(2024, 6, 7), date(2024, 6, 11), 3.0),
    })
    assert comparison["A"].finish_variance == 1.0
    assert comparison["A"].duration_variance == 1.0
    assert comparison["A"].start_variance == 0.0
    assert comparison["B"].start_variance == 1.0
    assert comparison.finish_variance == 1.0
    abstract = schedule(Plan("b", [Activity("A", duration=5)]))
    assert compare_to_baseline(abstract, {"A": BaselineEntry(0.0, 4.0, None)})["A"].finish_variance == 1.0


def test_schedule_arrays_agrees_with_schedule():
    rng = np.random.default_rng(1)
    n = 200
    durations = rng.integers(0, 10, n).astype(float)
    succ = np.arange(1, n)
    pred = succ - rng.integers(1, 5, n - 1).clip(max=succ)
    kinds = rng.integers(0, 4, n - 1)
    lags = rng.integers(-2, 3, n - 1).astype(float)
    arrays = schedule_arrays(durations, pred, succ, kinds, lags)
    names = ["FS", "SS", "FF", "SF"]
    plan = Plan("p", [Activity(f"T{i}", duration=d) for i, d in enumerate(durations)],
                [Link(f"T{p}", f"T{s}", names[k], g) for p, s, k, g in zip(pred, succ, kinds, lags, strict=True)])
    result = schedule(plan)
    assert np.allclose(arrays.early_start, result.early_start)
    assert np.allclose(arrays.late_finish, result.late_finish)
    assert np.allclose(arrays.free_float, result.free_float)
    with pytest.raises(CycleError):
        schedule_arrays(np.ones(2), np.array([0, 1]), np.array([1, 0]))
