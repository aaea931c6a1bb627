"""The demo's demand: proposals scored by two evaluators under an AHP-weighted model, two
scenarios optimised, and the decision taken."""

from __future__ import annotations

from jalon.demo import catalogue
from jalon.intake.models import OptimisationRun, Proposal, Scenario, ScoringModel


def test_proposals_are_scored_by_two_evaluators_under_an_ahp_model(demo):
    model = ScoringModel.objects.get(portfolio__code=catalogue.PORTFOLIO_CODE)
    assert model.weighting == ScoringModel.Weighting.AHP
    assert model.judgements.exists()
    proposals = Proposal.objects.filter(portfolio__code=catalogue.PORTFOLIO_CODE)
    assert proposals.count() >= 8
    for proposal in proposals:
        assert proposal.evaluations.values("evaluator").distinct().count() >= 2


def test_two_scenarios_were_optimised_and_one_promoted(demo):
    kept = Scenario.objects.filter(portfolio__code=catalogue.PORTFOLIO_CODE)
    assert {s.name for s in kept} == {"Budget 2027", "Budget 2027 −15 %"}
    for scenario in kept:
        run = scenario.runs.get()
        assert run.state == OptimisationRun.State.DONE, run.error
        assert run.result["status"] in ("optimal", "feasible")
        assert run.result["rejected"]  # the budget leaves some proposals out, with reasons
    promoted = kept.get(promoted_at__isnull=False)
    assert promoted.name == "Budget 2027 −15 %" and promoted.promoted_by.username == \
        "portefeuille"
    selected = {s["code"] for s in promoted.promoted_run.result["selected"]}
    approved = Proposal.objects.filter(portfolio__code=catalogue.PORTFOLIO_CODE,
                                       state=Proposal.State.APPROVED)
    assert {p.code for p in approved} == selected
    assert all(p.project is not None for p in approved)
