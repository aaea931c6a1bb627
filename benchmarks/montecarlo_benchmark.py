"""Benchmark: Monte Carlo simulation vectorised over iterations against a loop per iteration.

Random networks in the CPM benchmark's two shapes (about two links per activity, FS 70 %,
SS/FF/SF 10 % each, lags -2..+5 working days): **shallow**, projects of 1,000 activities with
predecessors among the 60 before (some 70 levels), and **deep**, one network with predecessors
among the 50 before (a level every dozen activities). Durations are triangular
``(0.8 d, d, 1.5 d)``, ``d`` from 1 to 20 working days.

- **compiled**: ``jalon.engine.montecarlo.run`` (sampling, forward and backward passes over
  all iterations of a block at once, criticality, sensitivity), compiled passes (the default:
  one sweep over the activities, the block's iterations in the inner loop);
- **levelled**: the same with ``passes="levelled"`` (numpy steps per topological level);
- **loop**: the straightforward reference, one iteration at a time: sample the durations, call
  ``schedule_arrays`` (itself compiled), count critical tasks. It runs on fewer iterations
  (``--reference-iterations``) and its time is extrapolated linearly to the full count (each
  iteration costs the same).

**chunked** (``--chunked``): one simulation of ``--chunk-iterations`` iterations of a
1,000-activity network in ``--chunks`` chunks (:mod:`jalon.engine.montecarlo.chunks`, as a large
simulation runs in the task queue), run by one process, then shared by two worker processes
(warmed first: their start and numba loading are kept out), then merged; both must be equal.

Compiled and levelled runs must give the same numbers; the loop runs on the durations sampled
by a short run for the agreement check (finish and criticality of the reference iterations).
The first call's numba compilation (or loading from its cache) is kept out of the figures.

Run:  .venv/bin/python benchmarks/montecarlo_benchmark.py [--sizes 1000 10000]
      [--shapes shallow deep] [--iterations 10000] [--reference-iterations 200]
      [--chunked] [--chunk-iterations 100000] [--chunks 4]
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from jalon.engine import schedule_arrays
from jalon.engine.montecarlo import (
    DurationDistribution,
    SimulationModel,
    SimulationResult,
    merge,
    run,
    split,
    stream,
)

SHAPES = {"shallow": (1_000, 60), "deep": (None, 50)}  # project size (None: one), reach back


def random_network(size: int, shape: str = "shallow", seed: int = 20240601):  # type: ignore[no-untyped-def]
    """Durations, pred, succ, link type codes and lags of a random network."""
    project, window = SHAPES[shape]
    rng = np.random.default_rng(seed)
    durations = rng.integers(1, 21, size).astype(float)
    index = np.arange(size)
    first = (index // project) * project if project else np.zeros(size, dtype=np.int64)
    preds, succs = [], []
    for _ in range(2):
        pred = index - rng.integers(1, window + 1, size)
        ok = pred >= first
        preds.append(pred[ok])
        succs.append(index[ok])
    pred, succ = np.concatenate(preds), np.concatenate(succs)
    codes = rng.choice(4, len(pred), p=[0.7, 0.1, 0.1, 0.1])
    lags = rng.integers(-2, 6, len(pred)).astype(float)
    return durations, pred, succ, codes, lags


def loop_reference(durations: np.ndarray, pred: np.ndarray, succ: np.ndarray,
                   codes: np.ndarray, lags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One ``schedule_arrays`` call per iteration; durations ``(iterations, n)``."""
    finish = np.empty(len(durations))
    critical = np.zeros(durations.shape[1])
    for i, row in enumerate(durations):
        result = schedule_arrays(row, pred, succ, codes, lags)
        finish[i] = result.finish
        critical += result.critical
    return finish, critical / len(durations)


def sample_like_loop(low: np.ndarray, mode: np.ndarray, high: np.ndarray, iterations: int,
                     seed: int) -> np.ndarray:
    """Per-iteration sampling as a loop would do it (numpy's triangular, one row at a time)."""
    rng = np.random.default_rng(seed)
    return np.array([rng.triangular(low, mode, high) for _ in range(iterations)])


def bench(size: int, shape: str, iterations: int, reference_iterations: int
          ) -> dict[str, float]:
    durations, pred, succ, codes, lags = random_network(size, shape)
    low, high = 0.8 * durations, 1.5 * durations
    dists = [DurationDistribution.triangular(a, m, b) for a, m, b in
             zip(low.tolist(), durations.tolist(), high.tolist(), strict=True)]
    t0 = time.perf_counter()
    model = SimulationModel.from_arrays(dists, pred, succ, codes, lags)
    build = time.perf_counter() - t0
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    result = run(model, iterations=iterations, seed=1)
    compiled = time.perf_counter() - t0
    cpu = time.process_time() - c0
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    stepped = run(model, iterations=iterations, seed=1, passes="levelled")
    levelled = time.perf_counter() - t0
    levelled_cpu = time.process_time() - c0
    same = (np.array_equal(result.finish.samples, stepped.finish.samples)
            and result.criticality == stepped.criticality)
    # agreement: the reference on the very durations a short run sampled
    small = run(model, iterations=reference_iterations, seed=2, keep_samples=True)
    assert small.durations is not None
    ref_finish, ref_crit = loop_reference(small.durations, pred, succ, codes, lags)
    finish_diff = float(np.abs(ref_finish - small.finish.samples).max())
    crit = np.array([small.criticality[i] for i in small.ids])
    crit_diff = float(np.abs(ref_crit - crit).max())
    # timing of the loop reference with its own per-iteration sampling
    t0 = time.perf_counter()
    sampled = sample_like_loop(low, durations, high, reference_iterations, 3)
    loop_reference(sampled, pred, succ, codes, lags)
    loop = (time.perf_counter() - t0) * iterations / reference_iterations
    return {
        "size": size, "links": len(pred), "levels": len(model.network.bounds) - 1,
        "build": build, "compiled": compiled, "cpu": cpu, "levelled": levelled,
        "levelled_cpu": levelled_cpu, "loop": loop,
        "same": same, "finish_diff": finish_diff, "crit_diff": crit_diff,
        "mean": result.finish.mean, "p90": result.finish.p90,
    }


def network_model(size: int, shape: str) -> SimulationModel:
    """The benchmark's model of a random network (the same in every process)."""
    durations, pred, succ, codes, lags = random_network(size, shape)
    dists = [DurationDistribution.triangular(a, m, b) for a, m, b in
             zip((0.8 * durations).tolist(), durations.tolist(), (1.5 * durations).tolist(),
                 strict=True)]
    return SimulationModel.from_arrays(dists, pred, succ, codes, lags)


_MODELS: dict[tuple[int, str], SimulationModel] = {}


def run_chunk(size: int, shape: str, iterations: int, index: int, count: int
              ) -> SimulationResult:
    """One chunk, in whichever process runs it (the model built once per process)."""
    model = _MODELS.get((size, shape))
    if model is None:
        model = _MODELS[(size, shape)] = network_model(size, shape)
    return run(model, iterations=split(iterations, count)[index],
               seed=stream(1, index, count))


def bench_chunked(iterations: int, count: int, size: int = 1_000) -> dict[str, float]:
    """Seconds for one process and for two worker processes to run every chunk, and whether
    the merged results are equal."""
    t0 = time.perf_counter()
    alone = merge([run_chunk(size, "shallow", iterations, index, count)
                   for index in range(count)])
    one = time.perf_counter() - t0
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        # warm both processes: interpreter, imports, numba kernels, the model
        list(pool.map(run_chunk, [size] * 2, ["shallow"] * 2, [4] * 2, [0, 1], [2] * 2))
        t0 = time.perf_counter()
        parts = list(pool.map(run_chunk, [size] * count, ["shallow"] * count,
                              [iterations] * count, range(count), [count] * count))
        shared = merge(parts)
        two = time.perf_counter() - t0
    same = (np.array_equal(alone.finish.samples, shared.finish.samples)
            and alone.criticality == shared.criticality
            and alone.sensitivity == shared.sensitivity)
    return {"one": one, "two": two, "same": same, "p90": shared.finish.p90}


FIRST_CALL = """
import time
import numpy as np
from jalon.engine.montecarlo import (
    DurationDistribution,
    SimulationModel,
    SimulationResult,
    merge,
    run,
    split,
    stream,
)
began = time.perf_counter()
model = SimulationModel.from_arrays([DurationDistribution.triangular(1, 2, 4)] * 2, [0], [1])
run(model, iterations=2, seed=0)
print(time.perf_counter() - began)
"""


def first_call_cost() -> tuple[float, float]:
    """Seconds of a first tiny simulation in a new process: empty numba cache, then warm."""
    costs = []
    with tempfile.TemporaryDirectory() as cache:
        environment = {**os.environ, "NUMBA_CACHE_DIR": cache}
        for _ in range(2):
            output = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
                [sys.executable, "-c", FIRST_CALL], env=environment, check=True,
                capture_output=True, text=True,
            ).stdout
            costs.append(float(output))
    return costs[0], costs[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--shapes", nargs="+", choices=list(SHAPES), default=list(SHAPES))
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--reference-iterations", type=int, default=200)
    parser.add_argument("--chunked", action="store_true",
                        help="only the simulation in chunks, by one and by two processes")
    parser.add_argument("--chunk-iterations", type=int, default=100_000)
    parser.add_argument("--chunks", type=int, default=4)
    args = parser.parse_args()
    if args.chunked:
        run(network_model(4, "shallow"), iterations=2, seed=0)  # numba kernels, kept out
        row = bench_chunked(args.chunk_iterations, args.chunks)
        print(f"1,000 activities, {args.chunk_iterations:,} iterations in {args.chunks} chunks: "
              f"1 process {row['one']:.2f}s, 2 processes {row['two']:.2f}s "
              f"(x{row['one'] / row['two']:.2f}), P90 {row['p90']:.1f}, results "
              f"{'identical' if row['same'] else 'DIFFERENT'}")
        return
    cold, warm = first_call_cost()
    print(f"first simulation in a new process (numba kernels): {cold:.2f} s with an empty cache "
          f"(compilation), {warm:.2f} s with the cache (loading); not in the figures below")
    run(SimulationModel.from_arrays([DurationDistribution.fixed(1.0)] * 2, [0], [1]),
        iterations=2, seed=0)  # this process's first call, kept out of the timings
    print(f"{args.iterations:,} iterations; loop reference timed on "
          f"{args.reference_iterations:,} iterations and extrapolated")
    header = (f"{'activities':>10} {'links':>7} {'levels':>6} {'build':>7} {'compiled':>9} "
              f"{'(CPU)':>7} {'levelled':>9} {'(CPU)':>7} {'loop (extrap.)':>15} {'x loop':>7} "
              f"{'x levelled':>10} {'mean':>8} {'P90':>8}  agreement")
    for shape in args.shapes:
        print(f"\n{shape}\n{header}\n{'-' * len(header)}")
        for size in args.sizes:
            row = bench(size, shape, args.iterations, args.reference_iterations)
            print(f"{row['size']:>10,} {row['links']:>7,} {row['levels']:>6,} "
                  f"{row['build']:>6.2f}s {row['compiled']:>8.2f}s {row['cpu']:>6.2f}s "
                  f"{row['levelled']:>8.2f}s {row['levelled_cpu']:>6.2f}s {row['loop']:>14.1f}s "
                  f"{row['loop'] / row['compiled']:>6.1f}x "
                  f"{row['levelled'] / row['compiled']:>9.1f}x {row['mean']:>8.1f} "
                  f"{row['p90']:>8.1f}  levelled {'identical' if row['same'] else 'DIFFERENT'}, "
                  f"loop max |diff| finish {row['finish_diff']:.1e}, "
                  f"criticality {row['crit_diff']:.1e}", flush=True)


if __name__ == "__main__":
    main()
