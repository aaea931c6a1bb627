"""Compiled (numba) twins of the schedule generation schemes, justification and sampling.

The readable reference is :mod:`jalon.engine.levelling.sgs` (and ``activity_list`` in
:mod:`jalon.engine.levelling.heuristic`); the functions here compute exactly the same schedules
for the same activity list - the same floating-point operations on the same free capacity, the
same tie-breaking - about a hundred times faster, which is what lets the heuristic generate
thousands of schedules in a fraction of a second. Tests compare the two on random instances.

Everything an :class:`~jalon.engine.levelling.instance.Instance` can say is handled: the four
link types with lags (start-to-start distances, possibly negative), release times, deadlines,
fixed activities, capacity changing over time and fractional demands.

The kernels are compiled on first use and cached on disk by numba (``cache=True``), so a new
process loads them instead of compiling them again.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from jalon.engine.levelling.instance import Instance
from jalon.engine.levelling.sgs import Profile

__all__ = ["CompiledProfile"]

Network = tuple[np.ndarray, ...]
"""An instance's durations, releases, deadlines, fixed flags, links and demands as arrays
(built by :meth:`CompiledProfile._network`)."""

_TOLERANCE = 1e-9

# --- free capacity ---------------------------------------------------------------------------
# ``free`` is ``float64[horizon, R]`` (period-major: the resources of a period side by side).
# Activity ``i`` uses entries ``use_ptr[i]:use_ptr[i + 1]`` of ``use_res`` (resource), ``use_need``
# (demand - tolerance: the free capacity it needs) and ``use_take`` (what it takes; computed as
# the reference computes it, ``(demand - tolerance) + tolerance``, so the sums are bit for bit
# the same).


@njit(cache=True)
def _take(free: np.ndarray, use_ptr: np.ndarray, use_res: np.ndarray, use_take: np.ndarray,
          i: int, start: int, duration: int, sign: float) -> None:
    end = min(start + duration, free.shape[0])
    for t in range(max(start, 0), end):
        for u in range(use_ptr[i], use_ptr[i + 1]):
            if sign < 0:
                free[t, use_res[u]] -= use_take[u]
            else:
                free[t, use_res[u]] += use_take[u]


@njit(cache=True)
def _earliest_fit(free: np.ndarray, use_ptr: np.ndarray, use_res: np.ndarray,
                  use_need: np.ndarray, i: int, duration: int, lo: int, hi: int) -> int:
    """Earliest start in ``[lo, hi]`` where activity ``i`` fits, or -1 (reference:
    :meth:`Profile.earliest_fit`)."""
    hi = min(hi, free.shape[0] - duration)
    if lo > hi:
        return -1
    if duration == 0 or use_ptr[i] == use_ptr[i + 1]:
        return lo
    t = lo
    while t <= hi:
        bad = -1
        k = t + duration - 1
        while k >= t:  # from the window's end: the last shortage gives the longest jump
            for u in range(use_ptr[i], use_ptr[i + 1]):
                if free[k, use_res[u]] < use_need[u]:
                    bad = k
                    break
            if bad >= 0:
                break
            k -= 1
        if bad < 0:
            return t
        t = bad + 1
    return -1


@njit(cache=True)
def _latest_fit(free: np.ndarray, use_ptr: np.ndarray, use_res: np.ndarray,
                use_need: np.ndarray, i: int, duration: int, lo: int, hi: int) -> int:
    """Latest start in ``[lo, hi]`` where activity ``i`` fits, or -1 (reference:
    :meth:`Profile.latest_fit`)."""
    hi = min(hi, free.shape[0] - duration)
    if lo > hi:
        return -1
    if duration == 0 or use_ptr[i] == use_ptr[i + 1]:
        return hi
    t = hi
    while t >= lo:
        bad = -1
        for k in range(t, t + duration):  # from the window's start: the first shortage
            for u in range(use_ptr[i], use_ptr[i + 1]):
                if free[k, use_res[u]] < use_need[u]:
                    bad = k
                    break
            if bad >= 0:
                break
        if bad < 0:
            return t
        t = bad - duration
    return -1


@njit(cache=True)
def _precedence_start(release: np.ndarray, in_ptr: np.ndarray, in_src: np.ndarray,
                      in_delta: np.ndarray, i: int, starts: np.ndarray) -> int:
    est: int = release[i]
    for e in range(in_ptr[i], in_ptr[i + 1]):
        value = starts[in_src[e]] + in_delta[e]
        if value > est:
            est = value
    return est


# --- schemes ---------------------------------------------------------------------------------
# ``net`` is the tuple built by :meth:`CompiledProfile._network`.


@njit(cache=True)
def _serial(net: Network, base: np.ndarray, free: np.ndarray, order: np.ndarray,
            starts: np.ndarray) -> None:
    (duration, release, deadline, fixed, in_ptr, in_src, in_delta, out_ptr, out_dst,
     out_delta, use_ptr, use_res, use_need, use_take) = net
    free[:, :] = base
    n = duration.shape[0]
    for i in range(n):
        starts[i] = release[i] if fixed[i] else -1
    for k in range(order.shape[0]):
        i = order[k]
        if fixed[i]:
            continue
        est = _precedence_start(release, in_ptr, in_src, in_delta, i, starts)
        t = _earliest_fit(free, use_ptr, use_res, use_need, i, duration[i], est, deadline[i])
        if t < 0:
            t = est
        starts[i] = t
        _take(free, use_ptr, use_res, use_take, i, t, duration[i], -1.0)


@njit(cache=True)
def _parallel(net: Network, base: np.ndarray, free: np.ndarray, order: np.ndarray,
              starts: np.ndarray) -> None:
    (duration, release, deadline, fixed, in_ptr, in_src, in_delta, out_ptr, out_dst,
     out_delta, use_ptr, use_res, use_need, use_take) = net
    free[:, :] = base
    n = duration.shape[0]
    for i in range(n):
        starts[i] = release[i] if fixed[i] else -1
    waiting = np.empty(n, np.int64)
    for i in range(n):
        waiting[i] = in_ptr[i + 1] - in_ptr[i]
    for i in range(n):
        if fixed[i]:
            for e in range(out_ptr[i], out_ptr[i + 1]):
                waiting[out_dst[e]] -= 1
    ready = np.zeros(n, np.bool_)
    pending = 0
    for i in range(n):
        if waiting[i] == 0 and not fixed[i]:
            ready[i] = True
            pending += 1
    candidates = np.empty(n, np.int64)
    at = np.empty(n, np.int64)
    forced = np.zeros(n, np.bool_)
    t = 0
    while pending > 0:
        m = 0
        for k in range(order.shape[0]):  # the ready activities in list order
            i = order[k]
            if ready[i]:
                candidates[m] = i
                m += 1
        nxt = -1
        for c in range(m):
            i = candidates[c]
            est = max(t, _precedence_start(release, in_ptr, in_src, in_delta, i, starts))
            fit = _earliest_fit(free, use_ptr, use_res, use_need, i, duration[i], est,
                                deadline[i])
            if fit < 0:
                at[i] = est
                forced[i] = True
            else:
                at[i] = fit
                forced[i] = False
            if nxt < 0 or at[i] < nxt:
                nxt = at[i]
        t = nxt
        for c in range(m):
            i = candidates[c]
            if at[i] != t:
                continue
            if forced[i] or _earliest_fit(free, use_ptr, use_res, use_need, i, duration[i], t,
                                          t) == t:
                starts[i] = t
                _take(free, use_ptr, use_res, use_take, i, t, duration[i], -1.0)
                ready[i] = False
                pending -= 1
                for e in range(out_ptr[i], out_ptr[i + 1]):
                    s = out_dst[e]
                    waiting[s] -= 1
                    if waiting[s] == 0 and not fixed[s]:
                        ready[s] = True
                        pending += 1


# --- justification ---------------------------------------------------------------------------


@njit(cache=True)
def _load_schedule(net: Network, base: np.ndarray, free: np.ndarray, starts: np.ndarray) -> None:
    duration, fixed = net[0], net[3]
    use_ptr, use_res, use_take = net[10], net[11], net[13]
    free[:, :] = base
    for i in range(duration.shape[0]):
        if not fixed[i]:
            _take(free, use_ptr, use_res, use_take, i, starts[i], duration[i], -1.0)


@njit(cache=True)
def _left_shift(net: Network, free: np.ndarray, s: np.ndarray) -> None:
    (duration, release, deadline, fixed, in_ptr, in_src, in_delta, out_ptr, out_dst,
     out_delta, use_ptr, use_res, use_need, use_take) = net
    movable = np.flatnonzero(~fixed)
    moved = True
    while moved:
        moved = False
        keys = s[movable]
        sweep = movable[np.argsort(keys, kind="mergesort")]  # stable, like sorted()
        for k in range(sweep.shape[0]):
            i = sweep[k]
            lb = _precedence_start(release, in_ptr, in_src, in_delta, i, s)
            if lb >= s[i]:
                continue
            _take(free, use_ptr, use_res, use_take, i, s[i], duration[i], 1.0)
            t = _earliest_fit(free, use_ptr, use_res, use_need, i, duration[i], lb, s[i])
            if t >= 0 and t < s[i]:
                s[i] = t
                moved = True
            _take(free, use_ptr, use_res, use_take, i, s[i], duration[i], -1.0)


@njit(cache=True)
def _justify(net: Network, base: np.ndarray, free: np.ndarray, s: np.ndarray) -> None:
    (duration, release, deadline, fixed, in_ptr, in_src, in_delta, out_ptr, out_dst,
     out_delta, use_ptr, use_res, use_need, use_take) = net
    n = duration.shape[0]
    _load_schedule(net, base, free, s)
    end = 0
    for i in range(n):
        if s[i] + duration[i] > end:
            end = s[i] + duration[i]
    movable = np.flatnonzero(~fixed)
    # latest finish first, then latest start, then position (Python's stable sort on a tuple)
    width = 1
    for k in range(movable.shape[0]):
        i = movable[k]
        if s[i] + 1 > width:
            width = s[i] + 1
    keys = np.empty(movable.shape[0], np.int64)
    for k in range(movable.shape[0]):
        i = movable[k]
        keys[k] = -((s[i] + duration[i]) * width + s[i])
    sweep = movable[np.argsort(keys, kind="mergesort")]
    for k in range(sweep.shape[0]):
        i = sweep[k]
        ub = min(deadline[i], end - duration[i])
        for e in range(out_ptr[i], out_ptr[i + 1]):
            bound = s[out_dst[e]] - out_delta[e]
            if bound < ub:
                ub = bound
        if ub <= s[i]:
            continue
        _take(free, use_ptr, use_res, use_take, i, s[i], duration[i], 1.0)
        t = _latest_fit(free, use_ptr, use_res, use_need, i, duration[i], s[i], ub)
        if t >= 0:
            s[i] = t
        _take(free, use_ptr, use_res, use_take, i, s[i], duration[i], -1.0)
    _left_shift(net, free, s)


# --- activity lists and the multi-pass loop --------------------------------------------------


@njit(cache=True)
def _activity_list(net: Network, rank: np.ndarray, values: np.ndarray, uniforms: np.ndarray,
                   sampled: bool, order: np.ndarray) -> None:
    """Reference: ``activity_list`` in :mod:`jalon.engine.levelling.heuristic`."""
    duration, in_ptr, out_ptr, out_dst = net[0], net[4], net[7], net[8]
    n = duration.shape[0]
    waiting = np.empty(n, np.int64)
    eligible = np.empty(n, np.int64)
    pool = np.empty(n, np.int64)
    m = 0
    for i in range(n):
        waiting[i] = in_ptr[i + 1] - in_ptr[i]
        if waiting[i] == 0:
            eligible[m] = i
            m += 1
    for step in range(n):
        if m == 0:
            break
        top = rank[eligible[0]]
        for k in range(1, m):
            if rank[eligible[k]] > top:
                top = rank[eligible[k]]
        size = 0
        for k in range(m):
            if rank[eligible[k]] == top:
                pool[size] = eligible[k]
                size += 1
        chosen = pool[0]
        if not sampled or size == 1:
            for k in range(1, size):
                i = pool[k]
                if values[i] < values[chosen] or (values[i] == values[chosen] and i < chosen):
                    chosen = i
        else:
            worst = values[pool[0]]
            for k in range(1, size):
                if values[pool[k]] > worst:
                    worst = values[pool[k]]
            total = 0.0
            for k in range(size):
                total += worst - values[pool[k]] + 1.0
            target = uniforms[step] * total
            acc = 0.0
            chosen = pool[size - 1]
            for k in range(size):
                acc += worst - values[pool[k]] + 1.0
                if acc > target:
                    chosen = pool[k]
                    break
        where = 0
        while eligible[where] != chosen:
            where += 1
        for k in range(where, m - 1):
            eligible[k] = eligible[k + 1]
        m -= 1
        order[step] = chosen
        for e in range(out_ptr[chosen], out_ptr[chosen + 1]):
            s = out_dst[e]
            waiting[s] -= 1
            if waiting[s] == 0:
                eligible[m] = s
                m += 1


@njit(cache=True)
def _passes(net: Network, base: np.ndarray, free: np.ndarray, rank: np.ndarray,
            values: np.ndarray, rules: np.ndarray, parallel: np.ndarray, sampled: np.ndarray,
            uniforms: np.ndarray, justification: bool, budget: int, bound: int,
            best_starts: np.ndarray, best_length: int, lengths: np.ndarray,
            counts: np.ndarray, schedules: np.ndarray) -> int:
    """Run passes ``0, 1, ...`` (rule row, scheme, sampled or not, uniforms row) until the
    ``budget`` of schedules is spent or the ``bound`` is reached; pass ``k`` records its makespan,
    the schedules used so far and its schedule in ``lengths[k]``, ``counts[k]``,
    ``schedules[k]``. The best schedule (strictly shorter than ``best_length``) goes to
    ``best_starts``. Returns the number of passes run."""
    duration = net[0]
    n = duration.shape[0]
    order = np.empty(n, np.int64)
    starts = np.empty(n, np.int64)
    used = 0
    done = 0
    for k in range(rules.shape[0]):
        if used >= budget:
            break
        _activity_list(net, rank, values[rules[k]], uniforms[k], sampled[k], order)
        if parallel[k]:
            _parallel(net, base, free, order, starts)
        else:
            _serial(net, base, free, order, starts)
        used += 1
        if justification and used + 2 <= budget:
            _justify(net, base, free, starts)
            used += 2
        length = 0
        for i in range(n):
            if starts[i] + duration[i] > length:
                length = starts[i] + duration[i]
        lengths[k] = length
        counts[k] = used
        schedules[k, :] = starts
        done += 1
        if length < best_length:
            best_length = length
            best_starts[:] = starts
        if best_length <= bound:
            break
    return done


class CompiledProfile:
    """An instance's data packed for the compiled kernels, with a free-capacity buffer.

    The same operations as :class:`~jalon.engine.levelling.sgs.Profile` with the reference
    schemes; every method returns a new start vector (periods, ``int64[n]``). The arrays the
    kernels take are attributes: ``network`` (see :data:`Network`), ``rank``, ``base`` (free
    capacity with only the fixed activities, ``float64[horizon, R]``) and ``free`` (the
    working copy).
    """

    def __init__(self, instance: Instance, horizon: int | None = None) -> None:
        reference = Profile(instance, horizon)
        self.instance = instance
        self.horizon = reference.horizon
        self.base = np.ascontiguousarray(reference.free.T)
        self.free = self.base.copy()
        self.network = self._network(instance, reference)
        self.rank = np.ascontiguousarray(instance.rank, dtype=np.int64)

    @staticmethod
    def _network(instance: Instance, reference: Profile) -> Network:
        n = instance.size
        delta = instance.delta

        def by(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            ordering = np.argsort(key, kind="stable")
            ptr = np.zeros(n + 1, np.int64)
            np.cumsum(np.bincount(key, minlength=n), out=ptr[1:])
            return ordering, ptr

        incoming, in_ptr = by(instance.succ)
        outgoing, out_ptr = by(instance.pred)
        uses = reference.uses
        use_ptr = np.zeros(n + 1, np.int64)
        np.cumsum([len(u) for u in uses], out=use_ptr[1:])
        use_res = np.concatenate([*uses, np.zeros(0, np.int64)]).astype(np.int64)
        use_need = np.concatenate([*(need.ravel() for need in reference.needs),
                                   np.zeros(0)]).astype(np.float64)
        use_take = use_need + _TOLERANCE  # exactly what Profile.add subtracts
        as_int = np.ascontiguousarray
        return (as_int(instance.duration, np.int64), as_int(instance.release, np.int64),
                as_int(instance.deadline, np.int64), as_int(instance.fixed, np.bool_),
                in_ptr, as_int(instance.pred[incoming], np.int64),
                as_int(delta[incoming], np.int64), out_ptr,
                as_int(instance.succ[outgoing], np.int64), as_int(delta[outgoing], np.int64),
                use_ptr, use_res, use_need, use_take)

    def serial(self, order: np.ndarray | list[int]) -> np.ndarray:
        """:func:`~jalon.engine.levelling.sgs.serial_sgs` of ``order``."""
        starts = np.empty(self.instance.size, np.int64)
        _serial(self.network, self.base, self.free, np.asarray(order, np.int64), starts)
        return starts

    def parallel(self, order: np.ndarray | list[int]) -> np.ndarray:
        """:func:`~jalon.engine.levelling.sgs.parallel_sgs` of ``order``."""
        starts = np.empty(self.instance.size, np.int64)
        _parallel(self.network, self.base, self.free, np.asarray(order, np.int64), starts)
        return starts

    def justify(self, starts: np.ndarray) -> np.ndarray:
        """:func:`~jalon.engine.levelling.sgs.justify` of ``starts``."""
        s = np.array(starts, dtype=np.int64)
        _justify(self.network, self.base, self.free, s)
        return s

    def left_shift(self, starts: np.ndarray) -> np.ndarray:
        """:func:`~jalon.engine.levelling.sgs.left_shift` of ``starts``."""
        s = np.array(starts, dtype=np.int64)
        _load_schedule(self.network, self.base, self.free, s)
        _left_shift(self.network, self.free, s)
        return s

    def activity_list(self, values: np.ndarray, uniforms: np.ndarray | None = None,
                      ) -> np.ndarray:
        """``activity_list`` of :mod:`jalon.engine.levelling.heuristic`: by rank then by
        ``values``, or drawn with the ``uniforms`` (one per position) when given."""
        n = self.instance.size
        order = np.empty(n, np.int64)
        draws = np.zeros(n) if uniforms is None else np.asarray(uniforms, np.float64)
        _activity_list(self.network, self.rank, np.asarray(values, np.float64), draws,
                       uniforms is not None, order)
        return order

    def passes(self, values: np.ndarray, rules: np.ndarray, parallel: np.ndarray,
               sampled: np.ndarray, uniforms: np.ndarray, *, justification: bool, budget: int,
               bound: int, best_starts: np.ndarray, best_length: int,
               ) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
        """Several passes in one call (see ``_passes``): returns how many ran, and each one's
        makespan, schedules used so far and schedule (rows). ``best_starts`` is overwritten by
        any schedule shorter than ``best_length``."""
        count = rules.shape[0]
        lengths = np.zeros(count, np.int64)
        counts = np.zeros(count, np.int64)
        schedules = np.zeros((count, self.instance.size), np.int64)
        done = _passes(self.network, self.base, self.free, self.rank, values, rules, parallel,
                       sampled, uniforms, justification, budget, bound, best_starts,
                       best_length, lengths, counts, schedules)
        return int(done), lengths, counts, schedules
