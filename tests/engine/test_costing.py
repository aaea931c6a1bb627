"""The cost of a task: one rule for budgets, baselines, earned value and the simulations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jalon.engine.costing import CostedAssignment, task_costs
from jalon.engine.montecarlo import TaskCost
from jalon.errors import ValidationFailed


def test_budget_is_work_times_rate_plus_cost_per_use_plus_fixed_cost():
    # task A: 80 h at 50 + 40 h at 50 with 10 per use; task C: 40 h at 60 + 200 per use
    costs = task_costs({"A": 10, "B": 5, "C": 5}, [
        CostedAssignment("A", 50, work=80), CostedAssignment("A", 50, 10, work=40),
        CostedAssignment("C", 60, 200, work=40)], fixed_costs={"B": 1000})
    assert costs.budgets.tolist() == [6010, 1000, 2600]
    assert costs.budget("C") == 2600
    assert costs.fixed.tolist() == [0, 1000, 0]


def test_without_work_people_cost_their_units_over_the_duration_and_materials_their_units():
    costs = task_costs({"A": 10}, [
        CostedAssignment("A", 50, units=0.5),                    # 0.5 x 10 days x 7 h x 50
        CostedAssignment("A", 12, 30, units=40, material=True),  # 40 units x 12 + 30
    ], hours_per_day=7)
    assert costs.budget("A") == pytest.approx(1750 + 480 + 30)
    assert costs.time_based.tolist() == [1750]


def test_a_material_s_work_is_the_quantity_consumed():
    costs = task_costs({"A": 3}, [CostedAssignment("A", 12, units=1, work=450, material=True)])
    assert costs.budget("A") == 450 * 12 and costs.time_based.tolist() == [0]


def test_the_simulation_cost_follows_the_duration_of_people_and_equipment_only():
    costs = task_costs({"A": 10, "M": 0, "Z": 4}, [
        CostedAssignment("A", 50, 100, work=40), CostedAssignment("A", 5, units=20,
                                                                material=True),
        CostedAssignment("M", 50, work=8)], fixed_costs={"A": 300})
    model = costs.simulation_costs(["A", "M", "Z"])
    # A: 40 h x 50 = 2,000 over 10 days -> 200 a day; fixed: 100 + 20 x 5 + 300.
    assert model == {"A": TaskCost(500, 200), "M": TaskCost(400, 0)}
    a = model["A"]
    assert a.fixed + a.rate * 10 == costs.budget("A")  # the plan's duration gives the budget
    assert task_costs({"Z": 4}, []).simulation_costs(["Z"]) is None


def test_bad_assignments_are_refused_by_name():
    with pytest.raises(ValidationFailed, match="unknown task 'B'"):
        task_costs({"A": 1}, [CostedAssignment("B", 10, work=8)])
    with pytest.raises(ValidationFailed) as exc:
        CostedAssignment("A", -1)
    assert exc.value.field == "standard_rate"
    with pytest.raises(ValidationFailed):
        task_costs({"A": 1}, [], fixed_costs={"Q": 5})


amounts = st.floats(0, 1e6, allow_nan=False)


@given(st.lists(st.tuples(st.integers(0, 2), amounts, amounts, st.floats(0.1, 5),
                          st.one_of(st.none(), amounts), st.booleans()), max_size=12),
       st.lists(st.floats(0, 30), min_size=3, max_size=3))
def test_each_budget_is_the_plain_sum_over_its_assignments(rows, durations):
    ids = ("A", "B", "C")
    assignments = [CostedAssignment(ids[t], rate, per_use, units, work, material)
                   for t, rate, per_use, units, work, material in rows]
    costs = task_costs(dict(zip(ids, durations, strict=True)), assignments, hours_per_day=8)
    for k, ident in enumerate(ids):
        expected = 0.0
        for t, rate, per_use, units, work, material in rows:
            if t == k:
                hours = work if work is not None else units if material else \
                    units * durations[k] * 8
                expected += hours * rate + per_use
        assert costs.budget(ident) == pytest.approx(expected)
