"""Portfolio selection: a candidate that depends on an existing project starts only after that
project's forecast finish, and the result says so, naming the project."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jalon.engine.selection import Candidate, SelectionProblem, select
from jalon.errors import ValidationFailed
from jalon.i18n import Catalogue

ENGLISH = Catalogue("en")


def texts(messages):
    return [message.render(ENGLISH) for message in messages]


def test_a_candidate_waiting_for_a_project_finishing_in_period_5_starts_in_period_6_or_later():
    problem = SelectionProblem(
        limits={"budget": 100}, periods=12,
        candidates=[Candidate("APP", 10, {"budget": [50, 50]}, starts=range(12),
                              waits_for={"CRM-2026": 5, "OLD": -2}),
                    Candidate("BI", 5, {"budget": [60]}, starts=range(12))])
    result = select(problem)
    assert result.status == "optimal" and result.objective == 15
    assert result.starts["APP"] >= 6
    assert texts(result.notes["APP"]) == [
        "'APP' starts in period 6 at the earliest: after 'CRM-2026' finishes."]
    assert "BI" not in result.notes


def test_a_candidate_left_out_is_told_which_project_it_waits_for():
    # after the project, the budget is taken by a better candidate
    problem = SelectionProblem(
        limits={"budget": [0, 0, 100, 100]}, periods=4,
        candidates=[Candidate("APP", 10, {"budget": [80]}, starts=[0, 1, 2, 3],
                              waits_for={"CRM-2026": 2}),
                    Candidate("BI", 50, {"budget": [90]}, starts=[3])])
    result = select(problem)
    assert dict(result.starts) == {"BI": 3}
    (rejected,) = result.rejected
    reasons = texts(rejected.reasons)
    assert reasons[0] == "'APP' starts in period 3 at the earliest: after 'CRM-2026' finishes."
    assert reasons[1].startswith("Starting in period 3, 'APP' needs more than is left")


def test_a_project_finishing_before_the_horizon_cuts_nothing():
    candidate = Candidate("APP", 10, {"budget": [1]}, starts=[0, 1], waits_for={"OLD": -1})
    problem = SelectionProblem(limits={"budget": 1}, periods=2, candidates=[candidate])
    assert problem.starts_of(candidate) == (0, 1)
    assert select(problem).notes == {}


def test_a_candidate_that_cannot_start_after_its_project_within_the_horizon_is_refused():
    with pytest.raises(ValidationFailed) as caught:
        SelectionProblem(limits={"budget": 5}, periods=4, candidates=[
            Candidate("APP", 1, {"budget": [1, 1]}, starts=[0, 1, 2], waits_for={"CRM": 2})])
    assert caught.value.render(ENGLISH) == (
        "Candidate 'APP': it cannot start after 'CRM' finishes (period 2) and end within the 4 "
        "periods from any of its allowed starts (0, 1, 2).")
    with pytest.raises(ValidationFailed, match="waits_for must map each project"):
        Candidate("APP", 1, waits_for={"CRM": "soon"})


@st.composite
def waiting_problems(draw):
    periods = draw(st.integers(2, 4))
    candidates = []
    for i in range(draw(st.integers(1, 5))):
        length = draw(st.integers(1, 2))
        finish = draw(st.integers(-1, periods - length - 1))
        candidates.append(Candidate(
            f"P{i}", value=draw(st.integers(0, 20)),
            uses={"budget": draw(st.lists(st.integers(0, 6), min_size=length, max_size=length))},
            starts=range(periods), waits_for={"X": finish} if draw(st.booleans()) else {},
            after=[f"P{i - 1}"] if i and draw(st.integers(0, 3)) == 0 else []))
    limits = {"budget": draw(st.lists(st.integers(0, 10), min_size=periods, max_size=periods))}
    return SelectionProblem(limits=limits, candidates=candidates, periods=periods)


def best_by_hand(problem: SelectionProblem) -> float:
    """Every selection and start, the project finishes checked here, not by the engine."""
    by_id = {c.id: c for c in problem.candidates}
    choices = [[None, *(s for s in c.starts if s + c.duration <= problem.periods
                        and all(s > f for f in c.waits_for.values()))]
               for c in problem.candidates]
    best = 0.0
    for picks in itertools.product(*choices):
        chosen = {c.id: s for c, s in zip(problem.candidates, picks, strict=True) if s is not None}
        used = [0.0] * problem.periods
        for ident, start in chosen.items():
            for k, amount in enumerate(by_id[ident].uses["budget"]):
                used[start + k] += amount
        if any(u > limit for u, limit in zip(used, problem.limit("budget"), strict=True)):
            continue
        if any(d in chosen and chosen[i] < chosen[d] + by_id[d].duration
               for i in chosen for d in by_id[i].after):
            continue
        best = max(best, sum(by_id[i].value for i in chosen))
    return best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(waiting_problems())
def test_the_optimum_with_projects_to_wait_for_is_the_brute_force_optimum(problem):
    result = select(problem, time_limit=10, explain=False)
    assert result.status == "optimal"
    assert result.objective == pytest.approx(best_by_hand(problem))
    for ident, start in result.starts.items():
        assert all(start > finish for finish in problem.candidates[
            problem.index[ident]].waits_for.values())
