"""The server-rendered charts: where each figure lands on the drawing."""

from __future__ import annotations

import math

import pytest

from jalon.finance.charts import BubbleInput, bubble_chart


def item(code: str, *, cpi: float, value: float, bac: float, status: str = "green"):
    return BubbleInput(code, code, f"Project {code}", cpi, value, bac, status, 100.0, "EUR")


def test_bubbles_place_cpi_across_value_up_and_area_by_budget():
    chart = bubble_chart([item("A", cpi=1.0, value=10, bac=10_000),
                          item("B", cpi=0.8, value=5, bac=2_500, status="red"),
                          item("C", cpi=math.nan, value=3, bac=1_000),
                          item("D", cpi=1.1, value=2, bac=0)])
    assert chart is not None
    a, b = chart.bubbles  # the larger first, so the smaller stay on top
    assert (a.item.code, b.item.code) == ("A", "B")
    assert a.x == chart.par_x                      # CPI 1 sits on the par line
    assert b.x < a.x and b.y > a.y                 # less efficient, less valuable
    assert a.y == chart.plot_top                   # the most valuable at the top
    assert a.r / b.r == pytest.approx(2, abs=0.01)  # 4 x the budget: 2 x the radius
    assert [i.code for i in chart.left_out] == ["C", "D"]


def test_no_bubble_chart_without_a_project_to_place():
    assert bubble_chart([item("C", cpi=math.nan, value=3, bac=1_000)]) is None
    assert bubble_chart([]) is None


def test_trends_space_status_dates_by_days_and_leave_undefined_indices_out():
    import datetime

    from jalon.finance.charts import trend_chart

    chart = trend_chart([
        (datetime.date(2025, 3, 7), {"spi": 0.8, "cpi": 1.0, "spi_t": None}),
        (datetime.date(2025, 3, 14), {"spi": 0.9, "cpi": 1.0, "spi_t": 0.85}),
        (datetime.date(2025, 4, 4), {"spi": 1.0, "cpi": 1.1, "spi_t": 0.95}),
    ])
    assert chart is not None
    spi, cpi, spi_t = chart.series
    assert [len(s.dots) for s in (spi, cpi, spi_t)] == [3, 3, 2]
    first, second, third = spi.dots
    # 7 days then 21 days: the second point a quarter of the way across.
    assert (second.x - first.x) * 3 == pytest.approx(third.x - second.x, abs=0.2)
    assert cpi.dots[0].y == chart.par_y            # CPI 1.0 sits on the par line
    assert spi.dots[0].y > chart.par_y             # below plan is lower on the drawing
    assert trend_chart([(datetime.date(2025, 3, 7), {"spi": None})]) is None
