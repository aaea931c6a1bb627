"""The fast method: priority rules, randomised multi-pass sampling, justification, then a
genetic algorithm.

Each pass builds an activity list (every predecessor before its successors) by repeatedly
choosing, among the eligible activities of highest rank (project then task priority), the one a
priority rule prefers - deterministically in the first passes, then at random with regret-based
biased sampling (Kolisch & Drexl 1996: the chance grows with how much worse the other choices
are). The list is decoded by the serial or parallel scheme and improved by double justification
(forward-backward improvement). Every decoding and each justification pass counts as one
schedule; the best is kept. By default the first passes seed the genetic algorithm of
:mod:`jalon.engine.levelling.genetic`, which spends the rest of the budget.

The passes run in the compiled kernels of :mod:`jalon.engine.levelling.kernels`;
``activity_list`` here and :mod:`jalon.engine.levelling.sgs` are the readable reference they
are tested against (``_reference_passes`` is the reference of the loop).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate

import numpy as np

from jalon.engine import messages as m
from jalon.engine.levelling.genetic import Evolution, evolve
from jalon.engine.levelling.instance import Instance
from jalon.engine.levelling.kernels import CompiledProfile
from jalon.engine.levelling.sgs import Profile, justify, makespan, parallel_sgs, serial_sgs
from jalon.errors import ValidationFailed

__all__ = ["PRIORITY_RULES", "SEARCHES", "HeuristicRun", "activity_list", "priority_values",
           "solve_heuristic"]

PRIORITY_RULES = ("lft", "lst", "mslk", "grd", "grpw", "mts", "spt")
"""Latest finish time, latest start time, minimum slack, greatest resource demand, greatest rank
positional weight, most total successors, shortest processing time."""


def priority_values(instance: Instance, rule: str) -> np.ndarray:
    """Per activity, the rule's value: the smaller, the sooner it is scheduled."""
    d = instance.duration.astype(np.float64)
    es, ls = instance.early_start, instance.late_start
    if rule == "lft":
        return np.asarray(ls + d, dtype=np.float64)
    if rule == "lst":
        return ls.astype(np.float64)
    if rule == "mslk":
        return np.asarray(ls - es, dtype=np.float64)
    if rule == "grd":
        capacity = np.where(instance.base_capacity > 0, instance.base_capacity, 1.0)
        return np.asarray(-d * (instance.demand / capacity).sum(axis=1), dtype=np.float64)
    if rule == "grpw":
        weight = d.copy()
        np.add.at(weight, instance.pred, d[instance.succ])
        return -weight
    if rule == "mts":
        reach = [0] * instance.size
        for node in reversed(instance.topological_order):
            for s, _ in instance.outgoing[node]:
                reach[node] |= reach[s] | (1 << s)
        return -np.array([r.bit_count() for r in reach], dtype=np.float64)
    if rule == "spt":
        return d
    raise ValidationFailed(m.PRIORITY_RULE(value=repr(rule), choices=list(PRIORITY_RULES)),
                           field="rule")



def activity_list(instance: Instance, values: np.ndarray,
                  uniforms: np.ndarray | None = None) -> list[int]:
    """A precedence-feasible list: highest rank first, then the rule's smallest value - or, with
    ``uniforms`` (one draw in [0, 1) per position), a draw biased by regret: each candidate's
    weight is ``worst - value + 1`` (Kolisch & Drexl 1996), so the rule's favourite is the most
    likely but never certain."""
    n = instance.size
    waiting = [len(rows) for rows in instance.incoming]
    eligible = [i for i in range(n) if waiting[i] == 0]
    rank = instance.rank.tolist()
    value = values.tolist()
    order: list[int] = []
    while eligible:
        top = max(rank[i] for i in eligible)
        pool = [i for i in eligible if rank[i] == top]
        if uniforms is None or len(pool) == 1:
            chosen = min(pool, key=lambda i: (value[i], i))
        else:
            worst = max(value[i] for i in pool)
            # running sums added one by one, as the compiled kernel does (not math.fsum)
            cumulative = list(accumulate(worst - value[i] + 1.0 for i in pool))
            target = float(uniforms[len(order)]) * cumulative[-1]
            chosen = pool[min(bisect_right(cumulative, target), len(pool) - 1)]
        eligible.remove(chosen)
        order.append(chosen)
        for s, _ in instance.outgoing[chosen]:
            waiting[s] -= 1
            if waiting[s] == 0:
                eligible.append(s)
    return order


@dataclass
class HeuristicRun:
    """The best schedule found: starts per activity (periods), its makespan, and how many
    schedules were generated."""

    starts: np.ndarray
    makespan: int
    schedules: int
    rule: str
    scheme: str


@dataclass
class _Batch:
    """Passes to run: per pass the rule (row of the values), the scheme, whether the list is
    drawn, and its uniforms."""

    rules: np.ndarray
    parallel: np.ndarray
    sampled: np.ndarray
    uniforms: np.ndarray


_BATCH = 32
"""Passes per call of the compiled loop (uniforms are drawn a batch at a time, so a seed gives
the same passes whatever the budget)."""

_CHILDREN = 64
"""Children per call of the compiled genetic algorithm."""

SEARCHES = ("genetic", "sampling")
"""``"sampling"``: priority-rule passes only; ``"genetic"``: those passes seed a population that
a genetic algorithm improves (:mod:`jalon.engine.levelling.genetic`)."""


def _reference_passes(instance: Instance, profile: Profile, values: np.ndarray, batch: _Batch,
                      *, justification: bool, budget: int, bound: int, best_starts: np.ndarray,
                      best_length: int) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """The readable twin of :meth:`CompiledProfile.passes` (same passes, same results)."""
    count = len(batch.rules)
    lengths = np.zeros(count, np.int64)
    counts = np.zeros(count, np.int64)
    schedules = np.zeros((count, instance.size), np.int64)
    used = done = 0
    for k in range(count):
        if used >= budget:
            break
        uniforms = batch.uniforms[k] if batch.sampled[k] else None
        order = activity_list(instance, values[batch.rules[k]], uniforms)
        decode = parallel_sgs if batch.parallel[k] else serial_sgs
        starts = decode(instance, order, profile)
        used += 1
        if justification and used + 2 <= budget:
            starts = justify(instance, starts, profile)
            used += 2
        lengths[k], counts[k], schedules[k] = makespan(instance, starts), used, starts
        done += 1
        if lengths[k] < best_length:
            best_length = int(lengths[k])
            best_starts[:] = starts
        if best_length <= bound:
            break
    return done, lengths, counts, schedules


def _make_batch(first: int, rules: int, schemes: tuple[str, ...], rng: np.random.Generator,
                n: int) -> tuple[_Batch, list[tuple[int, int]]]:
    """Passes ``first ... first + _BATCH - 1``: every (rule, scheme) pair once without drawing,
    then drawn lists cycling through the rules and schemes."""
    deterministic = [(r, c) for r in range(rules) for c in range(len(schemes))]
    picks = [deterministic[j] if j < len(deterministic) else
             (j % rules, (j // rules) % len(schemes)) for j in range(first, first + _BATCH)]
    batch = _Batch(
        rules=np.array([r for r, _ in picks], np.int64),
        parallel=np.array([schemes[c] == "parallel" for _, c in picks], np.bool_),
        sampled=np.arange(first, first + _BATCH) >= len(deterministic),
        uniforms=rng.random((_BATCH, n)),
    )
    return batch, picks


def solve_heuristic(
    instance: Instance,
    *,
    schedules: int = 1000,
    seed: int | np.random.Generator | None = 0,
    rules: tuple[str, ...] = ("lft", "mslk", "grpw", "mts", "lst", "grd"),
    schemes: tuple[str, ...] = ("serial", "parallel"),
    justification: bool = True,
    search: str = "genetic",
    population: int | None = None,
    mutation: float = 0.05,
    on_improvement: Callable[[int, int], None] | None = None,
) -> HeuristicRun:
    """Multi-pass priority-rule heuristic with forward-backward improvement, then a genetic
    algorithm.

    Parameters
    ----------
    instance : Instance
    schedules : int
        Budget of generated schedules (each decoding and each justification counts one, as in
        the literature's 1,000 / 5,000 / 50,000 schedule benchmarks).
    seed : int or numpy.random.Generator or None
        Randomness of the sampling passes and of the genetic algorithm; the same seed gives the
        same result.
    rules, schemes : tuple of str
        Priority rules (see :data:`PRIORITY_RULES`) and schemes (``"serial"``, ``"parallel"``)
        to use; deterministic passes try every pair first, sampling passes cycle through them.
    justification : bool
        Improve every schedule by double justification.
    search : str
        ``"genetic"`` (default): the first ``population`` passes seed a genetic algorithm that
        spends the rest of the budget; ``"sampling"``: passes only (see :data:`SEARCHES`).
    population : int or None
        Size of the genetic algorithm's population; by default it grows with the budget,
        ``0.6 * schedules ** 0.6`` within 20-500 (38 at 1,000 schedules, 100 at 5,000, 393 at
        50,000: a small population converges too early on a large budget, a large one leaves a
        small budget too few generations).
    mutation : float
        Probability of swapping each pair of neighbours in a child's list.
    on_improvement : callable or None
        Called with ``(makespan, schedules so far)`` whenever a better schedule is found (after
        the batch of passes or children that found it).

    Returns
    -------
    HeuristicRun
        Stops early when the critical-path bound is reached. ``rule`` and ``scheme`` say which
        pass found the best schedule (``"genetic"`` and ``"serial"`` for a child).
    """
    if schedules < 1:
        raise ValidationFailed(m.AT_LEAST(field="schedules", minimum=1), field="schedules")
    if not rules or not schemes or any(s not in ("serial", "parallel") for s in schemes):
        raise ValidationFailed(m.SCHEMES(), field="schemes")
    if search not in SEARCHES:
        raise ValidationFailed(m.NOT_ONE_OF(field="search", choices=list(SEARCHES),
                                            value=repr(search)), field="search")
    if population is None:
        population = min(500, max(20, round(0.6 * schedules ** 0.6)))
    if population < 2:
        raise ValidationFailed(m.AT_LEAST(field="population", minimum=2), field="population")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    n = instance.size
    values = np.stack([priority_values(instance, rule) for rule in rules]).astype(np.float64)
    bound = instance.critical_path_bound
    profile = CompiledProfile(instance)
    cost = 3 if justification else 1
    sampling = schedules if search == "sampling" else min(schedules, population * cost)
    best = HeuristicRun(np.zeros(n, np.int64), np.iinfo(np.int64).max, 0, "", "")
    kept: list[np.ndarray] = []

    def improved(length: int, used: int, rule: str, scheme: str) -> None:
        best.makespan, best.rule, best.scheme = length, rule, scheme
        if on_improvement is not None:
            on_improvement(length, used)

    used = k = 0
    while used < sampling and best.makespan > bound:
        batch, picks = _make_batch(k, len(rules), schemes, rng, n)
        done, lengths, counts, starts = profile.passes(
            values, batch.rules, batch.parallel, batch.sampled, batch.uniforms,
            justification=justification, budget=sampling - used, bound=bound,
            best_starts=best.starts, best_length=best.makespan)
        for j in range(done):
            if lengths[j] < best.makespan:
                improved(int(lengths[j]), used + int(counts[j]), rules[picks[j][0]],
                         schemes[picks[j][1]])
        if search == "genetic":
            kept.append(starts[:done])
        used += int(counts[done - 1])
        k += done
    if search == "genetic" and used + cost <= schedules and best.makespan > bound:
        evolution = Evolution(profile, np.concatenate(kept))
        while used + cost <= schedules and best.makespan > bound:
            draws = rng.random((_CHILDREN, n + 6))
            done, lengths, counts = evolve(
                evolution, draws, mutation=mutation, justification=justification,
                budget=schedules - used, bound=bound, best_starts=best.starts,
                best_length=best.makespan)
            for j in range(done):
                if lengths[j] < best.makespan:
                    improved(int(lengths[j]), used + int(counts[j]), "genetic", "serial")
            used += int(counts[done - 1])
    best.schedules = used
    return best
