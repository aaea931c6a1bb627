"""What remains at the status date: progress laid out for passes over many iterations.

A simulation schedules the work that remains, as :func:`jalon.engine.schedule` does
(``docs/scheduling.md``, "Progress at a status date"):

- a **complete** activity keeps its actual dates (or its start plus its duration); it takes
  no sample and no risk event, and is never critical;
- a **started** activity keeps its start and the work done (its duration x percent
  complete); what is sampled is its **remaining duration**, its distribution scaled by the
  share left (``sample - sample x percent``, the CPM's ``duration - duration x percent``), and
  risk events add to it. It resumes at ``max(start + work done, status date)``, after its
  unfinished predecessors unless the plan asks for progress override;
- an activity not started samples its whole duration and starts no earlier than the status
  date.

Every node array of the passes holds *remaining* durations (the whole duration when not
started, 0 when complete); these per-position arrays hold the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from jalon.engine.cpm import Problem

__all__ = ["COMPLETE", "NOT_STARTED", "STARTED", "IterationProgress", "progress_of"]

Floats = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]

NOT_STARTED, STARTED, COMPLETE = 0, 1, 2


@dataclass
class IterationProgress:
    """Progress at the status date, per position (times in working days).

    Attributes
    ----------
    state : numpy.ndarray
        ``int8``: :data:`NOT_STARTED`, :data:`STARTED` or :data:`COMPLETE`.
    fraction : numpy.ndarray
        Share of the duration done (percent complete / 100) of the started activities, 0
        elsewhere: a sampled duration ``d`` leaves ``d - d x fraction`` to do.
    done : numpy.ndarray
        Working days already worked, fixed: the planned duration x percent complete (the
        whole planned duration when complete).
    actual_start, actual_finish : numpy.ndarray
        NaN when there is none.
    follows_logic : numpy.ndarray
        Whether the remaining work of a started activity waits for its predecessors
        (retained logic).
    status : float
        The status date (the end of that day), ``-inf`` without one.
    """

    state: npt.NDArray[np.int8]
    fraction: Floats
    done: Floats
    actual_start: Floats
    actual_finish: Floats
    follows_logic: Flags
    status: float

    @property
    def started(self) -> Flags:
        """Started or complete: start constraints no longer apply."""
        started: Flags = self.state != NOT_STARTED
        return started

    @property
    def complete(self) -> Flags:
        """Complete: fixed at its actual dates."""
        complete: Flags = self.state == COMPLETE
        return complete


def progress_of(problem: Problem) -> tuple[IterationProgress | None, Floats]:
    """The progress of a prepared plan and its remaining durations, per position.

    Returns ``(None, durations)`` for a plan without progress or status date. The remaining
    durations are computed as :meth:`jalon.engine.cpm.Problem.solve` computes them, so the
    deterministic passes give the schedule's dates.
    """
    bounds, order = problem.bounds, problem.pos.order
    duration = np.asarray(problem.duration, dtype=np.float64)
    if not bounds.has_progress:
        return None, duration
    fraction = bounds.fraction_done[order]
    actual_start = bounds.actual_start[order]
    actual_finish = bounds.actual_finish[order]
    complete = np.isfinite(actual_finish) | (fraction >= 1.0)
    started = np.isfinite(actual_start) | (fraction > 0.0) | complete
    done = np.where(complete, duration, duration * fraction)
    state = np.where(complete, COMPLETE, np.where(started, STARTED, NOT_STARTED)).astype(np.int8)
    progress = IterationProgress(
        state=state,
        fraction=np.where(state == STARTED, fraction, 0.0),
        done=done,
        actual_start=actual_start.astype(np.float64),
        actual_finish=actual_finish.astype(np.float64),
        follows_logic=~complete & (~started | problem.retained_logic),
        status=float(np.max(bounds.status)),
    )
    remaining: Floats = np.where(complete, 0.0, duration - done)
    return progress, remaining


def progress_step(progress: IterationProgress, rows: npt.NDArray[np.int64], push_start: Floats,
                  push_finish: Floats, remaining: Floats, finish_floor: Floats
                  ) -> tuple[Floats, Floats]:
    """Early start and finish of started and complete positions ``rows`` in every iteration.

    ``push_start`` and ``push_finish`` (shape ``(len(rows), N)``) are the largest bounds their
    links put on the start (FS, SS) and on the finish (FF, SF), ``-inf`` without any;
    ``remaining`` their remaining durations, ``finish_floor`` their FNET/MFO floors (shape
    ``(len(rows), 1)``). The arithmetic of :func:`jalon.engine.passes._progress_step`, with
    the duration done fixed.
    """
    done = progress.done[rows].reshape(-1, 1)
    logic = np.maximum(push_start, push_finish - (done + remaining))
    actual_start = progress.actual_start[rows].reshape(-1, 1)
    es = np.where(np.isnan(actual_start), np.maximum(0.0, logic), actual_start)
    resume = np.maximum(es + done, np.maximum(progress.status, finish_floor - remaining))
    waits = np.maximum(push_start, push_finish - remaining)
    resume = np.where(progress.follows_logic[rows].reshape(-1, 1),
                      np.maximum(resume, waits), resume)
    actual_finish = progress.actual_finish[rows].reshape(-1, 1)
    complete = (progress.state[rows] == COMPLETE).reshape(-1, 1)
    ef = np.where(complete, np.where(np.isnan(actual_finish), es + done, actual_finish),
                  resume + remaining)
    return es, ef
