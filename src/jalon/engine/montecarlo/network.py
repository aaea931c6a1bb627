"""The network of a simulation, laid out for passes over many iterations at once.

Positions are topological, level by level (:class:`jalon.engine.passes.Positions`). The
levelled passes (:mod:`jalon.engine.montecarlo.passes`) read the links grouped by level and by
the side of the node they bound (``to_start`` ... ``from_start``); the compiled sweep
(:mod:`jalon.engine.montecarlo.sweep`) reads them as CSR arrays (``incoming``,
``outgoing``). The network also holds the constraint bounds, the progress at the status date
(:mod:`jalon.engine.montecarlo.progress`) and, for dated plans with elapsed lags or task
calendars, their calendar arithmetic (:mod:`jalon.engine.montecarlo.calendars`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from jalon.engine.montecarlo.calendars import IterationCalendars
from jalon.engine.montecarlo.progress import IterationProgress
from jalon.engine.passes import FINISH_PRED, FINISH_SUCC, LinkGroups, Positions
from jalon.engine.sweep import links_by

__all__ = ["Convert", "Elapsed", "IterationNetwork"]


@dataclass
class Elapsed:
    """The links of a rank whose lag counts elapsed days: where they are in the rank, their
    own lags and whether they leave the predecessor's finish, shaped ``(links, 1)``."""

    rows: np.ndarray
    lag: np.ndarray
    from_finish: np.ndarray


@dataclass
class _Rank:
    """The ``j``-th link of every segment (node) of a level that has at least ``j + 1`` links."""

    segments: np.ndarray | None  # which segments (None: all of them)
    source: np.ndarray  # row of [start | finish] times each link reads
    lag: np.ndarray  # (links, 1)
    lagged: bool  # some lag is not zero
    elapsed: Elapsed | None = None  # links whose bound the calendar gives


Convert = Callable[[np.ndarray, Elapsed], np.ndarray]
"""The bound an elapsed-lag link gives from the times it reads (see ``IterationCalendars``)."""


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
              lag: np.ndarray, elapsed: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
              ) -> _Side:
        """``elapsed``: per link, whether its lag counts elapsed days, its own lag and whether
        it leaves the predecessor's finish."""
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
                                   source[links], lag_j, bool((lag_j != 0).any()),
                                   _elapsed(elapsed, groups.index[links])))
            levels.append((groups.seg_keys[k], ranks))
        return cls(groups, levels)

    def bound(self, level: int, times: np.ndarray, reduce: np.ufunc,
              convert: Convert | None = None) -> tuple[np.ndarray, np.ndarray] | None:
        """Per node of ``level`` with links on this side: (positions, best bound).

        ``convert`` gives the bounds of the elapsed-lag links (dated plans only).
        """
        found = self.levels[level]
        if found is None:
            return None
        keys, ranks = found
        best = self._values(ranks[0], times, convert)
        for rank in ranks[1:]:
            values = self._values(rank, times, convert)
            if rank.segments is None:
                reduce(best, values, out=best)
            else:
                best[rank.segments] = reduce(best[rank.segments], values)
        return keys, best

    @staticmethod
    def _values(rank: _Rank, times: np.ndarray, convert: Convert | None) -> np.ndarray:
        values = times.take(rank.source, axis=0)
        if rank.lagged:
            values += rank.lag
        if rank.elapsed is not None and convert is not None:
            values[rank.elapsed.rows] = convert(times.take(rank.source[rank.elapsed.rows],
                                                           axis=0), rank.elapsed)
        return values


def _elapsed(elapsed: tuple[np.ndarray, np.ndarray, np.ndarray] | None, links: np.ndarray
             ) -> Elapsed | None:
    """The elapsed-lag links among ``links`` (one rank), or None."""
    if elapsed is None:
        return None
    mask, lag, from_finish = elapsed
    rows = np.flatnonzero(mask[links])
    if not rows.size:
        return None
    chosen = links[rows]
    return Elapsed(rows, lag[chosen].reshape(-1, 1), from_finish[chosen].reshape(-1, 1))


@dataclass
class IterationNetwork:
    """A levelled network prepared for passes over many iterations (positions throughout).

    The link groups of the levelled passes (``to_start`` ... ``from_start``) and the link
    arrays of the compiled ones (``incoming``, ``outgoing``) are built on first use: a run
    needs only one of the two. Late dates follow only ``late_links``: as in the CPM, a link
    into complete work, or from the (fixed) start of started work, bounds nothing.
    """

    size: int
    bounds: list[int]
    pred: np.ndarray  # link end points, as positions
    succ: np.ndarray
    kind: np.ndarray
    lag: np.ndarray
    start_floor: np.ndarray  # (n, 1): max(0, SNET/MSO, the status date)
    finish_floor: np.ndarray | None  # (n, 1) FNET/MFO, None when there is none
    start_cap: np.ndarray | None  # (n, 1) SNLT/MSO of work not started
    finish_cap: np.ndarray | None  # (n, 1) FNLT/MFO/deadline
    late_links: np.ndarray | None = None  # links bounding late dates (None: all)
    progress: IterationProgress | None = None  # started and complete work
    calendars: IterationCalendars | None = None  # elapsed lags, task calendars

    @classmethod
    def build(cls, pos: Positions, pred: np.ndarray, succ: np.ndarray, kind: np.ndarray,
              lag: np.ndarray, *, start_floor: np.ndarray | None = None,
              finish_floor: np.ndarray | None = None, start_cap: np.ndarray | None = None,
              finish_cap: np.ndarray | None = None, progress: IterationProgress | None = None,
              retained_logic: bool = True, calendars: IterationCalendars | None = None,
              ) -> IterationNetwork:
        """A network from links and bounds, ``pred``/``succ`` and bounds in position order.

        With ``progress``, start constraints stop applying to started work and the status
        date floors the rest; ``retained_logic=False`` (progress override) lets started work
        ignore its predecessors, in late dates too.
        """
        size = len(pos.order)
        floor = np.zeros(size) if start_floor is None else np.maximum(start_floor, 0.0)
        late_links = None
        if progress is not None:
            floor = np.maximum(floor, progress.status)
            started, complete = progress.started, progress.complete
            start_cap = np.where(started, np.inf,
                                 np.inf if start_cap is None else start_cap)
            bounds_late = ~complete[succ] & (~started[succ] | retained_logic)
            bounds_late &= FINISH_PRED[kind] | ~started[pred]
            late_links = np.flatnonzero(bounds_late)

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
            late_links=late_links,
            progress=progress,
            calendars=calendars,
        )

    @property
    def chosen_late(self) -> np.ndarray:
        """Indices of the links that bound late dates."""
        return np.arange(len(self.pred)) if self.late_links is None else self.late_links

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
        ptr, links = links_by(self.pred, self.chosen_late, self.size)
        kind = self.kind[links]
        return (ptr, self.succ[links] + self.size * FINISH_SUCC[kind], self.lag[links],
                FINISH_PRED[kind])

    @cached_property
    def progress_rows(self) -> list[np.ndarray]:
        """Per level, the started and complete positions in it (from the level's first)."""
        rows = (np.zeros(0, np.int64) if self.progress is None
                else np.flatnonzero(self.progress.started))
        cut = np.searchsorted(rows, self.bounds).tolist()
        return [np.asarray(rows[cut[k]:cut[k + 1]], dtype=np.int64) - self.bounds[k]
                for k in range(len(self.bounds) - 1)]

    @cached_property
    def walking_rows(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per level, the activities walking their own calendar: positions (from the level's
        first) and indices into the per-task arrays of ``calendars``."""
        levels = []
        calendars = self.calendars
        for k in range(len(self.bounds) - 1):
            if calendars is None or not calendars.maps.has_tasks:
                levels.append((np.zeros(0, np.int64), np.zeros(0, np.int64)))
                continue
            a, b = self.bounds[k], self.bounds[k + 1]
            tasks = np.flatnonzero(calendars.walks & (calendars.maps.task_pos >= a)
                                   & (calendars.maps.task_pos < b))
            levels.append((calendars.maps.task_pos[tasks] - a, tasks))
        return levels

    def _side(self, *, forward: bool, finish: bool) -> _Side:
        size, kind = self.size, self.kind
        calendars = self.calendars
        elapsed = None
        if calendars is not None and calendars.elapsed is not None:
            elapsed = (calendars.elapsed, self.lag, FINISH_PRED[kind])
        if forward:
            links = np.flatnonzero(FINISH_SUCC[kind] == finish)
            return _Side.build(self.succ, links, self.bounds,
                               self.pred + size * FINISH_PRED[kind], self.lag, elapsed)
        chosen = self.chosen_late
        links = chosen[FINISH_PRED[kind[chosen]] == finish]
        return _Side.build(self.pred, links, self.bounds, self.succ + size * FINISH_SUCC[kind],
                           -self.lag, elapsed)
