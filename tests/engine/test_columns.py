"""A plan's columns: links given as a LinkTable (arrays, as the file readers give them) schedule
exactly as the same links given as objects, and a plan reads its objects again when a field
changes."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jalon.engine import Activity, Link, Plan, schedule
from jalon.engine.columns import LinkTable
from jalon.errors import CycleError, ValidationFailed
from tests.engine.comparison import assert_same_schedule
from tests.engine.strategies import plans


def table_of(plan: Plan) -> LinkTable:
    """The plan's links as a LinkTable, built from names as ``to_plan`` builds it."""
    links = list(plan.links)
    return LinkTable.from_names(
        [a.id for a in plan.activities], [k.predecessor for k in links],
        [k.successor for k in links], [k.type for k in links], [k.lag for k in links],
        [k.lag_unit for k in links],
    )


def outcome(plan: Plan, retained_logic: bool):
    try:
        return schedule(plan, retained_logic=retained_logic)
    except CycleError as error:
        return error.cycle


@settings(max_examples=200, deadline=None)
@given(plans(calendar_arithmetic=True), st.booleans())
def test_columns_and_objects_give_the_same_schedule(plan, retained_logic):
    """Every link type, lags and leads, constraints, deadlines, estimates, progress, summaries,
    plan and task calendars with holidays, elapsed lags."""
    table = table_of(plan)
    columnar = Plan(plan.name, plan.activities, table, start=plan.start, calendar=plan.calendar,
                    status_date=plan.status_date)
    assert columnar.links is table  # kept as arrays, not turned into Link objects
    assert list(table) == plan.links
    assert_same_schedule(outcome(columnar, retained_logic), outcome(plan, retained_logic))


def test_a_table_follows_its_plan_through_replace():
    """``dataclasses.replace`` with other activities (another order) keeps the links' ends."""
    activities = [Activity("A", duration=2), Activity("B", duration=3), Activity("C", duration=1)]
    plan = Plan("p", activities, table_of(Plan("p", activities, [Link("A", "B"),
                                                                 Link("B", "C", "SS", 1)])))
    reordered = dataclasses.replace(plan, activities=activities[::-1])
    result = schedule(reordered)
    assert result.ids == ["C", "B", "A"]
    assert result.early_start.tolist() == [3.0, 2.0, 0.0]
    without_b = [activities[0], activities[2]]
    with pytest.raises(ValidationFailed) as raised:
        dataclasses.replace(plan, activities=without_b)
    assert str(raised.value) == "Link 'A' → 'B' (FS): unknown successor 'B'."


def test_a_plan_reads_its_objects_again_when_a_field_changes():
    activities = [Activity("A", duration=2), Activity("B", duration=3)]
    plan = Plan("p", activities, [])
    assert schedule(plan).finish == 3.0
    plan.links = [Link("A", "B")]
    assert schedule(plan).finish == 5.0
    plan.activities = [Activity("A", duration=4), Activity("B", duration=3)]
    assert schedule(plan).finish == 7.0


def test_a_link_table_refuses_what_a_link_refuses():
    ids = ["A", "B"]

    def message(**changes: list) -> str:
        columns = {"predecessors": ["A"], "successors": ["B"], "types": ["FS"], "lags": [0.0],
                   "lag_units": ["days"], **changes}
        with pytest.raises(ValidationFailed) as raised:
            LinkTable.from_names(ids, **columns)
        return str(raised.value)

    assert message(successors=["Z"]) == "Link 'A' → 'Z' (FS): unknown successor 'Z'."
    assert message(types=["XX"]).startswith("Link 'A' → 'B' (XX): type must be one of")
    assert message(lags=[float("nan")]).startswith("Link 'A' → 'B' (FS): lag must be")
    assert message(lags=[1e9]).startswith("Link 'A' → 'B' (FS): lag ")
    assert message(lag_units=["weeks"]).startswith("Link 'A' → 'B' (FS): lag_unit must be")


def test_a_link_table_reads_as_a_list_of_links():
    table = LinkTable.from_names(["A", "B", "C"], ["A", "B"], ["B", "C"], ["fs", "SF"],
                                 [0.0, -1.5], ["days", "edays"])
    assert len(table) == 2
    assert table[0] == Link("A", "B")
    assert table[-1] == Link("B", "C", "SF", -1.5, "edays")
    assert table[:1] == [Link("A", "B")]
    assert table == [Link("A", "B"), Link("B", "C", "SF", -1.5, "edays")]
    np.testing.assert_array_equal(table.kind, [0, 3])
    with pytest.raises(IndexError):
        table[2]
