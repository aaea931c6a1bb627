"""How every chart is drawn: SVG written on the server, in Python, with these pieces.

The apps' charts (``finance.charts``, ``risks.charts``, ``resources.charts``) only place
figures computed elsewhere; this module gives them the rest:

- the writer, :func:`element`: it escapes every text and attribute value as it writes them, and
  writes a number into an attribute with a dot, never localised. Chart markup comes out of it
  only (no ``mark_safe`` on hand-built strings, no numbers written by a template, where French
  once turned ``y1="224.0"`` into ``y1="224,0"``);
- the geometry: :class:`Frame` (a drawing and its plot area), :class:`Scale` (values to
  positions), :func:`nice_step` and :func:`ticks` (round gridlines);
- the labels, in the user's language: :func:`number` (decimal comma and grouped thousands in
  French), :func:`short_amount` (250 k, 1,5 M), :func:`percent`, :func:`short_date`,
  :func:`day_month` and :func:`month_year`;
- the frame of a chart: :func:`svg` (the root, with its accessible title), :func:`y_grid`,
  :func:`x_labels` and :func:`x_axis`.

Positions are SVG user units of the drawing's ``viewBox``; y grows downwards.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import dateformat, formats
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

Point = tuple[float, float]
Value = str | int | float | None
LABEL_CHAR_WIDTH = 6.5  # a label's width per character at the charts' 11px, a little over

# --- the writer ----------------------------------------------------------------------------------


class Svg(SafeString):
    """Markup written by :func:`element`: the only text a chart inserts without escaping it
    (any other string, even one Django marked safe, is escaped)."""


def coordinate(value: float) -> str:
    """``value`` as an SVG attribute wants a number: a dot, no grouping, whatever the language,
    rounded to a tenth of a unit (``224``, ``12.5``, ``-3``)."""
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError(f"no position for {value!r}")
    text = f"{round(value, 1) + 0.0:.1f}"  # + 0.0 turns -0.0 into 0.0
    return text.removesuffix(".0")


def points(pairs: Iterable[Point]) -> str:
    """The ``points`` of a polyline: ``x,y x,y ...`` in :func:`coordinate` numbers."""
    return " ".join(f"{coordinate(x)},{coordinate(y)}" for x, y in pairs)


def _attribute(name: str, value: str | float) -> str:
    text = value if isinstance(value, str) else coordinate(value)
    return f' {name.rstrip("_").replace("_", "-")}="{escape(text)}"'


def element(tag: str, *children: Svg | str, **attributes: Value) -> Svg:
    """One SVG element: ``<tag attributes>children</tag>``, or ``<tag attributes/>`` when empty.

    Attribute names are written with ``_`` as ``-`` and a trailing ``_`` dropped
    (``class_="bar"``, ``text_anchor="end"``, ``data_bubble=code``); ``None`` leaves the
    attribute out. Numbers go through :func:`coordinate`, strings are escaped. A child that is
    not :class:`Svg` is text, and escaped.
    """
    attrs = "".join(_attribute(name, value) for name, value in attributes.items()
                    if value is not None)
    if not children:
        return Svg(f"<{tag}{attrs}/>")
    body = "".join(child if isinstance(child, Svg) else escape(child) for child in children)
    return Svg(f"<{tag}{attrs}>{body}</{tag}>")


def group(*children: Svg, **attributes: Value) -> Svg:
    """A ``<g>`` of ``children``; nothing when there are none."""
    return element("g", *children, **attributes) if children else Svg()


# --- geometry ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """A drawing ``width`` x ``height`` with margins around its plot area (room for the tick
    labels and axis titles)."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int

    @property
    def plot_left(self) -> int:
        return self.left

    @property
    def plot_right(self) -> int:
        return self.width - self.right

    @property
    def plot_top(self) -> int:
        return self.top

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom

    def across(self, low: float, high: float) -> Scale:
        """Values from ``low`` to ``high`` left to right over the plot."""
        return Scale(low, high, self.plot_left, self.plot_right)

    def up(self, low: float, high: float) -> Scale:
        """Values from ``low`` to ``high`` bottom to top of the plot."""
        return Scale(low, high, self.plot_bottom, self.plot_top)


@dataclass(frozen=True)
class Scale:
    """A linear map of values ``low``..``high`` onto positions ``start``..``end`` (``end`` may
    be the smaller: y goes up the drawing). Without a span, every value lands in the middle."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = self.high - self.low
        share = (value - self.low) / span if span else 0.5
        return self.start + (self.end - self.start) * share


def nice_step(span: float, count: int = 4) -> float:
    """The round step (1, 2, 2.5 or 5 times a power of ten) that cuts ``span`` into at most
    ``count`` intervals, about ``count`` when it can."""
    if span <= 0:
        return 1.0
    raw = span / count
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next(f * magnitude for f in (1, 2, 2.5, 5, 10) if f * magnitude >= raw)


def nice_top(top: float, count: int = 4) -> tuple[float, float]:
    """The axis maximum at or above ``top`` on a round step, and the step: ``(10.0, 2.5)`` for
    a top of 9.2. ``top`` <= 0 gives ``(count, 1.0)``."""
    if top <= 0:
        return float(count), 1.0
    step = nice_step(top, count)
    return step * math.ceil(top / step - 1e-9), step


def ticks(low: float, high: float, step: float) -> list[float]:
    """The multiples of ``step`` from ``low`` to ``high`` (both included when they are ones)."""
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    return [round(k * step, 12) for k in range(first, last + 1)]


def decimals(step: float) -> int:
    """How many decimals the labels of a step need: 0 for 5, 1 for 0.5 and 2.5, 2 for 0.25."""
    return next((d for d in range(12) if abs(round(step, d) - step) <= 1e-9 * step), 12)


# --- labels, in the user's language --------------------------------------------------------------


def number(value: float | Decimal | None, places: int = 0, *, trim: bool = False) -> str:
    """``value`` in the user's language: its decimal separator and thousands grouped
    (``12 345,5`` in French, ``12,345.5`` in English), rounded half up to ``places`` decimals as
    the tables round (``floatformat``); ``trim`` drops trailing zeros (``2,5``; ``3``). A dash
    when unknown (None, NaN, infinite)."""
    if value is None or not math.isfinite(value):
        return "—"
    exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    if exact == 0:
        exact = abs(exact)  # no "-0"
    if trim:
        places = len(f"{exact:f}".partition(".")[2].rstrip("0"))
    return str(formats.number_format(exact, decimal_pos=places, use_l10n=True,
                                     force_grouping=True))


def short_amount(value: float) -> str:
    """An amount on an axis, in thousands or millions past them: ``250 k``, ``1,5 M``,
    ``800``."""
    for size, unit in ((1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{number(value / size, 2, trim=True)}\u00a0{unit}"
    return number(value, 2, trim=True)


def percent(fraction: float) -> str:
    """A fraction (0-1) as a whole percentage: ``80%``, ``80 %`` in French."""
    # Translators: a percentage on a chart; French puts a no-break space before the %.
    return _("%(number)s%%") % {"number": number(fraction * 100)}


def _short_format(drop: str) -> str:
    """The language's short date format without the letters of ``drop`` (and the separator
    that went with them): ``d/m`` and ``m/Y`` from French ``d/m/Y``, ``m/d`` from ``m/d/Y``."""
    pattern = str(formats.get_format("SHORT_DATE_FORMAT"))
    for letter in drop:
        pattern = re.sub(rf"^{letter}[^A-Za-z]*|[^A-Za-z]*{letter}", "", pattern)
    return pattern


def short_date(day: date) -> str:
    """``21/03/2025``, in French as in English (day first: ``jalon/formats/en``)."""
    return str(formats.date_format(day, "SHORT_DATE_FORMAT"))


def day_month(day: date) -> str:
    """A day without its year, as the short dates write it: ``21/03``."""
    return str(dateformat.format(day, _short_format("Yy")))


def month_year(day: date) -> str:
    """A month, as the short dates write it: ``03/2025``."""
    return str(dateformat.format(day, _short_format("dj")))


# --- the frame of a chart ------------------------------------------------------------------------


@dataclass(frozen=True)
class Tick:
    """A gridline or an axis label: where it is (x or y, by the axis) and what it says."""

    position: float
    label: str


def value_ticks(scale: Scale, step: float,
                label: Callable[[float], str] | None = None) -> list[Tick]:
    """A tick at each multiple of ``step`` within the scale, labelled by ``label`` (default:
    :func:`number` with the decimals the step needs, trailing zeros dropped)."""
    places = decimals(step)

    def default(value: float) -> str:
        return number(value, places, trim=True)

    return [Tick(scale(value), (label or default)(value))
            for value in ticks(min(scale.low, scale.high), max(scale.low, scale.high), step)]


def svg(frame: Frame, *children: Svg, title: str, kind: str) -> Svg:
    """The chart: an ``<svg class="chart kind">`` the width of its box, named by ``title``
    (its accessible name, also shown on hover)."""
    return element("svg", element("title", title), *children, class_=f"chart {kind}",
                   viewBox=f"0 0 {frame.width} {frame.height}", role="img",
                   xmlns="http://www.w3.org/2000/svg")


def y_grid(frame: Frame, y_ticks: Iterable[Tick]) -> Svg:
    """Gridlines across the plot at each tick, labelled left of it."""
    return group(*(element("line", class_="grid-line", x1=frame.plot_left, x2=frame.plot_right,
                           y1=t.position, y2=t.position) for t in y_ticks),
                 *(element("text", t.label, class_="tick", x=frame.plot_left - 6, y=t.position,
                           text_anchor="end", dominant_baseline="middle") for t in y_ticks))


def x_labels(frame: Frame, x_ticks: Iterable[Tick]) -> Svg:
    """Labels under the plot, centred on their position; one that would run off the drawing
    ends (or starts) there instead."""

    def anchor(tick: Tick) -> str:
        half = LABEL_CHAR_WIDTH * len(tick.label) / 2
        if tick.position + half > frame.width:
            return "end"
        return "start" if tick.position - half < 0 else "middle"

    return group(*(element("text", t.label, class_="tick", x=t.position,
                           y=frame.plot_bottom + 16, text_anchor=anchor(t)) for t in x_ticks))


def x_axis(frame: Frame) -> Svg:
    """The line under the plot."""
    return element("line", class_="axis", x1=frame.plot_left, x2=frame.plot_right,
                   y1=frame.plot_bottom, y2=frame.plot_bottom)
