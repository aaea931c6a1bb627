"""The search for the best selection: which solvers run, and how they help each other."""

from __future__ import annotations

from jalon.engine.selection.highs import Outcome, solve_highs
from jalon.engine.selection.model import Model

__all__ = ["search"]


def search(model: Model, *, time_limit: float, workers: int = 2) -> Outcome:
    """The best selection of ``model`` found within ``time_limit`` seconds."""
    return solve_highs(model, time_limit=time_limit)
