"""A large simulation in chunks of iterations that run anywhere, in any order, then merge.

A simulation of ``N`` iterations in ``k`` chunks (:func:`split`) gives chunk ``i`` its own random
stream, the ``i``-th child of ``numpy.random.SeedSequence(seed).spawn(k)`` (:func:`stream`):
the streams are independent, and each depends only on the seed, ``k`` and ``i``. So several
workers can run the chunks side by side, and :func:`merge` gives the same result, array for
array, as one process running them one after the other (:func:`run_in_chunks`). One chunk draws
from ``numpy.random.default_rng(seed)``, as :func:`jalon.engine.montecarlo.run` does: an
unsplit simulation keeps the figures it always had.

What merges how:

- the finish and cost samples are put end to end in chunk order: the percentiles, histograms
  and S-curves are those of all the iterations;
- criticality and risk occurrence are shares of the iterations: the chunks' counts are added;
- the sensitivities are Spearman rank correlations, which need the ranks of every iteration at
  once: each chunk's own, weighted by its number of iterations. With chunks of thousands of
  iterations, the estimate is as good; whichever process ran which chunk, it is the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from jalon.engine import messages as m
from jalon.engine.montecarlo.model import SimulationModel
from jalon.engine.montecarlo.results import OutcomeDistribution, SimulationResult
from jalon.engine.montecarlo.simulation import ProgressCallback, run
from jalon.errors import ValidationFailed

__all__ = ["chunk_count", "merge", "run_in_chunks", "split", "stream"]


def chunk_count(iterations: int, largest: int) -> int:
    """How many chunks a simulation of ``iterations`` needs so that none has more than
    ``largest`` iterations (one when ``largest`` is 0: never split); never so many that a chunk
    would have fewer than two."""
    if largest <= 0 or iterations <= largest:
        return 1
    return min(-(-iterations // largest), iterations // 2)


def split(iterations: int, count: int) -> list[int]:
    """The iterations of each of ``count`` chunks: as even as can be, the larger ones first."""
    if count < 1 or iterations < 2 * count:
        raise ValidationFailed(m.ITERATIONS(value=repr(iterations)), field="iterations")
    size, extra = divmod(iterations, count)
    return [size + 1 if index < extra else size for index in range(count)]


def stream(seed: int, index: int, count: int) -> np.random.Generator:
    """The random numbers of chunk ``index`` of ``count`` for ``seed``."""
    if count == 1:
        return np.random.default_rng(seed)
    child = np.random.SeedSequence(seed).spawn(count)[index]
    return np.random.Generator(np.random.PCG64(child))


def run_in_chunks(model: SimulationModel, *, iterations: int, seed: int, count: int,
                  progress: ProgressCallback | None = None) -> SimulationResult:
    """Run ``model`` for ``iterations`` in ``count`` chunks one after the other, and merge them:
    the result of any other process running the same chunks (:func:`split`, :func:`stream`).

    ``progress(done, total)`` is called after each chunk, with iterations; other parameters as
    :func:`jalon.engine.montecarlo.run`.
    """
    sizes = split(iterations, count)
    parts = []
    done = 0
    for index, size in enumerate(sizes):
        parts.append(run(model, iterations=size, seed=stream(seed, index, count)))
        done += size
        if progress is not None:
            progress(done, iterations)
    return merge(parts)


def merge(parts: Sequence[SimulationResult]) -> SimulationResult:
    """One result from the results of a simulation's chunks, in chunk order (see the module).

    The chunks are of one model: the same tasks, risks and deterministic figures; the timeline
    and the deterministic finish date are the first chunk's.
    """
    if not parts:
        raise ValidationFailed(m.ITERATIONS(value="0"), field="iterations")
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    total = sum(part.iterations for part in parts)
    weights = [part.iterations for part in parts]
    cost = None
    if first.cost is not None:
        cost = OutcomeDistribution(
            np.concatenate([part.cost.samples for part in parts if part.cost is not None]),
            first.cost.deterministic)
    kept = [part.durations for part in parts]
    return SimulationResult(
        iterations=total,
        ids=list(first.ids),
        finish=OutcomeDistribution(np.concatenate([part.finish.samples for part in parts]),
                                   first.finish.deterministic),
        cost=cost,
        criticality=_shares([part.criticality for part in parts], weights, total),
        sensitivity=_weighted([part.sensitivity for part in parts], weights, total),
        risk_occurrence=_shares([part.risk_occurrence for part in parts], weights, total),
        risk_sensitivity=_weighted([part.risk_sensitivity for part in parts], weights, total),
        durations=(None if any(k is None for k in kept)
                   else np.concatenate([k for k in kept if k is not None])),
        timeline=first.timeline,
        deterministic_finish_date=first.deterministic_finish_date,
    )


def _shares(values: Sequence[Mapping[str, float]], weights: Sequence[int], total: int
            ) -> dict[str, float]:
    """Shares of iterations: each chunk's count (its share x its iterations, an integer but for
    rounding) added up, over all the iterations, as one run would count them."""
    return {key: sum(round(shares[key] * weight) for shares, weight in
                     zip(values, weights, strict=True)) / total
            for key in values[0]}


def _weighted(values: Sequence[Mapping[str, float]], weights: Sequence[int], total: int
              ) -> dict[str, float]:
    return {key: sum(row[key] * weight for row, weight in zip(values, weights, strict=True))
            / total for key in values[0]}
