"""Levelled forward and backward passes over many iterations at once.

The second implementation (``run(model, passes="levelled")``); the default is the compiled
sweep of :mod:`jalon.engine.montecarlo.sweep`, tested to give the same numbers.

The same conventions as :mod:`jalon.engine.passes` (abstract time, working days; FS, SS, FF,
SF links with lags; no start before 0), with one more axis: every node array has shape
``(activities, iterations)``, activities in topological *position* order, so a level is a
contiguous block of rows and each link gathers whole rows of iterations. The Python loop runs
once per level; inside, each link group costs one gather and one element-wise maximum (or
minimum) per rank of link over all iterations.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from jalon.engine.passes import FINISH_PRED, FINISH_SUCC, LinkGroups, Positions
from jalon.engine.sweep import links_by

__all__ = ["IterationNetwork", "backward_many", "forward_many"]


@dataclass
class _Rank:
    """The ``j``-th link of every segment (node) of a level that has at least ``j + 1`` links."""

    segments: np.ndarray | None  # which segments (None: all of them)
    source: np.ndarray  # row of [start | finish] times each link reads
    lag: np.ndarray  # (links, 1)
    lagged: bool  # some lag is not zero


@dataclass
class _Side:
    """One group of links (by the side of the node they bound) ready for the level loop.

    ``numpy.ufunc.reduceat`` along the rows is slow (tens of microseconds per call whatever
    the size), so each level's best bound is built rank by rank: the first link of every node,
    then the element-wise extreme with the second link of the nodes that have one, and so on.
    Maximum and minimum are exact, so the result is the same as a reduction in any order.
    """

    groups: LinkGroups
    levels: list[tuple[np.ndarray, list[_Rank]] | None]

    @classmethod
    def build(cls, key: np.ndarray, chosen: np.ndarray, bounds: list[int], rows: np.ndarray,
              lag: np.ndarray) -> _Side:
        groups = LinkGroups.build(key, chosen, bounds)
        source = rows[groups.index]
        lags = np.asarray(lag, dtype=np.float64)[groups.index]
        levels: list[tuple[np.ndarray, list[_Rank]] | None] = []
        for k in range(len(bounds) - 1):
            l0, l1 = groups.link_bounds[k], groups.link_bounds[k + 1]
            if l1 == l0:
                levels.append(None)
                continue
            starts = groups.seg_starts[k]
            lengths = np.diff(np.r_[starts, l1 - l0])
            ranks = []
            for j in range(int(lengths.max())):
                segments = np.flatnonzero(lengths > j)
                links = l0 + starts[segments] + j
                lag_j = lags[links].reshape(-1, 1)
                ranks.append(_Rank(None if len(segments) == len(starts) else segments,
                                   source[links], lag_j, bool((lag_j != 0).any())))
            levels.append((groups.seg_keys[k], ranks))
        return cls(groups, levels)

    def bound(self, level: int, times: np.ndarray, reduce: np.ufunc
              ) -> tuple[np.ndarray, np.ndarray] | None:
        """Per node of ``level`` with links on this side: (positions, best bound)."""
        found = self.levels[level]
        if found is None:
            return None
        keys, ranks = found
        first = ranks[0]
        best = times.take(first.source, axis=0)
        if first.lagged:
            best += first.lag
        for rank in ranks[1:]:
            values = times.take(rank.source, axis=0)
            if rank.lagged:
                values += rank.lag
            if rank.segments is None:
                reduce(best, values, out=best)
            else:
                best[rank.segments] = reduce(best[rank.segments], values)
        return keys, best


@dataclass
class IterationNetwork:
    """A levelled network prepared for passes over many iterations (positions throughout).

    The link groups of the levelled passes (``to_start`` ... ``from_start``) and the link
    arrays of the compiled ones (``incoming``, ``outgoing``) are built on first use: a run
    needs only one of the two.
    """

    size: int
    bounds: list[int]
    pred: np.ndarray  # link end points, as positions
    succ: np.ndarray
    kind: np.ndarray
    lag: np.ndarray
    start_floor: np.ndarray  # (n, 1): max(0, SNET/MSO)
    finish_floor: np.ndarray | None  # (n, 1) FNET/MFO, None when there is none
    start_cap: np.ndarray | None  # (n, 1) SNLT/MSO
    finish_cap: np.ndarray | None  # (n, 1) FNLT/MFO/deadline

    @classmethod
    def build(cls, pos: Positions, pred: np.ndarray, succ: np.ndarray, kind: np.ndarray,
              lag: np.ndarray, *, start_floor: np.ndarray | None = None,
              finish_floor: np.ndarray | None = None, start_cap: np.ndarray | None = None,
              finish_cap: np.ndarray | None = None) -> IterationNetwork:
        """A network from links and bounds, ``pred``/``succ`` and bounds in position order."""
        size = len(pos.order)
        floor = np.zeros(size) if start_floor is None else np.maximum(start_floor, 0.0)

        def column(values: np.ndarray | None, empty: float) -> np.ndarray | None:
            if values is None or not (values != empty).any():
                return None
            return np.asarray(values, dtype=np.float64).reshape(-1, 1)

        return cls(
            size=size,
            bounds=pos.bounds,
            pred=np.asarray(pred, dtype=np.int64),
            succ=np.asarray(succ, dtype=np.int64),
            kind=np.asarray(kind, dtype=np.int8),
            lag=np.asarray(lag, dtype=np.float64),
            start_floor=floor.reshape(-1, 1),
            finish_floor=column(finish_floor, -np.inf),
            start_cap=column(start_cap, np.inf),
            finish_cap=column(finish_cap, np.inf),
        )

    @cached_property
    def to_start(self) -> _Side:
        """Forward: links bounding a successor's start (FS, SS)."""
        return self._side(forward=True, finish=False)

    @cached_property
    def to_finish(self) -> _Side:
        """Forward: links bounding a successor's finish (FF, SF)."""
        return self._side(forward=True, finish=True)

    @cached_property
    def from_finish(self) -> _Side:
        """Backward: links bounding a predecessor's finish (FS, FF)."""
        return self._side(forward=False, finish=True)

    @cached_property
    def from_start(self) -> _Side:
        """Backward: links bounding a predecessor's start (SS, SF)."""
        return self._side(forward=False, finish=False)

    @cached_property
    def incoming(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Forward, compiled: links by successor, ``(ptr, source row, lag, to finish)``."""
        ptr, links = links_by(self.succ, np.arange(len(self.succ)), self.size)
        kind = self.kind[links]
        return (ptr, self.pred[links] + self.size * FINISH_PRED[kind], self.lag[links],
                FINISH_SUCC[kind])

    @cached_property
    def outgoing(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Backward, compiled: links by predecessor, ``(ptr, target row, lag, from finish)``."""
        ptr, links = links_by(self.pred, np.arange(len(self.pred)), self.size)
        kind = self.kind[links]
        return (ptr, self.succ[links] + self.size * FINISH_SUCC[kind], self.lag[links],
                FINISH_PRED[kind])

    def _side(self, *, forward: bool, finish: bool) -> _Side:
        size, kind = self.size, self.kind
        if forward:
            links = np.flatnonzero(FINISH_SUCC[kind] == finish)
            return _Side.build(self.succ, links, self.bounds,
                               self.pred + size * FINISH_PRED[kind], self.lag)
        links = np.flatnonzero(FINISH_PRED[kind] == finish)
        return _Side.build(self.pred, links, self.bounds, self.succ + size * FINISH_SUCC[kind],
                           -self.lag)


def forward_many(net: IterationNetwork, duration: np.ndarray, out: np.ndarray | None = None
                 ) -> np.ndarray:
    """Early dates of every iteration.

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
    for k in range(len(net.bounds) - 1):
        a, b = net.bounds[k], net.bounds[k + 1]
        es = times[a:b]
        found = net.to_start.bound(k, times, np.maximum)
        if found is not None and len(found[0]) == b - a:  # every node has such a link
            np.maximum(found[1], net.start_floor[a:b], out=es)
        else:
            es[...] = net.start_floor[a:b]
            if found is not None:
                keys, best = found
                np.maximum(best, net.start_floor[keys], out=best)
                es[keys - a] = best
        found = net.to_finish.bound(k, times, np.maximum)
        if found is not None:
            keys, best = found
            best -= duration[keys]
            es[keys - a] = np.maximum(es[keys - a], best)
        if net.finish_floor is not None:
            np.maximum(es, net.finish_floor[a:b] - duration[a:b], out=es)
        np.add(es, duration[a:b], out=times[size + a : size + b])
    return times


def backward_many(net: IterationNetwork, duration: np.ndarray, finish: np.ndarray,
                  out: np.ndarray | None = None) -> np.ndarray:
    """Late finishes of every iteration, backward from each iteration's project finish.

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
        Shape ``(n, N)``: late finishes. Total float is ``LF - EF``; it is negative where a
        finish cap (FNLT, MFO, deadline) or a start cap (SNLT, MSO) cannot be met.
    """
    size, count = duration.shape
    late = np.empty((2 * size, count)) if out is None else out  # [LS | LF]
    horizon = finish.reshape(1, -1)
    for k in range(len(net.bounds) - 2, -1, -1):
        a, b = net.bounds[k], net.bounds[k + 1]
        lf = late[size + a : size + b]
        found = net.from_finish.bound(k, late, np.minimum)
        if found is not None and len(found[0]) == b - a:
            np.minimum(found[1], horizon, out=lf)
        else:
            lf[...] = horizon
            if found is not None:
                keys, best = found
                np.minimum(best, horizon, out=best)
                lf[keys - a] = best
        if net.finish_cap is not None:
            np.minimum(lf, net.finish_cap[a:b], out=lf)
        if net.start_cap is not None:
            np.minimum(lf, net.start_cap[a:b] + duration[a:b], out=lf)
        found = net.from_start.bound(k, late, np.minimum)
        if found is not None:
            keys, best = found
            best += duration[keys]
            lf[keys - a] = np.minimum(lf[keys - a], best)
        np.subtract(lf, duration[a:b], out=late[a:b])
    return late[size:]
