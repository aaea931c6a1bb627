"""Where a bubble chart writes each bubble's code: just beside its disc, clear of the other codes
and of every other disc, or nowhere.

Shared by the charts that draw items as discs (the projects' bubble chart of the KPI dashboard,
the proposals' risk-value chart); they list the items whose code found no room under the chart.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jalon.web.charts import Frame

# A code's box at the charts' 11px (upper-case letters and digits, bold): width per character,
# and from above the baseline to below it.
CHAR_WIDTH, ASCENT, DESCENT = 7.0, 9.0, 2.0
GAP = 3.0  # between a disc and its code
MARGIN = 8.0  # at least between a code and any other disc
# Where a code may go, tried in turn: right, left, above, below, then the four corners.
DIRECTIONS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (1, 1), (-1, -1), (-1, 1))

Box = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True)
class Disc:
    """A bubble as drawn: centre, radius (SVG units) and the code written beside it."""

    x: float
    y: float
    r: float
    code: str


@dataclass(frozen=True)
class Label:
    """Where a code is written: ``x``, the baseline ``y`` and the SVG text-anchor."""

    x: float
    y: float
    anchor: str


def label_bounds(frame: Frame) -> Box:
    """Where codes may go: right of the y axis's ticks, above the x axis."""
    return (frame.plot_left, 0, frame.width, frame.plot_bottom)


def axis_boxes(frame: Frame, y_title: str) -> list[Box]:
    """What no code may cover: the y axis's title above the plot, and the strip under it."""
    return [(0, 0, 4 + CHAR_WIDTH * len(y_title), frame.plot_top),
            (frame.plot_left, frame.plot_bottom, frame.width, frame.height)]


def place_labels(discs: Sequence[Disc], *, bounds: Box,
                 reserved: Iterable[Box] = ()) -> list[Label | None]:
    """Each disc's label, in the discs' order: at the first spot around it (right, left, above,
    below, then the corners) inside ``bounds``, off the codes already placed and the
    ``reserved`` boxes (axis titles...), and clear of every other disc, so that a code is never
    read as a neighbour's; None when no spot is."""
    taken = list(reserved)
    labels: list[Label | None] = []
    for disc in discs:
        spot = next((
            (label, box) for label, box in _spots(disc)
            if _inside(box, bounds) and not any(_overlap(box, t) for t in taken)
            and not any(_near(other, box) for other in discs if other is not disc)), None)
        if spot is not None:
            taken.append(spot[1])
        labels.append(spot[0] if spot is not None else None)
    return labels


def _spots(disc: Disc) -> list[tuple[Label, Box]]:
    """The places for the code just off the disc, each as the text's position and box."""
    width, height = CHAR_WIDTH * len(disc.code), ASCENT + DESCENT
    spots = []
    for dx, dy in DIRECTIONS:
        reach = (disc.r + GAP) / math.hypot(dx, dy)
        x, y = disc.x + dx * reach, disc.y + dy * reach
        left = x if dx > 0 else x - width if dx < 0 else x - width / 2
        top = y - height if dy < 0 else y if dy > 0 else y - height / 2
        anchor = "start" if dx > 0 else "end" if dx < 0 else "middle"
        spots.append((Label(x, top + ASCENT, anchor), (left, top, left + width, top + height)))
    return spots


def _inside(box: Box, bounds: Box) -> bool:
    return (box[0] >= bounds[0] and box[1] >= bounds[1] and box[2] <= bounds[2]
            and box[3] <= bounds[3])


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _near(disc: Disc, box: Box) -> bool:
    """Whether ``box`` covers ``disc`` or comes within ``MARGIN`` of it."""
    nearest_x = min(max(disc.x, box[0]), box[2])
    nearest_y = min(max(disc.y, box[1]), box[3])
    return math.hypot(nearest_x - disc.x, nearest_y - disc.y) < disc.r + MARGIN
