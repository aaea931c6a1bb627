"""Resource levelling on PSPLIB, side by side with the published figures.

Four parts (``--parts``, default all):

- ``schemes``: one schedule generation on j120 instances, the numpy reference
  (:mod:`jalon.engine.levelling.sgs`) against the compiled kernels (same schedules, checked).
- ``j30``: the optimal method (heuristic warm start + CP-SAT) on the j30 instances with a
  per-instance time limit: how many are proven optimal, how many within 1 s, median time.
- ``sample``: the optimal method on a fixed random sample of j60/j90/j120 (seeded; the whole
  set when ``--sample-size`` is at least its size): proven optima and deviation from the best
  known makespan (``bks.csv``).
- ``heuristic``: the heuristic at N schedules per instance on j120 (a fixed random sample, every
  K-th instance with ``--heuristic-stride K``, all 600 with ``--heuristic-stride 1``): average
  deviation from the critical-path bound, time per instance and per schedule.

``--results FILE`` keeps each optimal-method result in a CSV as it is found; a later run with
the same file, limit, workers and search revision (``SEARCH_REVISION``) takes those instances
from it, so the full sets (hours at 60 s per instance) can be measured in several sittings;
``--sample-order random`` with ``--budget`` makes a run cut short a random subset of a set.
``benchmarks/results/psplib-optimal.csv`` holds the runs reported in ``docs/benchmarks.md``.

Data: ``$JALON_SHARED_DATA`` or ``<repo>/../shared/data``. Run from the repository root::

    .venv/bin/python benchmarks/levelling_benchmark.py --j30-limit 10 --sample-size 20 \\
        --sample-limit 10 --heuristic-stride 1 --heuristic-schedules 5000
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from jalon.engine.levelling import Instance, LevellingProblem, Resource, compile_problem, level
from jalon.engine.levelling.heuristic import activity_list, priority_values, solve_heuristic
from jalon.engine.levelling.kernels import CompiledProfile
from jalon.engine.levelling.sgs import Profile, justify, parallel_sgs, serial_sgs
from jalon.engine.levelling.solve import SEARCH_REVISION
from jalon.io.psplib import read_psplib

REPO = Path(__file__).resolve().parents[1]
PUBLISHED = """\
Published (data/README.md):
  CP-SAT, 8 workers, 900 s: j30 480/480 proven optimal (median 0.02 s); j60 435/480,
    j90 401/480, j120 291/600 proven optimal; j120 average deviation from best known 1.47 %.
  Heuristics on j120 at 5,000 schedules, deviation from the critical-path bound:
    32.2 % (Debels & Vanhoucke 2007), 38.5 % (Hartmann GA 1998), 43.1 % (priority rules,
    Kolisch 1995); best known solutions are 28.96 % above that bound on average."""


def data_dir() -> Path:
    return Path(os.environ.get("JALON_SHARED_DATA", REPO.parent / "shared" / "data"))


def best_known() -> dict[str, dict[str, int]]:
    with (data_dir() / "psplib" / "bks.csv").open(encoding="utf-8") as handle:
        return {row["instance"]: {k: int(row[k]) for k in ("lower_bound", "best_known",
                                                           "cpm_bound")}
                for row in csv.DictReader(handle)}


def instances(group: str) -> list[Path]:
    def key(path: Path) -> tuple[int, int]:
        parameter, number = path.stem[len(group):].split("_")
        return int(parameter), int(number)

    return sorted((data_dir() / "psplib" / group).glob("*.sm"), key=key)


def problem_of(path: Path) -> LevellingProblem:
    instance = read_psplib(path)
    return LevellingProblem(instance.plan,
                            [Resource(r, c) for r, c in instance.capacities.items()],
                            instance.demands)


RESULT_FIELDS = ("name", "revision", "limit", "workers", "makespan", "status", "bound", "time",
                 "best")


def recorded(results: Path | None, limit: float, workers: int) -> dict[str, dict]:
    """Rows already in the results file for this time limit, worker count and revision of the
    search (:data:`jalon.engine.levelling.solve.SEARCH_REVISION`), by instance."""
    if results is None or not results.exists():
        return {}
    with results.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle)
                if float(row["limit"]) == limit and int(row["workers"]) == workers
                and int(row["revision"]) == SEARCH_REVISION]
    return {row["name"]: {"name": row["name"], "makespan": int(row["makespan"]),
                          "status": row["status"], "bound": int(row["bound"]),
                          "time": float(row["time"]), "best": int(row["best"])}
            for row in rows}


def record(results: Path | None, row: dict, limit: float, workers: int) -> None:
    if results is None:
        return
    new = not results.exists()
    with results.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, RESULT_FIELDS)
        if new:
            writer.writeheader()
        writer.writerow({**{k: row[k] for k in RESULT_FIELDS if k in row},
                         "revision": SEARCH_REVISION, "limit": limit, "workers": workers,
                         "time": f"{row['time']:.3f}"})


def run_optimal(paths: list[Path], limit: float, workers: int, bks: dict,
                results: Path | None = None, budget: float | None = None) -> list[dict]:
    """Solve each instance, or take its row from ``results`` when a run already recorded it.
    After ``budget`` seconds no new instance is started: the rows are those done so far."""
    done = recorded(results, limit, workers)
    rows = []
    deadline = None if budget is None else time.perf_counter() + budget
    for k, path in enumerate(paths, 1):
        if path.stem in done:
            row = done[path.stem]
        elif deadline is not None and time.perf_counter() > deadline:
            continue
        else:
            began = time.perf_counter()
            result = level(problem_of(path), method="optimal", time_limit=limit,
                           workers=workers)
            row = {"name": path.stem, "makespan": result.makespan, "status": result.status,
                   "bound": result.lower_bound, "time": time.perf_counter() - began,
                   "best": bks[path.stem]["best_known"]}
            record(results, row, limit, workers)
        row["deviation"] = 100.0 * (row["makespan"] - row["best"]) / row["best"]
        rows.append(row)
        print(f"  [{k}/{len(paths)}] {path.stem}: {row['makespan']} ({row['status']}, bound "
              f"{row['bound']}, best known {row['best']}) {row['time']:.2f} s"
              f"{' (recorded)' if path.stem in done else ''}", file=sys.stderr)
    return rows


def report_optimal(group: str, rows: list[dict], total: int, limit: float) -> None:
    proven = sum(r["status"] == "optimal" for r in rows)
    fast = sum(r["status"] == "optimal" and r["time"] <= 1.0 for r in rows)
    at_best = sum(r["makespan"] <= r["best"] for r in rows)
    times = [r["time"] for r in rows]
    print(f"{group}: {len(rows)} of {total} instances, {limit:g} s each")
    print(f"  proven optimal {proven}/{len(rows)}, of which within 1 s {fast}; "
          f"at the best known makespan {at_best}/{len(rows)}")
    deviations = [r["deviation"] for r in rows]
    print(f"  deviation from best known: mean {statistics.fmean(deviations):.2f}"
          f" %, max {max(deviations):.2f} %")
    if 1 < len(rows) < total:
        # for a random subset (--sample-order random): the set's mean lies within this
        # half-width with 95 % confidence (normal approximation, finite population correction)
        spread = statistics.stdev(deviations) / len(rows) ** 0.5
        margin = 1.96 * spread * ((total - len(rows)) / (total - 1)) ** 0.5
        print(f"  if these are a random subset of the {total}: the set's mean deviation is "
              f"{statistics.fmean(deviations):.2f} ± {margin:.2f} % (95 % confidence)")
    print(f"  time per instance (warm start + search): median {statistics.median(times):.2f} s,"
          f" mean {statistics.fmean(times):.2f} s, max {max(times):.2f} s")


def time_call(call: Callable[[], object], repeat: int) -> float:
    """Seconds per call, best of three runs of ``repeat`` calls."""
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        for _ in range(repeat):
            call()
        best = min(best, (time.perf_counter() - began) / repeat)
    return best


SCHEME_COLUMNS = ("serial SGS", "parallel SGS", "justification", "activity list")


def time_schemes(instance: Instance) -> dict[str, tuple[float, float]]:
    """Seconds per call, reference and compiled, after checking they give the same result."""
    profile, fast = Profile(instance), CompiledProfile(instance)
    values = priority_values(instance, "lft")
    uniforms = np.random.default_rng(0).random(instance.size)
    order = activity_list(instance, values, uniforms)
    array = np.array(order)
    starts = serial_sgs(instance, order, profile)
    assert fast.serial(array).tolist() == starts.tolist()
    assert fast.parallel(array).tolist() == parallel_sgs(instance, order, profile).tolist()
    assert fast.justify(starts).tolist() == justify(instance, starts, profile).tolist()
    assert fast.activity_list(values, uniforms).tolist() == order
    calls = {
        "serial SGS": (lambda: serial_sgs(instance, order, profile),
                       lambda: fast.serial(array)),
        "parallel SGS": (lambda: parallel_sgs(instance, order, profile),
                         lambda: fast.parallel(array)),
        "justification": (lambda: justify(instance, starts, profile),
                          lambda: fast.justify(starts)),
        "activity list": (lambda: activity_list(instance, values, uniforms),
                          lambda: fast.activity_list(values, uniforms)),
    }
    return {column: (time_call(slow, 5), time_call(quick, 200))
            for column, (slow, quick) in calls.items()}


def run_schemes(stride: int) -> None:
    paths = instances("j120")[::stride]
    timings = [time_schemes(compile_problem(problem_of(path))) for path in paths]
    print(f"j120 schedule generation, {len(paths)} instances (every {stride}th), ms per call "
          "(justification = 2 schedules); same schedules checked")
    print(f"  {'':14}{'numpy reference':>17}{'compiled':>10}{'speed-up':>10}")
    for column in SCHEME_COLUMNS:
        slow = 1000 * statistics.fmean(t[column][0] for t in timings)
        quick = 1000 * statistics.fmean(t[column][1] for t in timings)
        print(f"  {column:14}{slow:17.3f}{quick:10.4f}{slow / quick:9.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", default="schemes,j30,sample,heuristic")
    parser.add_argument("--schemes-stride", type=int, default=60,
                        help="every K-th j120 instance for the schemes part")
    parser.add_argument("--j30-limit", type=float, default=10.0, help="seconds per j30 instance")
    parser.add_argument("--j30-count", type=int, default=480, help="first N j30 instances")
    parser.add_argument("--sample-sets", default="j60,j90,j120")
    parser.add_argument("--sample-size", type=int, default=20)
    parser.add_argument("--sample-limit", type=float, default=10.0)
    parser.add_argument("--heuristic-size", type=int, default=10,
                        help="random sample of j120 instances (unless --heuristic-stride)")
    parser.add_argument("--heuristic-stride", type=int, default=0,
                        help="every K-th j120 instance (1 = all 600)")
    parser.add_argument("--heuristic-schedules", type=int, default=5000)
    parser.add_argument("--heuristic-search", default="genetic", help="genetic or sampling")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers")
    parser.add_argument("--seed", type=int, default=2024, help="seed of the fixed samples")
    parser.add_argument("--sample-order", choices=("file", "random"), default="file",
                        help="solve the sample in file order or in a seeded random order (a "
                             "run stopped early is then a random subset of it)")
    parser.add_argument("--budget", type=float,
                        help="minutes per set of the sample part after which no new instance "
                             "is started; the report covers those solved (and recorded)")
    parser.add_argument("--results", type=Path,
                        help="CSV of per-instance results of the optimal method: each solved "
                             "instance is appended, instances already there (same limit and "
                             "workers) are taken from it, so a long run can stop and resume")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    bks = best_known()
    print(f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"numpy {np.__version__}")
    print(" ".join(["Command:", "python", *sys.argv]))
    print(PUBLISHED)
    print()
    if "schemes" in parts:
        run_schemes(args.schemes_stride)
        print()
    if "j30" in parts:
        paths = instances("j30")
        chosen = paths[:args.j30_count]
        rows = run_optimal(chosen, args.j30_limit, args.workers, bks, args.results)
        report_optimal("j30 (optimal method)", rows, len(paths), args.j30_limit)
        print()
    rng = np.random.default_rng(args.seed)
    if "sample" in parts:
        for group in args.sample_sets.split(","):
            paths = instances(group)
            picks = sorted(rng.choice(len(paths), size=min(args.sample_size, len(paths)),
                                      replace=False).tolist())
            chosen = [paths[k] for k in picks]
            if len(chosen) < len(paths):
                print(f"{group} sample: {' '.join(p.stem for p in chosen)}")
            if args.sample_order == "random":
                chosen = [chosen[k] for k in
                          np.random.default_rng(args.seed + 2).permutation(len(chosen))]
            rows = run_optimal(chosen, args.sample_limit, args.workers, bks, args.results,
                               None if args.budget is None else 60 * args.budget)
            report_optimal(f"{group} (optimal method)", rows, len(paths), args.sample_limit)
            print()
    if "heuristic" in parts:
        paths = instances("j120")
        if args.heuristic_stride > 0:
            picks = list(range(0, len(paths), args.heuristic_stride))
            chosen = f"every {args.heuristic_stride}th" if args.heuristic_stride > 1 else "all"
        else:
            picks = sorted(np.random.default_rng(args.seed + 1).choice(
                len(paths), size=min(args.heuristic_size, len(paths)), replace=False).tolist())
            chosen = "random sample: " + " ".join(paths[k].stem for k in picks)
        solve_heuristic(compile_problem(problem_of(paths[0])), schedules=10)  # load the kernels
        deviations, best_deviations, times, counts = [], [], [], []
        for path in (paths[k] for k in picks):
            instance = compile_problem(problem_of(path))
            began = time.perf_counter()
            run = solve_heuristic(instance, schedules=args.heuristic_schedules, seed=0,
                                  search=args.heuristic_search)
            times.append(time.perf_counter() - began)
            counts.append(run.schedules)
            cpm = bks[path.stem]["cpm_bound"]
            deviations.append(100.0 * (run.makespan - cpm) / cpm)
            best_deviations.append(100.0 * (bks[path.stem]["best_known"] - cpm) / cpm)
            print(f"  {path.stem}: {run.makespan} (critical path {cpm}, best known "
                  f"{bks[path.stem]['best_known']}) {times[-1]:.2f} s", file=sys.stderr)
        print(f"j120 heuristic ({args.heuristic_search}), {args.heuristic_schedules} schedules, "
              f"{len(picks)} of {len(paths)} instances ({chosen})")
        print(f"  deviation from the critical-path bound: {statistics.fmean(deviations):.2f} % "
              f"(best known on the same instances: {statistics.fmean(best_deviations):.2f} %)")
        print(f"  time per instance: mean {statistics.fmean(times):.3f} s, max "
              f"{max(times):.3f} s; per schedule (all time / all schedules): "
              f"{1000 * sum(times) / sum(counts):.4f} ms; {sum(counts)} schedules in all "
              f"(an instance stops at its critical-path bound)")


if __name__ == "__main__":
    main()
