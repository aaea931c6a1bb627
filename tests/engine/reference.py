"""A plain, readable CPM used as the reference the vectorised engine must agree with.

One activity at a time, in a topological order (Kahn's algorithm with a queue), with the
link rules written out literally. No progress, no summaries, no ALAP; constraints as floats.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass


@dataclass
class RefLink:
    pred: str
    succ: str
    type: str
    lag: float


def reference_cpm(
    durations: dict[str, float],
    links: list[RefLink],
    start_floor: dict[str, float] | None = None,
    finish_cap: dict[str, float] | None = None,
) -> dict[str, dict[str, float]]:
    """Return ES, EF, LS, LF, TF, FF per activity (abstract time, working days)."""
    start_floor = start_floor or {}
    finish_cap = finish_cap or {}
    incoming: dict[str, list[RefLink]] = {a: [] for a in durations}
    outgoing: dict[str, list[RefLink]] = {a: [] for a in durations}
    for link in links:
        incoming[link.succ].append(link)
        outgoing[link.pred].append(link)

    indegree = {a: len(incoming[a]) for a in durations}
    queue = deque(a for a in durations if indegree[a] == 0)
    order = []
    while queue:
        a = queue.popleft()
        order.append(a)
        for link in outgoing[a]:
            indegree[link.succ] -= 1
            if indegree[link.succ] == 0:
                queue.append(link.succ)
    assert len(order) == len(durations), "cycle"

    es: dict[str, float] = {}
    ef: dict[str, float] = {}
    for a in order:
        d = durations[a]
        start = max(0.0, start_floor.get(a, 0.0))
        for link in incoming[a]:
            p = link.pred
            if link.type == "FS":
                start = max(start, ef[p] + link.lag)
            elif link.type == "SS":
                start = max(start, es[p] + link.lag)
            elif link.type == "FF":
                start = max(start, ef[p] + link.lag - d)
            else:  # SF
                start = max(start, es[p] + link.lag - d)
        es[a] = start
        ef[a] = start + d

    finish = max(ef.values(), default=0.0)
    ls: dict[str, float] = {}
    lf: dict[str, float] = {}
    for a in reversed(order):
        d = durations[a]
        late_finish = min(finish, finish_cap.get(a, finish))
        for link in outgoing[a]:
            s = link.succ
            if link.type == "FS":
                late_finish = min(late_finish, ls[s] - link.lag)
            elif link.type == "SS":
                late_finish = min(late_finish, ls[s] - link.lag + d)
            elif link.type == "FF":
                late_finish = min(late_finish, lf[s] - link.lag)
            else:  # SF
                late_finish = min(late_finish, lf[s] - link.lag + d)
        lf[a] = late_finish
        ls[a] = late_finish - d

    result = {}
    for a in durations:
        total = lf[a] - ef[a]
        slacks = []
        for link in outgoing[a]:
            s = link.succ
            succ_time = es[s] if link.type in ("FS", "SS") else ef[s]
            pred_time = ef[a] if link.type in ("FS", "FF") else es[a]
            slacks.append(succ_time - pred_time - link.lag)
        free = min(slacks) if slacks else finish - ef[a]
        free = min(max(free, 0.0), max(total, 0.0))
        result[a] = {"ES": es[a], "EF": ef[a], "LS": ls[a], "LF": lf[a], "TF": total, "FF": free}
    return result
