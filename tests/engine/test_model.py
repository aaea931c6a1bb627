"""Validation of activities, links and plans: errors name the activity and the field."""

from __future__ import annotations

from datetime import date

import pytest

from jalon.engine import Activity, Link, Plan
from jalon.engine.limits import LAST_DATE, MAX_DURATION, MAX_LAG
from jalon.errors import JalonError, ValidationFailed


def test_negative_duration_names_the_activity():
    with pytest.raises(ValidationFailed, match="'Pour slab'") as error:
        Activity("Pour slab", duration=-2)
    assert error.value.field == "duration"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"constraint_type": "SOON"}, "constraint_type"),
        ({"constraint_type": "SNET"}, "constraint_date"),
        ({"constraint_date": 3.0}, "constraint_date"),
        ({"percent_complete": 120}, "percent_complete"),
        ({"optimistic": 1}, "most_likely"),
        ({"optimistic": 5, "most_likely": 3, "pessimistic": 8}, "most_likely"),
        ({"actual_finish": 3.0}, "actual_start"),
        ({"actual_start": 4.0, "actual_finish": 3.0}, "actual_finish"),
        ({"is_milestone": True, "duration": 2}, "duration"),
        ({"priority": 2000}, "priority"),
        ({"deadline": "tomorrow"}, "deadline"),
    ],
)
def test_invalid_activity_fields(fields, field):
    with pytest.raises(ValidationFailed, match="'A'") as error:
        Activity("A", **fields)
    assert error.value.field == field


def test_constraint_type_is_case_insensitive():
    assert Activity("A", constraint_type="snet", constraint_date=2.0).constraint_type == "SNET"


def test_link_types_and_lags():
    assert Link("A", "B", "ss", -2).type == "SS"
    with pytest.raises(ValidationFailed, match="Link 'A' → 'B'") as error:
        Link("A", "B", "XX")
    assert error.value.field == "type"


def test_unknown_activity_in_a_link_names_link_and_id():
    with pytest.raises(ValidationFailed, match="Link 'A' → 'Z' .*unknown successor 'Z'"):
        Plan("p", [Activity("A")], [Link("A", "Z")])


def test_duplicate_ids_are_refused():
    with pytest.raises(JalonError, match="duplicate activity id 'A'"):
        Plan("p", [Activity("A"), Activity("A")], [])


def test_parent_must_exist_and_not_loop():
    with pytest.raises(ValidationFailed, match="unknown parent 'X'"):
        Plan("p", [Activity("A", parent="X")], [])
    with pytest.raises(ValidationFailed, match="loops"):
        Plan("p", [Activity("A", parent="B"), Activity("B", parent="A")], [])


def test_summary_cannot_link_to_its_own_children():
    with pytest.raises(ValidationFailed, match="summary of 'A'"):
        Plan("p", [Activity("S"), Activity("A", parent="S")], [Link("S", "A")])


def test_summary_constraints_are_limited():
    with pytest.raises(ValidationFailed, match="'S'"):
        Plan(
            "p",
            [Activity("S", constraint_type="MSO", constraint_date=1.0), Activity("A", parent="S")],
            [],
        )


def test_dates_need_a_plan_start():
    with pytest.raises(ValidationFailed, match="'A'.*deadline"):
        Plan("p", [Activity("A", deadline=date(2024, 1, 1))], [])


def test_default_calendar_with_a_start():
    plan = Plan("p", [Activity("A", duration=1)], [], start=date(2024, 1, 1))
    assert plan.calendar is not None
    assert plan.calendar.working_weekdays == (0, 1, 2, 3, 4)


def test_expected_duration_used_when_duration_is_zero():
    estimated = Activity("A", optimistic=1, most_likely=2, pessimistic=9)
    assert estimated.expected_duration == pytest.approx(3.0)
    assert estimated.scheduled_duration == pytest.approx(3.0)
    assert Activity("B", duration=4, optimistic=1, most_likely=2, pessimistic=9).scheduled_duration == 4


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Activity("Recette", duration=MAX_DURATION + 1), "duration"),
        (lambda: Activity("Recette", optimistic=1, most_likely=2, pessimistic=MAX_DURATION + 1),
         "pessimistic"),
        (lambda: Activity("Recette", constraint_type="MSO", constraint_date=date(2190, 1, 2)),
         "constraint_date"),
        (lambda: Activity("Recette", deadline=date(1899, 12, 31)), "deadline"),
        (lambda: Link("A", "B", lag=-(MAX_LAG + 1)), "lag"),
        (lambda: Plan("P", [Activity("A")], start=date(2199, 6, 1)), "start"),
    ],
)
def test_values_that_would_run_past_the_calendars_are_refused(build, field):
    """A typing slip (a duration of 100000 days) is refused on the value, naming it, rather than
    leaving a plan that cannot be scheduled."""
    with pytest.raises(ValidationFailed) as error:
        build()
    assert error.value.field == field
    assert field in error.value.message


def test_the_longest_values_are_accepted():
    Activity("Recette", duration=MAX_DURATION, deadline=LAST_DATE)
    Link("A", "B", lag=-MAX_LAG)
