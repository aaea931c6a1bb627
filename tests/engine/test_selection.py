"""Portfolio selection: the proven optimum equals brute-force enumeration, start periods and
rules hold, rejected candidates are explained, conflicts are irreducible, the frontier rises."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jalon.engine.selection import (
    BalanceRule,
    Candidate,
    SelectionProblem,
    frontier,
    select,
)
from jalon.engine.selection.model import build_model
from jalon.errors import ValidationFailed
from jalon.i18n import Catalogue

ENGLISH = Catalogue("en")


def texts(messages):
    return [message.render(ENGLISH) for message in messages]


# -- a reference: every selection and start, one by one ------------------------------------------

def keeps_everything(problem: SelectionProblem, chosen: dict[str, int]) -> bool:
    """Whether ``chosen`` (id -> start) keeps every limit and rule, checked directly."""
    by_id = {c.id: c for c in problem.candidates}
    for resource in problem.resources:
        used = [0.0] * problem.periods
        for ident, start in chosen.items():
            for k, amount in enumerate(by_id[ident].uses.get(resource, ())):
                used[start + k] += amount
        if any(u > limit + 1e-9 for u, limit in zip(used, problem.limit(resource), strict=True)):
            return False
    for c in problem.candidates:
        inside = c.id in chosen
        if (c.mandatory or c.locked is True) and not inside:
            return False
        if c.locked is False and inside:
            return False
        if inside and any(d not in chosen for d in c.requires):
            return False
        if inside and any(d in chosen for d in c.excludes):
            return False
        if inside and any(d in chosen and chosen[c.id] < chosen[d] + by_id[d].duration
                          for d in c.after):
            return False
    for rule in problem.balance:
        members = [i for i in chosen if by_id[i].category == rule.category]
        if rule.min_count is not None and len(members) < rule.min_count:
            return False
        if rule.max_count is not None and len(members) > rule.max_count:
            return False
        if rule.resource is not None:
            total = sum(by_id[i].total_use(rule.resource) for i in chosen)
            part = sum(by_id[i].total_use(rule.resource) for i in members)
            if rule.min_share is not None and part < rule.min_share * total - 1e-9:
                return False
            if rule.max_share is not None and part > rule.max_share * total + 1e-9:
                return False
    return True


def brute_force(problem: SelectionProblem) -> float | None:
    """The best total value over every selection and choice of starts (None: infeasible)."""
    choices = [[None, *problem.starts_of(c)] for c in problem.candidates]
    best = None
    for picks in itertools.product(*choices):
        chosen = {c.id: s for c, s in zip(problem.candidates, picks, strict=True)
                  if s is not None}
        if keeps_everything(problem, chosen):
            value = sum(c.value for c in problem.candidates if c.id in chosen)
            best = value if best is None else max(best, value)
    return best


@st.composite
def problems(draw):
    periods = draw(st.integers(1, 3))
    resources = ["budget", "dev"][:draw(st.integers(1, 2))]
    count = draw(st.integers(1, 6))
    ids = [f"P{i}" for i in range(count)]
    candidates = []
    for ident in ids:
        length = draw(st.integers(1, periods))
        uses = {r: draw(st.lists(st.integers(0, 6), min_size=1, max_size=length))
                for r in resources if draw(st.booleans())}
        others = [i for i in ids if i != ident]
        pick = st.lists(st.sampled_from(others), max_size=1) if others else st.just([])
        candidates.append(Candidate(
            ident, value=draw(st.integers(0, 20)), uses=uses,
            starts=draw(st.lists(st.integers(0, periods - 1), min_size=1, max_size=3)),
            mandatory=draw(st.integers(0, 7)) == 0,
            requires=draw(pick) if draw(st.integers(0, 3)) == 0 else [],
            excludes=draw(pick) if draw(st.integers(0, 3)) == 0 else [],
            after=draw(pick) if draw(st.integers(0, 3)) == 0 else [],
            category=draw(st.sampled_from(["", "a", "b"])),
            locked=draw(st.sampled_from([None] * 8 + [True, False]))))
    limits = {r: draw(st.lists(st.integers(0, 10), min_size=periods, max_size=periods))
              for r in resources}
    balance = []
    if draw(st.booleans()):
        balance.append(BalanceRule("a", max_count=draw(st.integers(0, 2))))
    if draw(st.booleans()):
        balance.append(BalanceRule("b", resource=resources[0],
                                   min_share=draw(st.sampled_from([0.0, 0.2, 0.5]))))
    # a profile that fits none of its starts is refused by design: start such candidates at 0
    fitted = [c if any(s + c.duration <= periods for s in c.starts)
              else Candidate(c.id, c.value, c.uses, [0], mandatory=c.mandatory,
                             requires=c.requires, excludes=c.excludes, after=c.after,
                             category=c.category, locked=c.locked)
              for c in candidates]
    return SelectionProblem(limits=limits, candidates=fitted, periods=periods, balance=balance)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_the_proven_optimum_is_the_brute_force_optimum(problem):
    result = select(problem, time_limit=10, explain=False)
    best = brute_force(problem)
    if best is None:
        assert result.status == "infeasible"
        return
    assert result.status == "optimal"
    assert result.objective == pytest.approx(best)
    assert result.bound == pytest.approx(best)
    assert keeps_everything(problem, dict(result.starts))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_a_conflict_is_infeasible_and_irreducible(problem):
    result = select(problem, time_limit=10)
    if result.status != "infeasible":
        return
    assert result.conflict and result.conflict_minimal
    model = build_model(problem)
    kept = {i for i, rule in enumerate(model.rules) if rule in result.conflict}
    from jalon.engine.selection.highs import solve_highs

    assert solve_highs(model, rules=kept, time_limit=10, maximise=False).status == "infeasible"
    for rule in kept:
        assert solve_highs(model, rules=kept - {rule}, time_limit=10,
                           maximise=False).status != "infeasible"


# -- worked cases ---------------------------------------------------------------------------------

def portfolio(**changes):
    candidates = {
        "ERP": Candidate("ERP", 80, {"budget": [150, 100], "dev": [4, 4]}, mandatory=True,
                         name="Nouvel ERP"),
        "CRM": Candidate("CRM", 60, {"budget": [90, 60], "dev": [3, 2]}, starts=[0, 1, 2],
                         requires=["ERP"], after=["ERP"], name="Portail client"),
        "BI": Candidate("BI", 50, {"budget": [120, 120]}, starts=[0, 1, 2]),
    }
    candidates.update(changes)
    return SelectionProblem(limits={"budget": [300, 300, 250, 250], "dev": 8}, periods=4,
                            candidates=list(candidates.values()))


def test_the_optimiser_chooses_start_periods_and_keeps_after_rules():
    result = select(portfolio())
    assert result.status == "optimal" and result.objective == 190
    assert result.starts["ERP"] == 0
    assert result.starts["CRM"] >= 2  # after ERP's two periods
    assert result.usage["budget"][result.starts["CRM"]] >= 90
    assert result.gap == 0


def test_a_rejected_candidate_is_told_how_much_more_budget_it_needs_and_whom_it_would_replace():
    # BIG can only start in period 2, where CRM (after ERP) must start too: one or the other
    problem = portfolio(BIG=Candidate("BIG", 50, {"budget": [200, 200]}, starts=[2]))
    result = select(problem)
    assert result.status == "optimal" and result.objective == 190
    assert dict(result.starts) == {"ERP": 0, "CRM": 2, "BI": 0}
    (rejected,) = result.rejected
    assert rejected.id == "BIG"
    assert texts(rejected.reasons) == [
        "Starting in period 2, 'BIG' needs more than is left: 'budget' in period 2 (needs 200, "
        "160 left), 'budget' in period 3 (needs 200, 190 left).",
        "It fits if 'budget' in period 2 grows by 40, 'budget' in period 3 grows by 10.",
        "The best selection with 'BIG', in place of 'CRM', is worth 180 (10 less).",
    ]


def test_rules_that_keep_a_candidate_out_are_named():
    problem = portfolio(
        LITE=Candidate("LITE", 5, {"budget": [10]}, excludes=["ERP"]),
        APP=Candidate("APP", 5, {"budget": [10]}, requires=["GONE"]),
        GONE=Candidate("GONE", 1, {"budget": [10]}, locked=False))
    result = select(problem)
    reasons = {r.id: texts(r.reasons) for r in result.rejected}
    assert "'LITE' and 'ERP' exclude each other, and 'ERP' is selected." in reasons["LITE"]
    assert "'APP' requires 'GONE', which is not selected." in reasons["APP"]
    assert reasons["GONE"] == ["'GONE' is locked out by a decision."]


def test_two_mandatory_projects_over_the_budget_are_the_conflict():
    problem = SelectionProblem(
        limits={"budget": [100, 100]}, periods=2,
        candidates=[Candidate("A", 10, {"budget": [70]}, mandatory=True),
                    Candidate("B", 10, {"budget": [50]}, mandatory=True),
                    Candidate("C", 10, {"budget": [50]}, starts=[1], mandatory=True),
                    Candidate("D", 10, {"budget": [10]})])
    result = select(problem)
    assert result.status == "infeasible" and result.objective is None
    assert texts(rule.message(problem) for rule in result.conflict) == [
        "the limit of 'budget' in period 0 (100)", "'A' is mandatory", "'B' is mandatory"]
    assert result.conflict_message.render(ENGLISH).startswith(
        "No selection satisfies these rules together: the limit of 'budget' in period 0")


def test_balance_rules_hold():
    problem = SelectionProblem(
        limits={"budget": 100}, candidates=[
            Candidate("A", 10, {"budget": 40}, category="run"),
            Candidate("B", 10, {"budget": 40}, category="run"),
            Candidate("C", 3, {"budget": 20}, category="compliance"),
            Candidate("D", 9, {"budget": 40}, category="innovation"),
            Candidate("E", 9, {"budget": 10}, category="innovation")],
        balance=[BalanceRule("compliance", resource="budget", min_share=0.2),
                 BalanceRule("innovation", max_count=1)])
    result = select(problem)
    assert result.status == "optimal"
    assert keeps_everything(problem, dict(result.starts))
    assert "C" in result.starts  # the share of compliance needs it
    assert len({"D", "E"} & set(result.starts)) <= 1
    assert result.objective == brute_force(problem)


def test_the_frontier_rises_from_nothing_to_everything():
    problem = portfolio()
    found = frontier(problem, resource="budget", points=15, time_limit=10)
    assert len(found.points) == 15
    assert found.points[0].limit == 0 and found.points[0].status == "infeasible"  # ERP needs 250
    assert found.points[-1].limit == 250 + 150 + 240
    values = [p.value for p in found.points if p.value is not None]
    assert values == sorted(values) and values[-1] == 190
    assert all(p.status in ("optimal", "infeasible") for p in found.points)
    entered = [i for p in found.points for i in p.entering]
    assert set(entered) == {"ERP", "CRM", "BI"}
    rising = [p for p in found.points if p.marginal]
    assert all(p.marginal > 0 and p.entering for p in rising)


@pytest.mark.parametrize(("build", "expected"), [
    (lambda: SelectionProblem({"budget": [1, 2]}, [Candidate("A", 1)], periods=3),
     "the limit of 'budget' has 2 values; give one number, or one per period (3)."),
    (lambda: SelectionProblem({"budget": [1, -2]}, [Candidate("A", 1)], periods=2),
     "the limit of 'budget' must be numbers >= 0"),
    (lambda: Candidate("A", -5), "Candidate 'A': value must not be negative (got -5)."),
    (lambda: Candidate("A", 5, {"budget": [1, -1]}),
     "Candidate 'A': its use of 'budget' must be numbers >= 0, not [1, -1]."),
    (lambda: SelectionProblem({"budget": 5}, [Candidate("A", 1, requires=["Z"])]),
     "Candidate 'A': requires names unknown candidate 'Z'."),
    (lambda: SelectionProblem({"budget": 5}, [Candidate("A", 1, {"budget": [1, 1, 1]},
                                                        starts=[1, 2])], periods=3),
     "Candidate 'A': its profile lasts 3 periods and ends within the 3 periods from none of "
     "its allowed starts (1, 2)."),
    (lambda: SelectionProblem({"budget": 5}, [Candidate("A", 1, {"dev": 1})]),
     "Candidate 'A': uses 'dev', which has no limit (the limits name budget)."),
    (lambda: SelectionProblem({"budget": 5}, [Candidate("A", 1), Candidate("A", 2)]),
     "Duplicate candidate id 'A'."),
    (lambda: BalanceRule("x", min_count=3, max_count=1).check(1),
     "Balance rule #1 (x): min_count (3) is above max_count (1)."),
])
def test_bad_problems_are_refused_with_the_candidate_named(build, expected):
    with pytest.raises(ValidationFailed) as caught:
        build()
    assert expected in caught.value.render(ENGLISH)
