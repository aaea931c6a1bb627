"""The proposal and scoring pages: reached from the portfolio, ranked, filled in, decided, and
the AHP consistency shown."""

from __future__ import annotations

import pytest

from jalon.intake.models import Proposal, ScoringModel
from tests.factories import SkillFactory
from tests.intake.conftest import evaluate
from tests.pages import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss_client(request, boss):
    return signed_in(boss, language="en" if request.node.get_closest_marker("english") else None)


@pytest.mark.english
def test_the_portfolio_page_leads_to_the_ranked_proposals(boss_client, portfolio, model,
                                                          reviewed, boss, chief):
    page = boss_client.get(f"/portfolios/{portfolio.pk}/").content.decode()
    assert f'href="/portfolios/{portfolio.pk}/proposals/"' in page
    evaluate(boss, reviewed, model, 5, 2)
    evaluate(chief, reviewed, model, 3, 3)
    listing = boss_client.get(f"/portfolios/{portfolio.pk}/proposals/?sort=cost").content.decode()
    assert "Portail client" in listing and "3.63" in listing and "Disagreement" in listing


@pytest.mark.english
def test_the_list_filters_by_state(boss_client, portfolio, draft, reviewed):
    assert "CRM" not in boss_client.get(
        f"/portfolios/{portfolio.pk}/proposals/?state=approved").content.decode()


def test_a_project_manager_drafts_a_proposal_with_its_estimates(pm_client, portfolio):
    response = pm_client.post(f"/portfolios/{portfolio.pk}/proposals/new/", {
        "code": "ERP", "title": "Nouvel ERP", "duration": 2, "capex": "1 000,5; 200",
        "opex": "", "efforts": "", "moscow": "must"})
    assert response.status_code == 302, response.content.decode()
    proposal = Proposal.objects.get(code="ERP")
    assert [(c.period, c.capex) for c in proposal.costs.all()] == [(0, 1000.5), (1, 200)]
    assert proposal.moscow == "must" and proposal.state == Proposal.State.DRAFT


@pytest.mark.english
def test_a_bad_estimate_is_named_on_the_form(pm_client, portfolio):
    response = pm_client.post(f"/portfolios/{portfolio.pk}/proposals/new/", {
        "code": "ERP", "title": "ERP", "duration": 1, "capex": "100; abc",
        "efforts": "Plombier: 3"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "CAPEX, month 2: “abc” is not a number." in page
    assert "“Plombier: 3”: start with the name of a skill" in page
    assert not Proposal.objects.exists()


def test_someone_outside_the_portfolio_gets_a_404(outsider_client, portfolio, draft):
    assert outsider_client.get(f"/portfolios/{portfolio.pk}/proposals/").status_code == 404
    assert outsider_client.get(f"/proposals/{draft.pk}/").status_code == 404


@pytest.mark.english
def test_the_decision_buttons_follow_the_rights(boss_client, pm_client, reviewed):
    mine = pm_client.get(f"/proposals/{reviewed.pk}/").content.decode()
    assert 'value="approve"' not in mine
    page = boss_client.get(f"/proposals/{reviewed.pk}/").content.decode()
    assert 'value="approve"' in page and 'value="reject"' in page


@pytest.mark.english
def test_a_rejection_without_reason_is_refused_on_the_page(boss_client, reviewed):
    response = boss_client.post(f"/proposals/{reviewed.pk}/transition/",
                                {"action": "reject", "reason": ""})
    assert response.status_code == 400
    assert "Give the reason of the rejection." in response.content.decode()
    assert Proposal.objects.get(pk=reviewed.pk).state == Proposal.State.UNDER_REVIEW


def test_approving_on_the_page_leads_to_the_project(boss_client, reviewed):
    response = boss_client.post(f"/proposals/{reviewed.pk}/transition/", {"action": "approve"})
    assert response.status_code == 302
    page = boss_client.get(response["Location"]).content.decode()
    project = Proposal.objects.get(pk=reviewed.pk).project
    assert f'href="/projects/{project.pk}/"' in page


@pytest.mark.english
def test_the_detail_shows_each_evaluator_the_aggregate_and_the_spread(
        boss_client, model, reviewed, boss, chief):
    evaluate(boss, reviewed, model, 5, 2)
    evaluate(chief, reviewed, model, 3, 3)
    page = boss_client.get(f"/proposals/{reviewed.pk}/").content.decode()
    assert "Boss" in page and "Chief" in page and "4.25" in page and "3.00" in page
    assert "3.63" in page and "1.25" in page
    assert "The evaluators disagree (levels two ranks apart or more) on: Value" in page


@pytest.mark.english
def test_an_evaluator_scores_on_the_page(boss_client, model, reviewed):
    criteria = list(model.criteria.all())
    data = {f"criterion_{c.pk}": c.levels.get(value=4).pk for c in criteria}
    response = boss_client.post(f"/proposals/{reviewed.pk}/evaluate/{model.pk}/", data)
    assert response.status_code == 302
    assert reviewed.evaluations.get().scores.count() == 2


@pytest.mark.english
def test_inconsistent_comparisons_are_named_on_the_model_page(boss_client, model, boss):
    from jalon.intake import scoring

    scoring.criterion_create(actor=boss, model=model, name="Risk")
    response = boss_client.post(f"/scoring-models/{model.pk}/pairwise/", {
        "pair_0_1": "9", "pair_0_2": "1/9", "pair_1_2": "9"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "λmax" in page and "Consistency ratio (CR)" in page
    assert "The judgements are inconsistent (CR > 0.1)" in page
    assert "“Value” against “Urgency”: judged 9, the weights imply 1.00" in page
    assert '<td class="num">1/9</td>' in page
    assert ScoringModel.objects.get(pk=model.pk).weighting == "ahp"


@pytest.mark.english
def test_consistent_comparisons_weigh_the_criteria_on_the_page(boss_client, model):
    page = boss_client.post(f"/scoring-models/{model.pk}/pairwise/",
                            {"pair_0_1": "3"}).content.decode()
    assert "consistent enough" in page and "weight 0.750" in page


def test_an_executive_reads_the_model_but_cannot_change_it(chief, model):
    client = signed_in(chief)
    assert client.get(f"/scoring-models/{model.pk}/").status_code == 200
    assert client.get(f"/scoring-models/{model.pk}/edit/").status_code == 403
    assert client.post(f"/scoring-models/{model.pk}/pairwise/", {"pair_0_1": "3"}
                       ).status_code == 403


def test_every_page_answers(boss_client, portfolio, model, draft):
    criterion = model.criteria.first()
    level = criterion.levels.first()
    for url in [f"/portfolios/{portfolio.pk}/proposals/", f"/portfolios/{portfolio.pk}/proposals/new/",
                f"/proposals/{draft.pk}/", f"/proposals/{draft.pk}/edit/",
                f"/proposals/{draft.pk}/delete/", f"/portfolios/{portfolio.pk}/scoring-models/",
                f"/portfolios/{portfolio.pk}/scoring-models/new/", f"/scoring-models/{model.pk}/",
                f"/scoring-models/{model.pk}/edit/", f"/scoring-models/{model.pk}/delete/",
                f"/scoring-models/{model.pk}/criteria/new/", f"/criteria/{criterion.pk}/edit/",
                f"/criteria/{criterion.pk}/delete/", f"/criteria/{criterion.pk}/levels/new/",
                f"/levels/{level.pk}/edit/", f"/levels/{level.pk}/delete/"]:
        assert boss_client.get(url).status_code == 200, url


def test_the_pages_read_in_french(boss_client, portfolio, model, reviewed, boss):
    evaluate(boss, reviewed, model, 4, 2)
    listing = boss_client.get(f"/portfolios/{portfolio.pk}/proposals/").content.decode()
    assert "Alignement stratégique" in listing and "En revue" in listing and "3,50" in listing
    page = boss_client.get(f"/scoring-models/{model.pk}/").content.decode()
    assert "Comparaisons par paires (AHP)" in page


def test_efforts_name_skills_of_the_pool(pm_client, portfolio):
    SkillFactory(name="Développeur")
    response = pm_client.post(f"/portfolios/{portfolio.pk}/proposals/new/", {
        "code": "ERP", "title": "ERP", "duration": 2, "efforts": "développeur : 80; 40"})
    assert response.status_code == 302, response.content.decode()
    efforts = Proposal.objects.get(code="ERP").efforts.all()
    assert [(e.skill.name, e.period, e.hours) for e in efforts] == [
        ("Développeur", 0, 80), ("Développeur", 1, 40)]
    edit = pm_client.get(f"/proposals/{efforts[0].proposal_id}/edit/").content.decode()
    assert "Développeur: 80; 40</textarea>" in edit
