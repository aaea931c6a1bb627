"""Progress at a status date: actuals, percent complete, retained logic."""

from __future__ import annotations

from datetime import date

from jalon.engine import Activity, Link, Plan, schedule


def test_unstarted_work_waits_for_the_status_date():
    plan = Plan("p", [Activity("A", duration=3)], [], status_date=5.0)
    result = schedule(plan)
    assert result["A"].early_start == 5


def test_actual_dates_fix_a_finished_activity():
    activities = [
        Activity("A", duration=3, actual_start=1.0, actual_finish=6.0, percent_complete=100),
        Activity("B", duration=2),
    ]
    result = schedule(Plan("p", activities, [Link("A", "B")], status_date=6.0))
    a = result["A"]
    assert (a.early_start, a.early_finish) == (1, 6)
    assert not a.critical and a.total_float == 0
    assert result["B"].early_start == 6


def test_percent_complete_reduces_the_remaining_duration():
    activities = [Activity("A", duration=10, actual_start=0.0, percent_complete=40)]
    result = schedule(Plan("p", activities, [], status_date=6.0))
    # 4 days done by day 6 (late start of the remaining work): 6 remaining days from day 6.
    assert result["A"].early_start == 0
    assert result["A"].early_finish == 12


def test_progress_ahead_of_plan_keeps_the_original_finish():
    activities = [Activity("A", duration=10, actual_start=0.0, percent_complete=50)]
    result = schedule(Plan("p", activities, [], status_date=2.0))
    assert result["A"].early_finish == 10


def test_retained_logic_and_progress_override():
    activities = [
        Activity("A", duration=10),  # not started: runs from the status date 3 to 13
        Activity("B", duration=4, actual_start=1.0, percent_complete=50),  # out of sequence
    ]
    plan = Plan("p", activities, [Link("A", "B")], status_date=3.0)
    retained = schedule(plan)
    assert retained["A"].early_finish == 13
    assert retained["B"].early_start == 1
    assert retained["B"].early_finish == 15  # remaining 2 days wait for A
    override = schedule(plan, retained_logic=False)
    assert override["B"].early_finish == 5  # remaining 2 days from the status date


def test_calendar_status_date_means_end_of_that_day():
    activities = [
        Activity("A", duration=5, actual_start=date(2024, 6, 3), percent_complete=20),
        Activity("B", duration=1),
    ]
    plan = Plan(
        "p",
        activities,
        [Link("A", "B")],
        start=date(2024, 6, 3),
        status_date=date(2024, 6, 4),  # Tuesday evening: 1 day done, 4 remain from Wednesday
    )
    result = schedule(plan)
    assert result["A"].start_date == date(2024, 6, 3)
    assert result["A"].finish_date == date(2024, 6, 10)
    assert result["B"].start_date == date(2024, 6, 11)


def test_completed_milestone_on_a_date():
    activities = [
        Activity("Kick-off", actual_start=date(2024, 6, 5), actual_finish=date(2024, 6, 5)),
        Activity("Work", duration=2),
    ]
    plan = Plan(
        "p", activities, [Link("Kick-off", "Work")], start=date(2024, 6, 3),
        status_date=date(2024, 6, 5),
    )
    result = schedule(plan)
    assert result["Kick-off"].finish_date == date(2024, 6, 5)
    assert result["Work"].start_date == date(2024, 6, 6)


def test_a_task_behind_its_plan_keeps_its_duration_though_its_dates_stretch():
    """The duration shown is the task's (as MS Project's actual + remaining duration), the
    same on every page, even when the status date pushes its remaining work later; a summary's
    is its span."""
    activities = [
        Activity("S", "Phase"),
        Activity("A", duration=25, actual_start=0.0, percent_complete=16, parent="S"),
    ]
    result = schedule(Plan("p", activities, [], status_date=6.0))
    a = result["A"]
    # 4 days done by day 6: 21 remaining days from day 6.
    assert (a.early_start, a.early_finish, a.duration) == (0, 27, 25)
    assert result["S"].duration == 27


def test_a_task_on_its_own_calendar_keeps_its_duration_in_that_calendar():
    from jalon.engine import WorkCalendar

    six_days = WorkCalendar(working_weekdays=(0, 1, 2, 3, 4, 5))
    plan = Plan("p", [Activity("A", duration=6, calendar=six_days)], [],
                start=date(2026, 6, 1), calendar=WorkCalendar())
    a = schedule(plan)["A"]
    assert (a.start_date, a.finish_date) == (date(2026, 6, 1), date(2026, 6, 6))  # Mon - Sat
    assert a.duration == 6 and a.early_finish - a.early_start == 5
