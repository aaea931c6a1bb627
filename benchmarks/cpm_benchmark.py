"""Benchmark: the vectorised CPM engine against a straightforward networkx implementation.

Random portfolios of projects (1,000 activities each); every activity gets about two
predecessors among the 60 activities before it in its project, with all four link types
(FS 70 %, SS, FF, SF 10 % each) and lags from -2 to +5 working days. Both implementations
follow the same conventions (docs/scheduling.md); their results are compared.

Run:  .venv/bin/python benchmarks/cpm_benchmark.py [--sizes 10000 100000 1000000]
"""

from __future__ import annotations

import argparse
import gc
import time
from collections import defaultdict

import networkx as nx
import numpy as np

from jalon.engine import Activity, Link, Plan, schedule, schedule_arrays
from jalon.engine.cpm import prepare

LINK_TYPES = np.array(["FS", "SS", "FF", "SF"])
PROJECT_SIZE = 1_000
WINDOW = 60


def random_arrays(size: int, seed: int = 20240601):  # type: ignore[no-untyped-def]
    """The random portfolio as arrays: durations, pred, succ, type codes, lags."""
    rng = np.random.default_rng(seed)
    durations = rng.integers(0, 21, size).astype(float)
    index = np.arange(size)
    first = (index // PROJECT_SIZE) * PROJECT_SIZE
    preds, succs = [], []
    for _ in range(2):
        back = rng.integers(1, WINDOW + 1, size)
        pred = index - back
        ok = pred >= first
        preds.append(pred[ok])
        succs.append(index[ok])
    pred = np.concatenate(preds)
    succ = np.concatenate(succs)
    codes = rng.choice(4, len(pred), p=[0.7, 0.1, 0.1, 0.1])
    lags = rng.integers(-2, 6, len(pred)).astype(float)
    return durations, pred, succ, codes, lags


def random_plan(size: int, seed: int = 20240601) -> Plan:
    """A portfolio of ``size`` activities with about two links each (reproducible)."""
    durations, pred, succ, codes, lags = random_arrays(size, seed)
    kinds = LINK_TYPES[codes]
    ids = [f"T{i}" for i in range(size)]
    activities = [Activity(ident, duration=d) for ident, d in zip(ids, durations.tolist(), strict=True)]
    links = [
        Link(ids[p], ids[s], k, g)
        for p, s, k, g in zip(pred.tolist(), succ.tolist(), kinds.tolist(), lags.tolist(), strict=True)
    ]
    return Plan(f"random-{size}", activities, links)


def networkx_cpm(plan: Plan) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """Forward and backward pass over a networkx graph, one activity at a time.

    Returns early start, late finish and free float per activity id.
    """
    graph = nx.DiGraph()
    duration = {a.id: a.duration for a in plan.activities}
    graph.add_nodes_from(duration)
    links = defaultdict(list)
    for link in plan.links:
        links[link.predecessor, link.successor].append((link.type, link.lag))
    graph.add_edges_from((p, s, {"links": v}) for (p, s), v in links.items())
    order = list(nx.topological_sort(graph))
    es: dict[str, float] = {}
    ef: dict[str, float] = {}
    for node in order:
        d = duration[node]
        start = 0.0
        for pred, data in graph.pred[node].items():
            for kind, lag in data["links"]:
                if kind == "FS":
                    start = max(start, ef[pred] + lag)
                elif kind == "SS":
                    start = max(start, es[pred] + lag)
                elif kind == "FF":
                    start = max(start, ef[pred] + lag - d)
                else:
                    start = max(start, es[pred] + lag - d)
        es[node] = start
        ef[node] = start + d
    finish = max(ef.values())
    lf: dict[str, float] = {}
    ls: dict[str, float] = {}
    free: dict[str, float] = {}
    for node in reversed(order):
        d = duration[node]
        late = finish
        slack = float("inf")
        for succ, data in graph.succ[node].items():
            for kind, lag in data["links"]:
                if kind == "FS":
                    late = min(late, ls[succ] - lag)
                    slack = min(slack, es[succ] - ef[node] - lag)
                elif kind == "SS":
                    late = min(late, ls[succ] - lag + d)
                    slack = min(slack, es[succ] - es[node] - lag)
                elif kind == "FF":
                    late = min(late, lf[succ] - lag)
                    slack = min(slack, ef[succ] - ef[node] - lag)
                else:
                    late = min(late, lf[succ] - lag + d)
                    slack = min(slack, ef[succ] - es[node] - lag)
        lf[node] = late
        ls[node] = late - d
        total = late - ef[node]
        if slack == float("inf"):
            slack = finish - ef[node]
        free[node] = min(max(slack, 0.0), max(total, 0.0))
    return es, lf, free


def timed(function, *args):
    gc.collect()
    began = time.perf_counter()
    value = function(*args)
    return value, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument(
        "--reference-budget",
        type=float,
        default=180.0,
        help="skip the networkx reference when its estimated time exceeds this (seconds)",
    )
    args = parser.parse_args()
    header = (
        f"{'activities':>10} {'links':>9} {'levels':>6} {'build plan':>10} {'arrays':>8} "
        f"{'engine':>9} {'results':>9} {'networkx':>10} {'x arrays':>8} {'x engine':>8}  agreement"
    )
    print(header)
    print("-" * len(header))
    per_activity = None
    for size in args.sizes:
        arrays = random_arrays(size)
        array_result, array_time = timed(schedule_arrays, *arrays)
        plan, build = timed(random_plan, size)
        result, engine = timed(schedule, plan)
        assert np.allclose(array_result.late_finish, result.late_finish)
        _, materialise = timed(lambda r: r.activities, result)
        levels = _level_count(plan)
        estimate = per_activity * size if per_activity else 0.0
        if per_activity is not None and estimate > args.reference_budget:
            reference_time = None
            agreement = f"reference skipped (estimated {estimate:.0f} s > budget)"
        else:
            (es, lf, free), reference_time = timed(networkx_cpm, plan)
            per_activity = reference_time / size
            ids = result.ids
            gaps = [
                np.abs(result.early_start - np.array([es[i] for i in ids])).max(),
                np.abs(result.late_finish - np.array([lf[i] for i in ids])).max(),
                np.abs(result.free_float - np.array([free[i] for i in ids])).max(),
            ]
            agreement = f"max |diff| ES/LF/FF = {max(gaps):.1e}"
        reference = f"{reference_time:9.2f}s" if reference_time else f"{'-':>10}"
        ratio = f"{reference_time / engine:7.1f}x" if reference_time else f"{'-':>8}"
        array_ratio = f"{reference_time / array_time:7.1f}x" if reference_time else f"{'-':>8}"
        print(
            f"{size:>10,} {len(plan.links):>9,} {levels:>6} {build:>9.2f}s {array_time:>7.3f}s "
            f"{engine:>8.3f}s {materialise:>8.2f}s {reference} {array_ratio} {ratio}  {agreement}",
            flush=True,
        )
        del plan, result
    print()
    print("arrays   = jalon.engine.schedule_arrays(durations, pred, succ, codes, lags): the same")
    print("           passes on arrays, no Activity/Link objects read")
    print("engine   = jalon.engine.schedule(plan): network build, levels, forward, backward,")
    print("           floats, critical path, arrays (ActivityResult objects built lazily)")
    print("results  = first access to schedule.activities (one ActivityResult per activity)")
    print("networkx = graph build + topological sort + forward/backward passes in Python")
    print("build plan (creating the Activity/Link objects) is not part of either timing")


def _level_count(plan: Plan) -> int:
    """Number of topological levels (the length of the passes' Python loop), untimed."""
    return len(prepare(plan).pos.bounds) - 1


if __name__ == "__main__":
    main()
