"""The finance charts: the PV/EV/AC S-curve and the KPI trends of a project, drawn as SVG on
the server with :mod:`jalon.web.charts` (the portfolio's bubble chart is in
:mod:`jalon.finance.bubbles`).

They only place figures already computed by ``jalon.finance.evm`` on a drawing: each function
returns the chart's geometry (where every figure lands, in SVG units), whose ``svg()`` writes
it. In the S-curve x is the period (0 = project start, 1 = end of the first month), y the
cumulative amount.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from jalon.finance.evm import Curve
from jalon.web import charts
from jalon.web.charts import Frame, Point, Svg, Tick, element

S_CURVE = Frame(720, 280, left=70, right=16, top=12, bottom=40)
TRENDS = Frame(720, 240, left=48, right=16, top=12, bottom=36)
TREND_KEYS = ("spi", "cpi", "spi_t")
TREND_NAMES = {"spi": "SPI", "cpi": "CPI", "spi_t": "SPI(t)"}


@dataclass(frozen=True)
class SCurve:
    """Cumulative PV, AC and EV as lines from the origin; EV's known points as dots."""

    frame: Frame
    pv: list[Point]
    ac: list[Point]
    ev: list[Point]
    status_x: float
    x_ticks: list[Tick]
    y_ticks: list[Tick]

    def svg(self) -> Svg:
        f = self.frame
        return charts.svg(
            f, charts.y_grid(f, self.y_ticks), charts.x_labels(f, self.x_ticks), charts.x_axis(f),
            element("line", class_="status", x1=self.status_x, x2=self.status_x, y1=f.plot_top,
                    y2=f.plot_bottom),
            *(element("polyline", class_=name, points=charts.points(line))
              for name, line in (("pv", self.pv), ("ac", self.ac), ("ev", self.ev))),
            *(element("circle", class_="ev-dot", cx=x, cy=y, r=3) for x, y in self.ev[1:]),
            title=_("Cumulative planned value, earned value and actual cost by month"),
            kind="scurve")


def s_curve(curve: Curve) -> SCurve | None:
    """The drawing of ``curve``; None when there is nothing to draw."""
    periods = len(curve.labels)
    values = [*curve.pv, *(v for v in curve.ac if v is not None), curve.ac_at_status,
              *(v for _at, v in curve.ev_points)]
    top = max(values, default=0.0)
    if periods == 0 or top <= 0:
        return None
    y_max, step = charts.nice_top(top)
    x, y = S_CURVE.across(0, periods), S_CURVE.up(0, y_max)

    def line(points: list[Point]) -> list[Point]:
        return [(x(p), y(v)) for p, v in points]

    pv = [(0.0, 0.0)] + [(i + 1, v) for i, v in enumerate(curve.pv)]
    ac = [(0.0, 0.0)] + [(i + 1, v) for i, v in enumerate(curve.ac) if v is not None]
    ac.append((curve.status_at, curve.ac_at_status))
    ac.sort()
    ev = [(0.0, 0.0), *sorted(curve.ev_points)]
    every = max(1, math.ceil(periods / 12))
    x_ticks = [Tick(x(i + 1), charts.month_year(date.fromisoformat(label)))
               for i, label in enumerate(curve.labels)
               if (i + 1) % every == 0 or i == periods - 1]
    return SCurve(S_CURVE, line(pv), line(ac), line(ev), x(curve.status_at), x_ticks,
                  charts.value_ticks(y, step, charts.short_amount))


# --- KPI trends from the snapshots ---------------------------------------------------------------


@dataclass(frozen=True)
class TrendDot:
    x: float
    y: float
    day: date
    value: float


@dataclass(frozen=True)
class TrendSeries:
    key: str
    dots: list[TrendDot]


@dataclass(frozen=True)
class TrendChart:
    """One line per index through its recorded values, and the par line at 1."""

    frame: Frame
    series: list[TrendSeries]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    par_y: float

    def svg(self) -> Svg:
        f = self.frame
        lines = [element("polyline", class_=f"trend trend-{s.key}",
                         points=charts.points((d.x, d.y) for d in s.dots)) for s in self.series]
        dots = [element("circle", element(
                    "title", f"{TREND_NAMES[s.key]} {charts.number(d.value, 3)} · "
                             f"{charts.short_date(d.day)}"),
                        class_=f"trend-dot trend-{s.key}", cx=d.x, cy=d.y, r=3.5)
                for s in self.series for d in s.dots]
        return charts.svg(
            f, charts.y_grid(f, self.y_ticks), charts.x_labels(f, self.x_ticks),
            element("line", class_="par", x1=f.plot_left, x2=f.plot_right, y1=self.par_y,
                    y2=self.par_y),
            *lines, *dots,
            title=_("SPI, CPI and SPI(t) at each recorded status date"), kind="trends")


def trend_chart(snapshots: list[tuple[date, dict[str, Any]]]) -> TrendChart | None:
    """SPI, CPI and SPI(t) at each recorded status date (x spaced by calendar days).

    ``snapshots`` are (status date, figures) in date order; an undefined index (None) leaves
    its point out. None when no snapshot has any of the indices.
    """
    known = [(day, {k: float(f[k]) for k in TREND_KEYS if f.get(k) is not None})
             for day, f in snapshots]
    known = [(day, values) for day, values in known if values]
    if not known:
        return None
    every = [v for _day, values in known for v in values.values()]
    lo = min(0.6, math.floor(min(every) * 10) / 10)
    hi = max(1.2, math.ceil(max(every) * 10) / 10)
    first = known[0][0]
    days = TRENDS.across(0, (known[-1][0] - first).days)
    y = TRENDS.up(lo, hi)

    def x(day: date) -> float:
        return days((day - first).days)

    series = []
    for key in TREND_KEYS:
        dots = [TrendDot(x(day), y(values[key]), day, values[key])
                for day, values in known if key in values]
        if dots:
            series.append(TrendSeries(key, dots))
    step = charts.nice_step(hi - lo, 10)
    places = charts.decimals(step)
    stride = max(1, math.ceil(len(known) / 8))
    x_ticks = [Tick(x(day), charts.short_date(day)) for i, (day, _values) in enumerate(known)
               if i % stride == 0 or i == len(known) - 1]
    return TrendChart(TRENDS, series, x_ticks,
                      charts.value_ticks(y, step, lambda v: charts.number(v, places)), y(1.0))
