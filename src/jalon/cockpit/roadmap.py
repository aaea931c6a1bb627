"""The milestone roadmap by programme: one lane per programme (and one for the projects
outside any), a diamond on each milestone's day, drawn as SVG with :mod:`jalon.web.charts`.
Geometry first (:func:`roadmap`), then :meth:`Roadmap.svg`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from jalon.planning.selectors import Milestone
from jalon.web import charts
from jalon.web.charts import Frame, Svg, Tick, element

LANE = 28
LABEL_WIDTH = 150
WIDTH = 760
HALF = 6  # half a diamond's diagonal


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    milestone: Milestone
    late: bool


@dataclass(frozen=True)
class Lane:
    y: float
    label: str


@dataclass(frozen=True)
class Roadmap:
    frame: Frame
    lanes: list[Lane]
    marks: list[Mark]
    x_ticks: list[Tick]
    today: float | None

    def svg(self) -> Svg:
        f = self.frame
        lanes = [element("g",
                         element("line", class_="grid-line", x1=f.plot_left, x2=f.plot_right,
                                 y1=lane.y, y2=lane.y),
                         element("text", lane.label, class_="tick", x=f.plot_left - 8,
                                 y=lane.y, text_anchor="end", dominant_baseline="middle"))
                 for lane in self.lanes]
        marks = [element("polygon", element("title", _("%(name)s: %(date)s") % {
                             "name": mark.milestone.title,
                             "date": charts.short_date(mark.milestone.day)}),
                         class_="milestone late" if mark.late else "milestone",
                         points=charts.points([(mark.x, mark.y - HALF), (mark.x + HALF, mark.y),
                                               (mark.x, mark.y + HALF),
                                               (mark.x - HALF, mark.y)]))
                 for mark in self.marks]
        today = ([element("line", class_="today", x1=self.today, x2=self.today, y1=f.plot_top,
                          y2=f.plot_bottom)] if self.today is not None else [])
        return charts.svg(f, *lanes, *today, *marks, charts.x_labels(f, self.x_ticks),
                          charts.x_axis(f), title=_("Milestone roadmap by programme"),
                          kind="roadmap")


def _months(first: date, last: date) -> list[date]:
    months, day = [], date(first.year, first.month, 1)
    while day <= last:
        months.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def roadmap(milestones: list[Milestone], *, today: date) -> Roadmap | None:
    """The roadmap of ``milestones`` (None when there are none): lanes by programme code, the
    projects without a programme last; time from the first month of a milestone to the end of
    the last one's month; a month label every few months so that labels do not overlap.
    A milestone not complete and past ``today`` is late."""
    if not milestones:
        return None
    keys = sorted({_lane_key(m) for m in milestones}, key=lambda k: (k == "", k))
    frame = Frame(WIDTH, 24 + LANE * len(keys) + 28, left=LABEL_WIDTH, right=16, top=12,
                  bottom=28)
    first = min(m.day for m in milestones)
    last = max(m.day for m in milestones)
    months = _months(first, last)
    end = date(last.year + last.month // 12, last.month % 12 + 1, 1)  # the month after
    scale = frame.across(months[0].toordinal(), end.toordinal())
    lanes = {key: frame.plot_top + LANE * (i + 0.5) + 6 for i, key in enumerate(keys)}
    every = max(1, len(months) // 8)
    return Roadmap(
        frame,
        [Lane(y, key or _("No programme")) for key, y in lanes.items()],
        [Mark(scale(m.day.toordinal()), lanes[_lane_key(m)], m,
              m.day < today and m.task.percent_complete < 100) for m in milestones],
        [Tick(scale(month.toordinal()), charts.month_year(month)) for month in months[::every]],
        scale(today.toordinal()) if months[0] <= today < end else None,
    )


def _lane_key(milestone: Milestone) -> str:
    programme = milestone.task.project.programme
    return programme.code if programme is not None else ""
