"""Server-rendered SVG of a simulation's stored result: histograms, S-curves and a tornado.

This only draws figures the engine computed (kept in ``SimulationRun.result``): it places bars
and points, it computes nothing about the project."""

from __future__ import annotations

import math
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 12, 40
_MARKS = ("p10", "p50", "p80", "p90")


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    if high <= low:
        return [low]
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(f * magnitude for f in (1, 2, 2.5, 5, 10) if f * magnitude >= raw)
    first = math.ceil(low / step) * step
    return [first + k * step for k in range(int((high - first) / step) + 1)]


def _label(value: float, money: bool) -> str:
    if money:
        return f"{value:,.0f}".replace(",", "\u202f")
    return f"{value:g}"


def _frame(body: list[str], label: str) -> SafeString:
    return mark_safe(  # noqa: S308 - every text below is escaped
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" class="chart" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">' + "".join(body)
        + "</svg>")


def _x_axis(x: Any, low: float, high: float, labels: list[str] | None, edges: list[float],
            money: bool) -> list[str]:
    body = [f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" '
            f'y2="{HEIGHT - BOTTOM}" class="axis"/>']
    if labels:
        every = max(1, math.ceil(len(edges) / 6))
        for i in range(0, len(edges), every):
            if labels[i]:
                body.append(f'<text x="{x(edges[i]):.1f}" y="{HEIGHT - BOTTOM + 16}" '
                            f'class="tick" text-anchor="middle">{escape(labels[i])}</text>')
    else:
        for t in _ticks(low, high):
            body.append(f'<text x="{x(t):.1f}" y="{HEIGHT - BOTTOM + 16}" class="tick" '
                        f'text-anchor="middle">{escape(_label(t, money))}</text>')
    return body


def histogram(outcome: dict[str, Any], *, label: str, money: bool = False) -> SafeString:
    """Bars of the iterations per bin, with the P10/P50/P80/P90 lines and the deterministic
    value (dashed)."""
    counts, edges = outcome["histogram"]["counts"], outcome["histogram"]["edges"]
    low, high = edges[0], edges[-1]
    span = (high - low) or 1.0
    top = max(counts) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(value: float) -> float:
        return LEFT + plot_w * (value - low) / span

    body = []
    for i, count in enumerate(counts):
        height = plot_h * count / top
        body.append(f'<rect class="bar" x="{x(edges[i]):.1f}" y="{TOP + plot_h - height:.1f}" '
                    f'width="{max(x(edges[i + 1]) - x(edges[i]) - 1, 0.5):.1f}" '
                    f'height="{height:.1f}"><title>{count}</title></rect>')
    for mark in _MARKS:
        value = outcome[mark]
        if low <= value <= high:
            body.append(f'<line class="mark" x1="{x(value):.1f}" x2="{x(value):.1f}" '
                        f'y1="{TOP}" y2="{TOP + plot_h}"/><text class="mark-label" '
                        f'x="{x(value) + 2:.1f}" y="{TOP + 10}">{mark.upper()}</text>')
    det = outcome["deterministic"]
    if low <= det <= high:
        body.append(f'<line class="deterministic" x1="{x(det):.1f}" x2="{x(det):.1f}" '
                    f'y1="{TOP}" y2="{TOP + plot_h}"/>')
    body += _x_axis(x, low, high, outcome["histogram"].get("dates"), edges, money)
    return _frame(body, label)


def s_curve(outcome: dict[str, Any], *, label: str, money: bool = False,
            dates: list[str] | None = None) -> SafeString:
    """The cumulative probability of finishing (or costing) at most each value."""
    values, probabilities = outcome["curve"]["values"], outcome["curve"]["probabilities"]
    low, high = values[0], values[-1]
    span = (high - low) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(value: float) -> float:
        return LEFT + plot_w * (value - low) / span

    def y(p: float) -> float:
        return TOP + plot_h * (1 - p)

    points = " ".join(f"{x(v):.1f},{y(p):.1f}" for v, p in zip(values, probabilities,
                                                                 strict=True))
    body = [f'<polyline class="curve" points="{points}"/>']
    for p in (0, 0.5, 0.8, 1):
        body.append(f'<line class="gridline" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(p):.1f}" '
                    f'y2="{y(p):.1f}"/><text class="tick" x="{LEFT - 4}" y="{y(p) + 4:.1f}" '
                    f'text-anchor="end">{int(p * 100)}%</text>')
    edges = outcome["histogram"]["edges"]
    hist_dates = outcome["histogram"].get("dates")
    if hist_dates and edges[0] <= edges[-1]:
        def xe(value: float) -> float:
            return x(min(max(value, low), high))
        body += _x_axis(xe, low, high, hist_dates, edges, money)
    else:
        body += _x_axis(x, low, high, None, values, money)
    return _frame(body, label)


def tornado(rows: list[dict[str, Any]], *, label: str) -> SafeString:
    """Horizontal bars of the rank correlation of each task's duration with the finish."""
    height = TOP + 22 * len(rows) + 8
    middle = LEFT + 180 + (WIDTH - LEFT - 180 - RIGHT) / 2
    half = (WIDTH - LEFT - 180 - RIGHT) / 2
    body = [f'<line class="axis" x1="{middle:.1f}" x2="{middle:.1f}" y1="{TOP}" '
            f'y2="{height - 8}"/>']
    for i, row in enumerate(rows):
        y = TOP + 22 * i
        width = half * abs(row["value"])
        x = middle if row["value"] >= 0 else middle - width
        body.append(f'<text class="tick" x="{LEFT + 176}" y="{y + 14}" text-anchor="end">'
                    f'{escape(row["name"][:40])}</text><rect class="bar" x="{x:.1f}" y="{y + 3}" '
                    f'width="{width:.1f}" height="16"><title>{row["value"]:.2f}</title></rect>'
                    f'<text class="tick" x="{middle + (half if row["value"] >= 0 else -half):.1f}"'
                    f' y="{y + 14}" text-anchor="{"end" if row["value"] >= 0 else "start"}">'
                    f'{row["value"]:.2f}</text>')
    return mark_safe(  # noqa: S308 - every text is escaped
        f'<svg viewBox="0 0 {WIDTH} {height}" class="chart" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">' + "".join(body)
        + "</svg>")


def simulation_charts(result: dict[str, Any]) -> dict[str, SafeString]:
    """The charts of a stored result, keyed ``finish_histogram``, ``finish_curve``,
    ``cost_histogram``, ``cost_curve`` and ``tornado`` (those with data)."""
    from django.utils.translation import gettext as _

    charts = {"finish_histogram": histogram(result["finish"], label=_("Finish histogram")),
              "finish_curve": s_curve(result["finish"], label=_("Finish S-curve"))}
    if result.get("cost"):
        charts["cost_histogram"] = histogram(result["cost"], label=_("Cost histogram"),
                                             money=True)
        charts["cost_curve"] = s_curve(result["cost"], label=_("Cost S-curve"), money=True)
    if result.get("tornado"):
        charts["tornado"] = tornado(result["tornado"], label=_("Sensitivity tornado"))
    return charts
