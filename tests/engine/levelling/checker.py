"""An independent checker of levelled schedules, written from the rules, not from the solver.

It reads the links as the engine states them (FS ``ES(s) >= EF(p) + lag``, SS, FF, SF) rather
than the start-to-start distances the methods use, and recomputes every period's load.
"""

from __future__ import annotations

import math

import numpy as np

from jalon.engine.levelling import Instance, LevellingProblem

KINDS = ("FS", "SS", "FF", "SF")


def _capacity(base: float, changes: dict[int, float], period: int) -> float:
    value = base
    for start in sorted(changes):
        if start <= period:
            value = changes[start]
    return value


def _link_holds(kind: str, lag: float, sp: int, fp: int, ss: int, fs: int) -> bool:
    return {
        "FS": ss >= fp + lag,
        "SS": ss >= sp + lag,
        "FF": fs >= fp + lag,
        "SF": fs >= sp + lag,
    }[kind]


def check_instance(instance: Instance, starts: np.ndarray | list[int], *,
                   capacity_too: bool = True) -> None:
    """Assert every link (type and lag), release, fixed start and capacity in every period."""
    s = [int(v) for v in starts]
    d = [int(v) for v in instance.duration]
    f = [a + b for a, b in zip(s, d, strict=True)]
    for i in range(instance.size):
        assert s[i] >= instance.release[i], f"{instance.ids[i]} starts before its release"
        if instance.fixed[i]:
            assert s[i] == instance.release[i], f"fixed {instance.ids[i]} moved"
    for p, q, k, lag in zip(instance.pred.tolist(), instance.succ.tolist(),
                            instance.kind.tolist(), instance.lag.tolist(), strict=True):
        assert _link_holds(KINDS[k], lag, s[p], f[p], s[q], f[q]), (
            f"link {instance.ids[p]} -> {instance.ids[q]} {KINDS[k]} {lag:+} broken: "
            f"{s[p]}-{f[p]} / {s[q]}-{f[q]}")
    if not capacity_too:
        return
    for r in range(len(instance.resource_ids)):
        for t in range(max(f, default=0)):
            load = sum(instance.demand[i, r] for i in range(instance.size) if s[i] <= t < f[i])
            cap = _capacity(float(instance.base_capacity[r]), instance.changes[r], t)
            assert load <= cap + 1e-9, (
                f"{instance.resource_ids[r]} over capacity in period {t}: {load} > {cap}")


def check_problem(problem: LevellingProblem, starts: dict[str, int]) -> None:
    """Assert the plan's own links (rounded up to whole periods) and the resources' capacity."""
    duration = {a.id: math.ceil(a.scheduled_duration - 1e-9) for a in problem.plan.activities}
    finish = {i: starts[i] + duration[i] for i in starts}
    for link in problem.plan.links:
        lag = math.ceil(link.lag - 1e-9)
        p, q = link.predecessor, link.successor
        assert _link_holds(link.type, lag, starts[p], finish[p], starts[q], finish[q]), link.label
    for resource in problem.resources:
        for t in range(max(finish.values(), default=0)):
            load = sum(problem.demands.get(i, {}).get(resource.id, 0.0)
                       for i in starts if starts[i] <= t < finish[i])
            assert load <= resource.capacity_at(t) + 1e-9, (resource.id, t, load)
