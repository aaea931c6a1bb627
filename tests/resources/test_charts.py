"""The loading histogram: bars to the demand, the capacity as a step line, round gridlines."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from jalon.resources.charts import histogram
from jalon.resources.loading import Bucket

MONDAY = datetime.date(2025, 3, 3)


def day(offset: int, demand: float, capacity: float) -> Bucket:
    first = MONDAY + datetime.timedelta(days=offset)
    return Bucket(first, first, demand, capacity)


def test_bars_rise_to_the_demand_and_the_line_steps_with_the_capacity():
    with translation.override("fr"):
        chart = histogram([day(0, 2.0, 1.0), day(1, 0.5, 1.0)], "day", subject="Alice")
        drawn = chart.svg()
    f = chart.frame
    over, under = chart.bars
    assert (over.y, over.y + over.height) == (f.plot_top, f.plot_bottom)  # 2: the axis' top
    assert under.height == pytest.approx(over.height / 4)
    middle = (f.plot_top + f.plot_bottom) / 2                            # capacity 1 of 2
    assert [y for _x, y in chart.capacity] == [middle] * 4
    assert (chart.capacity[0][0], chart.capacity[-1][0]) == (f.plot_left, f.plot_right)
    assert [t.label for t in chart.x_ticks] == ["03/03", "04/03"]
    assert [t.label for t in chart.y_ticks] == ["0", "0,5", "1", "1,5", "2"]
    assert 'class="bar over"' in drawn and "03/03/2025\xa0: 2 / 1" in drawn


def test_an_idle_resource_gets_a_plain_axis():
    chart = histogram([day(0, 0.0, 0.0)], "month", subject="Alice")
    assert [t.label for t in chart.y_ticks] == ["0", "1", "2", "3", "4"]
    assert chart.bars[0].height == 0
    assert histogram([], "day", subject="Alice") is None
