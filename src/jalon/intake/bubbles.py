"""The proposals' risk-value chart: each proposal at its risk level (across) and score (up), its
area by estimated cost, its colour by MoSCoW class, labelled with its code.

This is the bubble chart portfolio reviews read since Cooper, Edgett and Kleinschmidt's
*Portfolio Management for New Products*: the dashed lines (medium risk, the median score of the
proposals shown) split it into pearls (high value, low risk), oysters (high value, high risk),
bread and butter (low value, low risk) and white elephants (low value, high risk). It places
the figures of the ranked list (:mod:`jalon.intake.ranking`), recomputing none. Proposals at
the same risk level are spread side by side within their level's band so that they do not hide
each other; every bubble gives its figures on hover and opens the proposal.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from jalon.intake.models import Proposal
from jalon.intake.ranking import Ranked
from jalon.web import charts
from jalon.web.chart_labels import CHAR_WIDTH, Disc, Label, axis_boxes, label_bounds, place_labels
from jalon.web.charts import Frame, Svg, Tick, element

FRAME = Frame(720, 380, left=56, right=24, top=28, bottom=48)
MAX_RADIUS, MIN_RADIUS = 28.0, 4.0
LEVELS = [level for level, _label in Proposal.RiskLevel.choices]
MEDIUM = Proposal.RiskLevel.MEDIUM.value
SPREAD = 0.6  # of a level's band, over which the proposals of one level are spread


@dataclass(frozen=True)
class ProposalBubble:
    """A proposal's disc (centre and radius) and where its code goes (None: no room)."""

    row: Ranked
    url: str
    x: float
    y: float
    r: float
    label: Label | None = None

    @property
    def moscow(self) -> str:
        return self.row.proposal.moscow or "none"


@dataclass(frozen=True)
class RiskValueChart:
    """The proposals placed, the costliest first; ``left_out``: those without a score, a cost
    or a risk level."""

    frame: Frame
    bubbles: list[ProposalBubble]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    split_x: float
    split_y: float
    left_out: list[Ranked]

    @property
    def unlabelled(self) -> list[ProposalBubble]:
        """The proposals whose code found no room on the chart, by code."""
        return sorted((b for b in self.bubbles if b.label is None),
                      key=lambda b: b.row.proposal.code)

    def svg(self) -> Svg:
        f = self.frame
        return charts.svg(
            f, charts.y_grid(f, self.y_ticks), charts.x_labels(f, self.x_ticks), charts.x_axis(f),
            element("line", class_="par", x1=self.split_x, x2=self.split_x, y1=f.plot_top,
                    y2=f.plot_bottom),
            element("line", class_="par", x1=f.plot_left, x2=f.plot_right, y1=self.split_y,
                    y2=self.split_y),
            *(element("text", text, class_="quadrant", x=x, y=y, text_anchor=anchor)
              for text, x, y, anchor in _quadrants(f)),
            element("text", _("Risk level →"), class_="axis-title", x=f.plot_right,
                    y=f.height - 4, text_anchor="end"),
            element("text", _y_title(), class_="axis-title", x=4, y=f.plot_top - 10),
            *(element("a", element("circle", element("title", self._tooltip(b)),
                                   class_=f"bubble moscow-{b.moscow}"
                                          + (" mandatory" if b.row.proposal.mandatory else ""),
                                   cx=b.x, cy=b.y, r=b.r),
                      href=b.url, data_bubble=b.row.proposal.code) for b in self.bubbles),
            charts.group(*(element("text", b.row.proposal.code, class_="bubble-label",
                                   x=b.label.x, y=b.label.y, text_anchor=b.label.anchor)
                           for b in self.bubbles if b.label is not None),
                         aria_hidden="true"),
            title=_("Each proposal: risk level across, score up, bubble area by estimated "
                    "cost, colour by MoSCoW class"),
            kind="bubbles risk-value")

    def _tooltip(self, bubble: ProposalBubble) -> str:
        row, proposal = bubble.row, bubble.row.proposal
        lines = [f"{proposal.code} {proposal.title}",
                 f"{_('Score')} {charts.number(row.score or 0.0, 2, trim=True)} · "
                 f"{_('Risk level')} {proposal.get_risk_level_display()}",
                 f"{_('Estimated cost')} {charts.number(row.cost)}",
                 f"{_('MoSCoW')} {proposal.get_moscow_display() or '—'} · "
                 f"{proposal.get_state_display()}"]
        if proposal.mandatory:
            lines.append(_("Mandatory or regulatory"))
        return "\n".join(lines)


def risk_value_chart(rows: list[Ranked], *,
                     url: Callable[[Proposal], str]) -> RiskValueChart | None:
    """The ranked proposals as bubbles: x = risk level (1 very low to 5 very high), y = score,
    area proportional to the estimated cost; None when none can be placed."""
    placed = [r for r in rows if r.score is not None and r.cost > 0
              and r.proposal.risk_level is not None]
    if not placed:
        return None
    x = FRAME.across(LEVELS[0] - 0.5, LEVELS[-1] + 0.5)
    y_max, y_step = charts.nice_top(max(r.score or 0.0 for r in placed))
    y = FRAME.up(0, y_max)
    largest = float(max(r.cost for r in placed))
    by_level: dict[int, list[Ranked]] = defaultdict(list)
    for row in sorted(placed, key=lambda r: (-(r.score or 0.0), r.proposal.code)):
        by_level[row.proposal.risk_level or MEDIUM].append(row)
    band = x(LEVELS[0] + 1) - x(LEVELS[0])
    bubbles = []
    for level, members in by_level.items():
        step = band * SPREAD / len(members)
        for i, row in enumerate(members):
            offset = (i - (len(members) - 1) / 2) * step
            bubbles.append(ProposalBubble(
                row, url(row.proposal), x(level) + offset, y(row.score or 0.0),
                max(MIN_RADIUS, MAX_RADIUS * math.sqrt(float(row.cost) / largest))))
    bubbles.sort(key=lambda b: (-b.r, b.row.proposal.code))
    labels = place_labels(
        [Disc(b.x, b.y, b.r, b.row.proposal.code) for b in bubbles],
        bounds=label_bounds(FRAME),
        reserved=[*axis_boxes(FRAME, _y_title()),
                  *(_box(*quadrant) for quadrant in _quadrants(FRAME))])
    median = statistics.median(r.score or 0.0 for r in placed)
    return RiskValueChart(
        FRAME, [ProposalBubble(b.row, b.url, b.x, b.y, b.r, label)
                for b, label in zip(bubbles, labels, strict=True)],
        [Tick(x(level), str(label)) for level, label in Proposal.RiskLevel.choices],
        charts.value_ticks(y, y_step), x(MEDIUM), y(median),
        [r for r in rows if r not in placed])


def _y_title() -> str:
    return _("↑ Score")


def _quadrants(frame: Frame) -> list[tuple[str, float, float, str]]:
    """The four quadrants' names in the plot's corners, as text, position and anchor."""
    top, bottom = frame.plot_top + 12, frame.plot_bottom - 6
    left, right = frame.plot_left + 6, frame.plot_right - 6
    return [(_("Pearls"), left, top, "start"), (_("Oysters"), right, top, "end"),
            (_("Bread and butter"), left, bottom, "start"),
            (_("White elephants"), right, bottom, "end")]


def _box(text: str, x: float, y: float, anchor: str) -> tuple[float, float, float, float]:
    """The box a quadrant's name takes, so that no code is written over it."""
    width = CHAR_WIDTH * len(text)
    left = x - width if anchor == "end" else x
    return (left, y - 9, left + width, y + 2)
