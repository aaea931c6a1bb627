"""A genetic algorithm on activity lists, each child decoded and justified (compiled, numba).

The population starts from the sampling passes' justified schedules. Each child comes from two
parents chosen by binary tournament, Hartmann's two-point crossover (1998: the head from the
mother, the middle from the father in his order, the tail from the mother) and a swap mutation;
it is decoded by the serial scheme and improved by double justification (Valls, Ballestin &
Quintanilla 2005), and its list is rewritten in the order of the justified start times, so what
justification found is inherited (Lamarckian). A child replaces the worst member when it is not
longer and not a copy of a member.

Before decoding, a child's list is made precedence-feasible and rank-respecting (project then
task priority first among the eligible activities) by rebuilding it with ``activity_list``
using the child's positions as the rule: a no-op for a feasible list of equal ranks, and the
reason crossover and mutation need no precedence checks of their own.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from jalon.engine.levelling.kernels import (
    CompiledProfile,
    Network,
    _activity_list,
    _justify,
    _serial,
)

__all__ = ["Evolution", "evolve"]

_COST = 3
"""Schedules per child with justification: the decoding, the right and the left pass."""


@njit(cache=True)
def _crossover(mother: np.ndarray, father: np.ndarray, q1: int, q2: int, child: np.ndarray,
               taken: np.ndarray) -> None:
    """Positions ``< q1`` from the mother, up to ``q2`` from the father (his order, skipping
    what is taken), the rest from the mother (her order, skipping what is taken)."""
    n = mother.shape[0]
    taken[:] = False
    m = 0
    for k in range(q1):
        child[m] = mother[k]
        taken[mother[k]] = True
        m += 1
    for k in range(n):
        if m >= q2:
            break
        if not taken[father[k]]:
            child[m] = father[k]
            taken[father[k]] = True
            m += 1
    for k in range(n):
        if m >= n:
            break
        if not taken[mother[k]]:
            child[m] = mother[k]
            taken[mother[k]] = True
            m += 1


@njit(cache=True)
def _relist(net: Network, rank: np.ndarray, keys: np.ndarray, values: np.ndarray,
            unused: np.ndarray, out: np.ndarray) -> None:
    """``out`` = the feasible, rank-respecting list closest to the order of ``keys``."""
    for i in range(keys.shape[0]):
        values[i] = keys[i]
    _activity_list(net, rank, values, unused, False, out)


@njit(cache=True)
def _fingerprint(starts: np.ndarray) -> int:
    value = 0
    for i in range(starts.shape[0]):
        value = value * 1000003 + starts[i] + 1
    return value


@njit(cache=True)
def _evolve(net: Network, base: np.ndarray, free: np.ndarray, rank: np.ndarray,
            lists: np.ndarray, lengths: np.ndarray, prints: np.ndarray, draws: np.ndarray,
            mutation: float, justification: bool, budget: int, bound: int,
            best_starts: np.ndarray, best_length: int, child_lengths: np.ndarray,
            counts: np.ndarray) -> int:
    """One child per row of ``draws`` (uniforms: two tournaments, two cut points, one per
    position for the mutation) until ``budget`` schedules are spent or ``bound`` is reached.
    Returns the number of children; child ``c`` records its makespan and the schedules used so
    far in ``child_lengths[c]``, ``counts[c]``."""
    duration = net[0]
    size, n = lists.shape
    cost = _COST if justification else 1
    child = np.empty(n, np.int64)
    order = np.empty(n, np.int64)
    starts = np.empty(n, np.int64)
    position = np.empty(n, np.int64)
    values = np.empty(n, np.float64)
    unused = np.zeros(n, np.float64)
    taken = np.zeros(n, np.bool_)
    used = 0
    done = 0
    for c in range(draws.shape[0]):
        if used + cost > budget or best_length <= bound:
            break
        d = draws[c]
        a, b = int(d[0] * size), int(d[1] * size)
        mother = a if lengths[a] <= lengths[b] else b
        a, b = int(d[2] * size), int(d[3] * size)
        father = a if lengths[a] <= lengths[b] else b
        q1, q2 = int(d[4] * (n + 1)), int(d[5] * (n + 1))
        if q1 > q2:
            q1, q2 = q2, q1
        _crossover(lists[mother], lists[father], q1, q2, child, taken)
        for k in range(n - 1):
            if d[6 + k] < mutation:
                child[k], child[k + 1] = child[k + 1], child[k]
        for k in range(n):
            position[child[k]] = k
        _relist(net, rank, position, values, unused, order)
        _serial(net, base, free, order, starts)
        if justification:
            _justify(net, base, free, starts)
        used += cost
        length = 0
        for i in range(n):
            if starts[i] + duration[i] > length:
                length = starts[i] + duration[i]
        _relist(net, rank, starts, values, unused, child)  # Lamarck: inherit the justification
        child_lengths[c] = length
        counts[c] = used
        done += 1
        if length < best_length:
            best_length = length
            best_starts[:] = starts
        mark = _fingerprint(starts)
        worst = 0
        copy = False
        for j in range(size):
            if lengths[j] >= lengths[worst]:
                worst = j
            if prints[j] == mark and lengths[j] == length:
                copy = True
        if not copy and length <= lengths[worst]:
            lists[worst, :] = child
            lengths[worst] = length
            prints[worst] = mark
    return done


class Evolution:
    """A population of activity lists for :func:`evolve`, from justified schedules."""

    def __init__(self, profile: CompiledProfile, schedules: np.ndarray) -> None:
        self.profile = profile
        n = profile.instance.size
        duration = profile.instance.duration
        count = schedules.shape[0]
        self.lists = np.empty((count, n), np.int64)
        self.lengths = np.empty(count, np.int64)
        self.prints = np.empty(count, np.int64)
        values = np.empty(n, np.float64)
        unused = np.zeros(n, np.float64)
        for k in range(count):
            starts = np.ascontiguousarray(schedules[k], np.int64)
            _relist(profile.network, profile.rank, starts, values, unused, self.lists[k])
            self.lengths[k] = int(np.max(starts + duration, initial=0))
            self.prints[k] = _fingerprint(starts)


def evolve(evolution: Evolution, draws: np.ndarray, *, mutation: float, justification: bool,
           budget: int, bound: int, best_starts: np.ndarray, best_length: int,
           ) -> tuple[int, np.ndarray, np.ndarray]:
    """Breed one child per row of ``draws`` (``rng.random((children, n + 6))``), within
    ``budget`` schedules; stop at ``bound``. ``best_starts`` is overwritten by any schedule
    shorter than ``best_length``. Returns how many children were made and each one's makespan
    and schedules used so far."""
    profile = evolution.profile
    count = draws.shape[0]
    lengths = np.zeros(count, np.int64)
    counts = np.zeros(count, np.int64)
    done = _evolve(profile.network, profile.base, profile.free, profile.rank, evolution.lists,
                   evolution.lengths, evolution.prints, draws, mutation, justification, budget,
                   bound, best_starts, best_length, lengths, counts)
    return int(done), lengths, counts
