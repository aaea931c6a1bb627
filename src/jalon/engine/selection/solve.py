"""``select()``: problem -> 0-1 programme -> HiGHS -> :class:`SelectionResult`, explained."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from jalon.engine import messages as m
from jalon.engine.selection.conflict import find_conflict
from jalon.engine.selection.explain import Rejection, explain_rejections, waiting
from jalon.engine.selection.model import Rule, build_model
from jalon.engine.selection.problem import SelectionProblem
from jalon.engine.selection.progress import Progress, ProgressCallback, relative_gap
from jalon.engine.selection.search import search
from jalon.errors import ValidationFailed
from jalon.i18n import Message

__all__ = ["STATUSES", "SelectionResult", "select"]

STATUSES = ("optimal", "feasible", "infeasible", "unknown")


@dataclass(frozen=True)
class SelectionResult:
    """The best selection found and what is known about it.

    Attributes
    ----------
    status : str
        ``optimal`` (proven best), ``feasible`` (keeps every limit and rule, not proven best
        within the time limit), ``infeasible`` (no selection keeps every rule: see
        ``conflict``) or ``unknown`` (the time ran out before any selection or proof).
    objective : float or None
        Total value of the selection.
    bound : float or None
        Proven upper bound on the best total value (= ``objective`` when optimal).
    gap : float or None
        ``(bound - objective) / objective`` (0 when optimal; ``None`` when undefined).
    starts : Mapping[str, int]
        Selected candidate id -> start period, in the order of the candidates.
    rejected : list[Rejection]
        Each candidate left out, with why and what it would take.
    usage : Mapping[str, tuple[float, ...]]
        Resource -> what the selection uses in each period (against ``problem.limits``).
    conflict : tuple[Rule, ...]
        When infeasible: the smallest set of rules in conflict (empty otherwise).
    conflict_minimal : bool
        Whether ``conflict`` was proven irreducible within the time given to find it.
    notes : Mapping[str, tuple[Message, ...]]
        Selected candidate id -> what set its window: "starts in period 6 at the earliest:
        after P finishes" when an existing project it waits for cut its allowed starts.
    """

    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    starts: Mapping[str, int]
    rejected: list[Rejection] = field(default_factory=list)
    usage: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    conflict: tuple[Rule, ...] = ()
    conflict_minimal: bool = True
    problem: SelectionProblem | None = None
    notes: Mapping[str, tuple[Message, ...]] = field(default_factory=dict)

    @property
    def conflict_message(self) -> Message | None:
        """"No selection satisfies these rules together: ..." when infeasible."""
        if not self.conflict or self.problem is None:
            return None
        problem = self.problem
        return m.CONFLICT(rules=[rule.message(problem) for rule in self.conflict])


SEARCH_SHARE = 0.9
"""The part of a selection's progress bar that the search fills (the explanations the rest)."""


def select(problem: SelectionProblem, *, time_limit: float = 10.0,
           explain: bool = True, progress: ProgressCallback | None = None) -> SelectionResult:
    """The selection of greatest total value that keeps every limit and rule of ``problem``.

    Parameters
    ----------
    problem : SelectionProblem
    time_limit : float
        Seconds for the search (the explanations or the conflict get as much again at most).
    explain : bool
        Explain each candidate left out (one more solve each, within the time limit), or find
        the conflict of an infeasible problem.
    progress : callable, optional
        Hears how far it has gone (:class:`~.progress.SearchProgress`) about twice a second;
        answering ``False`` stops it: the result is then the best selection found so far,
        unexplained (``feasible`` or ``unknown``).

    Raises
    ------
    ValidationFailed
        A time limit that is not positive.
    """
    if not isinstance(time_limit, int | float) or not math.isfinite(time_limit) \
            or time_limit <= 0:
        raise ValidationFailed(m.TIME_LIMIT(), field="time_limit")
    model = build_model(problem)
    tracker = Progress(progress)
    if not tracker(0.0):
        return SelectionResult("unknown", None, None, None, {}, problem=problem)
    started = time.monotonic()
    outcome = search(model, time_limit=time_limit, report=tracker.stage(0.0, SEARCH_SHARE))
    explain = explain and not tracker.stopped
    spent = time.monotonic() - started
    if outcome.status in ("infeasible", "unknown") or outcome.x is None:
        conflict = None
        if outcome.status == "infeasible" and explain:
            conflict = find_conflict(model, time_limit=max(time_limit, 1.0))
        return SelectionResult(
            outcome.status, None, None, None, {}, problem=problem,
            conflict=conflict.rules if conflict else (),
            conflict_minimal=conflict.minimal if conflict else True)
    x = outcome.x
    chosen = model.selection(x)
    objective = float(outcome.objective or 0.0)
    bound = float(outcome.bound if outcome.bound is not None else objective)
    gap = relative_gap(objective, bound)
    explain = explain and tracker(SEARCH_SHARE, objective, bound)
    usage = model.usage(x)
    notes = {problem.candidates[c].id: (note,) for c in sorted(chosen)
             if (note := waiting(problem.candidates[c])) is not None}
    rejected = explain_rejections(model, x, proven=outcome.status == "optimal",
                                  time_limit=max(time_limit - spent, time_limit / 2),
                                  report=tracker.stage(SEARCH_SHARE, 1 - SEARCH_SHARE)) \
        if explain else []
    return SelectionResult(
        outcome.status, objective, bound, gap,
        {problem.candidates[c].id: s for c, s in sorted(chosen.items())},
        rejected,
        {resource: tuple(float(v) for v in usage[r]) for r, resource in
         enumerate(problem.resources)},
        problem=problem, notes=notes)
