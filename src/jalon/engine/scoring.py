"""Scores of proposals: one evaluator's score, several evaluators' aggregate, their spread and
disagreement, and strategic alignment.

An evaluator gives each criterion of a scoring model a level of its scale; a level has a value
(what the formulas use) and a rank (its place on the scale, lowest value first). Three kinds of
model turn the values into a score:

- ``weighted``: ``sum(w_i * v_i)`` with the weights summing to 1, so the score is on the scales'
  own range (1 to 5 for scales of 1 to 5);
- ``wsjf`` (weighted shortest job first, SAFe): ``(value + time criticality + risk reduction)
  / job size``;
- ``rice`` (Intercom): ``reach * impact * confidence / effort``.

The aggregate of several evaluators is the model's formula applied to the mean value of each
criterion (for ``weighted`` this equals the mean of their scores; for the ratios of WSJF and
RICE it keeps one optimistic evaluator from dominating through a small denominator). The spread
is the difference between the highest and the lowest evaluator's score. Evaluators disagree on a
criterion when the ranks they chose are :data:`DISAGREEMENT_RANKS` or more apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from jalon.engine import messages as m
from jalon.errors import ValidationFailed

__all__ = ["DISAGREEMENT_RANKS", "FORMULA_ROLES", "Aggregate", "Kind", "Rating", "aggregate",
           "alignment", "score"]

Kind = Literal["weighted", "wsjf", "rice"]
DISAGREEMENT_RANKS = 2
"""Evaluators disagree on a criterion when their levels are this many ranks apart or more."""

FORMULA_ROLES: dict[str, tuple[str, ...]] = {
    "wsjf": ("business_value", "time_criticality", "risk_reduction", "job_size"),
    "rice": ("reach", "impact", "confidence", "effort"),
}
"""The terms of the built-in formulas, each one criterion of the model."""


@dataclass(frozen=True)
class Rating:
    """The level an evaluator gave a criterion: its ``value`` and its ``rank`` on the scale."""

    value: float
    rank: int


@dataclass(frozen=True)
class Aggregate:
    """Several evaluators' scores of one proposal under one model.

    ``scores`` maps each evaluator to his score; ``aggregate`` is the formula on the mean value
    of each criterion (``None`` without evaluations); ``spread`` the highest score minus the
    lowest; ``disagreements`` the criteria whose ranks are :data:`DISAGREEMENT_RANKS` or more
    apart, in the model's order.
    """

    scores: dict[str, float]
    aggregate: float | None
    spread: float
    disagreements: tuple[str, ...]


def _criteria(weights: Mapping[str, float], roles: Mapping[str, str] | None) -> list[str]:
    """The criteria rated: those weighted, and those standing for a term of a formula."""
    return list(dict.fromkeys([*weights, *(roles or {})]))


def score(kind: Kind, weights: Mapping[str, float], values: Mapping[str, float],
          roles: Mapping[str, str] | None = None) -> float:
    """The score of one set of ``values`` (criterion → value).

    ``weights`` (criterion → weight, any positive scale: they are normalised) serve the
    ``weighted`` kind; ``roles`` (criterion → term of :data:`FORMULA_ROLES`) the built-in
    formulas.

    Raises
    ------
    ValidationFailed
        A criterion without a value, weights that sum to zero, a formula term missing, or a
        denominator (job size, effort) of zero.
    """
    missing = [name for name in _criteria(weights, roles) if name not in values]
    if missing:
        raise ValidationFailed(m.SCORING_MISSING(criteria=missing), field="scores")
    if kind == "weighted":
        total = sum(weights.values())
        if total <= 0:
            raise ValidationFailed(m.SCORING_NO_WEIGHT(), field="weights")
        return sum(weight * values[name] for name, weight in weights.items()) / total
    term = {role: values[name] for name, role in (roles or {}).items()}
    absent = [role for role in FORMULA_ROLES[kind] if role not in term]
    if absent:
        raise ValidationFailed(m.SCORING_FORMULA_TERM(terms=absent), field="criteria")
    if kind == "wsjf":
        numerator = term["business_value"] + term["time_criticality"] + term["risk_reduction"]
        denominator = term["job_size"]
    else:
        numerator = term["reach"] * term["impact"] * term["confidence"]
        denominator = term["effort"]
    if denominator <= 0:
        raise ValidationFailed(m.SCORING_ZERO_SIZE(), field="scores")
    return numerator / denominator


def aggregate(kind: Kind, weights: Mapping[str, float],
              ratings: Mapping[str, Mapping[str, Rating]],
              roles: Mapping[str, str] | None = None) -> Aggregate:
    """Each evaluator's score, the aggregate, the spread and the disagreements.

    ``ratings`` maps each evaluator to his ratings (criterion → :class:`Rating`); every
    evaluator rates every criterion of ``weights`` and ``roles``.
    """
    scores = {evaluator: score(kind, weights, {c: r.value for c, r in given.items()}, roles)
              for evaluator, given in ratings.items()}
    if not scores:
        return Aggregate({}, None, 0.0, ())
    criteria = _criteria(weights, roles)
    means = {name: sum(given[name].value for given in ratings.values()) / len(ratings)
             for name in criteria}
    disagreements = tuple(
        name for name in criteria
        if max(given[name].rank for given in ratings.values())
        - min(given[name].rank for given in ratings.values()) >= DISAGREEMENT_RANKS)
    return Aggregate(scores, score(kind, weights, means, roles),
                     max(scores.values()) - min(scores.values()), disagreements)


def alignment(served: Sequence[float], all_objectives: Sequence[float]) -> float:
    """Strategic alignment in percent: the weights of the objectives served over the weights of
    all the portfolio's objectives (0 when it has none)."""
    total = sum(all_objectives)
    return 100.0 * sum(served) / total if total > 0 else 0.0
