"""Levelled forward and backward passes over many iterations at once.

The second implementation (``run(model, passes="levelled")``); the default is the compiled
sweep of :mod:`jalon.engine.montecarlo.sweep`, tested to give the same numbers.

The same conventions as :mod:`jalon.engine.passes` (abstract time, working days; FS, SS, FF,
SF links with lags; no start before 0), with one more axis: every node array has shape
``(activities, iterations)``, activities in topological *position* order, so a level is a
contiguous block of rows and each link gathers whole rows of iterations. The Python loop runs
once per level; inside, each link group costs one gather and one element-wise maximum (or
minimum) per rank of link over all iterations.

Durations are the work that *remains* (:mod:`jalon.engine.montecarlo.progress`): started and
complete activities are placed by the CPM's progress rules, and these passes also run the
calendar arithmetic of dated plans with elapsed lags or task calendars
(:mod:`jalon.engine.montecarlo.calendars`), which the compiled sweep cannot.
"""

from __future__ import annotations

import numpy as np

from jalon.engine.montecarlo.network import Convert, Elapsed, IterationNetwork
from jalon.engine.montecarlo.progress import progress_step

__all__ = ["backward_many", "forward_many"]


def _spread(found: tuple[np.ndarray, np.ndarray] | None, first: int, shape: tuple[int, int],
            empty: float) -> np.ndarray:
    """A level's bounds on one side as a full block, ``empty`` where a node has no link."""
    block = np.full(shape, empty)
    if found is not None:
        block[found[0] - first] = found[1]
    return block


def forward_many(net: IterationNetwork, duration: np.ndarray, out: np.ndarray | None = None
                 ) -> np.ndarray:
    """Early dates of every iteration.

    Parameters
    ----------
    net : IterationNetwork
    duration : numpy.ndarray
        Shape ``(n, N)``: remaining durations (working days) per position and iteration.
    out : numpy.ndarray or None
        A ``(2n, N)`` array to fill (reused between blocks to spare allocations).

    Returns
    -------
    numpy.ndarray
        Shape ``(2n, N)``: early starts (rows ``0:n``) then early finishes (rows ``n:2n``).
    """
    size, count = duration.shape
    times = np.empty((2 * size, count)) if out is None else out
    calendars = net.calendars
    convert: Convert | None = None
    if calendars is not None:
        def convert(values: np.ndarray, links: Elapsed) -> np.ndarray:
            return calendars.lag_after(values, links.lag, links.from_finish)
    for k in range(len(net.bounds) - 1):
        a, b = net.bounds[k], net.bounds[k + 1]
        es = times[a:b]
        to_start = net.to_start.bound(k, times, np.maximum, convert)
        to_finish = net.to_finish.bound(k, times, np.maximum, convert)
        progress, (walking, tasks) = net.progress_rows[k], net.walking_rows[k]
        if progress.size or walking.size:  # the bounds of each side, before they are mixed
            push_start = _spread(to_start, a, (b - a, count), -np.inf)
            push_finish = _spread(to_finish, a, (b - a, count), -np.inf)
        if to_start is not None and len(to_start[0]) == b - a:  # every node has such a link
            np.maximum(to_start[1], net.start_floor[a:b], out=es)
        else:
            es[...] = net.start_floor[a:b]
            if to_start is not None:
                keys, best = to_start
                np.maximum(best, net.start_floor[keys], out=best)
                es[keys - a] = best
        if to_finish is not None:
            keys, best = to_finish
            best -= duration[keys]
            es[keys - a] = np.maximum(es[keys - a], best)
        if net.finish_floor is not None:
            np.maximum(es, net.finish_floor[a:b] - duration[a:b], out=es)
        ef = times[size + a : size + b]
        np.add(es, duration[a:b], out=ef)
        if progress.size:
            assert net.progress is not None
            floor = (np.full((len(progress), 1), -np.inf) if net.finish_floor is None
                     else net.finish_floor[a + progress])
            es[progress], ef[progress] = progress_step(
                net.progress, a + progress, push_start[progress], push_finish[progress],
                duration[a + progress], floor)
        if walking.size:
            assert calendars is not None
            es[walking], ef[walking] = calendars.early(
                tasks, np.maximum(calendars.floor_start[tasks], push_start[walking]),
                np.maximum(calendars.floor_finish[tasks], push_finish[walking]),
                duration[a + walking])
    return times


def backward_many(net: IterationNetwork, duration: np.ndarray, finish: np.ndarray,
                  out: np.ndarray | None = None) -> np.ndarray:
    """Late finishes of every iteration, backward from each iteration's project finish.

    Parameters
    ----------
    net : IterationNetwork
    duration : numpy.ndarray
        Shape ``(n, N)``: remaining durations.
    finish : numpy.ndarray
        Shape ``(N,)``: the project finish ``T = max EF`` of each iteration.
    out : numpy.ndarray or None
        A ``(2n, N)`` work array (late starts and finishes), reused between blocks.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, N)``: late finishes. Total float is ``LF - EF``; it is negative where a
        finish cap (FNLT, MFO, deadline) or a start cap (SNLT, MSO) cannot be met.
    """
    size, count = duration.shape
    late = np.empty((2 * size, count)) if out is None else out  # [LS | LF]
    horizon = finish.reshape(1, -1)
    calendars = net.calendars
    convert: Convert | None = None
    if calendars is not None:
        def convert(values: np.ndarray, links: Elapsed) -> np.ndarray:
            return calendars.lag_before(values, links.lag)
    for k in range(len(net.bounds) - 2, -1, -1):
        a, b = net.bounds[k], net.bounds[k + 1]
        lf = late[size + a : size + b]
        from_finish = net.from_finish.bound(k, late, np.minimum, convert)
        from_start = net.from_start.bound(k, late, np.minimum, convert)
        walking, tasks = net.walking_rows[k]
        if walking.size:  # the start side's bounds, before they are added to the finish's
            bound_start = _spread(from_start, a, (b - a, count), np.inf)[walking]
        if from_finish is not None and len(from_finish[0]) == b - a:
            np.minimum(from_finish[1], horizon, out=lf)
        else:
            lf[...] = horizon
            if from_finish is not None:
                keys, best = from_finish
                np.minimum(best, horizon, out=best)
                lf[keys - a] = best
        if net.finish_cap is not None:
            np.minimum(lf, net.finish_cap[a:b], out=lf)
        if net.start_cap is not None:
            np.minimum(lf, net.start_cap[a:b] + duration[a:b], out=lf)
        # the finish side: project finish, caps and finish-side links, walked back below
        capped = lf[walking] if walking.size else None
        if from_start is not None:
            keys, best = from_start
            best += duration[keys]
            lf[keys - a] = np.minimum(lf[keys - a], best)
        ls = late[a:b]
        np.subtract(lf, duration[a:b], out=ls)
        if walking.size:
            assert calendars is not None and capped is not None
            lf[walking], ls[walking] = calendars.late(tasks, capped, bound_start,
                                                      duration[a + walking])
    return late[size:]
