"""Working calendars and the mapping between working-day times and dates."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from jalon.engine import Activity, Link, Plan, WorkCalendar, schedule
from jalon.errors import ValidationFailed

FR = WorkCalendar(public_holidays="FR")


def test_weekends_are_not_worked():
    calendar = WorkCalendar()
    assert calendar.is_working(date(2024, 6, 7))  # Friday
    assert not calendar.is_working(date(2024, 6, 8))
    assert not calendar.is_working(date(2024, 6, 9))


def test_french_holidays_and_exceptions():
    assert not FR.is_working(date(2024, 5, 1))
    assert not FR.is_working(date(2024, 5, 20))
    solidarity = WorkCalendar(public_holidays="FR", working_days=frozenset({date(2024, 5, 20)}))
    assert solidarity.is_working(date(2024, 5, 20))
    closed = WorkCalendar(holidays=frozenset({date(2024, 6, 7)}))
    assert not closed.is_working(date(2024, 6, 7))


def test_custom_week():
    calendar = WorkCalendar(working_weekdays=(0, 1, 2, 3, 4, 5))
    assert calendar.is_working(date(2024, 6, 8))
    assert calendar.hours_to_days(12) == 1.5


def test_index_zero_is_first_working_day_on_or_after_start():
    saturday = date(2024, 6, 1)
    calendar = WorkCalendar()
    assert calendar.date_of(0, saturday) == date(2024, 6, 3)
    assert calendar.working_day_index(date(2024, 6, 3), saturday) == 0
    assert calendar.working_day_index(date(2024, 6, 10), saturday) == 5
    assert calendar.date_of(-1, saturday) == date(2024, 5, 31)


def test_table_lookup_agrees_with_day_by_day_walk():
    origin = date(2023, 12, 20)
    day = origin
    while not FR.is_working(day):
        day += timedelta(days=1)
    line = FR.timeline(origin)
    for index in range(600):
        assert line.date_of(index) == day
        day += timedelta(days=1)
        while not FR.is_working(day):
            day += timedelta(days=1)


def test_far_dates_extend_the_table():
    origin = date(2024, 1, 1)
    line = WorkCalendar().timeline(origin)
    assert line.date_of(2610) == date(2034, 1, 2)  # 10 years of 261 working days
    assert line.date_of(-260) == date(2023, 1, 2)  # 2023 had 260 working days


def test_finish_is_inclusive_and_milestone_finishes_on_its_start():
    line = WorkCalendar().timeline(date(2024, 6, 3))  # Monday
    assert line.finish_date(5.0, 0.0) == date(2024, 6, 7)  # Monday-Friday
    assert line.finish_date(6.0, 5.0) == date(2024, 6, 10)
    assert line.start_date(5.0) == date(2024, 6, 10)
    assert line.finish_date(5.0, 5.0) == date(2024, 6, 10)  # milestone
    assert line.finish_date(2.5, 0.0) == date(2024, 6, 5)  # half of the third day
    starts = line.start_dates(np.array([0.0, 0.5, 4.9]))
    assert starts.astype(object).tolist() == [date(2024, 6, 3)] * 2 + [date(2024, 6, 7)]


def test_easter_week_in_a_french_plan():
    plan = Plan(
        "easter",
        [Activity("A", duration=5), Activity("B", duration=1), Activity("M")],
        [Link("A", "B"), Link("B", "M")],
        start=date(2024, 3, 28),
        calendar=FR,
    )
    result = schedule(plan)
    a, b, m = result["A"], result["B"], result["M"]
    # Thu 28, Fri 29, (Easter Monday 1 April off), Tue 2, Wed 3, Thu 4.
    assert (a.start_date, a.finish_date) == (date(2024, 3, 28), date(2024, 4, 4))
    assert (b.start_date, b.finish_date) == (date(2024, 4, 5), date(2024, 4, 5))
    assert m.start_date == m.finish_date == date(2024, 4, 5)  # as MS Project: B's finish day
    assert result.start_date == date(2024, 3, 28)
    assert result.finish_date == date(2024, 4, 5)


def test_constraint_dates_read_as_start_or_end_of_day():
    plan = Plan(
        "dates",
        [
            Activity("S", duration=2, constraint_type="SNET", constraint_date=date(2024, 6, 8)),
            Activity("F", duration=2, constraint_type="FNET", constraint_date=date(2024, 6, 12)),
        ],
        [],
        start=date(2024, 6, 3),
    )
    result = schedule(plan)
    assert result["S"].start_date == date(2024, 6, 10)  # Saturday -> next Monday
    assert result["F"].finish_date == date(2024, 6, 12)
    assert result["F"].early_finish == 8.0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"working_weekdays": (7,)}, "working_weekdays"),
        ({"working_weekdays": ()}, "working_weekdays"),
        ({"hours_per_day": 0}, "hours_per_day"),
        ({"public_holidays": "XX"}, "public_holidays"),
        (
            {"holidays": frozenset({date(2024, 1, 2)}), "working_days": frozenset({date(2024, 1, 2)})},
            "working_days",
        ),
    ],
)
def test_invalid_calendars_name_the_field(fields, field):
    with pytest.raises(ValidationFailed) as error:
        WorkCalendar(**fields)
    assert error.value.field == field


def test_working_days_between_counts_both_ends():
    assert FR.working_days_between(date(2024, 4, 29), date(2024, 5, 10)) == 7


def test_a_span_s_working_mask_agrees_with_each_day():
    """The loading pages take a resource's working days over years at once: the same answer as
    asking day by day, across holidays, exceptions and a year's end."""
    calendar = WorkCalendar(public_holidays="FR", working_days=frozenset({date(2024, 12, 28)}),
                            holidays=frozenset({date(2025, 1, 2)}))
    first = date(2024, 12, 1)
    mask = calendar.working_mask(first, 70)
    assert mask.tolist() == [calendar.is_working(first + timedelta(days=d)) for d in range(70)]
    assert not mask[24] and mask[27] and not mask[32]  # Christmas, the Saturday worked, Jan 2
