"""Why each candidate is left out, and what it would take to include it.

For a candidate outside the selection, against that selection:

- the existing project it waits for, when that project's finish cuts its allowed starts;
- the rules that keep it out: a locked decision, an ``excludes`` with a selected candidate, a
  ``requires`` of one left out, an ``after`` whose predecessor ends later than its last start,
  a balance rule it would break;
- the limits it overflows at its best start (the start needing the least extra, relative to
  the limits), and the increase of each that would let it in beside the selection;
- the best selection that includes it (one more solve with the candidate required): what it
  would be worth and which selected candidates it would replace.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from jalon.engine import messages as m
from jalon.engine.selection.highs import solve_highs
from jalon.engine.selection.model import Model
from jalon.engine.selection.problem import Candidate, candidate_ref, project_ref
from jalon.engine.selection.progress import Stage
from jalon.i18n import Message, Ref

__all__ = ["Rejection", "explain_rejections", "waiting"]

_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Rejection:
    """A candidate left out (``id``) and the reasons, in the order a reader needs them."""

    id: str
    reasons: tuple[Message, ...]


def _amount(value: float) -> float:
    return round(float(value), 6)


def explain_rejections(model: Model, x: npt.NDArray[np.float64], *, proven: bool,
                       time_limit: float, report: Stage | None = None) -> list[Rejection]:
    """The reasons of every candidate ``x`` leaves out; ``proven`` says that ``x`` is optimal,
    ``time_limit`` bounds the extra solves (seconds, all together); ``report`` hears the share
    of the candidates explained, and stops the explanations (those given so far are kept)."""
    problem = model.problem
    chosen = model.selection(x)
    objective = float(model.value @ x)
    usage = model.usage(x)
    limits = np.array([problem.limit(r) for r in problem.resources], dtype=float)
    deadline = time.monotonic() + time_limit
    rejections = []
    for c, candidate in enumerate(problem.candidates):
        if c in chosen:
            continue
        if report is not None and not report(c / len(problem.candidates), objective, None):
            break
        who = candidate_ref(candidate.id)
        if candidate.locked is False:
            rejections.append(Rejection(candidate.id, (m.LOCKED_OUT(candidate=who),)))
            continue
        reasons = _rules(model, c, chosen)
        columns = [j for j in model.columns_of(c)
                   if _after_allows(model, c, int(model.start[j]), chosen)]
        if columns:
            # "it fits if a limit grows" holds only when no rule keeps it out as well
            shortage = _limits(model, c, columns, usage, limits)
            reasons += shortage if not reasons else shortage[:1]
            best = min(columns, key=lambda j: _overflow(model.use[j], usage, limits))
            trial = x.copy()
            trial[best] = 1.0
            reasons += _balance(model, c, trial)
        if not reasons:
            reasons.append(m.NO_VALUE(candidate=who) if candidate.value <= 0 else
                           m.SEARCH_STOPPED(candidate=who))
        left = deadline - time.monotonic()
        if left > 0 and not (proven is False and reasons[-1].code == m.SEARCH_STOPPED.code):
            reasons += _with_it(model, c, chosen, objective, left)
        waits = waiting(candidate)  # what its window is, before why it stays out of it
        rejections.append(Rejection(candidate.id, tuple(
            [waits, *reasons] if waits is not None else reasons)))
    return rejections


def waiting(candidate: Candidate) -> Message | None:
    """"Starts in period 6 at the earliest: after P finishes" when a project it waits for
    forbids some of its allowed starts (else ``None``)."""
    earliest = candidate.earliest
    if earliest is None or min(candidate.starts) >= earliest[1]:
        return None
    return m.WAITS_FOR(candidate=candidate_ref(candidate.id), project=project_ref(earliest[0]),
                       period=earliest[1])


def _rules(model: Model, c: int, chosen: dict[int, int]) -> list[Message]:
    problem = model.problem
    candidate = problem.candidates[c]
    who = candidate_ref(candidate.id)
    reasons = []
    for d in sorted(chosen):
        other = problem.candidates[d]
        if other.id in candidate.excludes or candidate.id in other.excludes:
            reasons.append(m.EXCLUDED_BY(candidate=who, other=candidate_ref(other.id)))
    for ident in candidate.requires:
        if problem.index[ident] not in chosen:
            reasons.append(m.REQUIRES_MISSING(candidate=who, other=candidate_ref(ident)))
    for ident in candidate.after:
        d = problem.index[ident]
        if d in chosen:
            ends = chosen[d] + problem.candidates[d].duration
            if all(s < ends for s in problem.starts_of(candidate)):
                reasons.append(m.AFTER_TOO_LATE(candidate=who, other=candidate_ref(ident),
                                                period=ends))
    return reasons


def _after_allows(model: Model, c: int, start: int, chosen: dict[int, int]) -> bool:
    """Whether starting ``c`` at ``start`` keeps its ``after`` rules with the selection, both
    ways."""
    problem = model.problem
    candidate = problem.candidates[c]
    for ident in candidate.after:
        d = problem.index[ident]
        if d in chosen and start < chosen[d] + problem.candidates[d].duration:
            return False
    return all(chosen[d] >= start + candidate.duration for d in chosen
               if candidate.id in problem.candidates[d].after)


def _overflow(use: npt.NDArray[np.float64], usage: npt.NDArray[np.float64],
              limits: npt.NDArray[np.float64]) -> float:
    excess = np.maximum(usage + use - limits, 0.0)
    return float((excess / np.maximum(limits, 1.0)).sum())


def _limits(model: Model, c: int, columns: list[int], usage: npt.NDArray[np.float64],
            limits: npt.NDArray[np.float64]) -> list[Message]:
    """The shortfalls at the best start and the increases that would let it in."""
    best = min(columns, key=lambda j: _overflow(model.use[j], usage, limits))
    needed = model.use[best]
    excess = usage + needed - limits
    places = np.argwhere((excess > _TOLERANCE) & (needed > 0))
    if len(places) == 0:
        return []
    resources = model.problem.resources
    who = candidate_ref(model.problem.candidates[c].id)
    shortfalls: list[Message] = [
        m.SHORTFALL(resource=Ref.resource(resources[r]), period=int(t),
                    needed=_amount(needed[r, t]), left=_amount(max(limits[r, t] - usage[r, t], 0)))
        for r, t in places]
    increases: list[Message] = [
        m.INCREASE(resource=Ref.resource(resources[r]), period=int(t),
                   amount=_amount(excess[r, t]))
        for r, t in places]
    return [m.SHORT_OF(candidate=who, start=int(model.start[best]), shortfalls=shortfalls),
            m.FITS_IF(increases=increases)]


def _balance(model: Model, c: int, trial: npt.NDArray[np.float64]) -> list[Message]:
    """The balance rules the selection would break with the candidate ``c`` added (``trial``)."""
    broken: list[int] = []
    for columns, coefficients, lower, upper, rule in model.rows:
        kind = model.rules[rule].kind if rule >= 0 else ""
        if kind not in ("min_share", "max_share", "max_count") or rule in broken:
            continue
        total = float(coefficients @ trial[columns])
        if total < lower - _TOLERANCE or total > upper + _TOLERANCE:
            broken.append(rule)
    who = candidate_ref(model.problem.candidates[c].id)
    return [m.BALANCE_BLOCKS(candidate=who, rule=model.rules[i].message(model.problem))
            for i in broken]


def _with_it(model: Model, c: int, chosen: dict[int, int], objective: float,
             time_limit: float) -> list[Message]:
    """The best selection that includes the candidate: its value and whom it replaces."""
    problem = model.problem
    who = candidate_ref(problem.candidates[c].id)
    outcome = solve_highs(model, require=[c], time_limit=time_limit)
    if outcome.status == "infeasible":
        return [m.NEVER_FITS(candidate=who)]
    if outcome.x is None or outcome.objective is None:
        return []
    replaced = [candidate_ref(problem.candidates[d].id)
                for d in sorted(set(chosen) - set(model.selection(outcome.x)))]
    if not replaced:
        return []
    return [m.INSTEAD_OF(candidate=who, others=replaced, value=_amount(outcome.objective),
                         loss=_amount(objective - outcome.objective))]
