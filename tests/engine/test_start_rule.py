"""The project start: a floor for every activity, or (MS Project's rule, for imported plans)
a floor that a task's own date constraint may replace."""

from __future__ import annotations

from datetime import date

import pytest

from jalon.engine import Activity, Link, Plan, schedule, schedule_many

MONDAY = date(2024, 6, 3)
EARLIER = date(2024, 5, 28)  # the Tuesday before


def _plan(*, released: bool, links: list[Link] | None = None) -> Plan:
    return Plan("p", [
        Activity("S", duration=2, constraint_type="SNET", constraint_date=EARLIER),
        Activity("F", duration=2, constraint_type="FNET", constraint_date=EARLIER),
        Activity("M", is_milestone=True, constraint_type="MSO", constraint_date=EARLIER),
        Activity("A", duration=3),
        Activity("after S", duration=1),
        Activity("lead", duration=1),
    ], links if links is not None else [Link("S", "after S"), Link("A", "lead", "SS", -3)],
        start=MONDAY, constraints_before_start=released)


def test_by_default_no_activity_starts_before_the_project_start():
    result = schedule(_plan(released=False))
    assert {result[k].start_date for k in ("S", "F", "M", "A", "lead")} == {MONDAY}
    assert result.start_date == MONDAY and result.start == 0.0


def test_a_constraint_may_place_a_task_before_the_project_start_as_in_ms_project():
    result = schedule(_plan(released=True))
    assert (result["S"].start_date, result["S"].finish_date) == (EARLIER, date(2024, 5, 29))
    assert (result["F"].start_date, result["F"].finish_date) == (date(2024, 5, 27), EARLIER)
    assert result["M"].start_date == EARLIER
    assert result["S"].early_start == -4.0  # working days before the start
    assert result.start_date == date(2024, 5, 27) and result.start == -5.0
    # links alone never lead a task before the project start
    assert result["after S"].start_date == MONDAY
    assert result["lead"].start_date == MONDAY
    assert result["A"].start_date == MONDAY


def test_a_finish_to_finish_link_holds_a_constrained_task_at_the_project_start():
    """MS Project computes the start a finish-to-finish link gives back from the finish, and
    never before the project start, even for a task its constraint would release."""
    result = schedule(_plan(released=True, links=[Link("A", "S", "FF", -3)]))
    assert result["S"].start_date == MONDAY


@pytest.mark.parametrize("released", [False, True])
def test_each_project_of_a_portfolio_keeps_its_own_rule(released):
    imported = Plan("MSP", [Activity("x", duration=1, constraint_type="SNET",
                                     constraint_date=EARLIER)],
                    start=MONDAY, constraints_before_start=released)
    own = Plan("Own", [Activity("y", duration=1, constraint_type="SNET", constraint_date=MONDAY),
                       Activity("z", duration=1, constraint_type="SNET",
                                constraint_date=EARLIER)],
               start=date(2024, 6, 5))
    result = schedule_many([imported, own], [Link("MSP::x", "Own::y", "SS", -10)])
    assert result["MSP"]["x"].start_date == (EARLIER if released else MONDAY)
    assert result["Own"]["y"].start_date == date(2024, 6, 5)
    assert result["Own"]["z"].start_date == date(2024, 6, 5)
