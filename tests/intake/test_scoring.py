"""Scoring models, AHP weights, evaluations and the ranking, through the services."""

from __future__ import annotations

import pytest
from django.utils import translation

from jalon.errors import NotFound, PermissionDenied, ValidationFailed
from jalon.intake import ranking, scoring, services
from jalon.intake.models import Score, ScoringModel
from jalon.portfolios import services as portfolios
from tests.intake.conftest import evaluate, level

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_pairwise_comparisons_weigh_the_criteria(model, boss):
    result = scoring.judgements_set(actor=boss, model=model, matrix=[[1, 3], [1 / 3, 1]])
    assert result.consistent
    model.refresh_from_db()
    assert model.weighting == ScoringModel.Weighting.AHP
    weights = {c.name: c.weight for c in model.criteria.all()}
    assert weights == {"Value": pytest.approx(0.75), "Urgency": pytest.approx(0.25)}
    with pytest.raises(ValidationFailed, match="pairwise"):
        scoring.criterion_update(actor=boss, criterion=model.criteria.first(), weight=2)


def test_a_new_criterion_counts_as_much_as_the_others_until_compared(model, boss):
    scoring.judgements_set(actor=boss, model=model, matrix=[[1, 3], [1 / 3, 1]])
    scoring.criterion_create(actor=boss, model=model, name="Risk")
    result = scoring.consistency(model)
    assert result is not None and set(result.weights) == {"Value", "Urgency", "Risk"}
    assert sum(c.weight for c in model.criteria.all()) == pytest.approx(1.0)


def test_a_matrix_that_is_not_reciprocal_is_refused_and_changes_nothing(model, boss):
    with pytest.raises(ValidationFailed, match="reciprocal"):
        scoring.judgements_set(actor=boss, model=model, matrix=[[1, 3], [3, 1]])
    assert not model.judgements.exists()


def test_only_the_managers_keep_the_models(portfolio, chief, manager):
    for user in (chief, manager):
        with pytest.raises(PermissionDenied if user == chief else NotFound):
            scoring.scoring_model_create(actor=user, portfolio=portfolio, name="X")
    assert not ScoringModel.objects.exists()


def test_wsjf_comes_with_its_formula_criteria(portfolio, boss):
    model = scoring.scoring_model_create(actor=boss, portfolio=portfolio, name="W",
                                         kind=ScoringModel.Kind.WSJF)
    assert [c.role for c in model.criteria.all()] == [
        "business_value", "time_criticality", "risk_reduction", "job_size"]
    with pytest.raises(ValidationFailed, match="formula"):
        scoring.criterion_create(actor=boss, model=model, name="Other")


def test_evaluators_score_independently_and_the_sheet_flags_disagreement(
        model, reviewed, boss, chief):
    evaluate(boss, reviewed, model, 5, 2)
    evaluate(chief, reviewed, model, 3, 3)
    evaluate(chief, reviewed, model, 2, 3)  # replaces his own evaluation
    sheet = ranking.score_sheet(model=model, proposal=reviewed)
    assert {row.evaluator: row.score for row in sheet.rows} == {
        "Boss": pytest.approx(4.25), "Chief": pytest.approx(2.25)}
    assert sheet.aggregate == pytest.approx(3.25) and sheet.spread == pytest.approx(2.0)
    assert [c.name for c in sheet.disagreements] == ["Value"]


def test_an_evaluation_needs_every_criterion_and_an_open_proposal(model, reviewed, draft, boss):
    with pytest.raises(ValidationFailed, match="Urgency"):
        scoring.evaluation_set(actor=boss, proposal=reviewed, model=model,
                               levels=[level(model, "Value", 3)])
    services.proposal_transition(actor=boss, proposal=reviewed, action="defer")
    with pytest.raises(ValidationFailed, match="submitted"):
        evaluate(boss, reviewed, model, 3, 3)


def test_team_members_and_project_managers_do_not_evaluate(model, reviewed, manager):
    with pytest.raises(PermissionDenied):
        evaluate(manager, reviewed, model, 3, 3)


def test_an_evaluation_made_before_a_new_criterion_waits_to_be_completed(
        model, reviewed, boss):
    evaluate(boss, reviewed, model, 4, 4)
    scoring.criterion_create(actor=boss, model=model, name="Risk")
    sheet = ranking.score_sheet(model=model, proposal=reviewed)
    assert not sheet.rows and len(sheet.incomplete) == 1 and sheet.aggregate is None


def test_the_ranking_puts_the_best_score_first_and_the_unscored_last(
        model, reviewed, boss, manager, portfolio, objectives):
    other = services.proposal_create(actor=manager, portfolio=portfolio, code="ERP",
                                     title="ERP", objectives=objectives)
    third = services.proposal_create(actor=manager, portfolio=portfolio, code="BI", title="BI")
    for proposal in (other, third):
        services.proposal_transition(actor=manager, proposal=proposal, action="submit")
    evaluate(boss, reviewed, model, 2, 2)
    evaluate(boss, other, model, 5, 5)
    rows = ranking.ranking(model=model, proposals=[reviewed, other, third])
    assert [(r.rank, r.proposal.code) for r in rows] == [(1, "ERP"), (2, "CRM"), (None, "BI")]
    assert [r.alignment for r in rows] == [100.0, 75.0, 0.0]
    assert rows[1].cost == 1700
    by_cost = ranking.ranking(model=model, proposals=[reviewed, other, third], sort="cost")
    assert by_cost[0].proposal.code == "CRM"


def test_a_level_given_in_an_evaluation_is_not_deleted(model, reviewed, boss):
    evaluate(boss, reviewed, model, 4, 4)
    with pytest.raises(ValidationFailed, match="evaluations"):
        scoring.level_delete(actor=boss, level=level(model, "Value", 4))


def test_models_criteria_and_portfolios_deleted_for_good_take_the_evaluations_made(model, reviewed, boss, pmo):
    evaluate(boss, reviewed, model, 4, 4)
    scoring.criterion_delete(actor=boss, criterion=model.criteria.get(name="Urgency"))
    assert not Score.objects.filter(criterion__name="Urgency").exists()
    scoring.scoring_model_delete(actor=boss, model=model)
    assert not Score.objects.exists()
    other = scoring.scoring_model_create(actor=boss, portfolio=reviewed.portfolio, name="B")
    criterion = scoring.criterion_create(actor=boss, model=other, name="C")
    given = scoring.level_create(actor=boss, criterion=criterion, value=1, label="L")
    scoring.evaluation_set(actor=boss, proposal=reviewed, model=other, levels=[given])
    reviewed.portfolio.projects.all().delete()  # the fixture's project, in the way
    portfolios.portfolio_delete(actor=pmo, portfolio=reviewed.portfolio)
    assert ScoringModel.objects.exists()  # in the trash with its portfolio, to be restored
    portfolios.trash_delete(actor=pmo, kind="portfolio", pk=reviewed.portfolio.pk)
    assert not ScoringModel.objects.exists() and not Score.objects.exists()
