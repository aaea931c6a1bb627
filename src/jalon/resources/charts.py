"""A resource's (or a skill's) histogram, drawn as SVG with :mod:`jalon.web.charts`, and the
heat map's colour classes.

This only places figures already computed by :mod:`jalon.resources.loading` (through the
engine) on a drawing: one bar per bucket (demand, unit-days) and a step line (capacity).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from jalon.resources.loading import Bucket
from jalon.web import charts
from jalon.web.charts import Frame, Point, Svg, Tick, element

FRAME = Frame(760, 260, left=48, right=12, top=12, bottom=36)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    bucket: Bucket


@dataclass(frozen=True)
class Histogram:
    """Demand on ``subject`` (a resource's or a skill's name) per bucket against its
    capacity."""

    frame: Frame
    subject: str
    bars: list[Bar]
    capacity: list[Point]
    y_ticks: list[Tick]
    x_ticks: list[Tick]

    def svg(self) -> Svg:
        f = self.frame
        bars = [element("rect", element("title", _("%(day)s: %(demand)s / %(capacity)s") % {
                            "day": charts.short_date(bar.bucket.first),
                            "demand": charts.number(bar.bucket.demand, 2, trim=True),
                            "capacity": charts.number(bar.bucket.capacity, 2, trim=True)}),
                        class_="bar over" if bar.bucket.over else "bar", x=bar.x, y=bar.y,
                        width=bar.width, height=bar.height)
                for bar in self.bars]
        return charts.svg(
            f, charts.y_grid(f, self.y_ticks), *bars,
            element("polyline", class_="capacity", points=charts.points(self.capacity)),
            charts.x_labels(f, self.x_ticks),
            title=_("Demand on %(name)s against its capacity") % {"name": self.subject},
            kind="histogram")


def histogram(buckets: list[Bucket], grain: str, *, subject: str) -> Histogram | None:
    """Bars of demand with the capacity line, labelled by day or month as ``grain`` says;
    None when there is nothing to draw."""
    if not buckets:
        return None
    top, step = charts.nice_top(max(max(b.demand for b in buckets),
                                    max(b.capacity for b in buckets)))
    y = FRAME.up(0, top)
    slot = (FRAME.plot_right - FRAME.plot_left) / len(buckets)

    def x(i: float) -> float:
        return FRAME.plot_left + i * slot

    bars = [Bar(x(i + 0.1), y(b.demand), slot * 0.8, y(0) - y(b.demand), b)
            for i, b in enumerate(buckets)]
    capacity = [point for i, b in enumerate(buckets)
                for point in ((x(i), y(b.capacity)), (x(i + 1), y(b.capacity)))]
    every = max(1, math.ceil(len(buckets) / 12))
    label = charts.month_year if grain == "month" else charts.day_month
    x_ticks = [Tick(x(i + 0.5), label(b.first)) for i, b in enumerate(buckets) if i % every == 0]
    return Histogram(FRAME, subject, bars, capacity, charts.value_ticks(y, step), x_ticks)


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


def heat_cells(buckets: list[Bucket], titles: list[str] | None = None) -> SafeString:
    """The cells of a heat-map row: the load in percent of the capacity, coloured by
    :func:`heat_class`, with "demand / capacity" (after the bucket's title, if given) as the
    tooltip. Drawn here rather than by the template: a year of weeks for a large pool is
    thousands of cells; the only text not made here (the separator, the titles) is escaped."""
    separator = escape(get_format("DECIMAL_SEPARATOR"))
    labels = [f"{escape(title)}: " for title in titles] if titles is not None else None

    def amount(value: float) -> str:  # as |floatformat:"-2": decimals only when there are some
        return str(int(value)) if value == int(value) else f"{value:.2f}".replace(".", separator)

    cells = []
    for i, bucket in enumerate(buckets):
        load = (str(round(bucket.demand / bucket.capacity * 100)) if bucket.capacity
                else "∞" if bucket.demand else "")
        cells.append(f'<td class="{heat_class(bucket)}" title="{labels[i] if labels else ""}'
                     f'{amount(bucket.demand)} / {amount(bucket.capacity)}">{load}</td>')
    return mark_safe("".join(cells))  # noqa: S308 -- built above from escaped parts
