"""Monte Carlo simulation of a plan's finish and cost, vectorised over iterations.

Iterations run in blocks of a few hundred to a few thousand: for each block, uniform numbers
(plain or Latin hypercube, optionally reordered by Iman-Conover) go through each task's
quantile function, risk events are drawn and added, and one forward and one backward pass
schedule every iteration of the block at once: a compiled sweep over the activities in
topological order (:mod:`jalon.engine.montecarlo.sweep`), or numpy steps per topological level
(:mod:`jalon.engine.montecarlo.passes`). Only per-iteration outcomes and per-task counters are
kept, so memory stays bounded whatever the number of iterations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import numpy as np
import numpy.typing as npt
from scipy.stats import rankdata

from jalon.engine import messages as m
from jalon.engine.cpm import CRITICAL_TOLERANCE
from jalon.engine.model import Plan
from jalon.engine.montecarlo import passes as levelled
from jalon.engine.montecarlo import sweep
from jalon.engine.montecarlo.correlation import iman_conover
from jalon.engine.montecarlo.distributions import DurationDistribution, quantiles
from jalon.engine.montecarlo.model import SimulationModel, build_model
from jalon.engine.montecarlo.results import OutcomeDistribution, SimulationResult
from jalon.engine.montecarlo.risks import RiskEvent, TaskCost
from jalon.engine.montecarlo.sampling import uniform_block
from jalon.engine.passes import Passes
from jalon.errors import JalonError, ValidationFailed

__all__ = ["SimulationCancelled", "run", "simulate"]

Seed = int | np.random.Generator
ProgressCallback = Callable[[int, int], bool | None]


class SimulationCancelled(JalonError):
    """The progress callback returned ``False``: the simulation stopped before its end."""

    code = "cancelled"

    def __init__(self, done: int, total: int) -> None:
        super().__init__(m.CANCELLED(done=done, total=total))
        self.done = done
        self.total = total

_BLOCK_CELLS = 1 << 19  # activities x iterations per block: 4 MB per float64 array
_CACHE_CELLS = 1 << 15
_QUANT = 65535.0


def block_size(activities: int, iterations: int) -> int:
    """Iterations per block: about half a million cells, at least 64, at most all of them."""
    return max(1, min(iterations, max(64, _BLOCK_CELLS // max(activities, 1))))


def simulate(
    plan: Plan,
    *,
    iterations: int = 10_000,
    seed: Seed,
    distributions: Mapping[str, DurationDistribution] | None = None,
    risks: Iterable[RiskEvent] = (),
    correlations: Iterable[tuple[str, str, float]] = (),
    costs: Mapping[str, TaskCost] | None = None,
    lhs: bool = False,
    keep_samples: bool = False,
    progress: ProgressCallback | None = None,
    retained_logic: bool = True,
) -> SimulationResult:
    """Simulate the finish and cost of what remains of a plan at its status date.

    Parameters
    ----------
    plan : Plan
        The plan, scheduled as :func:`jalon.engine.schedule` schedules it (see
        :func:`jalon.engine.montecarlo.build_model`).
    iterations : int
        Number of iterations (>= 2).
    seed : int or numpy.random.Generator
        The only source of randomness: the same seed gives the same result.
    distributions, risks, correlations, costs
        See :func:`jalon.engine.montecarlo.build_model`. By default, a task with a three-point
        estimate is triangular, any other keeps its duration.
    lhs : bool
        Latin hypercube sampling of the durations (each block of iterations is a hypercube).
    keep_samples : bool
        Keep the sampled durations (``iterations x tasks`` floats) in the result.
    progress : callable or None
        Called as ``progress(done, total)`` after each block of iterations. When it returns
        ``False`` (not merely a falsy ``None``), the run stops and raises
        :class:`SimulationCancelled`; it may also raise an exception of its own.
    retained_logic : bool
        Retained logic (the default) or progress override, as :func:`jalon.engine.schedule`.

    Returns
    -------
    SimulationResult
        Finish in working days from the start (dates through ``result.timeline``), cost,
        criticality and sensitivity per task; the deterministic finish is the schedule's.
    """
    model = build_model(plan, distributions=distributions, risks=risks,
                        correlations=correlations, costs=costs, retained_logic=retained_logic)
    return run(model, iterations=iterations, seed=seed, lhs=lhs, keep_samples=keep_samples,
               progress=progress)


def run(
    model: SimulationModel,
    *,
    iterations: int,
    seed: Seed,
    lhs: bool = False,
    keep_samples: bool = False,
    progress: ProgressCallback | None = None,
    sensitivity: bool = True,
    passes: Passes = "compiled",
) -> SimulationResult:
    """Run a prepared model (build it once with :func:`build_model`, run it many times).

    ``sensitivity=False`` skips the rank correlations (it saves keeping two bytes per task and
    iteration). ``passes`` chooses the implementation of the passes: one compiled sweep over
    the activities (the default) or numpy steps per topological level (kept to check the
    first against); the results are the same. Plans with elapsed lags or task calendars always
    take the second, as in the CPM. Other parameters as :func:`simulate`.
    """
    if isinstance(iterations, bool) or not isinstance(iterations, int) or iterations < 2:
        raise ValidationFailed(m.ITERATIONS(value=repr(iterations)), field="iterations")
    if model.size == 0:
        raise ValidationFailed(m.NOTHING_TO_SIMULATE(), field="tasks")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    compiled = passes == "compiled" and model.network.calendars is None
    implementation = sweep if compiled else levelled
    forward_many, backward_many = implementation.forward_many, implementation.backward_many
    size = model.size
    random_count = len(model.random_positions)
    risk_count = len(model.risk_ids)
    finish = np.empty(iterations)
    cost = np.empty(iterations) if model.has_costs else None
    critical_count = np.zeros(size, dtype=np.int64)
    # complete work has no float to lose: never critical, as in the CPM
    open_work = (np.ones(size, bool) if model.network.progress is None
                 else ~model.network.progress.complete)
    quantised = np.empty((random_count, iterations), dtype=np.uint16) if sensitivity else None
    occurred = np.empty((risk_count, iterations), dtype=bool)
    kept = np.empty((iterations, size)) if keep_samples else None
    step = block_size(size, iterations)
    buffers: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for first in range(0, iterations, step):
        count = min(step, iterations - first)
        if count not in buffers:  # work arrays reused from block to block
            buffers[count] = (np.empty((size, count)), np.empty((2 * size, count)),
                              np.empty((2 * size, count)))
        duration, times, late = buffers[count]
        u, occurs = _sample(model, rng, lhs, duration)
        forward_many(model.network, duration, out=times)
        early_finish = times[size:]
        total = early_finish.max(axis=0)
        late_finish = backward_many(model.network, duration, total, out=late)
        late_finish -= early_finish
        critical_count += np.count_nonzero(late_finish <= CRITICAL_TOLERANCE, axis=1) * open_work
        finish[first : first + count] = total
        if cost is not None:
            cost[first : first + count] = _cost(model, duration, occurs)
        if quantised is not None:
            u *= _QUANT
            quantised[:, first : first + count] = u  # truncated: 16-bit ranks are plenty
        occurred[:, first : first + count] = occurs
        if kept is not None:
            kept[first : first + count] = duration[model.position].T
        if progress is not None and progress(first + count, iterations) is False:
            raise SimulationCancelled(first + count, iterations)

    ranks = _centred_ranks(finish)
    names = model.ids
    node_at = np.empty(size, dtype=np.int64)
    node_at[model.position] = np.arange(size)
    sens = np.zeros(size)
    if quantised is not None and random_count:
        sens[node_at[model.random_positions]] = _correlations(quantised, ranks)
    return SimulationResult(
        iterations=iterations,
        ids=list(names),
        finish=OutcomeDistribution(finish, model.deterministic_finish),
        cost=None if cost is None else OutcomeDistribution(
            cost, float(_cost(model, model.planned.reshape(-1, 1),
                              np.zeros((risk_count, 1), dtype=bool))[0])),
        criticality=dict(zip(names, (critical_count[model.position] / iterations).tolist(),
                             strict=True)),
        sensitivity=dict(zip(names, sens.tolist(), strict=True)),
        risk_occurrence=dict(zip(model.risk_ids, occurred.mean(axis=1).tolist(), strict=True)),
        risk_sensitivity=dict(zip(model.risk_ids, _correlations(occurred, ranks).tolist(),
                                  strict=True)),
        durations=kept,
        timeline=model.timeline,
        deterministic_finish_date=model.deterministic_date,
    )


def _sample(model: SimulationModel, rng: np.random.Generator, lhs: bool, duration: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    """Fill ``duration`` ``(n, count)`` (position order) with the remaining durations; return
    the uniforms and risks drawn."""
    count = duration.shape[1]
    u = uniform_block(rng, len(model.random_positions), count, lhs=lhs, dtype=np.float32)
    if model.correlated is not None:
        rows, target = model.correlated
        u[rows] = iman_conover(u[rows], target, rng)
    if len(model.random_positions) < model.size:
        duration[...] = model.base.reshape(-1, 1)
    for kind, rows, params in model.kinds:
        targets = model.random_positions[rows]
        # a few hundred thousand cells at a time, so that the temporaries stay in cache
        step = max(1, _CACHE_CELLS // max(count, 1))
        for first in range(0, len(rows), step):
            part = slice(first, first + step)
            duration[targets[part]] = quantiles(kind, params[:, part], u[rows[part]])
    if model.started_rows is not None:  # what is left of a started task's sampled duration
        rows, share = model.started_rows
        sampled = duration[model.random_positions[rows]]
        duration[model.random_positions[rows]] = sampled - sampled * share
    occurs = rng.random((len(model.risk_ids), count)) < model.risk_probability.reshape(-1, 1)
    pair_risk, pair_pos, delay, fraction = model.risk_pairs
    if pair_risk.size:
        # percentages apply to the sampled (remaining) duration before any risk event
        extra = occurs[pair_risk] * (delay.reshape(-1, 1)
                                     + fraction.reshape(-1, 1) * duration[pair_pos])
        np.add.at(duration, pair_pos, extra)
        np.maximum(duration, 0.0, out=duration)
    return u, occurs


def _cost(model: SimulationModel, duration: np.ndarray, occurs: np.ndarray) -> np.ndarray:
    """Project cost of each iteration: fixed + rate x duration per task, plus risk costs."""
    total = np.zeros(duration.shape[1])
    if model.fixed_cost is not None and model.rate is not None:
        total += model.fixed_cost.sum() + model.rate @ duration
    if occurs.size:
        total += model.risk_cost @ occurs
    return total


def _centred_ranks(values: np.ndarray) -> npt.NDArray[np.float64]:
    ranks: npt.NDArray[np.float64] = rankdata(values)  # "average" ranks are floats
    return ranks - float(ranks.mean())


def _correlations(rows: np.ndarray, centred_ranks: np.ndarray) -> np.ndarray:
    """Pearson correlation of each row with the centred finish ranks.

    The rows hold each task's uniform number ``u`` (quantised), a strictly increasing function
    of its duration's CDF, so this estimates Spearman's rho of the duration with the finish
    without sorting every task's samples.
    """
    out = np.zeros(rows.shape[0])
    spread = float(np.sqrt(np.dot(centred_ranks, centred_ranks)))
    if spread == 0 or rows.shape[0] == 0:
        return out
    for first in range(0, rows.shape[0], 256):
        block = rows[first : first + 256].astype(np.float64)
        block -= block.mean(axis=1, keepdims=True)
        norms = np.sqrt(np.einsum("ij,ij->i", block, block))
        dots = block @ centred_ranks
        out[first : first + 256] = np.divide(dots, norms * spread, out=np.zeros_like(dots),
                                             where=norms > 0)
    return out
