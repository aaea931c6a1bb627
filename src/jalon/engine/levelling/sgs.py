"""Schedule generation schemes and justification on a resource profile.

A :class:`Profile` holds the free capacity per resource and period. The serial scheme takes the
activities of an activity list one by one and starts each at the earliest period that its
predecessors (start-to-start distances, possibly negative) and the free capacity allow; the
parallel scheme walks time forward and, at each decision point, starts the eligible activities
that fit, in list order. Double justification (Valls, Ballestín & Quintanilla 2005) shifts every
activity right then left within the schedule; it never lengthens it and often shortens it.
"""

from __future__ import annotations

import numpy as np

from jalon.engine.levelling.instance import Instance

__all__ = ["Profile", "justify", "makespan", "parallel_sgs", "serial_sgs"]

_TOLERANCE = 1e-9


class Profile:
    """Free capacity per resource and period; fixed activities are already loaded."""

    def __init__(self, instance: Instance, horizon: int | None = None) -> None:
        self.instance = instance
        self.horizon = instance.horizon if horizon is None else horizon
        self._base = (instance.capacity_profile(self.horizon)
                      - instance.fixed_load[:, :self.horizon])
        self.free = self._base.copy()
        demand = instance.demand
        self.uses = [np.flatnonzero(row > 0) for row in demand]
        self.needs = [demand[i, self.uses[i]][:, None] - _TOLERANCE for i in range(len(demand))]
        self.duration = instance.duration.tolist()

    def reset(self) -> None:
        """Back to the fixed activities only."""
        np.copyto(self.free, self._base)

    def add(self, i: int, start: int) -> None:
        """Take activity ``i``'s demand from ``start`` on."""
        self.free[self.uses[i], start:start + self.duration[i]] -= self.needs[i] + _TOLERANCE

    def remove(self, i: int, start: int) -> None:
        """Give activity ``i``'s demand back."""
        self.free[self.uses[i], start:start + self.duration[i]] += self.needs[i] + _TOLERANCE

    def _windows(self, i: int, lo: int, hi: int) -> np.ndarray:
        """Offsets ``k`` (``lo + k <= hi``) where activity ``i`` fits from ``lo + k``."""
        d = self.duration[i]
        rows = self.uses[i]
        ok = (self.free[rows, lo:hi + d] >= self.needs[i]).all(axis=0)
        if d == 1:
            return np.flatnonzero(ok)
        bad = np.concatenate(([0], np.cumsum(~ok)))
        return np.flatnonzero(bad[d:] == bad[:-d])

    def earliest_fit(self, i: int, lo: int, hi: int) -> int | None:
        """Earliest start in ``[lo, hi]`` where activity ``i`` fits, or ``None``."""
        hi = min(hi, self.horizon - self.duration[i])
        if lo > hi:
            return None
        if self.duration[i] == 0 or not len(self.uses[i]):
            return lo
        step = 4 * self.duration[i] + 16
        start = lo
        while start <= hi:
            stop = min(hi, start + step)
            hits = self._windows(i, start, stop)
            if hits.size:
                return start + int(hits[0])
            start = stop + 1
            step *= 2
        return None

    def latest_fit(self, i: int, lo: int, hi: int) -> int | None:
        """Latest start in ``[lo, hi]`` where activity ``i`` fits, or ``None``."""
        hi = min(hi, self.horizon - self.duration[i])
        if lo > hi:
            return None
        if self.duration[i] == 0 or not len(self.uses[i]):
            return hi
        hits = self._windows(i, lo, hi)
        return lo + int(hits[-1]) if hits.size else None


def makespan(instance: Instance, starts: np.ndarray) -> int:
    """Project length in periods: the latest finish."""
    return int(np.max(starts + instance.duration, initial=0))


def _precedence_start(instance: Instance, i: int, starts: list[int]) -> int:
    est = int(instance.release[i])
    for p, dl in instance.incoming[i]:
        if starts[p] + dl > est:
            est = starts[p] + dl
    return est


def serial_sgs(instance: Instance, order: list[int], profile: Profile) -> np.ndarray:
    """Serial scheme: start each activity of ``order`` (precedence-feasible) as early as it fits.

    An activity that cannot fit before its deadline (fixed successors, levelling within float)
    starts at its earliest precedence-feasible period and leaves an over-allocation.
    """
    profile.reset()
    fixed = instance.fixed
    starts = [int(s) if f else -1 for s, f in zip(instance.release, fixed, strict=True)]
    deadline = instance.deadline
    for i in order:
        if fixed[i]:
            continue
        est = _precedence_start(instance, i, starts)
        t = profile.earliest_fit(i, est, int(deadline[i]))
        if t is None:
            t = est
        starts[i] = t
        profile.add(i, t)
    return np.array(starts, dtype=np.int64)


def parallel_sgs(instance: Instance, order: list[int], profile: Profile) -> np.ndarray:
    """Parallel scheme: at each decision period, start the eligible activities that fit, in the
    order of ``order``; the next decision period is the earliest one at which some eligible
    activity fits (a finish, a release, or a capacity change).

    An activity that cannot fit before its deadline starts at its earliest precedence-feasible
    period and leaves an over-allocation, as in :func:`serial_sgs`.
    """
    profile.reset()
    n = instance.size
    fixed = instance.fixed
    starts = [int(s) if f else -1 for s, f in zip(instance.release, fixed, strict=True)]
    position = [0] * n
    for k, i in enumerate(order):
        position[i] = k
    waiting = [len(instance.incoming[i]) for i in range(n)]
    ready: list[int] = []
    deadline = instance.deadline.tolist()

    def release_successors(i: int) -> None:
        for s, _ in instance.outgoing[i]:
            waiting[s] -= 1
            if waiting[s] == 0 and not fixed[s]:
                ready.append(s)

    for i in range(n):
        if fixed[i]:
            for s, _ in instance.outgoing[i]:
                waiting[s] -= 1
    ready.extend(i for i in range(n) if waiting[i] == 0 and not fixed[i])
    t = 0
    while ready:
        ready.sort(key=position.__getitem__)
        earliest: dict[int, tuple[int, bool]] = {}
        for i in ready:
            est = max(t, _precedence_start(instance, i, starts))
            fit = profile.earliest_fit(i, est, deadline[i])
            earliest[i] = (est, True) if fit is None else (fit, False)
        t = min(value for value, _ in earliest.values())
        candidates, ready = ready, []
        for i in candidates:
            at, forced = earliest[i]
            if at == t and (forced or profile.earliest_fit(i, t, t) == t):
                starts[i] = t
                profile.add(i, t)
                release_successors(i)  # appends newly eligible activities to `ready`
            else:
                ready.append(i)
    return np.array(starts, dtype=np.int64)


def justify(instance: Instance, starts: np.ndarray, profile: Profile) -> np.ndarray:
    """Double justification: shift each activity right (latest finish first) within the
    makespan, then left (earliest start first). Returns a schedule at most as long."""
    s = starts.tolist()
    profile.reset()
    fixed = instance.fixed
    movable = [i for i in range(instance.size) if not fixed[i]]
    for i in movable:
        profile.add(i, s[i])
    duration = profile.duration
    end = max((s[i] + duration[i] for i in range(instance.size)), default=0)
    deadline = instance.deadline.tolist()
    for i in sorted(movable, key=lambda k: (-(s[k] + duration[k]), -s[k])):
        ub = min(deadline[i], end - duration[i])
        for succ, dl in instance.outgoing[i]:
            ub = min(ub, s[succ] - dl)
        if ub <= s[i]:
            continue
        profile.remove(i, s[i])
        t = profile.latest_fit(i, s[i], ub)
        s[i] = s[i] if t is None else t
        profile.add(i, s[i])
    left_shift(instance, s, profile, movable)
    return np.array(s, dtype=np.int64)


def left_shift(instance: Instance, s: list[int], profile: Profile,
               movable: list[int] | None = None) -> None:
    """Move each activity (earliest start first) to the earliest period it fits, in place.

    ``profile`` must hold the schedule ``s``. Afterwards no activity can start earlier on its
    own: each either starts when its predecessors allow or is held by a resource.
    """
    if movable is None:
        movable = [i for i in range(instance.size) if not instance.fixed[i]]
    moved = True
    while moved:  # a move frees capacity that an activity already passed over may use
        moved = False
        for i in sorted(movable, key=lambda k: s[k]):
            lb = _precedence_start(instance, i, s)
            if lb >= s[i]:
                continue
            profile.remove(i, s[i])
            t = profile.earliest_fit(i, lb, s[i])
            if t is not None and t < s[i]:
                s[i] = t
                moved = True
            profile.add(i, s[i])
