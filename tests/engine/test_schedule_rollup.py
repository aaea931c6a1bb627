"""Earned schedule of a roll-up: the projects' curves added by calendar month."""

from __future__ import annotations

import calendar
import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jalon.engine.earned_schedule import earned_schedule
from jalon.engine.schedule_rollup import (
    MonthlyCurve,
    combine_monthly_curves,
    months_elapsed,
    rolled_up_schedule,
)
from jalon.errors import ValidationFailed

JAN, FEB, MAR = date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31)


def test_curves_are_added_on_calendar_months_zero_before_and_final_after():
    first = MonthlyCurve(date(2025, 1, 15), [JAN, FEB], [100.0, 300.0])
    second = MonthlyCurve(date(2025, 2, 1), [FEB, MAR], [50.0, 150.0])
    origin, ends, total = combine_monthly_curves([first, second])
    assert origin == date(2025, 1, 15)
    assert ends == [JAN, FEB, MAR]
    assert total.tolist() == [100.0, 350.0, 450.0]


def test_months_elapsed_are_linear_in_calendar_days_inside_a_month():
    ends = [JAN, FEB, MAR]
    origin = date(2025, 1, 15)
    assert months_elapsed(origin, ends, date(2025, 1, 14)) == 0
    assert months_elapsed(origin, ends, JAN) == pytest.approx(1)  # 17 of 17 days
    assert months_elapsed(origin, ends, date(2025, 2, 14)) == pytest.approx(1.5)
    assert months_elapsed(origin, ends, MAR) == pytest.approx(3)


def test_the_roll_up_s_earned_schedule_comes_from_the_combined_curve():
    first = MonthlyCurve(date(2025, 1, 1), [JAN, FEB], [100.0, 300.0])
    second = MonthlyCurve(date(2025, 2, 1), [FEB, MAR], [50.0, 150.0])
    rolled = rolled_up_schedule([first, second], ev=350.0, status_date=MAR)
    # 350 was planned by the end of February: two months earned in three.
    assert rolled.es.es == pytest.approx(2)
    assert rolled.es.at == pytest.approx(3)
    assert rolled.es.spi_t == pytest.approx(2 / 3)
    assert rolled.es.planned_duration == pytest.approx(3)


def month_end(index: int) -> date:
    """The last day of the ``index``-th month from January 2025 (0-based)."""
    year, month = 2025 + index // 12, index % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=30).filter(lambda v: sum(v) > 0),
       st.floats(0, 1))
def test_one_project_rolled_up_is_that_project(increments, share):
    values = list(itertools.accumulate(increments))
    ends = [month_end(m) for m in range(len(values))]
    curve = MonthlyCurve(date(2025, 1, 1), ends, values)
    rolled = rolled_up_schedule([curve], ev=share * values[-1], status_date=ends[-1])
    alone = earned_schedule(values, share * values[-1], len(values))
    assert rolled.es.es == pytest.approx(alone.es)
    assert rolled.es.at == pytest.approx(len(values))


def test_bad_curves_are_refused():
    with pytest.raises(ValidationFailed):
        MonthlyCurve(date(2025, 1, 1), [JAN], [])
    with pytest.raises(ValidationFailed):
        MonthlyCurve(date(2025, 1, 1), [FEB, JAN], [1.0, 2.0])
    with pytest.raises(ValidationFailed):
        combine_monthly_curves([])
    assert rolled_up_schedule([MonthlyCurve(date(2025, 1, 1), [JAN], [0.0])], 0.0, JAN) is None
