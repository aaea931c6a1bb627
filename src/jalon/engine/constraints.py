"""Date constraints, deadlines and progress turned into per-activity bounds (arrays).

Everything here is in abstract time (working days from the project start). Calendar dates are
converted with the plan's :class:`~jalon.engine.calendar.Timeline`: a date read as a start is the
start of that working day (or the next one), a date read as a finish is the end of that working
day (or the previous one).

Constraint semantics (``d`` is the remaining duration):

============  =========================  ==========================
constraint    forward pass (early dates)  backward pass (late dates)
============  =========================  ==========================
SNET date     ES >= date                  -
FNET date     EF >= date                  -
MSO date      ES >= date                  LS <= date
MFO date      EF >= date                  LF <= date
SNLT date     -                           LS <= date
FNLT date     -                           LF <= date
deadline      -                           LF <= deadline
============  =========================  ==========================

When logic pushes an activity past a "no later than" / "must" date, its late dates fall before
its early dates and its total float is negative; it is reported, never clamped.

Progress (at the status date ``S``): an activity is *complete* with an actual finish or 100 %,
*started* with an actual start or a percentage above 0. Actual dates fix the start and finish.
The remaining duration is ``duration * (1 - percent / 100)``; remaining work (of started and of
unstarted activities) is never scheduled before ``S``. Start constraints no longer apply once an
activity has started, and a complete activity keeps its actual dates whatever its links say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from jalon.engine import messages as m
from jalon.engine.calendar import Timeline
from jalon.engine.model import LINK_TYPES, Activity, Plan
from jalon.errors import ValidationFailed

__all__ = ["Bounds", "collect_bounds", "released_from_start"]

NO_BOUND = np.inf


@dataclass
class Bounds:
    """Raw per-node bounds, before durations are taken into account.

    All arrays have one value per network node; ``-inf`` / ``+inf`` mean "no bound".
    """

    start_floor: np.ndarray  # SNET, MSO
    finish_floor: np.ndarray  # FNET, MFO
    start_cap: np.ndarray  # SNLT, MSO
    finish_cap: np.ndarray  # FNLT, MFO, deadline
    alap: np.ndarray  # bool
    actual_start: np.ndarray  # nan when none
    actual_finish: np.ndarray  # nan when none
    fraction_done: np.ndarray  # percent complete / 100
    status: float | np.ndarray  # -inf without a status date; per node in schedule_many
    estimated: np.ndarray  # nodes with a three-point estimate
    origin: float | np.ndarray = 0.0  # the project start; per node: -inf where a constraint
    # takes its place (released_from_start), each project's own start in schedule_many
    must_finish: np.ndarray | None = None  # bool, MFO; None when no node has one

    def origins(self, order: np.ndarray) -> np.ndarray:
        """The project-start floor of the nodes ``order`` (positions), as an array."""
        if isinstance(self.origin, np.ndarray):
            return np.asarray(self.origin[order], dtype=np.float64)
        return np.full(len(order), float(self.origin))

    @property
    def has_progress(self) -> bool:
        """Whether any node has progress or the plan has a status date."""
        return bool(
            np.isfinite(self.status).any()
            or (self.fraction_done > 0).any()
            or np.isfinite(self.actual_start).any()
        )


def _time(value: date | float, timeline: Timeline | None, *, finish: bool) -> float:
    if isinstance(value, date):
        if timeline is None:  # pragma: no cover - Plan validation prevents it
            raise ValidationFailed(m.DATE_NEEDS_START(), field="start")
        return float(timeline.finish_time(value) if finish else timeline.start_time(value))
    return float(value)


def collect_bounds(
    plan: Plan,
    leaf_rows: np.ndarray,
    summary_rows: np.ndarray,
    summary_leaves: list[np.ndarray],
    timeline: Timeline | None,
) -> Bounds:
    """Convert the plan's constraints, deadlines, progress and status date into node arrays.

    Summary constraints apply to every leaf below the summary: ``SNET`` as a start floor,
    ``FNLT`` and a deadline as finish caps. Progress entered on a summary is ignored (a summary's
    progress is the roll-up of its activities').

    Every activity starts no earlier than the project start (its ``origin``, 0); see
    :func:`released_from_start` for the plans that let a constraint take its place.
    """
    size = len(leaf_rows)
    bounds = Bounds(
        start_floor=np.full(size, -np.inf),
        finish_floor=np.full(size, -np.inf),
        start_cap=np.full(size, np.inf),
        finish_cap=np.full(size, np.inf),
        alap=np.zeros(size, dtype=bool),
        actual_start=np.full(size, np.nan),
        actual_finish=np.full(size, np.nan),
        fraction_done=np.zeros(size),
        status=-np.inf,
        estimated=np.zeros(0, dtype=np.int64),
    )
    if plan.status_date is not None:
        bounds.status = _time(plan.status_date, timeline, finish=True)
    activities = plan.activities
    node_of_row = np.full(len(activities), -1, dtype=np.int64)
    node_of_row[leaf_rows] = np.arange(size)
    # Only the activities with a constraint, a deadline, progress or an estimate are read.
    constrained = node_of_row[plan.columns.constrained]
    estimated = []
    for node in constrained[constrained >= 0].tolist():
        activity = activities[int(leaf_rows[node])]
        _apply_leaf(bounds, node, activity, timeline)
        if activity.has_estimate:
            estimated.append(node)
    bounds.estimated = np.array(estimated, dtype=np.int64)
    for row, leaves in zip(summary_rows.tolist(), summary_leaves, strict=True):
        activity = activities[row]
        if activity.constraint_type == "SNET" and activity.constraint_date is not None:
            floor = _time(activity.constraint_date, timeline, finish=False)
            bounds.start_floor[leaves] = np.maximum(bounds.start_floor[leaves], floor)
        caps = []
        if activity.constraint_type == "FNLT" and activity.constraint_date is not None:
            caps.append(_time(activity.constraint_date, timeline, finish=True))
        if activity.deadline is not None:
            caps.append(_time(activity.deadline, timeline, finish=True))
        if caps:
            bounds.finish_cap[leaves] = np.minimum(bounds.finish_cap[leaves], min(caps))
    return bounds


FINISH_TO_FINISH = LINK_TYPES.index("FF")


def released_from_start(bounds: Bounds, succ: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Per node, whether its own date constraint takes the place of the project start (as
    MS Project schedules): a start or finish floor (``SNET``, ``MSO``, ``FNET``, ``MFO``, a
    summary's ``SNET``) holds it, wherever that is, and links from its predecessors add to it.

    MS Project still holds at the project start a start that a finish-to-finish link computes
    back from a finish (``succ`` and ``kind`` are the links' successor nodes and type codes):
    such an activity is not released.
    """
    released: np.ndarray = np.isfinite(bounds.start_floor) | np.isfinite(bounds.finish_floor)
    released[succ[kind == FINISH_TO_FINISH]] = False
    return released


def _apply_leaf(bounds: Bounds, node: int, activity: Activity, timeline: Timeline | None) -> None:
    kind = activity.constraint_type
    if activity.constraint_date is not None:
        is_finish = kind in ("FNET", "FNLT", "MFO")
        when = _time(activity.constraint_date, timeline, finish=is_finish)
        if kind in ("SNET", "MSO"):
            bounds.start_floor[node] = when
        if kind in ("SNLT", "MSO"):
            bounds.start_cap[node] = when
        if kind in ("FNET", "MFO"):
            bounds.finish_floor[node] = when
        if kind in ("FNLT", "MFO"):
            bounds.finish_cap[node] = when
        if kind == "MFO":
            if bounds.must_finish is None:
                bounds.must_finish = np.zeros(len(bounds.finish_cap), dtype=bool)
            bounds.must_finish[node] = True
    bounds.alap[node] = kind == "ALAP"
    if activity.deadline is not None:
        deadline = _time(activity.deadline, timeline, finish=True)
        bounds.finish_cap[node] = min(bounds.finish_cap[node], deadline)
    bounds.fraction_done[node] = activity.percent_complete / 100.0
    if activity.actual_start is not None:
        bounds.actual_start[node] = _time(activity.actual_start, timeline, finish=False)
    if activity.actual_finish is not None:
        finish = _time(activity.actual_finish, timeline, finish=True)
        if finish < bounds.actual_start[node]:
            raise ValidationFailed(m.ABOUT(owner=m.activity(activity.id),
                                           problem=m.FINISH_BEFORE_START()),
                                   field="actual_finish")
        if activity.duration == 0 and activity.actual_finish == activity.actual_start:
            finish = bounds.actual_start[node]  # a milestone reached on that day
        bounds.actual_finish[node] = finish
