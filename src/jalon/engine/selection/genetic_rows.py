"""Chu and Beasley's genetic algorithm on a whole selection model: start windows and rules.

:mod:`.genetic` runs the algorithm on plain knapsacks, where any candidate may be flipped
freely. Here a *gene* is a candidate's choice (one of its options, a start, or none), and the
repair works on the model's rows themselves, whatever rule they come from:

- *drop*: while a row is broken, the selected options are looked at from the least useful
  up, and one is removed when that mends a row it touches and makes none worse (so a
  mandatory candidate is never removed, nor one that a selected candidate requires); then,
  for broken lower bounds (a mandatory candidate left out by a mutation), options are added
  on the same terms, the most useful first; at most three such sweeps;
- *fill*: every option is looked at from the most useful down, and added when no row it
  touches gets worse (its candidate's "one start" row keeps a selected candidate's other
  starts out).

A child whose rows are not all mended is dropped. The usefulness of an option is Chu and
Beasley's pseudo-utility: its value over its uses of the limits weighed by the LP
relaxation's dual prices. Each child comes from two parents chosen by binary tournament:
uniform crossover candidate by candidate, :data:`MUTATIONS` mutations (a candidate taken
out, or put in at one of its starts), the repair; it replaces the worst member when better and not a
duplicate. Selections found elsewhere (HiGHS's incumbents) join the population through
:meth:`GeneticRows.offer`. It proves nothing: the bound and the status come from HiGHS.

The kernels are compiled (numba, ``nogil``) to run on one core beside HiGHS on the other;
they are compiled on first use and cached on disk by numba (``cache=True``): with an empty
cache the first search of a process waits for the compilation (about 10 s here).
"""

from __future__ import annotations

import threading

import highspy
import numpy as np
import numpy.typing as npt
from numba import njit

from jalon.engine.selection.genetic import duplicate
from jalon.engine.selection.highs import new_highs
from jalon.engine.selection.local_search import Columns, columns_of, violation
from jalon.engine.selection.model import Model

__all__ = ["GeneticRows", "dual_utility_order"]

POPULATION = 400
MUTATIONS = 10
BATCH = 200  # children per compiled call, between two looks at the stop flag and offers
_TOLERANCE = 1e-6


def dual_utility_order(model: Model) -> npt.NDArray[np.int64]:
    """The columns by decreasing pseudo-utility: value over what they use of the limits,
    each limit priced by its dual in the LP relaxation of the whole model (columns that use
    nothing priced come first)."""
    n = model.columns
    rows = model.rows
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(rows)
    lp.col_cost_ = model.value
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.ones(n)
    lp.row_lower_ = np.array([max(r[2], -highspy.kHighsInf) for r in rows], dtype=float)
    lp.row_upper_ = np.array([min(r[3], highspy.kHighsInf) for r in rows], dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lengths = np.array([len(r[0]) for r in rows], dtype=np.int64)
    lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    lp.a_matrix_.index_ = (np.concatenate([r[0] for r in rows]).astype(np.int32)
                           if rows else np.zeros(0, dtype=np.int32))
    lp.a_matrix_.value_ = (np.concatenate([r[1] for r in rows]).astype(float)
                           if rows else np.zeros(0))
    lp.sense_ = highspy.ObjSense.kMaximize
    highs = new_highs()
    highs.passModel(lp)
    highs.run()
    dual = np.abs(np.asarray(highs.getSolution().row_dual, dtype=float))
    if len(dual) != len(rows):
        dual = np.zeros(len(rows))
    priced = np.zeros(n)
    for r, (columns, coefficients, _low, _high, rule) in enumerate(rows):
        if rule >= 0 and model.rules[rule].kind in ("limit", "total") and dual[r] > 0:
            np.add.at(priced, columns, dual[r] * np.abs(coefficients))
    utility = np.where(priced > 0, model.value / np.maximum(priced, 1e-300), np.inf)
    return np.lexsort((-model.value, -utility)).astype(np.int64)


class GeneticRows:
    """The genetic algorithm on ``model``'s rows, in a thread of its own, until stopped.

    :attr:`best` and :attr:`best_value` are the best feasible selection held (``None``
    before any).
    """

    def __init__(self, model: Model, *, seed: int = 0,
                 order: npt.NDArray[np.int64] | None = None) -> None:
        self.columns: Columns = columns_of(model)
        self.candidate = model.candidate.astype(np.int64)
        candidates = len(model.problem.candidates)
        counts = np.bincount(self.candidate, minlength=candidates)
        self.option_start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.options = np.argsort(self.candidate, kind="stable").astype(np.int64)
        self.order = dual_utility_order(model) if order is None else order
        self.seed = seed
        self.lock = threading.Lock()
        self.offered: list[npt.NDArray[np.bool_]] = []
        self.best: npt.NDArray[np.bool_] | None = None
        self.best_value = -np.inf
        self.stop = threading.Event()
        self.batches = 0
        self.thread = threading.Thread(target=self._run, daemon=True, name="genetic-rows")

    def offer(self, x: npt.NDArray[np.float64]) -> None:
        """A feasible 0-1 selection to take into the population."""
        with self.lock:
            self.offered.append(np.asarray(x) > 0.5)

    def start(self) -> None:
        self.thread.start()

    def finish(self) -> None:
        self.stop.set()
        self.thread.join()

    def run_for(self, batches: int) -> None:
        """Run ``batches`` batches in the calling thread (tests, benchmarks)."""
        self._run(batches)

    def _run(self, batches: int = -1) -> None:
        c = self.columns
        population, fitness, acts = _initial(
            c.value, c.start, c.rows, c.coefficients, c.lower, c.upper, self.order,
            POPULATION, self.seed)
        self._keep_best(population, fitness)
        done = 0
        while not self.stop.is_set() and done != batches:
            with self.lock:
                offered, self.offered = self.offered, []
            for x in offered:
                if c.feasible(x):
                    _replace_worst(population, fitness, acts, x, float(c.value @ x),
                                   c.activity(x))
            self.seed += 1
            _evolve(c.value, c.start, c.rows, c.coefficients, c.lower, c.upper, self.order,
                    self.option_start, self.options, population, fitness,
                    acts, BATCH, self.seed, MUTATIONS)
            self._keep_best(population, fitness)
            done += 1
            self.batches += 1

    def _keep_best(self, population: npt.NDArray[np.bool_],
                   fitness: npt.NDArray[np.float64]) -> None:
        p = int(np.argmax(fitness))
        if fitness[p] > self.best_value + _TOLERANCE:
            with self.lock:
                self.best, self.best_value = population[p].copy(), float(fitness[p])


def _replace_worst(population: npt.NDArray[np.bool_], fitness: npt.NDArray[np.float64],
                   acts: npt.NDArray[np.float64], x: npt.NDArray[np.bool_], total: float,
                   act: npt.NDArray[np.float64]) -> None:
    worst = int(np.argmin(fitness))
    if total > fitness[worst] and not duplicate(x, total, population, fitness):
        population[worst], fitness[worst], acts[worst] = x, total, act


@njit(cache=True, nogil=True)
def _change(x: npt.NDArray[np.bool_], act: npt.NDArray[np.float64],
            start: npt.NDArray[np.int64], rows: npt.NDArray[np.int64],
            coefficients: npt.NDArray[np.float64], lower: npt.NDArray[np.float64],
            upper: npt.NDArray[np.float64], j: int, broken: int) -> int:
    """Flip column ``j``, keeping ``act`` up to date; the number of broken rows after."""
    sign = -1.0 if x[j] else 1.0
    x[j] = not x[j]
    for k in range(start[j], start[j + 1]):
        r = rows[k]
        before = violation(act[r], lower[r], upper[r]) > 0
        act[r] += sign * coefficients[k]
        after = violation(act[r], lower[r], upper[r]) > 0
        broken += int(after) - int(before)
    return broken


@njit(cache=True, nogil=True)
def _helps(act: npt.NDArray[np.float64], start: npt.NDArray[np.int64],
           rows: npt.NDArray[np.int64], coefficients: npt.NDArray[np.float64],
           lower: npt.NDArray[np.float64], upper: npt.NDArray[np.float64], j: int,
           sign: float, must_mend: bool) -> bool:
    """Whether adding (``sign`` 1) or removing (-1) column ``j`` makes no row it touches
    worse (and, with ``must_mend``, makes one better)."""
    mended = False
    for k in range(start[j], start[j + 1]):
        r = rows[k]
        before = violation(act[r], lower[r], upper[r])
        after = violation(act[r] + sign * coefficients[k], lower[r], upper[r])
        if after > before + _TOLERANCE:
            return False
        if after < before - _TOLERANCE:
            mended = True
    return mended or not must_mend


@njit(cache=True, nogil=True)
def _count_broken(act: npt.NDArray[np.float64], lower: npt.NDArray[np.float64],
                  upper: npt.NDArray[np.float64]) -> int:
    broken = 0
    for r in range(act.shape[0]):
        if violation(act[r], lower[r], upper[r]) > 0:
            broken += 1
    return broken


@njit(cache=True, nogil=True)
def _repair(x: npt.NDArray[np.bool_], act: npt.NDArray[np.float64],
            value: npt.NDArray[np.float64], start: npt.NDArray[np.int64],
            rows: npt.NDArray[np.int64], coefficients: npt.NDArray[np.float64],
            lower: npt.NDArray[np.float64], upper: npt.NDArray[np.float64],
            order: npt.NDArray[np.int64]) -> float:
    """Drop then fill (see the module's docstring); the value of ``x``, or ``-inf`` when a
    row stays broken."""
    n = value.shape[0]
    broken = _count_broken(act, lower, upper)
    for _sweep in range(3):
        if broken == 0:
            break
        for k in range(n - 1, -1, -1):
            if broken == 0:
                break
            j = order[k]
            if x[j] and _helps(act, start, rows, coefficients, lower, upper, j, -1.0, True):
                broken = _change(x, act, start, rows, coefficients, lower, upper, j, broken)
        for k in range(n):  # a broken lower bound (a mandatory candidate...) needs additions
            if broken == 0:
                break
            j = order[k]
            if not x[j] and _helps(act, start, rows, coefficients, lower, upper, j, 1.0,
                                   True):
                broken = _change(x, act, start, rows, coefficients, lower, upper, j, broken)
    if broken > 0:
        return -np.inf
    total = 0.0
    for k in range(n):
        j = order[k]
        if x[j]:
            total += value[j]
        elif _helps(act, start, rows, coefficients, lower, upper, j, 1.0, False):
            _change(x, act, start, rows, coefficients, lower, upper, j, 0)
            total += value[j]
    return total


@njit(cache=True, nogil=True)
def _activity(x: npt.NDArray[np.bool_], start: npt.NDArray[np.int64],
              rows: npt.NDArray[np.int64], coefficients: npt.NDArray[np.float64],
              m: int) -> npt.NDArray[np.float64]:
    act = np.zeros(m)
    for j in range(x.shape[0]):
        if x[j]:
            for k in range(start[j], start[j + 1]):
                act[rows[k]] += coefficients[k]
    return act


@njit(cache=True, nogil=True)
def _initial(value: npt.NDArray[np.float64], start: npt.NDArray[np.int64],
             rows: npt.NDArray[np.int64], coefficients: npt.NDArray[np.float64],
             lower: npt.NDArray[np.float64], upper: npt.NDArray[np.float64],
             order: npt.NDArray[np.int64], size: int,
             seed: int) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64],
                                 npt.NDArray[np.float64]]:
    """Random selections (options added in a random order when no row gets worse),
    repaired; duplicates are tried again a few times, then kept."""
    np.random.seed(seed)
    n = value.shape[0]
    m = lower.shape[0]
    population = np.zeros((size, n), dtype=np.bool_)
    fitness = np.full(size, -np.inf)
    acts = np.zeros((size, m))
    for p in range(size):
        for _attempt in range(10):
            x = np.zeros(n, dtype=np.bool_)
            act = _activity(x, start, rows, coefficients, m)
            for j in np.random.permutation(n):
                if _helps(act, start, rows, coefficients, lower, upper, j, 1.0, False):
                    _change(x, act, start, rows, coefficients, lower, upper, j, 0)
            total = _repair(x, act, value, start, rows, coefficients, lower, upper, order)
            if not duplicate(x, total, population[:p], fitness[:p]):
                break
        population[p] = x
        fitness[p] = total
        acts[p] = act
    return population, fitness, acts


@njit(cache=True, nogil=True)
def _evolve(value: npt.NDArray[np.float64], start: npt.NDArray[np.int64],
            rows: npt.NDArray[np.int64], coefficients: npt.NDArray[np.float64],
            lower: npt.NDArray[np.float64], upper: npt.NDArray[np.float64],
            order: npt.NDArray[np.int64], option_start: npt.NDArray[np.int64], options: npt.NDArray[np.int64],
            population: npt.NDArray[np.bool_], fitness: npt.NDArray[np.float64],
            acts: npt.NDArray[np.float64], children: int, seed: int, mutations: int) -> None:
    """Make ``children`` children (see the module's docstring)."""
    np.random.seed(seed)
    size, n = population.shape
    candidates = option_start.shape[0] - 1
    for _child in range(children):
        a = np.random.randint(size)
        b = np.random.randint(size)
        first = a if fitness[a] >= fitness[b] else b
        a = np.random.randint(size)
        b = np.random.randint(size)
        second = a if fitness[a] >= fitness[b] else b
        x = population[first].copy()
        act = acts[first].copy()
        for c in range(candidates):
            differs = False
            for i in range(option_start[c], option_start[c + 1]):
                j = options[i]
                if population[second, j] != x[j]:
                    differs = True
                    break
            if not differs or np.random.random() >= 0.5:
                continue
            for i in range(option_start[c], option_start[c + 1]):
                j = options[i]
                if population[second, j] != x[j]:
                    _change(x, act, start, rows, coefficients, lower, upper, j, 0)
        for _mutation in range(mutations):
            c = np.random.randint(candidates)
            chosen = -1
            for i in range(option_start[c], option_start[c + 1]):
                if x[options[i]]:
                    chosen = options[i]
            if chosen >= 0:
                _change(x, act, start, rows, coefficients, lower, upper, chosen, 0)
            elif option_start[c + 1] > option_start[c]:
                j = options[option_start[c] + np.random.randint(
                    option_start[c + 1] - option_start[c])]
                _change(x, act, start, rows, coefficients, lower, upper, j, 0)
        total = _repair(x, act, value, start, rows, coefficients, lower, upper, order)
        worst = int(np.argmin(fitness))
        if total > fitness[worst] and not duplicate(x, total, population, fitness):
            population[worst] = x
            fitness[worst] = total
            acts[worst] = act
