"""Benchmark: the CPM engine on shallow and deep networks against a plain-Python reference.

Two shapes of random network, about two predecessors per activity, all four link types
(FS 70 %, SS, FF, SF 10 % each), lags from -2 to +5 working days, durations 0 to 20:

- **shallow**: a portfolio of projects of 1,000 activities, predecessors among the 60
  activities before in the same project: some 80 topological levels whatever the size;
- **deep**: one network, predecessors among the 50 activities before: a level every dozen
  activities (8,000 levels at 10^5, 80,000 at 10^6).

For each size the plan is written to a Jalon JSON file and read back with
``jalon.io.load_project`` (timed apart: **read**, not in any other figure; the reader gives the
plan its links as a ``LinkTable`` of arrays and reads its columns, ``Plan.columns``). Then, on
the same network, checked to agree:

- **schedule**: ``schedule(plan)`` on the plan ``load_project`` returned: network from the
  plan's columns, levels, passes, floats, critical path, the ``Schedule`` (the issue's
  ``schedule(load_project(path))`` without the reading), compiled passes (the default);
- **objects**: the first ``schedule(plan)`` of the same plan made of ``Activity`` and ``Link``
  objects (``Plan(name, activities, list(links))``, made untimed before each run): reading
  the objects into columns is included;
- **levelled**: ``schedule(plan, passes="levelled")`` (numpy steps per topological level);
- **arrays**: ``schedule_arrays(durations, pred, succ, codes, lags)``, compiled passes;
- **passes**: the passes alone on arrays: topological order, forward and backward pass
  (compiled, and levelled in **p. levelled**);
- **python**: the reference, a plain-Python loop over a networkx graph (graph build,
  topological sort, forward and backward pass, free float), on the plan of objects.

Fast figures are the best of ``--repeat`` runs; times are wall-clock, or with ``--cpu`` the
process's CPU time (steadier on a machine shared with other work). numba compiles the kernels at their first call
in a process, or loads them from its on-disk cache; that first-call cost is measured apart, in
fresh processes (empty cache, then warm cache), and is in no other figure.

Run:  .venv/bin/python benchmarks/cpm_benchmark.py [--sizes 10000 100000 1000000]
          [--shapes shallow deep]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from jalon.engine import Plan, schedule, schedule_arrays, sweep
from jalon.engine import passes as levelled_passes
from jalon.engine.network import topological_levels
from jalon.engine.passes import Positions
from jalon.io import load_project

LINK_TYPES = np.array(["FS", "SS", "FF", "SF"])
SHAPES = {"shallow": (1_000, 60), "deep": (None, 50)}  # project size (None: one), reach back


def random_arrays(size: int, shape: str = "shallow", seed: int = 20240601):  # type: ignore[no-untyped-def]
    """The random network as arrays: durations, pred, succ, type codes, lags."""
    project, window = SHAPES[shape]
    rng = np.random.default_rng(seed)
    durations = rng.integers(0, 21, size).astype(float)
    index = np.arange(size)
    first = (index // project) * project if project else np.zeros(size, dtype=np.int64)
    preds, succs = [], []
    for _ in range(2):
        back = rng.integers(1, window + 1, size)
        pred = index - back
        ok = pred >= first
        preds.append(pred[ok])
        succs.append(index[ok])
    pred = np.concatenate(preds)
    succ = np.concatenate(succs)
    codes = rng.choice(4, len(pred), p=[0.7, 0.1, 0.1, 0.1])
    lags = rng.integers(-2, 6, len(pred)).astype(float)
    return durations, pred, succ, codes, lags


def write_plan_file(path: Path, arrays: tuple[np.ndarray, ...]) -> None:
    """The network as a Jalon JSON file (tasks with their predecessors)."""
    durations, pred, succ, codes, lags = arrays
    tasks: list[dict[str, Any]] = [
        {"id": f"T{i}", "duration": d, "predecessors": []} for i, d in enumerate(durations.tolist())
    ]
    for p, s, kind, lag in zip(pred.tolist(), succ.tolist(), LINK_TYPES[codes].tolist(),
                               lags.tolist(), strict=True):
        tasks[s]["predecessors"].append({"id": f"T{p}", "type": kind, "lag": lag})
    with path.open("w", encoding="utf-8") as stream:
        json.dump({"name": path.stem, "tasks": tasks}, stream)


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


def passes_alone(arrays: tuple[np.ndarray, ...], passes: str) -> float:
    """Topological order, forward and backward pass on arrays; returns the project finish."""
    durations, pred, succ, codes, lags = arrays
    size = len(durations)
    compiled = passes == "compiled"
    levels = topological_levels(size, pred, succ, [], compiled=compiled)
    pos = Positions.from_levels(levels, size)
    p, s, d = pos.position[pred], pos.position[succ], durations[pos.order]
    kinds = codes.astype(np.int8)
    floor = np.zeros(size)
    if compiled:
        _, _, ef = sweep.forward(p, s, kinds, lags, d, d, floor, None)
        finish = np.full(size, ef.max())
        sweep.backward(p, s, kinds, lags, d, finish, np.arange(len(p)))
    else:
        _, _, ef = levelled_passes.forward(pos, p, s, kinds, lags, d, d, floor, None)
        finish = np.full(size, ef.max())
        levelled_passes.backward(pos, p, s, kinds, lags, d, finish, np.arange(len(p)))
    return float(ef.max())


CLOCK = {"wall": time.perf_counter, "cpu": time.process_time}
clock = CLOCK["wall"]


def timed(function: Callable[..., Any], *args: Any, repeat: int = 1, **kwargs: Any
          ) -> tuple[Any, float]:
    """The result and the best time of ``repeat`` calls."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        began = clock()
        value = function(*args, **kwargs)
        best = min(best, clock() - began)
    return value, best


FIRST_CALL = """
import time
import numpy as np
began = time.perf_counter()
from jalon.engine import Activity, Link, Plan, schedule
imported = time.perf_counter()
schedule(Plan("p", [Activity("A", duration=1), Activity("B", duration=2)], [Link("A", "B")]))
print(imported - began, time.perf_counter() - imported)
"""


def first_call_cost() -> tuple[float, float]:
    """Seconds of the first ``schedule`` call in a new process: empty numba cache, then warm."""
    costs = []
    with tempfile.TemporaryDirectory() as cache:
        environment = {**os.environ, "NUMBA_CACHE_DIR": cache}
        for _ in range(2):
            output = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
                [sys.executable, "-c", FIRST_CALL], env=environment, check=True,
                capture_output=True, text=True,
            ).stdout
            costs.append(float(output.split()[1]))
    return costs[0], costs[1]


def first_schedules(plan: Plan, repeat: int) -> tuple[Any, float]:
    """The best time of ``schedule`` on a new plan of the same objects, made untimed before
    each run: a plan reads its objects into columns at its first schedule."""
    best = float("inf")
    for _ in range(repeat):
        fresh = replace(plan)
        gc.collect()
        began = clock()
        value = schedule(fresh)
        best = min(best, clock() - began)
    return value, best


def gap(result: Any, expected: dict[str, np.ndarray]) -> str:
    """Largest difference between the result's ES, LF and free float and ``expected``'s."""
    worst = max(float(np.abs(getattr(result, name) - values).max())
                for name, values in expected.items())
    return f"{worst:.0e}"


def columns(result: Any) -> dict[str, np.ndarray]:
    return {name: getattr(result, name) for name in ("early_start", "late_finish", "free_float")}


def measure(shape: str, size: int, args: argparse.Namespace, folder: Path,
            per_activity: dict[str, float]) -> dict[str, Any]:
    """One row: every figure for one shape and size (``per_activity`` estimates slow ones)."""
    arrays = random_arrays(size, shape)
    path = folder / f"{shape}-{size}.json"
    write_plan_file(path, arrays)
    plan, read = timed(load_project, path)
    path.unlink()
    result, engine = timed(schedule, plan, repeat=args.repeat)
    objects = Plan(plan.name, plan.activities, list(plan.links))
    object_result, object_time = first_schedules(objects, args.repeat)
    array_result, array_time = timed(schedule_arrays, *arrays, repeat=args.repeat)
    row: dict[str, Any] = {
        "links": len(arrays[1]), "levels": topological_levels(size, arrays[1], arrays[2], []).count,
        "read": read, "schedule": engine, "objects": object_time, "arrays": array_time,
        "passes": timed(passes_alone, arrays, "compiled", repeat=args.repeat)[1],
        "checks": [f"objects {gap(object_result, columns(result))}",
                   f"arrays {gap(array_result, columns(result))}"],
    }
    slow: dict[str, Callable[[], Any]] = {
        "levelled": lambda: schedule(plan, passes="levelled"),
        "p. levelled": lambda: passes_alone(arrays, "levelled"),
        "python": lambda: networkx_cpm(objects),
    }
    for name, function in slow.items():
        row[name] = None
        if per_activity.get(name, 0.0) * size > args.budget:
            continue
        value, row[name] = timed(function)
        per_activity[name] = row[name] / size
        if name == "levelled":
            row["checks"].append(f"levelled {gap(value, columns(result))}")
        elif name == "python":
            expected = [np.array([found[i] for i in result.ids]) for found in value]
            row["checks"].append(
                f"python {gap(result, dict(zip(columns(result), expected, strict=True)))}"
            )
    return row


def print_row(size: int, row: dict[str, Any]) -> None:
    def seconds(value: float | None, width: int) -> str:
        return f"{value:{width - 1}.3f}s" if value is not None else f"{'-':>{width}}"

    def ratio(value: float, width: int) -> str:
        python = row["python"]
        return f"{python / value:{width - 1}.0f}x" if python is not None else f"{'-':>{width}}"

    print(f"{size:>10,} {row['links']:>9,} {row['levels']:>6,} {row['read']:>6.1f}s "
          f"{seconds(row['schedule'], 9)} {seconds(row['objects'], 8)} "
          f"{seconds(row['levelled'], 9)} "
          f"{seconds(row['arrays'], 8)} {seconds(row['passes'], 8)} "
          f"{seconds(row['p. levelled'], 11)} {seconds(row['python'], 8)} "
          f"{ratio(row['schedule'], 10)} {ratio(row['objects'], 9)} {ratio(row['arrays'], 8)} "
          f"{ratio(row['passes'], 8)}"
          f"  max |diff| ES/LF/FF: {', '.join(row['checks'])}", flush=True)


HEADER = (f"{'activities':>10} {'links':>9} {'levels':>6} {'read':>7} {'schedule':>9} "
          f"{'objects':>8} {'levelled':>9} {'arrays':>8} {'passes':>8} {'p. levelled':>11} "
          f"{'python':>8} {'x schedule':>10} {'x objects':>9} {'x arrays':>8} {'x passes':>8}"
          f"  agreement")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--shapes", nargs="+", choices=list(SHAPES), default=list(SHAPES))
    parser.add_argument("--repeat", type=int, default=3, help="best of this many fast runs")
    parser.add_argument("--cpu", action="store_true", help="time CPU use, not the wall clock")
    parser.add_argument(
        "--budget", type=float, default=180.0,
        help="skip a slow figure (levelled, python) when its estimate exceeds this (seconds)",
    )
    args = parser.parse_args()
    global clock
    clock = CLOCK["cpu" if args.cpu else "wall"]
    cold, warm = first_call_cost()
    print(f"first schedule() call in a new process (numba kernels): {cold:.2f} s with an empty "
          f"cache (compilation), {warm:.2f} s with the cache (loading), wall clock; not in the "
          f"figures below, which are {'CPU' if args.cpu else 'wall-clock'} seconds")
    schedule_arrays(*random_arrays(100))  # this process's first call, kept out of the timings
    with tempfile.TemporaryDirectory() as folder:
        for shape in args.shapes:
            print(f"\n{shape}\n{HEADER}\n{'-' * len(HEADER)}")
            per_activity: dict[str, float] = {}
            for size in args.sizes:
                print_row(size, measure(shape, size, args, Path(folder), per_activity))
    print()
    print("read      = load_project(path): the Jalon JSON file into a plan (Activity objects,")
    print("            links as a LinkTable of arrays, the plan's columns read)")
    print("schedule  = schedule(plan) on that plan, compiled passes: network from the columns,")
    print("            levels, forward, backward, floats, critical path (ActivityResult lazily)")
    print("objects   = the first schedule(plan) of a plan of Activity and Link objects: reading")
    print("            them into columns included")
    print("levelled  = schedule(plan, passes='levelled'): the numpy passes, steps per level")
    print("arrays    = schedule_arrays(durations, pred, succ, codes, lags), compiled passes")
    print("passes    = topological order + forward + backward on arrays (p. levelled: numpy)")
    print("python    = networkx graph + topological sort + forward/backward loops in Python")
    print("x ...     = python / that time")


if __name__ == "__main__":
    main()
