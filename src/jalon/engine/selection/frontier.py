"""The efficient frontier: the best total value as one resource's total grows.

The resource (usually the budget) is given one limit over the whole horizon instead of its
per-period limits, from 0 to what every candidate together would use; the other resources
keep their limits and every rule stays. Each point is solved on its own, to optimality within
its time limit; consecutive points say which candidates enter (and leave) and the value each
additional unit of the resource brings between them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jalon.engine import messages as m
from jalon.engine.selection.model import build_model
from jalon.engine.selection.problem import SelectionProblem
from jalon.engine.selection.progress import Progress, ProgressCallback
from jalon.engine.selection.search import search
from jalon.errors import ValidationFailed
from jalon.i18n import Ref

__all__ = ["MIN_POINTS", "Frontier", "FrontierPoint", "frontier"]

MIN_POINTS = 2


@dataclass(frozen=True)
class FrontierPoint:
    """One point: the resource's total ``limit`` over the horizon and the best selection
    within it (``value`` ``None`` when no selection keeps the rules at that limit).

    ``marginal`` is the value gained per additional unit of the resource since the previous
    point (``None`` for the first point, or next to an infeasible one); ``entering`` and
    ``leaving`` compare the selection with the previous point's.
    """

    limit: float
    status: str
    value: float | None
    bound: float | None
    selected: tuple[str, ...]
    entering: tuple[str, ...]
    leaving: tuple[str, ...]
    marginal: float | None


@dataclass(frozen=True)
class Frontier:
    """The frontier of ``resource``: points of increasing ``limit``."""

    resource: str
    points: tuple[FrontierPoint, ...]


def frontier(problem: SelectionProblem, *, resource: str, points: int = 16,
             time_limit: float = 10.0, progress: ProgressCallback | None = None) -> Frontier:
    """The best value at ``points`` evenly spaced totals of ``resource``, from 0 to what every
    candidate together uses of it (``time_limit`` seconds for each point).

    ``progress`` hears how far it has gone (each point an equal part) with the figures of the
    point being solved; answering ``False`` stops it: the frontier then has the points solved
    so far.

    Raises
    ------
    ValidationFailed
        An unknown resource, fewer than :data:`MIN_POINTS` points, a time limit that is not
        positive.
    """
    if resource not in problem.limits:
        raise ValidationFailed(m.UNKNOWN_RESOURCE(resource=Ref.resource(resource),
                                                  known=problem.resources), field="resource")
    if isinstance(points, bool) or not isinstance(points, int) or points < MIN_POINTS:
        raise ValidationFailed(m.POINTS(minimum=MIN_POINTS, value=repr(points)),
                               field="points")
    if not isinstance(time_limit, int | float) or not time_limit > 0:
        raise ValidationFailed(m.TIME_LIMIT(), field="time_limit")
    everything = sum(candidate.total_use(resource) for candidate in problem.candidates)
    found: list[FrontierPoint] = []
    previous: tuple[str, ...] | None = None
    tracker = Progress(progress)
    for number, limit in enumerate(np.linspace(0.0, everything, points)):
        if not tracker(number / points):
            break
        model = build_model(problem, horizon_limits={resource: float(limit)})
        outcome = search(model, time_limit=time_limit,
                         report=tracker.stage(number / points, 1 / points))
        if tracker.stopped:
            break  # an interrupted point is not the best value at its limit
        selected = () if outcome.x is None else tuple(
            problem.candidates[c].id for c in sorted(model.selection(outcome.x)))
        marginal = None
        if found and found[-1].value is not None and outcome.objective is not None \
                and limit > found[-1].limit:
            marginal = (outcome.objective - found[-1].value) / (float(limit) - found[-1].limit)
        before = set(previous or ())
        found.append(FrontierPoint(
            float(limit), outcome.status, outcome.objective, outcome.bound, selected,
            tuple(i for i in selected if i not in before),
            tuple(i for i in (previous or ()) if i not in set(selected)), marginal))
        previous = selected if outcome.x is not None else None
    return Frontier(resource, tuple(found))
