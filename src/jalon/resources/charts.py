"""Server-rendered SVG geometry of a resource histogram, and heat-map colour classes.

This only places figures already computed by :mod:`jalon.resources.loading` (through the
engine) on a drawing: one bar per bucket (demand, unit-days) and a step line (capacity).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from jalon.resources.loading import Bucket

WIDTH, HEIGHT = 760, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 36


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    over: bool
    bucket: Bucket


@dataclass(frozen=True)
class Histogram:
    width: int
    height: int
    bars: list[Bar]
    capacity: str
    y_ticks: list[tuple[float, str]]
    x_labels: list[tuple[float, str]]
    plot_left: int
    plot_right: int
    plot_bottom: int


def _step(top: float) -> float:
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    return next((f * magnitude for f in (1, 2, 2.5, 5, 10) if f * magnitude >= raw),
                10 * magnitude)


def histogram(buckets: list[Bucket], grain: str) -> Histogram | None:
    """Bars of demand with the capacity line; None when there is nothing to draw."""
    if not buckets:
        return None
    top = max(max(b.demand for b in buckets), max(b.capacity for b in buckets), 1e-9)
    step = _step(top)
    top = step * math.ceil(top / step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(buckets)

    def y(value: float) -> float:
        return round(TOP + plot_h * (1 - value / top), 1)

    bars = [Bar(round(LEFT + i * slot + slot * 0.1, 1), y(b.demand), round(slot * 0.8, 1),
                round(plot_h * b.demand / top, 1), b.over, b) for i, b in enumerate(buckets)]
    points: list[str] = []
    for i, b in enumerate(buckets):
        points += [f"{LEFT + i * slot:.1f},{y(b.capacity)}", f"{LEFT + (i + 1) * slot:.1f},{y(b.capacity)}"]
    every = max(1, math.ceil(len(buckets) / 12))
    fmt = {"day": "%d/%m", "week": "%d/%m", "month": "%m/%Y"}[grain]
    labels = [(round(LEFT + (i + 0.5) * slot, 1), b.first.strftime(fmt))
              for i, b in enumerate(buckets) if i % every == 0]
    ticks = [(y(step * k), f"{step * k:g}") for k in range(int(round(top / step)) + 1)]
    return Histogram(WIDTH, HEIGHT, bars, " ".join(points), ticks, labels, LEFT, WIDTH - RIGHT,
                     HEIGHT - BOTTOM)


def heat_class(bucket: Bucket) -> str:
    """CSS class of a heat-map cell by load / capacity."""
    ratio = bucket.ratio
    if ratio is None:
        return "heat-none"
    if ratio == float("inf") or ratio > 1 + 1e-9:
        return "heat-over"
    if ratio >= 0.8:
        return "heat-high"
    if ratio > 0:
        return "heat-low"
    return "heat-idle"
