"""A readable Monte Carlo reference: one iteration at a time, one activity at a time.

Forward and backward passes in plain Python over dicts, with the same conventions as the
engine (docs/scheduling.md): FS ``ES(s) >= EF(p) + lag``, SS ``ES(s) >= ES(p) + lag``,
FF ``EF(s) >= EF(p) + lag``, SF ``EF(s) >= ES(p) + lag``; nothing starts before 0; every
activity finishes by T = max EF; critical = total float <= 1e-6.
"""

from __future__ import annotations

from graphlib import TopologicalSorter


def one_iteration(ids, durations, links):
    """``links``: (pred, succ, type, lag). Returns (finish, {id: critical})."""
    preds = {i: [] for i in ids}
    succs = {i: [] for i in ids}
    for p, s, kind, lag in links:
        preds[s].append((p, kind, lag))
        succs[p].append((s, kind, lag))
    order = list(TopologicalSorter({i: [p for p, _, _ in preds[i]] for i in ids}).static_order())
    es, ef = {}, {}
    for node in order:
        d = durations[node]
        start = 0.0
        for p, kind, lag in preds[node]:
            if kind == "FS":
                start = max(start, ef[p] + lag)
            elif kind == "SS":
                start = max(start, es[p] + lag)
            elif kind == "FF":
                start = max(start, ef[p] + lag - d)
            else:
                start = max(start, es[p] + lag - d)
        es[node], ef[node] = start, start + d
    finish = max(ef.values())
    lf = {}
    for node in reversed(order):
        d = durations[node]
        late = finish
        for s, kind, lag in succs[node]:
            ls_s = lf[s] - durations[s]
            if kind == "FS":
                late = min(late, ls_s - lag)
            elif kind == "SS":
                late = min(late, ls_s - lag + d)
            elif kind == "FF":
                late = min(late, lf[s] - lag)
            else:
                late = min(late, lf[s] - lag + d)
        lf[node] = late
    return finish, {i: lf[i] - ef[i] <= 1e-6 for i in ids}


def simulate_loop(ids, samples, links):
    """Finish per iteration and criticality index per task from sampled durations
    (``samples``: a list of {id: duration} per iteration)."""
    finishes = []
    counts = dict.fromkeys(ids, 0)
    for durations in samples:
        finish, critical = one_iteration(ids, durations, links)
        finishes.append(finish)
        for i in ids:
            counts[i] += critical[i]
    return finishes, {i: counts[i] / len(samples) for i in ids}
