"""Benchmark: Monte Carlo simulation vectorised over iterations against a loop per iteration.

Random networks (the CPM benchmark's generator: projects of 1,000 activities, about two links
per activity among the 60 before it, FS 70 %, SS/FF/SF 10 % each, lags -2..+5 working days)
with triangular durations ``(0.8 d, d, 1.5 d)``, ``d`` from 1 to 20 working days.

- **vectorised**: ``jalon.engine.montecarlo.run`` (sampling, forward and backward passes over
  all iterations of a block at once, criticality, sensitivity);
- **loop**: the straightforward reference, one iteration at a time: sample the durations, call
  ``schedule_arrays`` (itself vectorised over activities), count critical tasks. It runs on
  fewer iterations (``--reference-iterations``) and its time is extrapolated linearly to the
  full count (each iteration costs the same).

Both are run on the same sampled durations for the agreement check (finish and criticality
of the reference iterations).

Run:  .venv/bin/python benchmarks/montecarlo_benchmark.py [--sizes 1000 10000]
      [--iterations 10000] [--reference-iterations 200]
"""

from __future__ import annotations

import argparse
import gc
import time

import numpy as np

from jalon.engine import schedule_arrays
from jalon.engine.montecarlo import DurationDistribution, SimulationModel, run

PROJECT_SIZE = 1_000
WINDOW = 60


def random_network(size: int, seed: int = 20240601):  # type: ignore[no-untyped-def]
    """Durations, pred, succ, link type codes and lags of a random portfolio."""
    rng = np.random.default_rng(seed)
    durations = rng.integers(1, 21, size).astype(float)
    index = np.arange(size)
    first = (index // PROJECT_SIZE) * PROJECT_SIZE
    preds, succs = [], []
    for _ in range(2):
        pred = index - rng.integers(1, WINDOW + 1, size)
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


def bench(size: int, iterations: int, reference_iterations: int) -> dict[str, float]:
    durations, pred, succ, codes, lags = random_network(size)
    low, high = 0.8 * durations, 1.5 * durations
    dists = [DurationDistribution.triangular(a, m, b) for a, m, b in
             zip(low.tolist(), durations.tolist(), high.tolist(), strict=True)]
    t0 = time.perf_counter()
    model = SimulationModel.from_arrays(dists, pred, succ, codes, lags)
    build = time.perf_counter() - t0
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    result = run(model, iterations=iterations, seed=1)
    vectorised = time.perf_counter() - t0
    cpu = time.process_time() - c0
    # agreement: the reference on the very durations the vectorised run sampled
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
        "size": size, "links": len(pred), "build": build, "vectorised": vectorised, "cpu": cpu,
        "loop": loop, "finish_diff": finish_diff, "crit_diff": crit_diff,
        "mean": result.finish.mean, "p90": result.finish.p90,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--reference-iterations", type=int, default=200)
    args = parser.parse_args()
    print(f"{args.iterations:,} iterations; loop reference timed on "
          f"{args.reference_iterations:,} iterations and extrapolated")
    header = (f"{'activities':>10} {'links':>7} {'build':>7} {'vectorised':>11} "
              f"{'(CPU)':>7} {'loop (extrap.)':>15} {'speed-up':>9} {'mean':>8} {'P90':>8}  agreement")
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        row = bench(size, args.iterations, args.reference_iterations)
        print(f"{row['size']:>10,} {row['links']:>7,} {row['build']:>6.2f}s "
              f"{row['vectorised']:>10.2f}s {row['cpu']:>6.2f}s {row['loop']:>14.1f}s "
              f"{row['loop'] / row['vectorised']:>8.1f}x {row['mean']:>8.1f} {row['p90']:>8.1f}"
              f"  max |diff| finish {row['finish_diff']:.1e}, criticality {row['crit_diff']:.1e}")


if __name__ == "__main__":
    main()
