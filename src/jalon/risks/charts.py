"""The charts of a simulation's stored result: histograms, S-curves and a tornado, drawn as SVG
with :mod:`jalon.web.charts`.

This only draws figures the engine computed (kept in ``SimulationRun.result``): it places bars
and points, it computes nothing about the project. Finish values are working days from the
start (labelled by their dates when the result has them), costs are in the project's currency.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from jalon.web import charts
from jalon.web.charts import Frame, Scale, Svg, Tick, element

FRAME = Frame(640, 240, left=56, right=16, top=12, bottom=40)
NAMES = 260  # room for the task names left of the tornado
NAME_CHARS = 42  # characters of a name's line in that room, in the charts' 11 px type
LINE = 12  # height of a name's line
ROW = 32  # height of a tornado's row: a name on two lines
_MARKS = ("p10", "p50", "p80", "p90")


def _date_ticks(x: Callable[[float], float], edges: list[float],
                dates: list[str | None]) -> list[Tick]:
    """The dates of about six of the histogram's edges (ISO dates, None past the calendar),
    each date once: several edges may fall on one day."""
    every = max(1, math.ceil(len(edges) / 6))
    shown = [(edges[i], day) for i in range(0, len(edges), every) if (day := dates[i])]
    return [Tick(x(edge), charts.short_date(date.fromisoformat(day)))
            for k, (edge, day) in enumerate(shown) if k == 0 or day != shown[k - 1][1]]


def _value_ticks(x: Scale, money: bool) -> list[Tick]:
    """Round values: amounts in whole units, working days with the decimals the step needs."""
    step = charts.nice_step(x.high - x.low, 5)
    places = 0 if money else charts.decimals(step)
    return charts.value_ticks(x, step, lambda v: charts.number(v, places, trim=True))


def _x_axis(ticks: list[Tick]) -> list[Svg]:
    return [charts.x_axis(FRAME), charts.x_labels(FRAME, ticks)]


def histogram(outcome: dict[str, Any], *, label: str, money: bool = False) -> Svg:
    """Bars of the iterations per bin, with the P10/P50/P80/P90 lines and the deterministic
    value (dashed)."""
    counts, edges = outcome["histogram"]["counts"], outcome["histogram"]["edges"]
    x = FRAME.across(edges[0], edges[-1])
    y = FRAME.up(0, max(counts) or 1)
    body = [element("rect", element("title", charts.number(count)), class_="bar",
                    x=x(edges[i]), y=y(count), width=max(x(edges[i + 1]) - x(edges[i]) - 1, 0.5),
                    height=y(0) - y(count))
            for i, count in enumerate(counts)]
    for mark in _MARKS:
        value = outcome[mark]
        if x.low <= value <= x.high:
            body += [element("line", class_="mark", x1=x(value), x2=x(value), y1=FRAME.plot_top,
                             y2=FRAME.plot_bottom),
                     element("text", mark.upper(), class_="mark-label", x=x(value) + 2,
                             y=FRAME.plot_top + 10)]
    det = outcome["deterministic"]
    if x.low <= det <= x.high:
        body.append(element("line", class_="deterministic", x1=x(det), x2=x(det),
                            y1=FRAME.plot_top, y2=FRAME.plot_bottom))
    dates = outcome["histogram"].get("dates")
    body += _x_axis(_date_ticks(x, edges, dates) if dates else _value_ticks(x, money))
    return charts.svg(FRAME, *body, title=label, kind="histogram")


def s_curve(outcome: dict[str, Any], *, label: str, money: bool = False) -> Svg:
    """The cumulative probability of finishing (or costing) at most each value."""
    values, probabilities = outcome["curve"]["values"], outcome["curve"]["probabilities"]
    x = FRAME.across(values[0], values[-1])
    y = FRAME.up(0, 1)
    body = [charts.y_grid(FRAME, [Tick(y(p), charts.percent(p)) for p in (0, 0.5, 0.8, 1)]),
            element("polyline", class_="curve", points=charts.points(
                (x(v), y(p)) for v, p in zip(values, probabilities, strict=True)))]
    edges = outcome["histogram"]["edges"]
    dates = outcome["histogram"].get("dates")
    if dates and edges[0] <= edges[-1]:
        # The dates are those of the histogram's edges, which may reach past the curve.
        def clamped(value: float) -> float:
            return x(min(max(value, x.low), x.high))

        body += _x_axis(_date_ticks(clamped, edges, dates))
    else:
        body += _x_axis(_value_ticks(x, money))
    return charts.svg(FRAME, *body, title=label, kind="s-curve")


def name_lines(name: str) -> list[str]:
    """A task's name on at most two lines of the tornado's names, the second cut with an
    ellipsis when the name is longer still (the whole name is the row's tooltip)."""
    lines = textwrap.wrap(name, NAME_CHARS) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), NAME_CHARS, placeholder=" …")]
    return lines


def tornado(rows: list[dict[str, Any]], *, label: str) -> Svg:
    """Horizontal bars of the rank correlation of each task's duration with the finish, from
    -1 (left) to 1 (right), each task's name beside its bar."""
    frame = Frame(FRAME.width, FRAME.top + ROW * len(rows) + 8, left=FRAME.left + NAMES,
                  right=FRAME.right, top=FRAME.top, bottom=8)
    x = frame.across(-1, 1)
    body = [element("line", class_="axis", x1=x(0), x2=x(0), y1=frame.plot_top,
                    y2=frame.plot_bottom)]
    for i, row in enumerate(rows):
        middle, value = frame.plot_top + ROW * i + ROW / 2, row["value"]
        shown = charts.number(value, 2)
        lines = name_lines(row["name"])
        first = middle + 4 - LINE * (len(lines) - 1) / 2
        body.append(charts.group(
            element("title", f"{row['name']} · {shown}"),
            element("text", *(element("tspan", line, x=frame.plot_left - 4, y=first + LINE * k)
                              for k, line in enumerate(lines)),
                    class_="tick", text_anchor="end"),
            element("rect", class_="bar", x=min(x(0), x(value)), y=middle - 8,
                    width=abs(x(value) - x(0)), height=16),
            element("text", shown, class_="tick", x=x(1 if value >= 0 else -1), y=middle + 4,
                    text_anchor="end" if value >= 0 else "start"),
        ))
    return charts.svg(frame, *body, title=label, kind="tornado")


def simulation_charts(result: dict[str, Any]) -> dict[str, Svg]:
    """The charts of a stored result, keyed ``finish_histogram``, ``finish_curve``,
    ``cost_histogram``, ``cost_curve`` and ``tornado`` (those with data)."""
    drawn = {"finish_histogram": histogram(result["finish"], label=_("Finish histogram")),
             "finish_curve": s_curve(result["finish"], label=_("Finish S-curve"))}
    if result.get("cost"):
        drawn["cost_histogram"] = histogram(result["cost"], label=_("Cost histogram"),
                                            money=True)
        drawn["cost_curve"] = s_curve(result["cost"], label=_("Cost S-curve"), money=True)
    if result.get("tornado"):
        drawn["tornado"] = tornado(result["tornado"], label=_("Sensitivity tornado"))
    return drawn
