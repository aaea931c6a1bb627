"""What a schedule computation returns."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from jalon.engine.calendar import Timeline
    from jalon.engine.pert import PertResult

__all__ = ["ActivityResult", "Schedule"]


@dataclass(frozen=True)
class ActivityResult:
    """Scheduled dates and floats of one activity.

    Times are abstract, in working days from the project start (``0`` = start of the first
    working day). ``duration`` is the one a task table shows: a task's own (working days of
    its calendar, the PERT expected time when it is scheduled on it), which progress behind the
    status date or another calendar does not change though its dates may span more or fewer
    working days; a summary's is the span ``early_finish - early_start``. The ``*_date`` fields follow the MS Project display convention (start = the
    working day containing the start time, finish = the last working day worked, inclusive) and
    are ``None`` when the plan has no start date.
    """

    id: str
    name: str
    early_start: float
    early_finish: float
    late_start: float
    late_finish: float
    total_float: float
    free_float: float
    critical: bool
    is_summary: bool
    driving_predecessors: list[str] = field(default_factory=list)
    start_date: date | None = None
    finish_date: date | None = None
    late_start_date: date | None = None
    late_finish_date: date | None = None
    percent_complete: float = 0.0
    duration: float = 0.0


@dataclass(eq=False)
class Schedule:
    """The result of :func:`jalon.engine.schedule`.

    Per-activity values are numpy arrays in the plan's activity order (``ids``), for bulk use;
    :attr:`activities` gives the same values as :class:`ActivityResult` objects, built on first
    access. Date arrays are ``datetime64[D]`` and ``None`` without a plan start date.

    Attributes
    ----------
    start, finish, duration : float
        Earliest start over all activities, project finish ``T`` (max early finish), and
        ``finish - start``, in working days.
    start_date, finish_date : datetime.date or None
        Project start and (inclusive) finish dates.
    critical_path : list[str]
        Ids of critical leaf activities, in topological order.
    critical_paths : list[list[str]]
        Critical activities grouped into separate chains (connected by driving links), each in
        topological order; the longest first.
    pert : PertResult or None
        PERT analysis, when some activity has a three-point estimate.
    timeline : Timeline or None
        The plan calendar's mapping between times and dates (None without a start date).
    percent_complete : numpy.ndarray or None
        Percent complete (0-100) per activity; a summary's is its leaves', weighted by their
        durations as MS Project does (a plain mean when they all have zero duration).
    durations : numpy.ndarray or None
        Duration per activity in working days, as :attr:`ActivityResult.duration`; ``None``:
        ``early_finish - early_start``.
    """

    name: str
    ids: list[str]
    names: list[str]
    early_start: np.ndarray
    early_finish: np.ndarray
    late_start: np.ndarray
    late_finish: np.ndarray
    total_float: np.ndarray
    free_float: np.ndarray
    critical: np.ndarray
    is_summary: np.ndarray
    start: float
    finish: float
    critical_path: list[str]
    critical_paths: list[list[str]]
    driving_links: tuple[np.ndarray, np.ndarray]  # (successor row, predecessor row)
    start_dates: np.ndarray | None = None
    finish_dates: np.ndarray | None = None
    late_start_dates: np.ndarray | None = None
    late_finish_dates: np.ndarray | None = None
    start_date: date | None = None
    finish_date: date | None = None
    pert: PertResult | None = None
    timeline: Timeline | None = field(default=None, repr=False)
    percent_complete: np.ndarray | None = field(default=None, repr=False)
    durations: np.ndarray | None = field(default=None, repr=False)

    @property
    def duration(self) -> float:
        """Project duration ``finish - start`` in working days."""
        return self.finish - self.start

    @cached_property
    def activities(self) -> dict[str, ActivityResult]:
        """Results per activity id, in the plan's order."""
        succ_rows, pred_rows = self.driving_links
        driving: dict[int, list[str]] = {}
        for s, p in zip(succ_rows.tolist(), pred_rows.tolist(), strict=True):
            names = driving.setdefault(s, [])
            if self.ids[p] not in names:
                names.append(self.ids[p])
        es, ef = self.early_start.tolist(), self.early_finish.tolist()
        ls, lf = self.late_start.tolist(), self.late_finish.tolist()
        tf, ff = self.total_float.tolist(), self.free_float.tolist()
        critical, summary = self.critical.tolist(), self.is_summary.tolist()
        dates: list[list[date | None]]
        if self.start_dates is not None:
            dates = [
                array.astype(object).tolist()  # type: ignore[union-attr]
                for array in (
                    self.start_dates,
                    self.finish_dates,
                    self.late_start_dates,
                    self.late_finish_dates,
                )
            ]
        else:
            dates = [[None] * len(self.ids)] * 4
        progress = (self.percent_complete.tolist() if self.percent_complete is not None
                    else [0.0] * len(self.ids))
        durations = (self.durations if self.durations is not None
                     else self.early_finish - self.early_start).tolist()
        starts, finishes, late_starts, late_finishes = dates
        result = {}
        for row, (ident, name) in enumerate(zip(self.ids, self.names, strict=True)):
            result[ident] = ActivityResult(
                ident,
                name,
                es[row], ef[row], ls[row], lf[row], tf[row], ff[row], critical[row], summary[row],
                driving.get(row, []),
                starts[row], finishes[row], late_starts[row], late_finishes[row],
                percent_complete=progress[row],
                duration=durations[row],
            )
        return result

    def __getitem__(self, activity_id: str) -> ActivityResult:
        return self.activities[activity_id]

    def __iter__(self) -> Iterator[ActivityResult]:
        return iter(self.activities.values())

    def __len__(self) -> int:
        return len(self.ids)
