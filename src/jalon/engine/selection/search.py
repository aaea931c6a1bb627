"""The search for the best selection: HiGHS on the whole 0-1 programme, with a genetic
algorithm beside it on plain knapsacks, and a genetic algorithm and a local search on the
model's rows beside it on everything else.

HiGHS always solves the whole programme: its bound is the bound of the whole problem and
its proof the only source of the status ``optimal``. When the problem is a plain
multidimensional knapsack (:func:`.genetic.as_knapsack`: no start windows, no rule but the
limits), Chu and Beasley's genetic algorithm runs at the same time in a second thread (both
release the GIL, so they share two cores) and the better of the two selections is kept.
Measured on OR-Library's mknapcb sets at 10 s (``benchmarks/portfolio_benchmark.py``,
``docs/benchmarks.md``): 0.00-0.08 % from the best known values per set, where HiGHS alone
is at 0.05-0.45 % and CP-SAT alone at 0.02-0.49 %. Also measured and not kept: CP-SAT alone
or hinted after HiGHS, HiGHS on a core problem around the LP's split (on the knapsacks and
on the portfolio-shaped case).

Any other problem (start windows, rules) gets two heuristics beside HiGHS
(:class:`Heuristics`): the local search of :mod:`.local_search` and the genetic algorithm on
the model's rows of :mod:`.genetic_rows`, each in its own thread. Both are offered each
selection HiGHS finds and each other's best; the better of their selections goes back to
HiGHS through the MIP user-solution callback, so that HiGHS prunes with it; the best of all is
kept, as above. On the portfolio-shaped case at 30 s (seeds 7, 1, 2) the gap went from
1.62/1.09/1.17 % with the local search alone to 0.68-1.07/0.94/0.76-0.82 % with both
(``docs/benchmarks.md``).
"""

from __future__ import annotations

import threading

import numpy as np
import numpy.typing as npt

from jalon.engine.selection.genetic import as_knapsack, genetic_search
from jalon.engine.selection.genetic_rows import GeneticRows
from jalon.engine.selection.highs import Outcome, solve_highs
from jalon.engine.selection.local_search import LocalSearch
from jalon.engine.selection.model import Model
from jalon.engine.selection.progress import Stage

__all__ = ["EXCHANGE_EVERY", "Heuristics", "search"]

EXCHANGE_EVERY = 1.0
"""Seconds between two exchanges of best selections between the two heuristics."""


class Heuristics:
    """The genetic algorithm on the model's rows and the local search, each in a thread of
    its own, offered HiGHS's selections and each other's best (every
    :data:`EXCHANGE_EVERY` seconds); :attr:`best` is the better of theirs."""

    def __init__(self, model: Model, *, seed: int = 0) -> None:
        self.genetic = GeneticRows(model, seed=seed)
        self.local = LocalSearch(model, seed=seed)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._exchange, daemon=True,
                                       name="heuristics-exchange")

    @property
    def best_value(self) -> float:
        return max(self.genetic.best_value, self.local.best_value)

    @property
    def best(self) -> npt.NDArray[np.bool_] | None:
        if self.genetic.best_value >= self.local.best_value:
            return self.genetic.best
        return self.local.best

    def offer(self, x: npt.NDArray[np.float64]) -> None:
        """A feasible selection (HiGHS's) for both."""
        self.genetic.offer(x)
        self.local.offer(x)

    def start(self) -> None:
        self.genetic.start()
        self.local.start()
        self.thread.start()

    def finish(self) -> None:
        self.stop.set()
        self.thread.join()
        self.genetic.finish()
        self.local.finish()

    def _exchange(self) -> None:
        while not self.stop.wait(EXCHANGE_EVERY):
            for giver, taker in ((self.genetic, self.local), (self.local, self.genetic)):
                best = giver.best
                if best is not None and giver.best_value > taker.best_value:
                    taker.offer(best.astype(float))


def search(model: Model, *, time_limit: float, seed: int = 0,
           report: Stage | None = None) -> Outcome:
    """The best selection of ``model`` found within ``time_limit`` seconds (``seed`` drives
    the genetic algorithm, when it runs; ``report`` hears HiGHS's progress and may stop it,
    and the genetic algorithm with it)."""
    knapsack = as_knapsack(model)
    if knapsack is None:
        helper = Heuristics(model, seed=seed)
        helper.start()
        try:
            outcome = solve_highs(model, time_limit=time_limit, report=report, helper=helper)
        finally:
            helper.finish()
        best = helper.best
        return _better(model, outcome, None if best is None else best.astype(float))
    found: list[npt.NDArray[np.float64]] = []
    stop = threading.Event()
    worker = threading.Thread(target=lambda: found.append(genetic_search(
        knapsack, time_limit=time_limit, seed=seed, stop=stop)), daemon=True)
    worker.start()
    outcome = solve_highs(model, time_limit=time_limit, report=report)
    stop.set()  # HiGHS is done (perhaps with a proof): the search has no more time
    worker.join()
    return _better(model, outcome, found[0] if found else None)


def _better(model: Model, outcome: Outcome, x: npt.NDArray[np.float64] | None) -> Outcome:
    """HiGHS's ``outcome``, or the heuristic's selection ``x`` with HiGHS's bound when it is
    worth more."""
    if outcome.status in ("optimal", "infeasible") or x is None:
        return outcome
    objective = float(model.value @ x)
    if outcome.objective is not None and objective <= outcome.objective:
        return outcome
    bound = outcome.bound
    if bound is None:
        return Outcome("feasible", x, objective, None)
    if objective >= bound - 1e-9 * max(1.0, abs(bound)):
        return Outcome("optimal", x, objective, objective)  # the search reached HiGHS's bound
    return Outcome("feasible", x, objective, bound)
