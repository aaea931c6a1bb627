"""Levelled forward and backward passes: numpy steps per topological level.

The second implementation of the passes (``schedule(plan, passes="levelled")``): the default is
one compiled sweep in topological order (:mod:`jalon.engine.sweep`), whose cost does not grow
with the number of levels; the tests check that both give the same floats. These passes also
run every plan with elapsed lags or task calendars (:mod:`jalon.engine.timemaps`).

Nodes are renumbered into *positions*: topological order, level by level, so that a level is a
contiguous slice of every node array. Links are sorted by the position of the node they update
(the successor going forward, the predecessor going backward); within a level, one
``numpy.maximum.reduceat`` (or ``minimum.reduceat``) over the links' values gives each node its
bound. The Python loop runs once per level, so the cost is about
``levels x (a few numpy calls) + links``.

Time variables (abstract working days):
- ``ES``/``EF`` early start and finish;
- ``X`` the point from which the remaining work runs (``ES`` for an unstarted activity; the
  resume point of a started one), which FS/SS links constrain;
- ``span = EF - X``: the remaining duration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from jalon.engine.network import FF, FS, SF, SS, Levels
from jalon.engine.timemaps import TimeMaps

__all__ = ["LinkGroups", "Passes", "Positions", "ProgressState", "backward", "forward"]

Passes = Literal["compiled", "levelled"]
"""Which implementation of the passes runs: ``"compiled"``, one numba sweep over the activities
in topological order (:mod:`jalon.engine.sweep`, the default), or ``"levelled"``, a few numpy
calls per topological level (this module). Both give the same dates."""

FINISH_PRED = np.array([True, False, True, False])  # FS, SS, FF, SF: pred side is its finish
FINISH_SUCC = np.array([False, False, True, True])  # successor side is its finish
assert (FS, SS, FF, SF) == (0, 1, 2, 3)


@dataclass
class Positions:
    """Topological positions of the nodes and the level boundaries."""

    order: np.ndarray  # node at each position
    position: np.ndarray  # position of each node
    bounds: list[int]  # positions bounds[k]:bounds[k+1] form level k

    @classmethod
    def from_levels(cls, levels: Levels, size: int) -> Positions:
        """Build positions from Kahn levels."""
        position = np.empty(size, dtype=np.int64)
        position[levels.order] = np.arange(size)
        return cls(levels.order, position, levels.bounds.tolist())


@dataclass
class LinkGroups:
    """Links sorted by the position they update, cut into per-level segments.

    ``key`` is the updated position of each link; for level ``k``, the links
    ``link_bounds[k]:link_bounds[k+1]`` update the positions ``seg_keys[k]``, the values of
    each position starting at ``seg_starts[k]`` (relative to the level's first link).
    """

    index: np.ndarray  # original link index, in sorted order
    link_bounds: list[int]
    seg_starts: list[np.ndarray]
    seg_keys: list[np.ndarray]

    @classmethod
    def build(cls, key: np.ndarray, chosen: np.ndarray, bounds: list[int]) -> LinkGroups:
        """Group the links ``chosen`` (indices) by their updated position ``key[chosen]``."""
        keys = key[chosen]
        sort = np.argsort(keys, kind="stable")
        index = chosen[sort]
        keys = keys[sort]
        link_bounds = np.searchsorted(keys, bounds).tolist()
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if keys.size else keys
        seg_level = np.searchsorted(starts, link_bounds)
        seg_starts = []
        seg_keys = []
        for k in range(len(bounds) - 1):
            first, last = seg_level[k], seg_level[k + 1]
            seg_starts.append(starts[first:last] - link_bounds[k])
            seg_keys.append(keys[starts[first:last]])
        return cls(index, link_bounds, seg_starts, seg_keys)


@dataclass
class ProgressState:
    """Per-position progress arrays (see :mod:`jalon.engine.constraints`)."""

    started: np.ndarray
    complete: np.ndarray
    has_actual_start: np.ndarray
    actual_start: np.ndarray
    has_actual_finish: np.ndarray
    actual_finish: np.ndarray
    done: np.ndarray  # duration already worked
    resume_floor: np.ndarray  # lower bound on the resume point (status date, finish floors)
    follows_logic: np.ndarray  # remaining work waits for its predecessors (retained logic)


def forward(
    pos: Positions,
    pred: np.ndarray,
    succ: np.ndarray,
    kind: np.ndarray,
    lag: np.ndarray,
    duration: np.ndarray,
    span: np.ndarray,
    floor: np.ndarray,
    progress: ProgressState | None,
    maps: TimeMaps | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Forward pass: early dates, in position order.

    Parameters
    ----------
    pos : Positions
        Topological positions.
    pred, succ : numpy.ndarray
        Link end points as positions.
    kind, lag : numpy.ndarray
        Link type codes and lags.
    duration : numpy.ndarray
        Full durations (per position).
    span : numpy.ndarray
        Remaining durations (``duration`` without progress).
    floor : numpy.ndarray
        Lower bound on the start of unstarted activities (0, status date, constraints).
    progress : ProgressState or None
        Progress arrays, or None when the plan has no progress (faster path).
    maps : TimeMaps or None
        Elapsed lags and task calendars, or None when there are none (faster path).

    Returns
    -------
    tuple of numpy.ndarray
        ``(ES, X, EF)`` per position.
    """
    size = len(duration)
    times = np.empty(2 * size)  # [ES | EF], read by successors through ``source``
    source = pred + size * FINISH_PRED[kind]
    start_x = np.empty(size)
    if progress is None and maps is None:
        offset = lag - np.where(FINISH_SUCC[kind], span[succ], 0.0)
        groups = LinkGroups.build(succ, np.arange(len(succ)), pos.bounds)
        src = source[groups.index]
        off = offset[groups.index]
        x = floor.copy()
        for k in range(len(pos.bounds) - 1):
            a, b = pos.bounds[k], pos.bounds[k + 1]
            l0, l1 = groups.link_bounds[k], groups.link_bounds[k + 1]
            if l1 > l0:
                values = times[src[l0:l1]] + off[l0:l1]
                best = np.maximum.reduceat(values, groups.seg_starts[k])
                keys = groups.seg_keys[k]
                x[keys] = np.maximum(x[keys], best)
            times[a:b] = x[a:b]
            times[size + a : size + b] = x[a:b] + span[a:b]
        return times[:size].copy(), x, times[size:].copy()

    finish_side = FINISH_SUCC[kind]
    start_groups = LinkGroups.build(succ, np.flatnonzero(~finish_side), pos.bounds)
    finish_groups = LinkGroups.build(succ, np.flatnonzero(finish_side), pos.bounds)
    push_start = np.full(size, -np.inf)
    push_finish = np.full(size, -np.inf)
    p = progress
    elapsed = maps.elapsed if maps is not None else None
    tasks = maps is not None and maps.has_tasks
    for k in range(len(pos.bounds) - 1):
        a, b = pos.bounds[k], pos.bounds[k + 1]
        for groups, push in ((start_groups, push_start), (finish_groups, push_finish)):
            l0, l1 = groups.link_bounds[k], groups.link_bounds[k + 1]
            if l1 > l0:
                chosen = groups.index[l0:l1]
                values = times[source[chosen]] + lag[chosen]
                if elapsed is not None:
                    _elapsed_after(maps, elapsed, chosen, values, times, source, kind, lag)
                push[groups.seg_keys[k]] = np.maximum.reduceat(values, groups.seg_starts[k])
        ps, pf = push_start[a:b], push_finish[a:b]
        dur, rem = duration[a:b], span[a:b]
        if p is None:
            x = np.maximum(floor[a:b], np.maximum(ps, pf - rem))
            es, ef = x, x + rem
        else:
            es, x, ef = _progress_step(p, a, b, ps, pf, dur, rem, floor)
        if tasks:
            assert maps is not None
            t0, t1 = maps.level_bounds[k], maps.level_bounds[k + 1]
            if t1 > t0:
                j = maps.task_pos[t0:t1] - a
                assert maps.walk is not None and maps.floor_start is not None
                assert maps.floor_finish is not None
                on = maps.walk[t0:t1]
                t_es, t_ef = maps.early(
                    t0, t1, np.maximum(maps.floor_start[t0:t1], ps[j]),
                    np.maximum(maps.floor_finish[t0:t1], pf[j]), rem[j],
                )
                es, x, ef = es.copy(), x.copy(), ef.copy()
                es[j[on]], x[j[on]], ef[j[on]] = t_es[on], t_es[on], t_ef[on]
        times[a:b] = es
        times[size + a : size + b] = ef
        start_x[a:b] = x
    return times[:size].copy(), start_x, times[size:].copy()


def _elapsed_after(
    maps: TimeMaps | None, elapsed: np.ndarray, chosen: np.ndarray, values: np.ndarray,
    times: np.ndarray, source: np.ndarray, kind: np.ndarray, lag: np.ndarray,
) -> None:
    """Replace, in ``values``, the bounds of the elapsed-lag links among ``chosen``."""
    assert maps is not None
    mask = elapsed[chosen]
    if mask.any():
        links = chosen[mask]
        values[mask] = maps.lag_after(times[source[links]], lag[links], FINISH_PRED[kind[links]])


def _progress_step(
    p: ProgressState, a: int, b: int, ps: np.ndarray, pf: np.ndarray, dur: np.ndarray,
    rem: np.ndarray, floor: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Early start, resume point and finish of the positions ``a:b`` with progress."""
    logic = np.maximum(ps, pf - dur)
    x_unstarted = np.maximum(floor[a:b], logic)
    es_started = np.where(p.has_actual_start[a:b], p.actual_start[a:b], np.maximum(0.0, logic))
    resume = np.maximum(es_started + p.done[a:b], p.resume_floor[a:b])
    waits = np.where(p.follows_logic[a:b], np.maximum(ps, pf - rem), -np.inf)
    resume = np.maximum(resume, waits)
    started, complete = p.started[a:b], p.complete[a:b]
    es = np.where(started, es_started, x_unstarted)
    x = np.where(complete, es_started, np.where(started, resume, x_unstarted))
    ef = np.where(
        complete,
        np.where(p.has_actual_finish[a:b], p.actual_finish[a:b], es_started + dur),
        x + rem,
    )
    return es, x, ef


def backward(
    pos: Positions,
    pred: np.ndarray,
    succ: np.ndarray,
    kind: np.ndarray,
    lag: np.ndarray,
    span: np.ndarray,
    cap: np.ndarray,
    chosen: np.ndarray,
    maps: TimeMaps | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Backward pass: late finish and late resume point, in position order.

    Parameters
    ----------
    pos : Positions
        Topological positions.
    pred, succ, kind, lag : numpy.ndarray
        Links (end points as positions).
    span : numpy.ndarray
        Remaining durations.
    cap : numpy.ndarray
        Upper bound on each late finish: the project finish and the caps of constraints.
    chosen : numpy.ndarray
        Indices of the links that constrain late dates.
    maps : TimeMaps or None
        Elapsed lags and task calendars, or None (faster path).

    Returns
    -------
    tuple of numpy.ndarray
        ``(LF, LX)`` with ``LX = LF - span``.
    """
    size = len(span)
    late = np.empty(2 * size)  # [LX | LF]
    target = succ + size * FINISH_SUCC[kind]
    if maps is not None:
        return _backward_mapped(pos, pred, kind, lag, span, cap, chosen, maps, late, target)
    offset = -lag + np.where(FINISH_PRED[kind], 0.0, span[pred])
    groups = LinkGroups.build(pred, chosen, pos.bounds)
    tgt = target[groups.index]
    off = offset[groups.index]
    lf = cap.copy()
    for k in range(len(pos.bounds) - 2, -1, -1):
        a, b = pos.bounds[k], pos.bounds[k + 1]
        l0, l1 = groups.link_bounds[k], groups.link_bounds[k + 1]
        if l1 > l0:
            values = late[tgt[l0:l1]] + off[l0:l1]
            best = np.minimum.reduceat(values, groups.seg_starts[k])
            keys = groups.seg_keys[k]
            lf[keys] = np.minimum(lf[keys], best)
        late[size + a : size + b] = lf[a:b]
        late[a:b] = lf[a:b] - span[a:b]
    return lf, late[:size].copy()


def _backward_mapped(
    pos: Positions, pred: np.ndarray, kind: np.ndarray, lag: np.ndarray, span: np.ndarray,
    cap: np.ndarray, chosen: np.ndarray, maps: TimeMaps, late: np.ndarray, target: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Backward pass with elapsed lags and task calendars: start and finish bounds apart."""
    size = len(span)
    from_finish = FINISH_PRED[kind]
    finish_groups = LinkGroups.build(pred, chosen[from_finish[chosen]], pos.bounds)
    start_groups = LinkGroups.build(pred, chosen[~from_finish[chosen]], pos.bounds)
    bound_finish = np.full(size, np.inf)
    bound_start = np.full(size, np.inf)
    elapsed = maps.elapsed
    lf_all = np.empty(size)
    for k in range(len(pos.bounds) - 2, -1, -1):
        a, b = pos.bounds[k], pos.bounds[k + 1]
        for groups, bound in ((finish_groups, bound_finish), (start_groups, bound_start)):
            l0, l1 = groups.link_bounds[k], groups.link_bounds[k + 1]
            if l1 > l0:
                links = groups.index[l0:l1]
                values = late[target[links]] - lag[links]
                if elapsed is not None:
                    mask = elapsed[links]
                    if mask.any():
                        some = links[mask]
                        values[mask] = maps.lag_before(late[target[some]], lag[some])
                bound[groups.seg_keys[k]] = np.minimum.reduceat(values, groups.seg_starts[k])
        rem = span[a:b]
        lf = np.minimum(cap[a:b], np.minimum(bound_finish[a:b], bound_start[a:b] + rem))
        lx = lf - rem
        if maps.has_tasks:
            t0, t1 = maps.level_bounds[k], maps.level_bounds[k + 1]
            if t1 > t0:
                assert maps.walk is not None
                j = maps.task_pos[t0:t1] - a
                on = maps.walk[t0:t1]
                t_lf, t_lx = maps.late(
                    t0, t1, np.minimum(cap[a:b][j], bound_finish[a:b][j]),
                    bound_start[a:b][j], rem[j],
                )
                lf[j[on]], lx[j[on]] = t_lf[on], t_lx[on]
        late[size + a : size + b] = lf
        late[a:b] = lx
        lf_all[a:b] = lf
    return lf_all, late[:size].copy()


def link_slack(
    pred: npt.NDArray[np.int64],
    succ: npt.NDArray[np.int64],
    kind: npt.NDArray[np.int8],
    lag: npt.NDArray[np.float64],
    es: npt.NDArray[np.float64],
    x: npt.NDArray[np.float64],
    ef: npt.NDArray[np.float64],
    maps: TimeMaps | None = None,
) -> npt.NDArray[np.float64]:
    """Slack of each link in the early schedule (0 for a driving link), in working days."""
    succ_time: npt.NDArray[np.float64] = np.where(FINISH_SUCC[kind], ef[succ], x[succ])
    pred_time: npt.NDArray[np.float64] = np.where(FINISH_PRED[kind], ef[pred], es[pred])
    bound = pred_time + lag
    if maps is not None and maps.elapsed is not None and maps.elapsed.any():
        links = np.flatnonzero(maps.elapsed)
        bound[links] = maps.lag_after(pred_time[links], lag[links], FINISH_PRED[kind[links]])
    return succ_time - bound
