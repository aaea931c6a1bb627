"""The portfolio's bubble chart: where each project lands, where its code goes, what it says."""

from __future__ import annotations

import math

import pytest
from django.utils import translation

from jalon.finance.bubbles import BubbleInput, bubble_chart
from jalon.web.chart_labels import CHAR_WIDTH

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def item(code: str, *, cpi: float, value: float, bac: float, status: str = "green",
         name: str = ""):
    return BubbleInput(f"/projects/{code}/finance/", code, name or f"Project {code}", cpi,
                       value, bac, status, 100.0, "EUR")


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
    assert a.y == chart.frame.plot_top             # the most valuable at the top
    assert a.r / b.r == pytest.approx(2, abs=0.01)  # 4 x the budget: 2 x the radius
    assert [i.code for i in chart.left_out] == ["C", "D"]


def test_no_bubble_chart_without_a_project_to_place():
    assert bubble_chart([item("C", cpi=math.nan, value=3, bac=1_000)]) is None
    assert bubble_chart([]) is None


def boxes(chart):
    """Each placed code's box, as the chart estimates it (left, top, right, bottom)."""
    placed = []
    for b in chart.bubbles:
        if b.label is not None:
            width = CHAR_WIDTH * len(b.item.code)
            left = {"start": b.label.x, "end": b.label.x - width,
                    "middle": b.label.x - width / 2}[b.label.anchor]
            placed.append((b, (left, b.label.y - 9, left + width, b.label.y + 2)))
    return placed


def test_codes_go_beside_their_bubble_when_there_is_room():
    chart = bubble_chart([item("ERP", cpi=0.9, value=8, bac=50_000),
                          item("CRM", cpi=1.2, value=2, bac=10_000)])
    erp, crm = chart.bubbles
    assert (erp.label.anchor, crm.label.anchor) == ("start", "start")  # on the right
    assert erp.label.x == pytest.approx(erp.x + erp.r + 3)
    assert chart.unlabelled == []
    html = chart.svg()
    assert html.count('class="bubble-label"') == 2 and ">ERP</text>" in html


def test_crowded_codes_never_overlap_and_the_rest_are_listed():
    crowd = [item(f"PRJ-{n:02d}", cpi=0.9 + n / 50, value=5 + n / 10, bac=1_000 + n)
             for n in range(8)]  # a row of bubbles each half over the next
    chart = bubble_chart(crowd)
    placed = boxes(chart)
    assert 0 < len(placed) < 8
    assert [i.code for i in chart.unlabelled] == sorted(
        b.item.code for b in chart.bubbles if b.label is None)
    for i, (bubble, one) in enumerate(placed):
        for _other, other in placed[i + 1:]:
            assert one[2] <= other[0] or other[2] <= one[0] or one[3] <= other[1] \
                or other[3] <= one[1], (one, other)
        for neighbour in chart.bubbles:  # no code sits on, or against, another bubble
            nearest = (min(max(neighbour.x, one[0]), one[2]),
                       min(max(neighbour.y, one[1]), one[3]))
            assert neighbour is bubble or math.dist(nearest, (neighbour.x, neighbour.y)) \
                > neighbour.r


def test_the_tooltip_tells_the_figures_and_names_stay_text():
    chart = bubble_chart([item("A&B", cpi=0.8146, value=50, bac=12_345.6, status="red",
                               name=EVIL)], by_objectives=True)
    with translation.override("en"):
        html = chart.svg()
    assert "<script>" not in html and "<img" not in html
    assert f"A&amp;B {EVIL}".replace("<", "&lt;").replace(">", "&gt;").replace(
        '"', "&quot;") in html
    assert "CPI 0.815 · value 50\nBAC 12,346 EUR\nRisk exposure 100 EUR\nOverall: Red" in html
    assert 'data-bubble="A&amp;B"' in html and ">A&amp;B</text>" in html
    assert "↑ Value (weights of the objectives served)" in html
