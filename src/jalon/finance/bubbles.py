"""The portfolio's bubble chart: each project at its CPI (across) and value (up), its area by
budget at completion, its colour by overall status, labelled with its code.

It only places figures already computed by ``jalon.finance.evm`` and the selectors, drawn as SVG
with :mod:`jalon.web.charts`. Codes go beside their bubble where they fit clear of the other codes
and bubbles; those that do not are listed under the chart by the page
(:attr:`BubbleChart.unlabelled`). Every bubble shows its code, name and figures on hover.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from jalon.finance.templatetags.finance import rag_label
from jalon.web import charts
from jalon.web.chart_labels import Disc, Label, axis_boxes, label_bounds, place_labels
from jalon.web.charts import Frame, Svg, Tick, element

FRAME = Frame(720, 360, left=56, right=24, top=24, bottom=44)
MAX_RADIUS, MIN_RADIUS = 30.0, 4.0


@dataclass(frozen=True)
class BubbleInput:
    """One project to place: its page (``url``), CPI (x), value (y), budget at completion
    (size), effective overall status (colour) and risk exposure (currency; NaN when unknown)
    for the tooltip."""

    url: str
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
    """A project's disc (centre and radius) and where its code goes (None: no room)."""

    item: BubbleInput
    x: float
    y: float
    r: float
    label: Label | None = None


@dataclass(frozen=True)
class BubbleChart:
    """The projects placed, the largest first, with the par line at CPI 1; ``left_out``: those
    without a CPI or a budget."""

    frame: Frame
    bubbles: list[Bubble]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    par_x: float
    left_out: list[BubbleInput]
    by_objectives: bool

    @property
    def unlabelled(self) -> list[BubbleInput]:
        """The projects whose code found no room on the chart, by code."""
        return sorted((b.item for b in self.bubbles if b.label is None), key=lambda i: i.code)

    def svg(self) -> Svg:
        f = self.frame
        if self.by_objectives:
            title = _("Each project: cost performance index across, value of the strategic "
                      "objectives it serves up, bubble area by budget at completion, colour by "
                      "overall status")
        else:
            title = _("Each project: cost performance index across, priority up, bubble area "
                      "by budget at completion, colour by overall status")
        return charts.svg(
            f, charts.y_grid(f, self.y_ticks), charts.x_labels(f, self.x_ticks), charts.x_axis(f),
            element("line", class_="par", x1=self.par_x, x2=self.par_x, y1=f.plot_top,
                    y2=f.plot_bottom),
            element("text", _("CPI (cost performance index) →"), class_="axis-title",
                    x=f.plot_right, y=f.height - 4, text_anchor="end"),
            element("text", _y_title(self.by_objectives), class_="axis-title", x=4,
                    y=f.plot_top - 8),
            *(element("a", element("circle", element("title", self._tooltip(b.item)),
                                   class_=f"bubble rag-fill-{b.item.status or 'none'}",
                                   cx=b.x, cy=b.y, r=b.r),
                      href=b.item.url, data_bubble=b.item.code) for b in self.bubbles),
            charts.group(*(element("text", b.item.code, class_="bubble-label", x=b.label.x,
                                   y=b.label.y, text_anchor=b.label.anchor)
                           for b in self.bubbles if b.label is not None),
                         aria_hidden="true"),
            title=title, kind="bubbles")

    def _tooltip(self, item: BubbleInput) -> str:
        value = _("value") if self.by_objectives else _("priority")
        return "\n".join((
            f"{item.code} {item.name}",
            f"{_('CPI')} {charts.number(item.cpi, 3)} · {value} "
            f"{charts.number(item.value, 1, trim=True)}",
            f"{_('BAC')} {charts.number(item.bac)} {item.currency}",
            f"{_('Risk exposure')} {charts.number(item.risk_exposure)} {item.currency}",
            _("Overall: %(status)s") % {"status": rag_label(item.status)},
        ))


def bubble_chart(items: list[BubbleInput], *, by_objectives: bool = False) -> BubbleChart | None:
    """Projects as bubbles: x = CPI, y = value, area proportional to BAC.

    ``by_objectives``: the values are the weights of the strategic objectives each project
    serves (else its priority), which the titles say. Projects without a CPI or a budget cannot
    be placed: they are in ``left_out``. None when no project can be placed. Larger bubbles are
    drawn first so the smaller stay clickable.
    """
    placed = [i for i in items if math.isfinite(i.cpi) and i.bac > 0]
    left_out = [i for i in items if i not in placed]
    if not placed:
        return None
    cpis = [i.cpi for i in placed]
    x_min = min(0.6, math.floor(min(cpis) * 10) / 10)
    x_max = max(1.4, math.ceil(max(cpis) * 10) / 10)
    x_step = charts.nice_step(x_max - x_min, 10)
    y_max, y_step = charts.nice_top(max(i.value for i in placed))
    x, y = FRAME.across(x_min, x_max), FRAME.up(0, y_max)
    largest = max(i.bac for i in placed)
    bubbles = [Bubble(i, x(i.cpi), y(i.value),
                      max(MIN_RADIUS, MAX_RADIUS * math.sqrt(i.bac / largest)))
               for i in sorted(placed, key=lambda i: (-i.bac, i.code))]
    places = charts.decimals(x_step)
    return BubbleChart(FRAME, _labelled(bubbles, FRAME, by_objectives),
                       charts.value_ticks(x, x_step, lambda v: charts.number(v, places)),
                       charts.value_ticks(y, y_step), x(1.0), left_out, by_objectives)


def _y_title(by_objectives: bool) -> str:
    return _("↑ Value (weights of the objectives served)") if by_objectives else _("↑ Priority")


def _labelled(bubbles: list[Bubble], frame: Frame, by_objectives: bool) -> list[Bubble]:
    """``bubbles`` with their code placed beside them where it fits (:mod:`jalon.web.
    chart_labels`), off the axis titles."""
    labels = place_labels([Disc(b.x, b.y, b.r, b.item.code) for b in bubbles],
                          bounds=label_bounds(frame),
                          reserved=axis_boxes(frame, _y_title(by_objectives)))
    return [Bubble(b.item, b.x, b.y, b.r, label) for b, label in zip(bubbles, labels, strict=True)]
