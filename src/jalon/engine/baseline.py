"""Comparison of a schedule with a baseline: start, finish and duration variances.

Variances are in working days of the plan calendar, positive when the schedule is later (or
longer) than the baseline, as MS Project shows them. With dates, a start variance counts the
working days between the baseline start date and the scheduled start date (``0`` on the same
day); a finish variance does the same with the inclusive finish dates. With abstract times
(floats) the variance is the difference of the times. Duration variance = scheduled duration
(``EF - ES``) - baseline duration.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from jalon.engine import messages as m
from jalon.engine.results import Schedule
from jalon.errors import ValidationFailed
from jalon.i18n import Ref

if TYPE_CHECKING:
    from jalon.engine.calendar import Timeline

__all__ = ["ActivityVariance", "BaselineComparison", "BaselineEntry", "compare_to_baseline"]


@dataclass(frozen=True)
class BaselineEntry:
    """Baseline of one activity: start and (inclusive) finish as dates or working-day times,
    and duration in working days; any may be None (not baselined)."""

    start: date | float | None = None
    finish: date | float | None = None
    duration: float | None = None


@dataclass(frozen=True)
class ActivityVariance:
    """Variances of one activity in working days (positive = later / longer); None when the
    baseline lacks the value."""

    id: str
    start_variance: float | None
    finish_variance: float | None
    duration_variance: float | None


@dataclass
class BaselineComparison:
    """The result of :func:`compare_to_baseline`.

    Attributes
    ----------
    activities : dict[str, ActivityVariance]
        Per baselined activity id, in the schedule's order.
    start_variance, finish_variance : float or None
        Project start (earliest baseline start) and finish (latest baseline finish) variances
        in working days; None when no activity has that baseline value.
    """

    activities: dict[str, ActivityVariance] = field(default_factory=dict)
    start_variance: float | None = None
    finish_variance: float | None = None

    def __getitem__(self, activity_id: str) -> ActivityVariance:
        return self.activities[activity_id]


def compare_to_baseline(
    schedule: Schedule, baseline: Mapping[str, BaselineEntry]
) -> BaselineComparison:
    """Compare a schedule with a baseline, activity by activity and for the project.

    Parameters
    ----------
    schedule : Schedule
        The current schedule (from :func:`jalon.engine.schedule`).
    baseline : Mapping[str, BaselineEntry]
        Baseline per activity id; ids not in the schedule are an error, activities without an
        entry are left out.

    Returns
    -------
    BaselineComparison
        Variances in working days, positive when later or longer than the baseline.

    Raises
    ------
    ValidationFailed
        On an unknown activity id, or a date baseline for a schedule without dates.
    """
    rows = {ident: row for row, ident in enumerate(schedule.ids)}
    unknown = [ident for ident in baseline if ident not in rows]
    if unknown:
        raise ValidationFailed(m.BASELINE_UNKNOWN(tasks=[Ref.task(i) for i in unknown]),
                               field="baseline")
    line = schedule.timeline
    result = BaselineComparison()
    for ident in schedule.ids:
        entry = baseline.get(ident)
        if entry is None:
            continue
        row = rows[ident]
        es, ef = float(schedule.early_start[row]), float(schedule.early_finish[row])
        start_var = finish_var = None
        if entry.start is not None:
            start_var = _variance(schedule, line, row, entry.start, es, finish=False)
        if entry.finish is not None:
            finish_var = _variance(schedule, line, row, entry.finish, ef, finish=True)
        duration_var = None if entry.duration is None else (ef - es) - float(entry.duration)
        result.activities[ident] = ActivityVariance(ident, start_var, finish_var, duration_var)
    starts = [e.start for e in baseline.values() if e.start is not None]
    finishes = [e.finish for e in baseline.values() if e.finish is not None]
    if starts and _same_kind(starts):
        first = min(starts)
        result.start_variance = _project(schedule, line, first, finish=False)
    if finishes and _same_kind(finishes):
        last = max(finishes)
        result.finish_variance = _project(schedule, line, last, finish=True)
    return result


def _same_kind(values: list[date | float]) -> bool:
    return len({isinstance(v, date) for v in values}) == 1


def _index(line: Timeline, day: date) -> int:
    return int(line.start_time(day))


def _variance(schedule: Schedule, line: Timeline | None, row: int, value: date | float,
              time: float, *, finish: bool) -> float:
    if isinstance(value, date):
        dates = schedule.finish_dates if finish else schedule.start_dates
        if line is None or dates is None:
            raise ValidationFailed(m.ABOUT(owner=m.activity(schedule.ids[row]),
                                           problem=m.BASELINE_NEEDS_DATES()), field="baseline")
        return float(_index(line, dates[row].astype(object)) - _index(line, value))
    return time - float(value)


def _project(schedule: Schedule, line: Timeline | None, value: date | float, *,
             finish: bool) -> float:
    if isinstance(value, date):
        current = schedule.finish_date if finish else schedule.start_date
        if line is None or current is None:
            raise ValidationFailed(m.BASELINE_NEEDS_DATES(), field="baseline")
        return float(_index(line, current) - _index(line, value))
    return (schedule.finish if finish else schedule.start) - float(value)
