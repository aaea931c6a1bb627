"""AHP: Saaty's published house example, a power-iteration reference, consistency, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jalon.engine.ahp import RANDOM_INDEX, ahp
from jalon.errors import ValidationFailed
from jalon.i18n import Catalogue

# Saaty, "How to make a decision: the analytic hierarchy process", European Journal of
# Operational Research 48 (1990) 9-26: the criteria for buying a house.
HOUSE = ["size", "transportation", "neighborhood", "age", "yard", "modern facilities",
         "general condition", "financing"]
HOUSE_MATRIX = [
    [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
    [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
    [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
    [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
    [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
    [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
    [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
    [4, 7, 5, 8, 6, 6, 2, 1],
]
PUBLISHED_WEIGHTS = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]


def test_saatys_house_example():
    result = ahp(HOUSE, HOUSE_MATRIX)
    assert [round(result.weights[name], 3) for name in HOUSE] == PUBLISHED_WEIGHTS
    assert sum(result.weights.values()) == pytest.approx(1)
    assert result.lambda_max == pytest.approx(9.669, abs=5e-4)
    assert result.ci == pytest.approx(0.238, abs=5e-4)
    assert result.cr == pytest.approx(0.169, abs=5e-4)
    assert not result.consistent
    # the judgement furthest from the weights: neighborhood over general condition (6 given,
    # far more than the weights imply)
    first = result.inconsistent[0]
    assert (first.row, first.column, first.given) == ("neighborhood", "general condition", 6)
    assert len(result.inconsistent) == 3


def power_iteration(matrix: np.ndarray) -> tuple[np.ndarray, float]:
    """The reference: Perron vector and root by repeated multiplication."""
    vector = np.ones(len(matrix)) / len(matrix)
    for _ in range(2000):
        following = matrix @ vector
        vector = following / following.sum()
    return vector, float((matrix @ vector / vector).mean())


SCALE = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9, 2, 1 / 2]


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 9).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.sampled_from(SCALE), min_size=n * (n - 1) // 2,
                         max_size=n * (n - 1) // 2))))
def test_weights_are_the_principal_eigenvector(case):
    n, upper = case
    matrix = np.ones((n, n))
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    for (i, j), value in zip(pairs, upper, strict=True):
        matrix[i, j], matrix[j, i] = value, 1 / value
    names = [f"c{i}" for i in range(n)]
    result = ahp(names, matrix.tolist())
    reference, lambda_max = power_iteration(matrix)
    assert [result.weights[name] for name in names] == pytest.approx(reference, abs=1e-6)
    assert result.lambda_max == pytest.approx(lambda_max, abs=1e-6)
    assert result.lambda_max >= n - 1e-9
    if n > 2:
        assert result.cr == pytest.approx((lambda_max - n) / (n - 1) / RANDOM_INDEX[n - 1],
                                          abs=1e-6)
    assert result.consistent == (result.cr <= 0.1)


def test_consistent_judgements_have_no_inconsistency():
    weights = np.array([0.5, 0.3, 0.2])
    result = ahp(["a", "b", "c"], (weights[:, None] / weights[None, :]).tolist())
    assert list(result.weights.values()) == pytest.approx(weights)
    assert result.cr == pytest.approx(0, abs=1e-9) and result.consistent
    assert result.inconsistent == ()


@pytest.mark.parametrize(("criteria", "matrix", "expected"), [
    (["a", "b"], [[1, 3], [3, 1]],
     "Row 1, column 2: 3 is not the reciprocal of 3 (row 2, column 1); their product must be 1."),
    (["a", "b"], [[1, 12], [1 / 12, 1]], "Row 1, column 2: a judgement must lie between 1/9 and 9"),
    (["a", "b"], [[2, 1], [1, 1]], "Row 1, column 1: a criterion compared with itself is 1"),
    (["a", "b"], [[1, 1]], "one row and one column per criterion (2)"),
    (["a", "a"], [[1, 1], [1, 1]], "Criteria must be distinct"),
])
def test_bad_matrices_name_the_cell(criteria, matrix, expected):
    with pytest.raises(ValidationFailed) as caught:
        ahp(criteria, matrix)
    assert expected in caught.value.render(Catalogue("en"))


def test_rounded_reciprocals_are_accepted():
    result = ahp(["a", "b", "c"], [[1, 3, 0.33], [0.33, 1, 0.2], [3, 5, 1]])
    assert max(result.weights, key=result.weights.get) == "c"
