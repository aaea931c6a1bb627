"""Charts as server-rendered SVG geometry (no JavaScript, no library): the PV/EV/AC S-curve,
the portfolio's bubble chart and the KPI trends.

They only place figures already computed by ``jalon.finance.evm`` on a drawing. In the
S-curve x is the period (0 = project start, 1 = end of the first month), y the cumulative
amount.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from jalon.finance.evm import Curve

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 70, 16, 12, 40


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class SCurve:
    width: int
    height: int
    pv: str
    ac: str
    ev: str
    ev_dots: list[tuple[float, float]]
    status_x: float
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int


def _nice_step(top: float) -> float:
    """A round step giving about four gridlines up to ``top``."""
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover


def _short(amount: float) -> str:
    if amount >= 1_000_000:
        return f"{amount / 1_000_000:g} M"
    if amount >= 1_000:
        return f"{amount / 1_000:g} k"
    return f"{amount:g}"


def s_curve(curve: Curve) -> SCurve | None:
    """The drawing of ``curve``; None when there is nothing to draw."""
    periods = len(curve.labels)
    values = [*curve.pv, *(v for v in curve.ac if v is not None), curve.ac_at_status,
              *(v for _, v in curve.ev_points)]
    top = max(values, default=0.0)
    if periods == 0 or top <= 0:
        return None
    step = _nice_step(top)
    y_max = step * math.ceil(top / step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(period: float) -> float:
        return round(LEFT + plot_w * period / periods, 1)

    def y(amount: float) -> float:
        return round(TOP + plot_h * (1 - amount / y_max), 1)

    def line(points: list[tuple[float, float]]) -> str:
        return " ".join(f"{x(p)},{y(v)}" for p, v in points)

    pv = [(0.0, 0.0)] + [(i + 1, v) for i, v in enumerate(curve.pv)]
    ac = [(0.0, 0.0)] + [(i + 1, v) for i, v in enumerate(curve.ac) if v is not None]
    ac.append((curve.status_at, curve.ac_at_status))
    ac.sort()
    ev = [(0.0, 0.0), *sorted(curve.ev_points)]
    every = max(1, math.ceil(periods / 12))
    x_ticks = [Tick(x(i + 1), label[:7]) for i, label in enumerate(curve.labels)
               if (i + 1) % every == 0 or i == periods - 1]
    y_ticks = [Tick(y(k * step), _short(k * step)) for k in range(int(round(y_max / step)) + 1)]
    return SCurve(WIDTH, HEIGHT, line(pv), line(ac), line(ev),
                  [(x(p), y(v)) for p, v in ev[1:]], x(curve.status_at), x_ticks, y_ticks,
                  LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM)


# --- Portfolio bubble chart ---------------------------------------------------------------------

BUBBLE_WIDTH, BUBBLE_HEIGHT = 720, 360
BUBBLE_LEFT, BUBBLE_RIGHT, BUBBLE_TOP, BUBBLE_BOTTOM = 56, 24, 24, 44
MAX_RADIUS, MIN_RADIUS = 30.0, 4.0


@dataclass(frozen=True)
class BubbleInput:
    """One project to place: its CPI (x), value (y), budget at completion (size), effective
    overall status (colour) and risk exposure (currency; NaN when unknown) for the tooltip."""

    key: Any
    code: str
    name: str
    cpi: float
    value: float
    bac: float
    status: str
    risk_exposure: float
    currency: str


@dataclass(frozen=True)
class Bubble:
    item: BubbleInput
    x: float
    y: float
    r: float


@dataclass(frozen=True)
class BubbleChart:
    width: int
    height: int
    bubbles: list[Bubble]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    par_x: float
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    left_out: list[BubbleInput]


def bubble_chart(items: list[BubbleInput]) -> BubbleChart | None:
    """Projects as bubbles: x = CPI, y = value, area proportional to BAC.

    Projects without a CPI or a budget cannot be placed: they are in ``left_out``. None when no
    project can be placed. Larger bubbles are drawn first so the smaller stay clickable.
    """
    placed = [i for i in items if math.isfinite(i.cpi) and i.bac > 0]
    left_out = [i for i in items if i not in placed]
    if not placed:
        return None
    cpis = [i.cpi for i in placed]
    x_min = min(0.6, math.floor(min(cpis) * 10) / 10)
    x_max = max(1.4, math.ceil(max(cpis) * 10) / 10)
    x_step = 0.1 if x_max - x_min <= 1.0 else 0.2 if x_max - x_min <= 2.0 else 0.5
    top = max(i.value for i in placed)
    y_step = _nice_step(top) if top > 0 else 1.0
    y_max = y_step * max(1, math.ceil(top / y_step)) if top > 0 else 4.0
    plot_w = BUBBLE_WIDTH - BUBBLE_LEFT - BUBBLE_RIGHT
    plot_h = BUBBLE_HEIGHT - BUBBLE_TOP - BUBBLE_BOTTOM
    largest = max(i.bac for i in placed)

    def x(cpi: float) -> float:
        return round(BUBBLE_LEFT + plot_w * (cpi - x_min) / (x_max - x_min), 1)

    def y(value: float) -> float:
        return round(BUBBLE_TOP + plot_h * (1 - value / y_max), 1)

    bubbles = [Bubble(i, x(i.cpi), y(i.value),
                      round(max(MIN_RADIUS, MAX_RADIUS * math.sqrt(i.bac / largest)), 1))
               for i in sorted(placed, key=lambda i: (-i.bac, i.code))]
    count = int(round((x_max - x_min) / x_step))
    x_ticks = [Tick(x(x_min + k * x_step), f"{x_min + k * x_step:.1f}") for k in range(count + 1)]
    y_ticks = [Tick(y(k * y_step), f"{k * y_step:g}")
               for k in range(int(round(y_max / y_step)) + 1)]
    return BubbleChart(BUBBLE_WIDTH, BUBBLE_HEIGHT, bubbles, x_ticks, y_ticks, x(1.0),
                       BUBBLE_LEFT, BUBBLE_WIDTH - BUBBLE_RIGHT, BUBBLE_TOP,
                       BUBBLE_HEIGHT - BUBBLE_BOTTOM, left_out)


# --- KPI trends from the snapshots --------------------------------------------------------------

TREND_WIDTH, TREND_HEIGHT = 720, 240
TREND_LEFT, TREND_RIGHT, TREND_TOP, TREND_BOTTOM = 48, 16, 12, 36
TREND_KEYS = ("spi", "cpi", "spi_t")


@dataclass(frozen=True)
class TrendDot:
    x: float
    y: float
    day: date
    value: float


@dataclass(frozen=True)
class TrendSeries:
    key: str
    points: str
    dots: list[TrendDot]


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    series: list[TrendSeries]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    par_y: float
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int


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
    every = [v for _, values in known for v in values.values()]
    lo = min(0.6, math.floor(min(every) * 10) / 10)
    hi = max(1.2, math.ceil(max(every) * 10) / 10)
    first, last = known[0][0], known[-1][0]
    span = (last - first).days
    plot_w = TREND_WIDTH - TREND_LEFT - TREND_RIGHT
    plot_h = TREND_HEIGHT - TREND_TOP - TREND_BOTTOM

    def x(day: date) -> float:
        share = (day - first).days / span if span else 0.5
        return round(TREND_LEFT + plot_w * share, 1)

    def y(value: float) -> float:
        return round(TREND_TOP + plot_h * (hi - value) / (hi - lo), 1)

    series = []
    for key in TREND_KEYS:
        dots = [TrendDot(x(day), y(values[key]), day, values[key])
                for day, values in known if key in values]
        if dots:
            series.append(TrendSeries(key, " ".join(f"{d.x},{d.y}" for d in dots), dots))
    step = 0.1 if hi - lo <= 1.0 else 0.2 if hi - lo <= 2.0 else 0.5
    y_ticks = [Tick(y(lo + k * step), f"{lo + k * step:.1f}")
               for k in range(int(round((hi - lo) / step)) + 1)]
    stride = max(1, math.ceil(len(known) / 8))
    x_ticks = [Tick(x(day), day.isoformat()) for i, (day, _) in enumerate(known)
               if i % stride == 0 or i == len(known) - 1]
    return TrendChart(TREND_WIDTH, TREND_HEIGHT, series, x_ticks, y_ticks, y(1.0),
                      TREND_LEFT, TREND_WIDTH - TREND_RIGHT, TREND_TOP,
                      TREND_HEIGHT - TREND_BOTTOM)
