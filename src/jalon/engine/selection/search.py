"""The search for the best selection: HiGHS on the whole 0-1 programme.

Measured on OR-Library's multidimensional knapsacks (``benchmarks/portfolio_benchmark.py``,
``docs/benchmarks.md``), HiGHS alone did better at 10 s than CP-SAT alone, than HiGHS then
CP-SAT hinted with its solution, and than HiGHS on a core problem around the LP's split; the
search is kept to the one call until something measurably better is found.
"""

from __future__ import annotations

from jalon.engine.selection.highs import Outcome, solve_highs
from jalon.engine.selection.model import Model

__all__ = ["search"]


def search(model: Model, *, time_limit: float) -> Outcome:
    """The best selection of ``model`` found within ``time_limit`` seconds."""
    return solve_highs(model, time_limit=time_limit)
