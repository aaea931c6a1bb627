"""Compiled (numba) forward and backward passes and link slacks: one sweep in order.

The twin of :mod:`jalon.engine.passes`, which runs a few numpy calls per topological level:
here each pass visits every activity once, in position order (a topological order), and every
link once, so it costs ``O(activities + links)`` whatever the depth of the network; a chain of
10^5 activities costs no more than 10^5 independent ones. The arithmetic is the levelled
passes', operation for operation (the same additions of the same operands; maxima and minima are
exact in any order), so both give the same floats; the tests compare them.

Plans with elapsed lags or task calendars keep the levelled passes: their calendar arithmetic
(:mod:`jalon.engine.timemaps`) extends its date tables as the dates grow, which compiled code
cannot do.

Same conventions and variables as :mod:`jalon.engine.passes` (working days; ``X`` the point
from which the remaining work runs, ``span = EF - X`` the remaining duration). The kernels are
compiled on first use and cached on disk by numba (``cache=True``), so a new process loads them
instead of compiling them again.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit

from jalon.engine.passes import ProgressState

__all__ = ["backward", "forward", "link_slack", "links_by"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

_FS, _SS, _FF, _SF = 0, 1, 2, 3
# Empty stand-ins for the progress arrays of a plan without progress: one kernel signature.
_NO_PROGRESS = (
    np.zeros(0, np.bool_), np.zeros(0, np.bool_), np.zeros(0, np.bool_), np.zeros(0),
    np.zeros(0, np.bool_), np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0, np.bool_),
)


@njit(cache=True)
def _links_by(key: Ints, links: Ints, size: int) -> tuple[Ints, Ints]:
    """Counting sort of ``links`` by ``key[link]`` (stable): CSR pointers and grouped links."""
    count = links.shape[0]
    ptr = np.zeros(size + 1, np.int64)
    for j in range(count):
        ptr[key[links[j]] + 1] += 1
    for i in range(size):
        ptr[i + 1] += ptr[i]
    fill = ptr[:-1].copy()
    grouped = np.empty(count, np.int64)
    for j in range(count):
        node = key[links[j]]
        grouped[fill[node]] = links[j]
        fill[node] += 1
    return ptr, grouped


def links_by(key: npt.ArrayLike, links: npt.ArrayLike, size: int) -> tuple[Ints, Ints]:
    """Group links by the node ``key[link]`` they touch, in ``O(nodes + links)``.

    Parameters
    ----------
    key : array_like
        Node of each link (all links of the network).
    links : array_like
        Indices of the links to group.
    size : int
        Number of nodes.

    Returns
    -------
    tuple of numpy.ndarray
        ``(ptr, grouped)``: the links of node ``i`` are ``grouped[ptr[i]:ptr[i + 1]]``, in
        their order in ``links``.
    """
    return _links_by(
        np.ascontiguousarray(key, np.int64), np.ascontiguousarray(links, np.int64), size
    )


@njit(cache=True)
def _forward(in_ptr: Ints, in_links: Ints, pred: Ints, kind: npt.NDArray[np.int8], lag: Floats,
             duration: Floats, span: Floats, floor: Floats, progress: tuple[np.ndarray, ...],
             has_progress: bool, es: Floats, x: Floats, ef: Floats) -> None:
    (started, complete, has_actual_start, actual_start, has_actual_finish, actual_finish,
     done, resume_floor, follows_logic) = progress
    for i in range(duration.shape[0]):
        rem = span[i]
        if not has_progress:
            # The levelled pass's fast path: finish-side bounds carry ``lag - span`` already.
            best = floor[i]
            for j in range(in_ptr[i], in_ptr[i + 1]):
                link = in_links[j]
                k = kind[link]
                if k == _FS:
                    value = ef[pred[link]] + lag[link]
                elif k == _SS:
                    value = es[pred[link]] + lag[link]
                elif k == _FF:
                    value = ef[pred[link]] + (lag[link] - rem)
                else:
                    value = es[pred[link]] + (lag[link] - rem)
                if value > best:
                    best = value
            es[i] = best
            x[i] = best
            ef[i] = best + rem
            continue
        push_start = -np.inf
        push_finish = -np.inf
        for j in range(in_ptr[i], in_ptr[i + 1]):
            link = in_links[j]
            k = kind[link]
            if k == _FS:
                push_start = max(push_start, ef[pred[link]] + lag[link])
            elif k == _SS:
                push_start = max(push_start, es[pred[link]] + lag[link])
            elif k == _FF:
                push_finish = max(push_finish, ef[pred[link]] + lag[link])
            else:
                push_finish = max(push_finish, es[pred[link]] + lag[link])
        # As ``passes._progress_step``, one activity at a time.
        dur = duration[i]
        logic = max(push_start, push_finish - dur)
        x_unstarted = max(floor[i], logic)
        es_started = actual_start[i] if has_actual_start[i] else max(0.0, logic)
        resume = max(es_started + done[i], resume_floor[i])
        if follows_logic[i]:
            resume = max(resume, max(push_start, push_finish - rem))
        if complete[i]:
            es[i] = es_started
            x[i] = es_started
            ef[i] = actual_finish[i] if has_actual_finish[i] else es_started + dur
        elif started[i]:
            es[i] = es_started
            x[i] = resume
            ef[i] = resume + rem
        else:
            es[i] = x_unstarted
            x[i] = x_unstarted
            ef[i] = x_unstarted + rem


@njit(cache=True)
def _backward(out_ptr: Ints, out_links: Ints, succ: Ints, kind: npt.NDArray[np.int8],
              lag: Floats, span: Floats, cap: Floats, lf: Floats, lx: Floats) -> None:
    for i in range(span.shape[0] - 1, -1, -1):
        rem = span[i]
        best = cap[i]
        for j in range(out_ptr[i], out_ptr[i + 1]):
            link = out_links[j]
            k = kind[link]
            if k == _FS:
                value = lx[succ[link]] + -lag[link]
            elif k == _SS:
                value = lx[succ[link]] + (-lag[link] + rem)
            elif k == _FF:
                value = lf[succ[link]] + -lag[link]
            else:
                value = lf[succ[link]] + (-lag[link] + rem)
            if value < best:
                best = value
        lf[i] = best
        lx[i] = best - rem


def forward(
    pred: Ints,
    succ: Ints,
    kind: npt.NDArray[np.int8],
    lag: Floats,
    duration: Floats,
    span: Floats,
    floor: Floats,
    progress: ProgressState | None,
) -> tuple[Floats, Floats, Floats]:
    """Forward pass: early dates, in position order (see :func:`jalon.engine.passes.forward`).

    Parameters
    ----------
    pred, succ : numpy.ndarray
        Link end points as positions (every link goes to a later position).
    kind, lag : numpy.ndarray
        Link type codes (0 FS, 1 SS, 2 FF, 3 SF) and lags (working days).
    duration, span, floor : numpy.ndarray
        Per position: full and remaining durations, lower bound on the start of unstarted
        activities.
    progress : ProgressState or None
        Progress arrays, or None when the plan has no progress.

    Returns
    -------
    tuple of numpy.ndarray
        ``(ES, X, EF)`` per position.
    """
    size = len(duration)
    in_ptr, in_links = links_by(succ, np.arange(len(succ)), size)
    es, x, ef = np.empty(size), np.empty(size), np.empty(size)
    arrays = _NO_PROGRESS if progress is None else (
        progress.started, progress.complete, progress.has_actual_start, progress.actual_start,
        progress.has_actual_finish, progress.actual_finish, progress.done,
        progress.resume_floor, progress.follows_logic,
    )
    _forward(in_ptr, in_links, np.ascontiguousarray(pred, np.int64),
             np.ascontiguousarray(kind, np.int8), np.ascontiguousarray(lag, np.float64),
             np.ascontiguousarray(duration, np.float64), np.ascontiguousarray(span, np.float64),
             np.ascontiguousarray(floor, np.float64), arrays, progress is not None, es, x, ef)
    return es, x, ef


def backward(
    pred: Ints,
    succ: Ints,
    kind: npt.NDArray[np.int8],
    lag: Floats,
    span: Floats,
    cap: Floats,
    chosen: Ints,
) -> tuple[Floats, Floats]:
    """Backward pass: late finish and late resume point (see :func:`jalon.engine.passes.backward`).

    Parameters
    ----------
    pred, succ, kind, lag : numpy.ndarray
        Links (end points as positions).
    span : numpy.ndarray
        Remaining durations.
    cap : numpy.ndarray
        Upper bound on each late finish: the project finish and the caps of constraints.
    chosen : numpy.ndarray
        Indices of the links that constrain late dates.

    Returns
    -------
    tuple of numpy.ndarray
        ``(LF, LX)`` with ``LX = LF - span``.
    """
    size = len(span)
    out_ptr, out_links = links_by(pred, chosen, size)
    lf, lx = np.empty(size), np.empty(size)
    _backward(out_ptr, out_links, np.ascontiguousarray(succ, np.int64),
              np.ascontiguousarray(kind, np.int8), np.ascontiguousarray(lag, np.float64),
              np.ascontiguousarray(span, np.float64), np.ascontiguousarray(cap, np.float64),
              lf, lx)
    return lf, lx


@njit(cache=True)
def _link_slack(pred: Ints, succ: Ints, kind: npt.NDArray[np.int8], lag: Floats, es: Floats,
                x: Floats, ef: Floats, chosen: Ints, slack: Floats, smallest: Floats) -> None:
    for link in range(pred.shape[0]):
        k = kind[link]
        succ_time = ef[succ[link]] if k in (_FF, _SF) else x[succ[link]]
        pred_time = ef[pred[link]] if k in (_FS, _FF) else es[pred[link]]
        slack[link] = succ_time - (pred_time + lag[link])
    for j in range(chosen.shape[0]):
        link = chosen[j]
        if slack[link] < smallest[pred[link]]:
            smallest[pred[link]] = slack[link]


def link_slack(
    pred: Ints,
    succ: Ints,
    kind: npt.NDArray[np.int8],
    lag: Floats,
    es: Floats,
    x: Floats,
    ef: Floats,
    chosen: Ints,
) -> tuple[Floats, Floats]:
    """Slack of each link in the early schedule (see :func:`jalon.engine.passes.link_slack`).

    Returns
    -------
    tuple of numpy.ndarray
        Per link its slack (0 for a driving link), and per position the smallest slack of its
        ``chosen`` outgoing links (``inf`` without any), in working days.
    """
    slack = np.empty(len(pred))
    smallest = np.full(len(es), np.inf)
    _link_slack(np.ascontiguousarray(pred, np.int64), np.ascontiguousarray(succ, np.int64),
                np.ascontiguousarray(kind, np.int8), np.ascontiguousarray(lag, np.float64),
                es, x, ef, np.ascontiguousarray(chosen, np.int64), slack, smallest)
    return slack, smallest
