"""The efficient frontier of a scenario's budget, drawn as SVG with :mod:`jalon.web.charts`:
the best value (up) against the total budget over the horizon (across), one dot per point the
engine solved, with the points as a table beside it (marginal value per k€, the proposals
entering and leaving at each step). It only places the stored figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from jalon.web import charts
from jalon.web.charts import Frame, Svg, Tick, element

FRAME = Frame(760, 300, left=56, right=16, top=12, bottom=36)


@dataclass(frozen=True)
class FrontierChart:
    """The stored points (``limit``, ``value``, ``marginal``, ``entering``, ``leaving``...) and
    the drawing."""

    points: list[dict[str, Any]]
    svg: Svg | None


def frontier_chart(result: dict[str, Any]) -> FrontierChart:
    points = list(result.get("points", []))
    solved = [p for p in points if p.get("value") is not None]
    if not solved:
        return FrontierChart(points, None)
    right = max(p["limit"] for p in points) or 1.0
    top, step = charts.nice_top(max(p["value"] for p in solved) or 1.0)
    x, y = FRAME.across(0, right), FRAME.up(0, top)
    across_step = charts.nice_step(right, 6)
    x_ticks = [Tick(x(v), charts.number(v, charts.decimals(across_step)))
               for v in charts.ticks(0, right, across_step)]
    line = [(x(p["limit"]), y(p["value"])) for p in solved]
    dots = [element("circle", element("title", _("%(budget)s k€: value %(value)s") % {
                "budget": charts.number(p["limit"], 0), "value": charts.number(p["value"], 2,
                                                                                trim=True)}),
                    class_="point", cx=px, cy=py, r=4)
            for p, (px, py) in zip(solved, line, strict=True)]
    drawing = charts.svg(
        FRAME, charts.y_grid(FRAME, charts.value_ticks(y, step)), charts.x_axis(FRAME),
        element("polyline", class_="frontier", points=charts.points(line)), *dots,
        charts.x_labels(FRAME, x_ticks),
        title=_("Best value against the budget over the horizon (k€)"), kind="frontier")
    return FrontierChart(points, drawing)
