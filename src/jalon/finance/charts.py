"""The PV/EV/AC S-curve as server-rendered SVG geometry (no JavaScript, no library).

This only places figures already computed by ``jalon.finance.evm`` on a drawing: x is the
period (0 = project start, 1 = end of the first month), y the cumulative amount.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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
