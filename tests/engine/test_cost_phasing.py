"""Cost phasing: linear planned value, periods and roll-ups, against plain loops."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jalon.engine import WorkCalendar
from jalon.engine.cost_phasing import (
    earned_amounts,
    make_periods,
    planned_value,
    rollup,
)
from jalon.errors import ValidationFailed


def test_linear_spread_over_working_time_and_milestones_at_their_finish():
    pv = planned_value([0, 2, 5], [4, 2, 10], [400, 50, 1000], [0, 1, 2, 5, 10])
    assert pv.tolist() == [[0, 100, 200, 400, 400], [0, 0, 50, 50, 50],
                           [0, 0, 0, 0, 1000]]


def test_earned_amounts_and_their_bounds():
    assert earned_amounts([200, 100], [25, 100]).tolist() == [50, 100]
    with pytest.raises(ValidationFailed):
        earned_amounts([100], [120])


def test_calendar_weeks_and_months():
    timeline = WorkCalendar().timeline(date(2026, 1, 5))  # a Monday
    weeks = make_periods(0, 23, "week", timeline=timeline)
    assert weeks.labels[:2] == ("2026-01-11", "2026-01-18")
    assert weeks.ends.tolist() == [5, 10, 15, 20, 25]
    assert weeks.elapsed(7.5) == 1.5
    months = make_periods(0, 23, "month", timeline=timeline)
    assert months.labels == ("2026-01-31", "2026-02-28")
    assert months.ends.tolist() == [20, 40]
    days = make_periods(0, 3, "day", timeline=timeline)
    assert days.labels == ("2026-01-05", "2026-01-06", "2026-01-07")


def test_abstract_periods_have_fixed_lengths():
    periods = make_periods(0, 12, "week")
    assert periods.ends.tolist() == [5, 10, 15] and periods.labels == ("1", "2", "3")
    with pytest.raises(ValidationFailed):
        make_periods(0, 12, "fortnight")


def test_rollup_adds_parts_into_every_ancestor():
    # 0 <- 1 <- 2, 0 <- 3, 4 alone
    values = np.array([0, 1, 2, 3, 5], dtype=float)
    assert rollup(values, [-1, 0, 1, 0, -1]).tolist() == [6, 3, 2, 3, 5]


def reference_pv(start: float, finish: float, budget: float, t: float) -> float:
    if finish <= start:
        return budget if t >= finish else 0.0
    return budget * min(1.0, max(0.0, (t - start) / (finish - start)))


tasks = st.lists(st.tuples(st.floats(0, 50), st.floats(0, 30), st.floats(0, 1e6)),
                 min_size=1, max_size=15)


@given(tasks, st.lists(st.floats(0, 100), min_size=1, max_size=10))
def test_planned_value_matches_the_reference_and_rolls_up(rows, times):
    starts = [s for s, _, _ in rows]
    finishes = [s + d for s, d, _ in rows]
    budgets = [b for _, _, b in rows]
    pv = planned_value(starts, finishes, budgets, times)
    for i, (s, f, b) in enumerate(zip(starts, finishes, budgets, strict=True)):
        for j, t in enumerate(times):
            assert pv[i, j] == pytest.approx(reference_pv(s, f, b, t))
    assert np.all(pv <= np.array(budgets)[:, None] * (1 + 1e-12))  # PV <= BAC
    ordered = np.sort(np.asarray(times))
    curve = planned_value(starts, finishes, budgets, ordered).sum(axis=0)
    assert np.all(np.diff(curve) >= -1e-6)  # cumulative: never decreases


@given(st.lists(st.integers(-1, 30), min_size=1, max_size=30), st.data())
def test_rollup_top_level_totals_equal_the_sum_of_all_rows(raw_parents, data):
    n = len(raw_parents)
    parents = [p if p < i else -1 for i, p in enumerate(raw_parents)]  # a forest
    values = data.draw(st.lists(st.floats(0, 1e6), min_size=n, max_size=n))
    rolled = rollup(values, parents)
    top = [i for i, p in enumerate(parents) if p < 0]
    assert rolled[top].sum() == pytest.approx(sum(values))
    for i in range(n):  # each row = own value + its children's rolled values
        children = [c for c, p in enumerate(parents) if p == i]
        assert rolled[i] == pytest.approx(values[i] + rolled[children].sum())


def test_a_group_s_daily_earned_schedule_is_exact_for_linear_spreading():
    from jalon.engine.cost_phasing import daily_earned_schedule

    # Days 10-20 (10 days, 10,000); 30 % earned when 5 days have passed: 3 days' worth.
    result = daily_earned_schedule([10.0], [20.0], [10_000.0], 3_000.0, 15.0)
    assert (result.es, result.at, result.sv_t) == pytest.approx((3, 5, -2))
    assert result.ieac_t == pytest.approx(10 / 0.6)
    # Nothing is due before the start, and a milestone spans no time.
    assert daily_earned_schedule([10.0], [20.0], [10_000.0], 0.0, 10.0) is None
    assert daily_earned_schedule([10.0], [10.0], [500.0], 0.0, 15.0) is None
