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
