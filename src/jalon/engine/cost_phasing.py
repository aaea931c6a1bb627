"""Budgets spread over time: periods, cumulative planned value, earned amounts, roll-ups.

Units and conventions
---------------------
- Money is in currency.
- A task's budget is its cost by the rule of :mod:`jalon.engine.costing`.
- Times are abstract working-day times, as in the scheduler: a task scheduled from ``start``
  to ``finish`` works over ``[start, finish)``. Its budget is spread **linearly over its working
  time** (each working day gets the same share); a zero-duration task (a milestone) earns its
  whole budget at its finish instant.
- Planned value is **cumulative**: ``PV(t)`` is the budget planned to be spent by time ``t``.
  A period's value is taken at its end.
- Periods (:func:`make_periods`): with a calendar (a :class:`~jalon.engine.calendar.Timeline`)
  a period ends at the end of its last calendar day (day: every working day; week: Sunday;
  month: the last day of the month), mapped to working time. In abstract time (no start
  date) a period is a fixed number of working days: day 1, week 5, month 20.
- Roll-ups (:func:`rollup`) add the values of the leaves into every ancestor, so that a summary
  (and the project) equals the sum of its parts.
"""

from __future__ import annotations

import calendar as _calendar
import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from jalon.engine import messages as m
from jalon.engine.calendar import Timeline
from jalon.engine.earned_schedule import EsResult, earned_schedule
from jalon.errors import ValidationFailed

__all__ = [
    "PERIOD_UNITS",
    "Periods",
    "daily_earned_schedule",
    "earned_amounts",
    "make_periods",
    "phased_earned_schedule",
    "planned_fraction",
    "planned_value",
    "rollup",
]

PERIOD_UNITS = ("day", "week", "month")
_ABSTRACT_LENGTH = {"day": 1.0, "week": 5.0, "month": 20.0}


def planned_fraction(starts: Any, finishes: Any, times: Any) -> npt.NDArray[np.float64]:
    """Share (0..1) of each task's work planned to be done by each time.

    Linear over ``[start, finish)`` in working time; a zero-duration task is done (1) from its
    finish instant on. Returns an array of shape ``(n_tasks, n_times)``.
    """
    start = np.asarray(starts, dtype=float)[:, None]
    finish = np.asarray(finishes, dtype=float)[:, None]
    t = np.atleast_1d(np.asarray(times, dtype=float))[None, :]
    span = finish - start
    with np.errstate(all="ignore"):
        linear = np.clip((t - start) / np.where(span > 0, span, 1.0), 0.0, 1.0)
    return np.where(span > 0, linear, (t >= finish).astype(float))


def planned_value(starts: Any, finishes: Any, budgets: Any, times: Any) -> npt.NDArray[np.float64]:
    """Cumulative planned value of each task at each time, shape ``(n_tasks, n_times)``.

    ``budgets x planned_fraction(starts, finishes, times)``; sum over axis 0 for the project.
    """
    budget = np.asarray(budgets, dtype=float)[:, None]
    return budget * planned_fraction(starts, finishes, times)


def earned_amounts(budgets: Any, percent_complete: Any) -> npt.NDArray[np.float64]:
    """Earned value (BCWP) of each task: ``percent complete / 100 x budget``."""
    percent = np.asarray(percent_complete, dtype=np.float64)
    if np.any((percent < 0) | (percent > 100)):
        raise ValidationFailed(m.PERCENT_RANGE(), field="percent_complete")
    return np.asarray(budgets, dtype=float) * percent / 100.0


@dataclass(frozen=True)
class Periods:
    """Consecutive reporting periods.

    Attributes
    ----------
    unit : str
        ``"day"``, ``"week"`` or ``"month"``.
    origin : float
        Working time at which the first period's accounting starts (the project start).
    ends : numpy.ndarray
        Working time of the end of each period (non-decreasing).
    labels : tuple[str, ...]
        The last calendar day of each period (ISO date), or its number (``"1"``, ``"2"``...)
        in abstract time.
    """

    unit: str
    origin: float
    ends: np.ndarray
    labels: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.labels)

    def elapsed(self, time: float) -> float:
        """Periods elapsed at working time ``time`` (fractional inside a period).

        Linear in working time within a period; 0 before the origin, ``len(self)`` after the
        last end (plus whole periods of the last one's length beyond it).
        """
        points = np.concatenate(([self.origin], self.ends))
        if time <= points[-1]:
            return float(np.interp(time, points, np.arange(points.size, dtype=float)))
        last = float(points[-1] - points[-2]) if points.size > 1 else 1.0
        return float(len(self) + (time - points[-1]) / (last or 1.0))


def make_periods(
    first: float,
    last: float,
    unit: str = "week",
    *,
    timeline: Timeline | None = None,
) -> Periods:
    """Periods covering working times ``first`` to ``last``.

    Parameters
    ----------
    first, last : float
        Working times (days from the project start) to cover; usually the project start and
        the later of the project finish and the status time.
    unit : str
        ``"day"``, ``"week"`` (ending on Sunday) or ``"month"``.
    timeline : Timeline or None
        The calendar mapping (calendar periods); ``None`` for abstract time (fixed lengths).
    """
    if unit not in PERIOD_UNITS:
        raise ValidationFailed(m.PERIOD_UNIT(choices=list(PERIOD_UNITS), value=repr(unit)),
                               field="period")
    last = max(first, last)
    if timeline is None:
        length = _ABSTRACT_LENGTH[unit]
        count = max(1, int(np.ceil((last - first) / length - 1e-9)))
        ends = first + length * np.arange(1, count + 1, dtype=float)
        return Periods(unit, float(first), ends, tuple(str(i) for i in range(1, count + 1)))
    first_day = timeline.start_date(first)
    last_day = timeline.finish_date(last, first) if last > first else first_day
    labels: list[date] = []
    day = _period_end(first_day, unit)
    while True:
        labels.append(day)
        if day >= last_day:
            break
        day = _period_end(day + timedelta(days=1), unit)
    ends = timeline.finish_times(np.array(labels, dtype="datetime64[D]")).astype(float)
    return Periods(unit, float(first), np.maximum(ends, first),
                   tuple(d.isoformat() for d in labels))


def _period_end(day: date, unit: str) -> date:
    if unit == "day":
        return day
    if unit == "week":
        return day + timedelta(days=6 - day.weekday())
    return day.replace(day=_calendar.monthrange(day.year, day.month)[1])


def rollup(values: Any, parents: Any) -> np.ndarray:
    """Add every row's value into all its ancestors (summary = sum of its parts).

    Parameters
    ----------
    values : array_like
        Shape ``(n,)`` or ``(n, k)``: one row per task. Rows of summaries should hold 0 (or
        their own amount, which is kept and added to as well).
    parents : array_like of int
        Row of each task's parent, ``-1`` for a top-level task. The outline must be a forest.

    Returns
    -------
    numpy.ndarray
        The rolled-up values, same shape as ``values``.
    """
    result = np.array(values, dtype=float, copy=True)
    parent = np.asarray(parents, dtype=np.int64)
    n = parent.size
    depth = np.zeros(n, dtype=np.int64)
    node = parent.copy()
    for _ in range(n):  # depth by pointer jumping along the parent chain
        alive = node >= 0
        if not alive.any():
            break
        depth[alive] += 1
        node[alive] = parent[node[alive]]
    else:
        if (node >= 0).any():
            raise ValidationFailed(m.OUTLINE_LOOP(), field="parent")
    for level in range(int(depth.max(initial=0)), 0, -1):
        rows = np.flatnonzero(depth == level)
        np.add.at(result, parent[rows], result[rows])
    return result


def daily_earned_schedule(starts: Any, finishes: Any, budgets: Any, ev: float,
                          end: float) -> EsResult | None:
    """Earned schedule of a group of tasks (a task and its parts) in working days from the
    group's first start.

    Each budget is spread linearly over its task's working times ``starts`` to ``finishes``
    (:func:`planned_value`) and the group's curve is read at the end of every working day, so
    ES is exact for linear spreading. ``ev`` is the group's earned value (currency) and ``end``
    the working time at which its actual time stops (the status time, or its finish when it
    finished earlier). None when nothing is due yet (``end`` at or before the first start) or
    the group plans nothing over a positive span (a milestone).
    """
    start, finish, budget = (np.asarray(a, dtype=float) for a in (starts, finishes, budgets))
    if start.size == 0:
        return None
    origin = math.floor(float(start.min()))
    grid = np.arange(origin + 1, math.ceil(float(finish.max())) + 1, dtype=float)
    at = end - origin
    if grid.size == 0 or at <= 1e-9:
        return None
    curve = planned_value(start, finish, budget, grid).sum(axis=0)
    if curve[-1] <= 0:
        return None
    return earned_schedule(curve, max(float(ev), 0.0), at)


def phased_earned_schedule(starts: Any, finishes: Any, budgets: Any, ev: float, at: float,
                           periods: Periods) -> EsResult | None:
    """Earned schedule of a project in ``periods``, on its time-phased planned value.

    The PV at the status is read on the time-phased curve (:func:`planned_value`); so is ES:
    the curve is taken at every working time where its pace changes (a task's start or
    finish, a period's end), each counted in periods as AT is (:meth:`Periods.elapsed`), and
    Lipke's formula is applied between those points. Read only at period ends, the curve's
    chord would give another time than the one at which the plan earns that value (tasks
    starting or finishing inside a period), and EV = PV would not give ES = AT. ``at`` is the
    actual time in periods. None when the tasks plan nothing.
    """
    start, finish = np.asarray(starts, dtype=float), np.asarray(finishes, dtype=float)
    breaks = np.unique(np.concatenate((start, finish, periods.ends)))
    breaks = breaks[breaks > periods.origin]
    times = np.array([periods.elapsed(float(t)) for t in breaks])
    # A period without working time ends where the previous one does: one point is enough.
    keep = np.diff(times, prepend=0.0) > 0
    curve = planned_value(start, finish, budgets, breaks[keep]).sum(axis=0)
    if not curve.size or curve[-1] <= 0:
        return None
    return earned_schedule(curve, max(float(ev), 0.0), at, times=times[keep])
