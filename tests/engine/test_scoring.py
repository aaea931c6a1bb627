"""Scores of proposals: the formulas, the aggregate, the spread, the disagreement rule."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jalon.engine.scoring import Rating, aggregate, alignment, score
from jalon.errors import ValidationFailed

WEIGHTS = {"value": 3.0, "urgency": 1.0}


def test_a_weighted_score_stays_on_the_scales_range():
    assert score("weighted", WEIGHTS, {"value": 5, "urgency": 1}) == pytest.approx(4.0)


def test_wsjf_and_rice_follow_their_formulas():
    wsjf = {"bv": "business_value", "tc": "time_criticality", "rr": "risk_reduction",
            "js": "job_size"}
    assert score("wsjf", {}, {"bv": 8, "tc": 5, "rr": 3, "js": 4}, wsjf) == 4.0
    rice = {"r": "reach", "i": "impact", "c": "confidence", "e": "effort"}
    assert score("rice", {}, {"r": 1000, "i": 2, "c": 0.8, "e": 4}, rice) == pytest.approx(400)


def test_a_zero_job_size_or_a_missing_term_is_refused():
    with pytest.raises(ValidationFailed):
        score("rice", {}, {"r": 1, "i": 1, "c": 1, "e": 0},
              {"r": "reach", "i": "impact", "c": "confidence", "e": "effort"})
    with pytest.raises(ValidationFailed):
        score("wsjf", {}, {"bv": 1}, {"bv": "business_value"})


def test_evaluators_two_ranks_apart_disagree():
    result = aggregate("weighted", WEIGHTS, {
        "ann": {"value": Rating(5, 4), "urgency": Rating(2, 1)},
        "bob": {"value": Rating(3, 2), "urgency": Rating(3, 2)},
    })
    assert result.scores == {"ann": pytest.approx(4.25), "bob": pytest.approx(3.0)}
    assert result.aggregate == pytest.approx(3.625)
    assert result.spread == pytest.approx(1.25)
    assert result.disagreements == ("value",)


def test_wsjf_aggregates_the_mean_of_each_term():
    roles = {"bv": "business_value", "tc": "time_criticality", "rr": "risk_reduction",
             "js": "job_size"}
    ratings = {"a": {k: Rating(v, 0) for k, v in {"bv": 8, "tc": 2, "rr": 2, "js": 1}.items()},
               "b": {k: Rating(v, 0) for k, v in {"bv": 8, "tc": 2, "rr": 2, "js": 3}.items()}}
    # means 8, 2, 2, 2: 12 / 2, not the mean of 12 and 4
    assert aggregate("wsjf", {}, ratings, roles).aggregate == pytest.approx(6.0)


def test_no_evaluation_gives_no_aggregate():
    assert aggregate("weighted", WEIGHTS, {}).aggregate is None


def test_alignment_is_the_share_of_the_objectives_weight():
    assert alignment([3], [3, 1]) == 75.0
    assert alignment([], []) == 0.0


@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=1, max_size=6))
def test_the_weighted_aggregate_is_the_mean_of_the_scores(pairs):
    ratings = {str(i): {"value": Rating(v, v - 1), "urgency": Rating(u, u - 1)}
               for i, (v, u) in enumerate(pairs)}
    result = aggregate("weighted", WEIGHTS, ratings)
    assert result.aggregate == pytest.approx(sum(result.scores.values()) / len(pairs))
    assert min(result.scores.values()) <= result.aggregate <= max(result.scores.values())
