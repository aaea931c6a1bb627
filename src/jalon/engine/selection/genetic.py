"""A genetic algorithm for plain multidimensional knapsacks (Chu and Beasley, 1998).

A *plain* knapsack is a selection problem whose only rules are the limits: every candidate
has a single start, nothing is mandatory, locked, linked or balanced. Each limit row is then
a knapsack constraint ``sum_j a[i, j] x[j] <= b[i]`` and the search may flip any candidate
in or out freely. On those problems a dedicated primal heuristic finds better selections in
seconds than a MILP solver's own heuristics (``docs/benchmarks.md``); it proves nothing, so
the bound and the status still come from HiGHS (:mod:`.search`).

The algorithm is Chu and Beasley's ("A genetic algorithm for the multidimensional knapsack
problem", Journal of Heuristics 4, 1998): a steady-state population of distinct feasible
selections; each child comes from two parents chosen by binary tournament, uniform
crossover and a two-bit mutation, then a *repair* that drops candidates in increasing order
of pseudo-utility until the limits hold, and adds candidates in decreasing order while they
fit. The pseudo-utility of a candidate is its value over its uses weighed by the LP
relaxation's dual prices (the surrogate weights). A child better than the worst member
replaces it unless it duplicates a member. The kernels are compiled (numba, ``nogil``) so that the search runs on
one core beside HiGHS on the other.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import highspy
import numpy as np
import numpy.typing as npt
from numba import njit

from jalon.engine.selection.highs import new_highs
from jalon.engine.selection.model import Model

__all__ = ["Knapsack", "as_knapsack", "genetic_search", "utility_order"]

POPULATION = 100
BATCH = 2000  # children per compiled call, between two looks at the clock


@dataclass(frozen=True)
class Knapsack:
    """``maximise value @ x subject to weights @ x <= capacity, x in {0, 1}``."""

    value: npt.NDArray[np.float64]
    weights: npt.NDArray[np.float64]  # shape (constraints, items)
    capacity: npt.NDArray[np.float64]


def as_knapsack(model: Model) -> Knapsack | None:
    """The knapsack of ``model`` when it is a plain one (one column per candidate, no rule
    but ``<=`` limits with non-negative capacities), else ``None``."""
    if model.columns == 0 or len(np.unique(model.candidate)) != model.columns:
        return None
    n = model.columns
    weights: list[npt.NDArray[np.float64]] = []
    capacity: list[float] = []
    for columns, coefficients, lower, upper, rule in model.rows:
        if rule < 0:
            continue  # "at most one start": a single column, always true of 0-1
        if model.rules[rule].kind not in ("limit", "total") or lower > -np.inf or upper < 0:
            return None
        row = np.zeros(n)
        row[columns] = coefficients
        weights.append(row)
        capacity.append(upper)
    if np.any(model.value < 0) or any(np.any(row < 0) for row in weights):
        return None
    return Knapsack(model.value.astype(float),
                    np.array(weights, dtype=float).reshape(len(weights), n),
                    np.array(capacity, dtype=float))


def utility_order(knapsack: Knapsack) -> npt.NDArray[np.int64]:
    """The items by decreasing pseudo-utility ``value / (dual @ weights)``, the duals of the
    LP relaxation (items that use nothing priced come first)."""
    m, n = knapsack.weights.shape
    if m == 0:
        return np.argsort(-knapsack.value, kind="stable").astype(np.int64)
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = m
    lp.col_cost_ = knapsack.value
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.ones(n)
    lp.row_lower_ = np.full(m, -highspy.kHighsInf)
    lp.row_upper_ = knapsack.capacity
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.arange(0, m * n + 1, n, dtype=np.int32)
    lp.a_matrix_.index_ = np.tile(np.arange(n, dtype=np.int32), m)
    lp.a_matrix_.value_ = knapsack.weights.ravel()
    lp.sense_ = highspy.ObjSense.kMaximize
    highs = new_highs()
    highs.passModel(lp)
    highs.run()
    dual = np.abs(np.asarray(highs.getSolution().row_dual, dtype=float))
    priced = dual @ knapsack.weights
    utility = np.where(priced > 0, knapsack.value / np.maximum(priced, 1e-300), np.inf)
    return np.lexsort((-knapsack.value, -utility)).astype(np.int64)


def genetic_search(knapsack: Knapsack, *, time_limit: float, seed: int = 0,
                   stop: threading.Event | None = None) -> npt.NDArray[np.float64]:
    """The best 0-1 selection found in ``time_limit`` seconds or until ``stop`` is set
    (feasible: the empty selection at worst)."""
    deadline = time.monotonic() + time_limit
    order = utility_order(knapsack)
    weights = np.ascontiguousarray(knapsack.weights.T)  # one contiguous row per item
    population, fitness, loads = _initial(knapsack.value, weights, knapsack.capacity,
                                          order, POPULATION, seed)
    while time.monotonic() < deadline and not (stop is not None and stop.is_set()):
        _evolve(knapsack.value, weights, knapsack.capacity, order, population, fitness,
                loads, BATCH)
    best: npt.NDArray[np.float64] = population[int(np.argmax(fitness))].astype(float)
    return best


@njit(cache=True, nogil=True)
def _repair(x: npt.NDArray[np.bool_], load: npt.NDArray[np.float64],
            value: npt.NDArray[np.float64], weights: npt.NDArray[np.float64],
            capacity: npt.NDArray[np.float64], order: npt.NDArray[np.int64]) -> float:
    """Make ``x`` feasible (drop the least useful first) then fill it (the most useful
    first), keeping ``load`` (what ``x`` uses of each limit) up to date; its value."""
    n, m = weights.shape
    for k in range(n - 1, -1, -1):
        j = order[k]
        if not x[j]:
            continue
        over = False
        for i in range(m):
            if load[i] > capacity[i]:
                over = True
                break
        if not over:
            break
        x[j] = False
        for i in range(m):
            load[i] -= weights[j, i]
    total = 0.0
    for k in range(n):
        j = order[k]
        if x[j]:
            total += value[j]
            continue
        if _fits(load, weights, j, capacity):
            _take(x, load, weights, j)
            total += value[j]
    return total


@njit(cache=True, nogil=True)
def _fits(load: npt.NDArray[np.float64], weights: npt.NDArray[np.float64], j: int,
          capacity: npt.NDArray[np.float64]) -> bool:
    """Whether item ``j`` fits beside ``load``."""
    for i in range(load.shape[0]):  # noqa: SIM110 -- numba compiles a loop, not all()
        if load[i] + weights[j, i] > capacity[i]:
            return False
    return True


@njit(cache=True, nogil=True)
def _take(x: npt.NDArray[np.bool_], load: npt.NDArray[np.float64],
          weights: npt.NDArray[np.float64], j: int) -> None:
    """Select item ``j``: its weights join ``load``."""
    x[j] = True
    for i in range(load.shape[0]):
        load[i] += weights[j, i]


@njit(cache=True, nogil=True)
def duplicate(x: npt.NDArray[np.bool_], total: float, population: npt.NDArray[np.bool_],
              fitness: npt.NDArray[np.float64]) -> bool:
    """Whether ``x`` (worth ``total``) is already a member of ``population``."""
    for p in range(population.shape[0]):
        if fitness[p] == total and np.array_equal(population[p], x):
            return True
    return False


@njit(cache=True, nogil=True)
def _initial(value: npt.NDArray[np.float64], weights: npt.NDArray[np.float64],
             capacity: npt.NDArray[np.float64], order: npt.NDArray[np.int64], size: int,
             seed: int) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64],
                                 npt.NDArray[np.float64]]:
    """Random feasible selections (items added in a random order while they fit), repaired;
    duplicates are tried again a few times, then kept."""
    np.random.seed(seed)
    n, m = weights.shape
    population = np.zeros((size, n), dtype=np.bool_)
    fitness = np.full(size, -np.inf)
    loads = np.zeros((size, m))
    for p in range(size):
        for _attempt in range(10):
            x = np.zeros(n, dtype=np.bool_)
            load = np.zeros(m)
            for j in np.random.permutation(n):
                if _fits(load, weights, j, capacity):
                    _take(x, load, weights, j)
            total = _repair(x, load, value, weights, capacity, order)
            if not duplicate(x, total, population[:p], fitness[:p]):
                break
        population[p] = x
        fitness[p] = total
        loads[p] = load
    return population, fitness, loads


@njit(cache=True, nogil=True)
def _evolve(value: npt.NDArray[np.float64], weights: npt.NDArray[np.float64],
            capacity: npt.NDArray[np.float64], order: npt.NDArray[np.int64],
            population: npt.NDArray[np.bool_], fitness: npt.NDArray[np.float64],
            loads: npt.NDArray[np.float64], children: int) -> None:
    """Make ``children`` children; each one better than the worst member replaces it unless
    it duplicates a member.

    A child starts as a copy of its first parent and takes each differing gene of the
    second with probability 1/2: its load is updated only where it changes, which is cheap
    once the population has converged."""
    size, n = population.shape
    for _child in range(children):
        a = np.random.randint(size)
        b = np.random.randint(size)
        first = a if fitness[a] >= fitness[b] else b
        a = np.random.randint(size)
        b = np.random.randint(size)
        second = a if fitness[a] >= fitness[b] else b
        x = population[first].copy()
        load = loads[first].copy()
        for j in range(n):
            if population[second, j] != x[j] and np.random.random() < 0.5:
                _flip(x, load, weights, j)
        for _mutation in range(2):
            _flip(x, load, weights, np.random.randint(n))
        total = _repair(x, load, value, weights, capacity, order)
        worst = int(np.argmin(fitness))
        if total > fitness[worst] and not duplicate(x, total, population, fitness):
            population[worst] = x
            fitness[worst] = total
            loads[worst] = load


@njit(cache=True, nogil=True)
def _flip(x: npt.NDArray[np.bool_], load: npt.NDArray[np.float64],
          weights: npt.NDArray[np.float64], j: int) -> None:
    sign = -1.0 if x[j] else 1.0
    x[j] = not x[j]
    for i in range(weights.shape[1]):
        load[i] += sign * weights[j, i]
