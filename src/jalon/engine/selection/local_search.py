"""A local search for whole selection models (start windows and every rule), beside HiGHS.

The genetic algorithm (:mod:`.genetic`) needs a plain knapsack, where any candidate may be
flipped freely. With start windows, ``requires``, ``excludes``, ``after``, mandatory candidates
and balance rules, a repair must keep every row of the model instead. This search does so
generically, on the rows themselves: starting from a feasible selection (HiGHS's incumbent),
each move adds one option (a candidate at one start) and, while a row it touched is broken,
removes the selected option that mends the broken rows most per unit of value lost (at most
:data:`REMOVALS` of them). The move is kept when every row it touched holds and the value does
not drop (equal moves let the search drift across plateaus, and shift starts: adding another
start of a selected candidate breaks its "at most one start" row, mended by removing the old
one). Moving from a feasible selection through rows that all hold, it never leaves the
feasible set. It proves nothing: the bound and the status come from HiGHS.

The kernel is compiled (numba, ``nogil``) so that it runs on one core beside HiGHS on the
other; the best selection is handed to HiGHS while it solves (:mod:`.search`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numba import njit

from jalon.engine.selection.model import Model

__all__ = ["REMOVALS", "Columns", "LocalSearch", "columns_of"]

REMOVALS = 4
BATCH = 500  # moves per compiled call, between two looks at the stop flag and the incumbents
STALL = 3  # batches without a better selection before a kick
KICK = 10  # selected options a kick removes
_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Columns:
    """The model's rows by column (compressed sparse columns) and their bounds."""

    start: npt.NDArray[np.int64]
    rows: npt.NDArray[np.int64]
    coefficients: npt.NDArray[np.float64]
    lower: npt.NDArray[np.float64]
    upper: npt.NDArray[np.float64]
    value: npt.NDArray[np.float64]
    order: npt.NDArray[np.int64]
    """The columns by decreasing value per unit of what they take of the ``<=`` rows, each
    counted against its bound: the order in which a fill adds them."""

    def activity(self, x: npt.NDArray[np.bool_]) -> npt.NDArray[np.float64]:
        """Each row's left-hand side for the selection ``x``."""
        act = np.zeros(len(self.lower))
        for j in np.flatnonzero(x):
            span = slice(self.start[j], self.start[j + 1])
            np.add.at(act, self.rows[span], self.coefficients[span])
        return act

    def feasible(self, x: npt.NDArray[np.bool_]) -> bool:
        act = self.activity(x)
        return bool(np.all(act <= self.upper + _TOLERANCE)
                    and np.all(act >= self.lower - _TOLERANCE))


def columns_of(model: Model) -> Columns:
    """Every row of ``model`` (the structure's too), by column."""
    n = model.columns
    entries = [(columns, coefficients, np.full(len(columns), r, dtype=np.int64))
               for r, (columns, coefficients, _low, _high, _rule) in enumerate(model.rows)]
    cols = np.concatenate([e[0] for e in entries]) if entries else np.zeros(0, np.int64)
    coefs = np.concatenate([e[1] for e in entries]) if entries else np.zeros(0)
    rows = np.concatenate([e[2] for e in entries]) if entries else np.zeros(0, np.int64)
    by_column = np.argsort(cols, kind="stable")
    start = np.zeros(n + 1, dtype=np.int64)
    np.add.at(start, cols.astype(np.int64) + 1, 1)
    lower = np.array([row[2] for row in model.rows], dtype=float)
    upper = np.array([row[3] for row in model.rows], dtype=float)
    # what a column takes of the limits, each row against its bound
    capped = np.isfinite(upper[rows]) & (coefs > 0) & (upper[rows] > 0)
    taken = np.zeros(n)
    np.add.at(taken, cols[capped].astype(np.int64),
              coefs[capped] / upper[rows[capped]])
    utility = model.value / np.maximum(taken, 1e-9)
    return Columns(np.cumsum(start), rows[by_column].astype(np.int64),
                   coefs[by_column].astype(float), lower, upper, model.value.astype(float),
                   np.argsort(-utility, kind="stable").astype(np.int64))


class LocalSearch:
    """Improves the best selection it is given, in a thread of its own, until stopped.

    :meth:`offer` gives it a feasible selection (HiGHS's incumbents); :attr:`best` and
    :attr:`best_value` are the best it holds (``None`` before any offer).
    """

    def __init__(self, model: Model, *, seed: int = 0) -> None:
        self.columns = columns_of(model)
        self.seed = seed
        self.lock = threading.Lock()
        self.offered: npt.NDArray[np.bool_] | None = None
        self.best: npt.NDArray[np.bool_] | None = None
        self.best_value = -np.inf
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True, name="local-search")

    def offer(self, x: npt.NDArray[np.float64]) -> None:
        """A feasible 0-1 selection to improve, if it is better than the best held."""
        chosen = np.asarray(x) > 0.5
        with self.lock:
            if float(self.columns.value @ chosen) > self.best_value + _TOLERANCE:
                self.offered = chosen.copy()

    def start(self) -> None:
        self.thread.start()

    def finish(self) -> None:
        self.stop.set()
        self.thread.join()

    def _take_offer(self) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64]] | None:
        with self.lock:
            offered, self.offered = self.offered, None
        if offered is None or not self.columns.feasible(offered):
            return None
        with self.lock:
            self.best, self.best_value = offered.copy(), float(self.columns.value @ offered)
        return offered, self.columns.activity(offered)

    def _run(self) -> None:
        c = self.columns
        current: tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64]] | None = None
        stalled = 0
        while not self.stop.is_set():
            taken = self._take_offer()
            if taken is not None:
                current, stalled = taken, 0
            if current is None:
                self.stop.wait(0.02)
                continue
            x, act = current
            _moves(x, act, c.value, c.start, c.rows, c.coefficients, c.lower, c.upper,
                   c.order, BATCH, self.seed)
            self.seed += 1
            value = float(c.value @ x)
            with self.lock:
                improved = value > self.best_value + _TOLERANCE
                if improved:
                    self.best, self.best_value = x.copy(), value
                best = self.best
            stalled = 0 if improved else stalled + 1
            if stalled >= STALL and best is not None:
                # a local optimum: start again from the best, shaken
                x, act = best.copy(), c.activity(best)
                _kick(x, act, c.start, c.rows, c.coefficients, c.lower, c.upper, c.order,
                      KICK, self.seed)
                current, stalled = (x, act), 0


@njit(cache=True, nogil=True)
def violation(activity: float, lower: float, upper: float) -> float:
    """How far ``activity`` is outside ``[lower, upper]`` (0 inside, within the tolerance)."""
    if activity > upper + _TOLERANCE:
        return activity - upper
    if activity < lower - _TOLERANCE:
        return lower - activity
    return 0.0


@njit(cache=True, nogil=True)
def _apply(act: npt.NDArray[np.float64], start: npt.NDArray[np.int64],
           rows: npt.NDArray[np.int64], coefficients: npt.NDArray[np.float64], j: int,
           sign: float) -> None:
    for k in range(start[j], start[j + 1]):
        act[rows[k]] += sign * coefficients[k]


@njit(cache=True, nogil=True)
def _broken(act: npt.NDArray[np.float64], lower: npt.NDArray[np.float64],
            upper: npt.NDArray[np.float64], start: npt.NDArray[np.int64],
            rows: npt.NDArray[np.int64], changed: npt.NDArray[np.int64], count: int) -> bool:
    """Whether a row of the ``count`` changed columns is broken (no other row can be)."""
    for i in range(count):
        j = changed[i]
        for k in range(start[j], start[j + 1]):
            r = rows[k]
            if violation(act[r], lower[r], upper[r]) > 0:
                return True
    return False


@njit(cache=True, nogil=True)
def _mending(act: npt.NDArray[np.float64], lower: npt.NDArray[np.float64],
             upper: npt.NDArray[np.float64], start: npt.NDArray[np.int64],
             rows: npt.NDArray[np.int64], coefficients: npt.NDArray[np.float64],
             j: int) -> float:
    """How much removing column ``j`` lowers the rows' total violation."""
    mended = 0.0
    for k in range(start[j], start[j + 1]):
        r = rows[k]
        mended += violation(act[r], lower[r], upper[r]) - violation(
            act[r] - coefficients[k], lower[r], upper[r])
    return mended


@njit(cache=True, nogil=True)
def _moves(x: npt.NDArray[np.bool_], act: npt.NDArray[np.float64],
           value: npt.NDArray[np.float64], start: npt.NDArray[np.int64],
           rows: npt.NDArray[np.int64], coefficients: npt.NDArray[np.float64],
           lower: npt.NDArray[np.float64], upper: npt.NDArray[np.float64],
           order: npt.NDArray[np.int64], count: int, seed: int) -> None:
    """Make ``count`` moves from the feasible selection ``x`` (``act`` its row activities),
    keeping each that leaves every row it touched holding without losing value."""
    np.random.seed(seed)
    n = value.shape[0]
    changed = np.empty(REMOVALS + 1, dtype=np.int64)
    added = np.empty(n, dtype=np.int64)
    for _move in range(count):
        j = np.random.randint(n)
        if x[j]:
            continue
        x[j] = True
        _apply(act, start, rows, coefficients, j, 1.0)
        changed[0] = j
        done = 1
        gain = value[j]
        while _broken(act, lower, upper, start, rows, changed, done) and done <= REMOVALS:
            best, best_score = -1, 0.0
            for k in range(n):
                if not x[k] or k == j:
                    continue
                mended = _mending(act, lower, upper, start, rows, coefficients, k)
                if mended > _TOLERANCE:
                    score = mended / (value[k] + 1e-9)
                    if score > best_score:
                        best, best_score = k, score
            if best < 0:
                break
            x[best] = False
            _apply(act, start, rows, coefficients, best, -1.0)
            gain -= value[best]
            changed[done] = best
            done += 1
        filled = 0
        if not _broken(act, lower, upper, start, rows, changed, done):
            filled = _fill(x, act, start, rows, coefficients, lower, upper, order, added)
            for i in range(filled):
                gain += value[added[i]]
        if gain < -_TOLERANCE or _broken(act, lower, upper, start, rows, changed, done):
            for i in range(filled):
                x[added[i]] = False
                _apply(act, start, rows, coefficients, added[i], -1.0)
            x[j] = False  # undo the move
            _apply(act, start, rows, coefficients, j, -1.0)
            for i in range(1, done):
                x[changed[i]] = True
                _apply(act, start, rows, coefficients, changed[i], 1.0)


@njit(cache=True, nogil=True)
def _fits(act: npt.NDArray[np.float64], start: npt.NDArray[np.int64],
          rows: npt.NDArray[np.int64], coefficients: npt.NDArray[np.float64],
          lower: npt.NDArray[np.float64], upper: npt.NDArray[np.float64], j: int,
          sign: float = 1.0) -> bool:
    """Whether adding column ``j`` (removing it: ``sign`` -1) keeps every row it touches."""
    for k in range(start[j], start[j + 1]):
        r = rows[k]
        if violation(act[r] + sign * coefficients[k], lower[r], upper[r]) > 0:
            return False
    return True


@njit(cache=True, nogil=True)
def _fill(x: npt.NDArray[np.bool_], act: npt.NDArray[np.float64],
          start: npt.NDArray[np.int64], rows: npt.NDArray[np.int64],
          coefficients: npt.NDArray[np.float64], lower: npt.NDArray[np.float64],
          upper: npt.NDArray[np.float64], order: npt.NDArray[np.int64],
          added: npt.NDArray[np.int64]) -> int:
    """Add the columns that fit, the most useful first; they go to ``added``; how many."""
    count = 0
    for j in order:
        if not x[j] and _fits(act, start, rows, coefficients, lower, upper, j):
            x[j] = True
            _apply(act, start, rows, coefficients, j, 1.0)
            added[count] = j
            count += 1
    return count


@njit(cache=True, nogil=True)
def _kick(x: npt.NDArray[np.bool_], act: npt.NDArray[np.float64],
          start: npt.NDArray[np.int64], rows: npt.NDArray[np.int64],
          coefficients: npt.NDArray[np.float64], lower: npt.NDArray[np.float64],
          upper: npt.NDArray[np.float64], order: npt.NDArray[np.int64],
          removals: int, seed: int) -> None:
    """Leave a local optimum: remove up to ``removals`` random selected columns whose removal
    breaks no row, then fill again."""
    np.random.seed(seed)
    chosen = np.flatnonzero(x)
    np.random.shuffle(chosen)
    removed = 0
    for i in range(chosen.shape[0]):
        j = int(chosen[i])
        if removed == removals:
            break
        if _fits(act, start, rows, coefficients, lower, upper, j, -1.0):
            x[j] = False
            _apply(act, start, rows, coefficients, j, -1.0)
            removed += 1
    _fill(x, act, start, rows, coefficients, lower, upper, order,
          np.empty(x.shape[0], dtype=np.int64))
