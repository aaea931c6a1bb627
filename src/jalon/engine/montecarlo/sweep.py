"""Compiled (numba) forward and backward passes over a block of iterations.

The twin of :mod:`jalon.engine.montecarlo.passes`, which runs a few numpy calls per
topological level: here one sweep visits the activities in position order (a topological
order) and, for each link, updates a whole row of iterations in a tight loop, so the cost is
``O((activities + links) x iterations)`` whatever the depth of the network, without a Python
step per level. Same arrays and conventions (``(2n, N)`` rows of early starts then early
finishes; late starts then late finishes), the same floating-point operations on the same
operands, hence the same results; the tests compare them. Started and complete activities
follow the progress rules of :mod:`jalon.engine.montecarlo.progress`; plans with elapsed lags
or task calendars take the levelled passes, whose calendar arithmetic compiled code cannot do.

Compiled on first use and cached on disk by numba (``cache=True``).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit

from jalon.engine.montecarlo.network import IterationNetwork
from jalon.engine.montecarlo.progress import COMPLETE, NOT_STARTED

__all__ = ["backward_many", "forward_many"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Flags = npt.NDArray[np.bool_]

# Empty stand-ins for the progress arrays of a plan without progress: one kernel signature.
_NO_PROGRESS = (np.zeros(0, np.int8), np.zeros(0), np.zeros(0), np.zeros(0),
                np.zeros(0, np.bool_))


def forward_many(net: IterationNetwork, duration: Floats, out: Floats | None = None) -> Floats:
    """Early dates of every iteration: :func:`jalon.engine.montecarlo.passes.forward_many`.

    Parameters
    ----------
    net : IterationNetwork
    duration : numpy.ndarray
        Shape ``(n, N)``: durations (working days) per position and iteration.
    out : numpy.ndarray or None
        A ``(2n, N)`` array to fill (reused between blocks to spare allocations).

    Returns
    -------
    numpy.ndarray
        Shape ``(2n, N)``: early starts (rows ``0:n``) then early finishes (rows ``n:2n``).
    """
    size, count = duration.shape
    times = np.empty((2 * size, count)) if out is None else out
    ptr, source, lag, to_finish = net.incoming
    progress = net.progress
    arrays = _NO_PROGRESS if progress is None else (
        progress.state, progress.done, progress.actual_start, progress.actual_finish,
        progress.follows_logic)
    status = -np.inf if progress is None else progress.status
    _forward_block(ptr, source, lag, to_finish, net.start_floor.ravel(),
                   _bound(net.finish_floor), np.ascontiguousarray(duration, np.float64), times,
                   arrays, status)
    return times


def backward_many(net: IterationNetwork, duration: Floats, finish: Floats,
                  out: Floats | None = None) -> Floats:
    """Late finishes of every iteration: :func:`jalon.engine.montecarlo.passes.backward_many`.

    Parameters
    ----------
    net : IterationNetwork
    duration : numpy.ndarray
        Shape ``(n, N)``.
    finish : numpy.ndarray
        Shape ``(N,)``: the project finish ``T = max EF`` of each iteration.
    out : numpy.ndarray or None
        A ``(2n, N)`` work array (late starts and finishes), reused between blocks.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, N)``: late finishes.
    """
    size, count = duration.shape
    late = np.empty((2 * size, count)) if out is None else out
    ptr, target, lag, from_finish = net.outgoing
    _backward_block(ptr, target, lag, from_finish, _bound(net.finish_cap), _bound(net.start_cap),
                    np.ascontiguousarray(duration, np.float64),
                    np.ascontiguousarray(finish, np.float64), late)
    return late[size:]


def _bound(column: Floats | None) -> Floats:
    """A per-position bound as the kernels take it: flat, empty when there is none."""
    return np.zeros(0) if column is None else np.ascontiguousarray(column.ravel())


@njit(cache=True)
def _forward_block(in_ptr: Ints, source: Ints, lag: Floats, to_finish: Flags,
                   start_floor: Floats, finish_floor: Floats, duration: Floats,
                   times: Floats, progress: tuple[np.ndarray, ...], status: float) -> None:
    """Fill ``times`` ``(2n, N)`` with early starts and finishes.

    The links of position ``i`` are ``in_ptr[i]:in_ptr[i + 1]``: each reads row ``source``
    of ``times`` and bounds the start (FS, SS) or, ``to_finish``, the finish (FF, SF).
    ``finish_floor`` is empty when no activity has one, the ``progress`` arrays (state, work
    done, actual start and finish, follows its logic) when no activity has progress.
    """
    size, count = duration.shape
    state, done, actual_start, actual_finish, follows_logic = progress
    by_finish = np.empty(count)
    by_start = np.empty(count)
    for i in range(size):
        es = times[i]
        ef = times[size + i]
        dur = duration[i]
        if state.shape[0] and state[i] != NOT_STARTED:
            _progress_row(i, in_ptr, source, lag, to_finish, finish_floor, dur, times,
                          state[i] == COMPLETE, done[i], actual_start[i], actual_finish[i],
                          follows_logic[i], status, by_start, by_finish, es, ef)
            continue
        es[:] = start_floor[i]
        finish_links = False
        for j in range(in_ptr[i], in_ptr[i + 1]):
            row = times[source[j]]
            shift = lag[j]
            if to_finish[j]:
                if not finish_links:
                    for c in range(count):
                        by_finish[c] = row[c] + shift
                    finish_links = True
                else:
                    for c in range(count):
                        by_finish[c] = max(by_finish[c], row[c] + shift)
            else:
                for c in range(count):
                    es[c] = max(es[c], row[c] + shift)
        if finish_links:
            for c in range(count):
                es[c] = max(es[c], by_finish[c] - dur[c])
        if finish_floor.shape[0]:
            for c in range(count):
                es[c] = max(es[c], finish_floor[i] - dur[c])
        for c in range(count):
            ef[c] = es[c] + dur[c]


@njit(cache=True)
def _progress_row(i: int, in_ptr: Ints, source: Ints, lag: Floats, to_finish: Flags,
                  finish_floor: Floats, remaining: Floats, times: Floats, complete: bool,
                  done: float, actual_start: float, actual_finish: float, follows_logic: bool,
                  status: float, push_start: Floats, push_finish: Floats, es: Floats,
                  ef: Floats) -> None:
    """Early start and finish of a started or complete position in every iteration:
    :func:`jalon.engine.montecarlo.progress.progress_step`, one iteration at a time."""
    count = es.shape[0]
    push_start[:] = -np.inf
    push_finish[:] = -np.inf
    for j in range(in_ptr[i], in_ptr[i + 1]):
        row = times[source[j]]
        shift = lag[j]
        push = push_finish if to_finish[j] else push_start
        for c in range(count):
            push[c] = max(push[c], row[c] + shift)
    floor = finish_floor[i] if finish_floor.shape[0] else -np.inf
    for c in range(count):
        rem = remaining[c]
        logic = max(push_start[c], push_finish[c] - (done + rem))
        start = max(0.0, logic) if np.isnan(actual_start) else actual_start
        es[c] = start
        if complete:
            ef[c] = start + done if np.isnan(actual_finish) else actual_finish
            continue
        resume = max(start + done, max(status, floor - rem))
        if follows_logic:
            resume = max(resume, max(push_start[c], push_finish[c] - rem))
        ef[c] = resume + rem


@njit(cache=True)
def _backward_block(out_ptr: Ints, target: Ints, lag: Floats, from_finish: Flags,
                   finish_cap: Floats, start_cap: Floats, duration: Floats, horizon: Floats,
                   late: Floats) -> None:
    """Fill ``late`` ``(2n, N)`` with late starts and finishes.

    The links of position ``i`` are ``out_ptr[i]:out_ptr[i + 1]``: each reads row ``target``
    of ``late`` less its lag and bounds the finish (FS, FF) or, not ``from_finish``, the start
    (SS, SF). ``horizon`` is each iteration's project finish; the caps are empty when no
    activity has one.
    """
    size, count = duration.shape
    by_start = np.empty(count)
    for i in range(size - 1, -1, -1):
        lf = late[size + i]
        lf[:] = horizon
        start_links = False
        for j in range(out_ptr[i], out_ptr[i + 1]):
            row = late[target[j]]
            shift = -lag[j]
            if from_finish[j]:
                for c in range(count):
                    lf[c] = min(lf[c], row[c] + shift)
            elif not start_links:
                for c in range(count):
                    by_start[c] = row[c] + shift
                start_links = True
            else:
                for c in range(count):
                    by_start[c] = min(by_start[c], row[c] + shift)
        dur = duration[i]
        if finish_cap.shape[0]:
            for c in range(count):
                lf[c] = min(lf[c], finish_cap[i])
        if start_cap.shape[0]:
            for c in range(count):
                lf[c] = min(lf[c], start_cap[i] + dur[c])
        if start_links:
            for c in range(count):
                lf[c] = min(lf[c], by_start[c] + dur[c])
        ls = late[i]
        for c in range(count):
            ls[c] = lf[c] - dur[c]
