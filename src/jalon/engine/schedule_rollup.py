"""Earned schedule of a programme or portfolio: its projects' planned value curves added up on
calendar months.

Earned schedule cannot be rolled up by adding or averaging the projects' ES: each is counted in
periods from its own start. A roll-up needs one planned value curve for the whole, so the
projects' curves are put on a common axis of calendar months and added; ES, SV(t), SPI(t) and
IEAC(t) then come from that curve and the summed earned value, as for one project
(:func:`jalon.engine.earned_schedule.earned_schedule`).

Conventions
-----------
- The axis starts at the earliest project start (the *origin*) and its periods end on the last
  day of each calendar month, from the origin's month to the latest month of any curve. The
  first period runs from the origin to the end of its month.
- A project's cumulative planned value at the end of a month is 0 before its first period and
  its final value (its budget) after its last one.
- Actual time is counted in months on that axis, linear in calendar days inside a month (a
  project's own ES counts working days; a portfolio has no single calendar).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from jalon.engine import messages as m
from jalon.engine.earned_schedule import EsResult, earned_schedule
from jalon.errors import ValidationFailed

__all__ = ["MonthlyCurve", "RolledUpSchedule", "combine_monthly_curves", "months_elapsed",
           "rolled_up_schedule"]


@dataclass(frozen=True)
class MonthlyCurve:
    """One project's cumulative planned value (currency) at the end of consecutive months.

    ``start`` is the project start; ``ends`` the last calendar day of each period (the first
    period runs from ``start`` to the end of its month); ``values`` the cumulative planned
    value at each end, non-decreasing.
    """

    start: date
    ends: Sequence[date]
    values: Sequence[float]

    def __post_init__(self) -> None:
        if len(self.ends) != len(self.values) or not self.ends:
            raise ValidationFailed(m.CURVE_VALUES(), field="values")
        if any(b <= a for a, b in zip(self.ends, self.ends[1:], strict=False)):
            raise ValidationFailed(m.MONTH_ENDS(), field="ends")


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _month_ends(first: date, last: date) -> list[date]:
    ends, day = [], _month_end(first)
    while day <= _month_end(last):
        ends.append(day)
        day = _month_end(day + timedelta(days=1))
    return ends


def combine_monthly_curves(
    curves: Sequence[MonthlyCurve],
) -> tuple[date, list[date], npt.NDArray[np.float64]]:
    """The sum of ``curves`` on a common axis of calendar months (see the module docstring).

    Returns the origin (earliest start), the end of each month on the axis, and the summed
    cumulative planned value at each end.
    """
    if not curves:
        raise ValidationFailed(m.NO_CURVE(), field="curves")
    origin = min(c.start for c in curves)
    ends = _month_ends(origin, max(c.ends[-1] for c in curves))
    axis = np.array(ends, dtype="datetime64[D]")
    total = np.zeros(len(ends))
    for curve in curves:
        own = np.array(list(curve.ends), dtype="datetime64[D]")
        values = np.asarray(curve.values, dtype=float)
        # The value at the last own end on or before each axis end (0 before the first).
        index = np.searchsorted(own, axis, side="right") - 1
        total += np.where(index >= 0, values[np.clip(index, 0, None)], 0.0)
    return origin, ends, total


def months_elapsed(origin: date, ends: Sequence[date], day: date) -> float:
    """Months elapsed on the axis at the end of ``day`` (linear in calendar days in a month).

    0 on or before the day before ``origin``; after the last end, whole months continue at
    the last month's length.
    """
    previous = origin - timedelta(days=1)
    for k, end in enumerate(ends):
        if day <= end:
            return k + max(0, (day - previous).days) / (end - previous).days
        previous = end
    return len(ends) + (day - ends[-1]).days / 30.4375


@dataclass(frozen=True)
class RolledUpSchedule:
    """The combined curve of a roll-up and its earned schedule figures (in months)."""

    origin: date
    ends: list[date]
    pv: npt.NDArray[np.float64]
    es: EsResult


def rolled_up_schedule(curves: Sequence[MonthlyCurve], ev: float,
                       status_date: date) -> RolledUpSchedule | None:
    """Earned schedule of the whole from its projects' curves, the summed earned value
    (currency) and the status date; None when the curves plan nothing."""
    origin, ends, pv = combine_monthly_curves(curves)
    if not pv.size or pv[-1] <= 0:
        return None
    at = months_elapsed(origin, ends, status_date)
    return RolledUpSchedule(origin, ends, pv, earned_schedule(pv, max(ev, 0.0), at))
