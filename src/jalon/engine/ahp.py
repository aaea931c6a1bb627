"""Weights from pairwise comparisons: Saaty's analytic hierarchy process (AHP).

``matrix[i][j]`` says how much more criterion ``i`` matters than criterion ``j`` on Saaty's
scale (1 equal, 3 moderately, 5 strongly, 7 very strongly, 9 extremely more; reciprocals the
other way). The weights are the principal (Perron) eigenvector of the matrix, summing to 1;
its eigenvalue ``lambda_max`` is ``n`` for perfectly consistent judgements and grows with
their inconsistency: ``CI = (lambda_max - n) / (n - 1)``, ``CR = CI / RI(n)`` with Saaty's
random indices, and the judgements are consistent enough when ``CR <= 0.1``.

When they are not, the judgements furthest from what the weights imply
(``a_ij`` against ``w_i / w_j``, as a ratio) are the first to revisit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from jalon.engine import messages as m
from jalon.errors import ValidationFailed
from jalon.i18n import Message

__all__ = ["CONSISTENT_CR", "RANDOM_INDEX", "AhpResult", "Judgement", "ahp"]

RANDOM_INDEX = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57,
                1.59)
"""Saaty's random consistency indices for 1 to 15 criteria."""
CONSISTENT_CR = 0.1
SHOWN_JUDGEMENTS = 3
# Judgements are often typed as rounded decimals (0.33 for 1/3, 0.11 for 1/9).
_ROUNDING = 0.011


@dataclass(frozen=True)
class Judgement:
    """A comparison as given (``row`` over ``column``: ``given``) and what the weights imply
    (``implied`` = w_row / w_column)."""

    row: str
    column: str
    given: float
    implied: float

    @property
    def deviation(self) -> float:
        """How far apart the two are, as a factor (>= 1)."""
        return math.exp(abs(math.log(self.given / self.implied)))


@dataclass(frozen=True)
class AhpResult:
    """The weights of the criteria and the consistency of the judgements.

    ``inconsistent`` lists the :data:`SHOWN_JUDGEMENTS` judgements furthest from the weights,
    the largest deviation first, when the judgements are not consistent (empty otherwise).
    """

    criteria: tuple[str, ...]
    weights: dict[str, float]
    lambda_max: float
    ci: float
    cr: float
    consistent: bool
    inconsistent: tuple[Judgement, ...]


def _cell(row: int, column: int, problem: Message) -> ValidationFailed:
    return ValidationFailed(m.AHP_CELL(row=row + 1, column=column + 1, problem=problem),
                            field="matrix")


def ahp(criteria: Sequence[str], matrix: Sequence[Sequence[float]]) -> AhpResult:
    """The AHP weights of ``criteria`` from the pairwise comparison ``matrix``.

    Raises
    ------
    ValidationFailed
        Criteria that are not distinct names, more than 15 of them, a matrix of the wrong
        shape, an entry outside 1/9..9, a diagonal that is not 1, or an entry that is not the
        reciprocal of its mirror (rows and columns numbered from 1).
    """
    names = tuple(criteria)
    if not names or len(set(names)) != len(names) or not all(
            isinstance(name, str) and name for name in names):
        raise ValidationFailed(m.AHP_CRITERIA(value=repr(list(names))), field="criteria")
    if len(names) > len(RANDOM_INDEX):
        raise ValidationFailed(m.AHP_TOO_MANY(maximum=len(RANDOM_INDEX), count=len(names)),
                               field="criteria")
    n = len(names)
    rows = list(matrix)
    if len(rows) != n or not all(isinstance(r, Sequence) and len(r) == n for r in rows):
        shape = f"{len(rows)} × {', '.join(str(len(r)) for r in rows)}"
        raise ValidationFailed(m.AHP_SHAPE(count=n, shape=shape), field="matrix")
    values = np.ones((n, n))
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not math.isfinite(value) \
                    or not (1 / 9) * (1 - _ROUNDING) <= value <= 9 * (1 + _ROUNDING):
                raise _cell(i, j, m.AHP_RANGE(value=repr(value)))
            if i == j and value != 1:
                raise _cell(i, j, m.AHP_DIAGONAL(value=repr(value)))
            values[i, j] = float(value)
    for i in range(n):
        for j in range(i + 1, n):
            if abs(values[i, j] * values[j, i] - 1) > _ROUNDING:
                raise _cell(i, j, m.AHP_RECIPROCAL(value=repr(rows[i][j]),
                                                   mirror=repr(rows[j][i]), row=i + 1,
                                                   column=j + 1))
    eigenvalues, eigenvectors = np.linalg.eig(values)
    principal = int(np.argmax(eigenvalues.real))
    vector = np.abs(eigenvectors[:, principal].real)
    weights = vector / vector.sum()
    lambda_max = float(eigenvalues[principal].real)
    ci = max(lambda_max - n, 0.0) / (n - 1) if n > 2 else 0.0
    cr = ci / RANDOM_INDEX[n - 1] if n > 2 else 0.0
    consistent = cr <= CONSISTENT_CR
    judgements = sorted(
        (Judgement(names[i], names[j], float(values[i, j]), float(weights[i] / weights[j]))
         for i in range(n) for j in range(i + 1, n)),
        key=lambda judgement: -judgement.deviation)
    return AhpResult(names, {name: float(w) for name, w in zip(names, weights, strict=True)},
                     lambda_max, ci, cr, consistent,
                     () if consistent else tuple(judgements[:SHOWN_JUDGEMENTS]))
