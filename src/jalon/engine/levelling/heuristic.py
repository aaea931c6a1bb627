"""The fast method: priority rules, randomised multi-pass sampling and justification.

Each pass builds an activity list (every predecessor before its successors) by repeatedly
choosing, among the eligible activities of highest rank (project then task priority), the one a
priority rule prefers - deterministically in the first passes, then at random with regret-based
biased sampling (Kolisch & Drexl 1996: the chance grows with how much worse the other choices
are). The list is decoded by the serial or parallel scheme and improved by double justification
(forward-backward improvement). Every decoding counts as one schedule; the best is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from jalon.engine.levelling.instance import Instance
from jalon.engine.levelling.sgs import Profile, justify, makespan, parallel_sgs, serial_sgs
from jalon.errors import ValidationFailed

__all__ = ["PRIORITY_RULES", "HeuristicRun", "priority_values", "solve_heuristic"]

PRIORITY_RULES = ("lft", "lst", "mslk", "grd", "grpw", "mts", "spt")
"""Latest finish time, latest start time, minimum slack, greatest resource demand, greatest rank
positional weight, most total successors, shortest processing time."""


def priority_values(instance: Instance, rule: str) -> np.ndarray:
    """Per activity, the rule's value: the smaller, the sooner it is scheduled."""
    d = instance.duration.astype(np.float64)
    es, ls = instance.early_start, instance.late_start
    if rule == "lft":
        return (ls + d).astype(np.float64)
    if rule == "lst":
        return ls.astype(np.float64)
    if rule == "mslk":
        return (ls - es).astype(np.float64)
    if rule == "grd":
        capacity = np.where(instance.base_capacity > 0, instance.base_capacity, 1.0)
        return -d * (instance.demand / capacity).sum(axis=1)
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
    raise ValidationFailed(f"Unknown priority rule {rule!r}; use one of "
                           f"{', '.join(PRIORITY_RULES)}.", field="rule")


def activity_list(instance: Instance, values: np.ndarray,
                  rng: np.random.Generator | None = None) -> list[int]:
    """A precedence-feasible list: highest rank first, then the rule (or a biased draw)."""
    n = instance.size
    waiting = [len(rows) for rows in instance.incoming]
    eligible = [i for i in range(n) if waiting[i] == 0]
    rank = instance.rank.tolist()
    value = values.tolist()
    order: list[int] = []
    while eligible:
        top = max(rank[i] for i in eligible)
        pool = [i for i in eligible if rank[i] == top]
        if rng is None or len(pool) == 1:
            chosen = min(pool, key=lambda i: (value[i], i))
        else:
            worst = max(value[i] for i in pool)
            weights = np.array([worst - value[i] + 1.0 for i in pool])
            chosen = pool[int(rng.choice(len(pool), p=weights / weights.sum()))]
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


def solve_heuristic(
    instance: Instance,
    *,
    schedules: int = 1000,
    seed: int | np.random.Generator | None = 0,
    rules: tuple[str, ...] = ("lft", "mslk", "grpw", "mts", "lst", "grd"),
    schemes: tuple[str, ...] = ("serial", "parallel"),
    justification: bool = True,
    on_improvement: Callable[[int, int], None] | None = None,
) -> HeuristicRun:
    """Multi-pass priority-rule heuristic with forward-backward improvement.

    Parameters
    ----------
    instance : Instance
    schedules : int
        Budget of generated schedules (each decoding and each justification counts one).
    seed : int or numpy.random.Generator or None
        Randomness of the sampling passes; the same seed gives the same result.
    rules, schemes : tuple of str
        Priority rules (see :data:`PRIORITY_RULES`) and schemes (``"serial"``, ``"parallel"``)
        to use; deterministic passes try every pair first, sampling passes cycle through them.
    justification : bool
        Improve every schedule by double justification.
    on_improvement : callable or None
        Called with ``(makespan, schedules so far)`` whenever a better schedule is found.

    Returns
    -------
    HeuristicRun
        Stops early when the critical-path bound is reached.
    """
    if schedules < 1:
        raise ValidationFailed("schedules must be at least 1.", field="schedules")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    profile = Profile(instance)
    decoders = {"serial": serial_sgs, "parallel": parallel_sgs}
    values = {rule: priority_values(instance, rule) for rule in rules}
    bound = instance.critical_path_bound
    best: HeuristicRun | None = None
    used = 0
    plan = [(rule, scheme, False) for rule in rules for scheme in schemes]
    k = 0
    while used < schedules:
        if k < len(plan):
            rule, scheme, sampled = plan[k]
        else:
            rule = rules[k % len(rules)]
            scheme = schemes[(k // len(rules)) % len(schemes)]
            sampled = True
        k += 1
        order = activity_list(instance, values[rule], rng if sampled else None)
        starts = decoders[scheme](instance, order, profile)
        used += 1
        if justification and used < schedules:
            starts = justify(instance, starts, profile)
            used += 2
        length = makespan(instance, starts)
        if best is None or length < best.makespan:
            best = HeuristicRun(starts, length, used, rule, scheme)
            if on_improvement is not None:
                on_improvement(length, used)
        if best.makespan <= bound:
            break
    assert best is not None
    best.schedules = used
    return best
