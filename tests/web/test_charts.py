"""The chart module every chart draws with: escaping by construction, numbers written into SVG
with a dot whatever the language, labels in the user's language, round scales."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import translation
from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import strategies as st

from jalon.web.charts import (
    Frame,
    Svg,
    coordinate,
    day_month,
    decimals,
    element,
    month_year,
    nice_step,
    nice_top,
    number,
    percent,
    points,
    short_amount,
    short_date,
    svg,
    ticks,
    value_ticks,
)

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'
DAY = datetime.date(2025, 3, 21)


@pytest.fixture
def french():
    with translation.override("fr"):
        yield


@pytest.fixture
def english():
    with translation.override("en"):
        yield


# --- the writer ----------------------------------------------------------------------------------

def test_text_and_attributes_are_escaped_as_they_are_written():
    written = element("text", EVIL, class_="tick", data_name='" onmouseover="alert(1)')
    assert "<script>" not in written and "<img" not in written
    assert "&lt;script&gt;alert(&quot;x&quot;)" in written
    assert 'data-name="&quot; onmouseover=&quot;alert(1)"' in written
    assert written.startswith('<text class="tick" ')


def test_only_the_writers_own_markup_goes_in_unescaped():
    inner = element("title", "CPI")
    assert isinstance(inner, Svg)
    assert element("circle", inner, r=3) == '<circle r="3"><title>CPI</title></circle>'
    # Markup made elsewhere, even marked safe, is text on a chart.
    smuggled = element("g", mark_safe("<script>alert(1)</script>"))
    assert "<script>" not in smuggled and "&lt;script&gt;" in smuggled


def test_attribute_names_and_empty_elements():
    assert element("line", class_="axis", x1=1, text_anchor="end", stroke=None) == (
        '<line class="axis" x1="1" text-anchor="end"/>')


def test_numbers_in_attributes_take_a_dot_in_french(french):
    assert element("line", x1=224.0, y1=12.34, x2=-0.01, y2=1234567.89) == (
        '<line x1="224" y1="12.3" x2="0" y2="1234567.9"/>')
    assert points([(0.0, 252.25), (130.56, 12.0)]) == "0,252.2 130.6,12"
    chart = svg(Frame(720, 280, 70, 16, 12, 40), title="S-curve", kind="scurve")
    assert chart.startswith('<svg class="chart scurve" viewBox="0 0 720 280" role="img"')


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9))
def test_a_coordinate_is_always_a_plain_number_within_a_twentieth(value):
    with translation.override("fr"):
        text = coordinate(value)
    assert re.fullmatch(r"-?\d+(\.\d)?", text)
    assert float(text) == pytest.approx(value, abs=0.05 + abs(value) * 1e-15)


def test_a_position_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError):
        coordinate(float("nan"))


# --- labels --------------------------------------------------------------------------------------

def test_numbers_in_french(french):
    assert number(12345.5, 1) == "12\xa0345,5"
    assert number(2.345, 2) == "2,35"          # half up, as the tables' floatformat
    assert number(2.5, 2, trim=True) == "2,5"
    assert number(3.0, 2, trim=True) == "3"
    assert number(-0.001, 2) == "0,00"          # never "-0,00"
    assert number(None) == "—" and number(float("nan")) == "—"
    assert short_amount(2500) == "2,5\xa0k" and short_amount(1_500_000) == "1,5\xa0M"
    assert short_amount(800) == "800"
    assert percent(0.8) == "80\xa0%"


def test_numbers_in_english(english):
    assert number(12345.5, 1) == "12,345.5"
    assert short_amount(2500) == "2.5\xa0k"
    assert percent(0.8) == "80%"


def test_dates_in_french(french):
    assert (short_date(DAY), day_month(DAY), month_year(DAY)) == ("21/03/2025", "21/03",
                                                                  "03/2025")


def test_dates_in_english_are_day_first(english):
    assert (short_date(DAY), day_month(DAY), month_year(DAY)) == ("21/03/2025", "21/03",
                                                                  "03/2025")


# --- scales --------------------------------------------------------------------------------------

def test_round_steps_and_tops():
    assert nice_top(9.2) == (10.0, 2.5)
    assert nice_top(18_000) == (20_000.0, 5_000.0)
    assert nice_top(0.0) == (4.0, 1.0)
    assert nice_step(0.8, 10) == 0.1 and nice_step(1.6, 10) == 0.2
    assert (decimals(5), decimals(2.5), decimals(0.25), decimals(0.1)) == (0, 1, 2, 1)
    assert ticks(0.6, 1.4, 0.1) == [0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4]
    assert ticks(3, 17, 5) == [5, 10, 15]


def test_scales_put_values_on_the_plot_and_ticks_on_round_values(french):
    frame = Frame(200, 100, left=20, right=10, top=5, bottom=15)
    up, across = frame.up(0, 10), frame.across(0.5, 1.5)
    assert (up(0), up(10), up(5)) == (85, 5, 45)         # y goes up the drawing
    assert (across(0.5), across(1.5)) == (20, 190)
    assert frame.across(3, 3)(3) == 105                  # no span: in the middle
    assert [(t.position, t.label) for t in value_ticks(up, 2.5)] == [
        (85, "0"), (65, "2,5"), (45, "5"), (25, "7,5"), (5, "10")]
