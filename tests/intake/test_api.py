"""The intake API: proposals with their estimates and transitions, scoring models with criteria,
levels and pairwise comparisons, evaluations, score sheets and the ranking."""

from __future__ import annotations

import pytest

from jalon.intake.models import Proposal
from tests.factories import SkillFactory
from tests.intake.conftest import evaluate, level
from tests.pages import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def api(user):
    return signed_in(user, language="en")


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def send(client, method, url, body):
    return getattr(client, method)(url, body, content_type="application/json")


def test_a_proposal_from_draft_to_project(manager, boss, portfolio, objectives):
    dev = SkillFactory(name="Dev")
    pm, pmo = api(manager), api(boss)
    response = post(pm, f"/api/v1/portfolios/{portfolio.pk}/proposals", {
        "code": "CRM", "title": "Portail", "duration": 2, "earliest_start": "2027-01-01",
        "objectives": [objectives[0].pk], "mandatory": True,
        "costs": [{"period": 0, "capex": "100", "opex": "10"}],
        "efforts": [{"skill": dev.pk, "period": 1, "hours": "40"}]})
    assert response.status_code == 201, response.json()
    proposal = response.json()
    assert proposal["state"] == "draft" and proposal["objectives"] == [objectives[0].pk]
    assert proposal["efforts"] == [{"skill": dev.pk, "skill_name": "Dev", "period": 1,
                                    "hours": "40.00"}]
    pid = proposal["id"]
    assert post(pm, f"/api/v1/proposals/{pid}/transitions",
                {"action": "submit"}).json()["state"] == "submitted"
    assert post(pm, f"/api/v1/proposals/{pid}/transitions",
                {"action": "review"}).status_code == 403
    post(pmo, f"/api/v1/proposals/{pid}/transitions", {"action": "review"})
    approved = post(pmo, f"/api/v1/proposals/{pid}/transitions", {"action": "approve"}).json()
    assert approved["state"] == "approved" and approved["project"]
    project = pmo.get(f"/api/v1/projects/{approved['project']}").json()
    assert (project["code"], project["status"]) == ("CRM", "approved")
    history = pmo.get(f"/api/v1/proposals/{pid}/transitions").json()["items"]
    assert [h["target"] for h in history] == ["approved", "under_review", "submitted"]
    assert history[0]["actor_name"] == "Boss"


def test_bad_input_gets_a_message_naming_the_problem(manager, boss, portfolio, draft):
    pm = api(manager)
    response = post(pm, f"/api/v1/portfolios/{portfolio.pk}/proposals",
                    {"code": "X", "title": "X", "costs": [{"period": -1}]})
    assert response.status_code == 422 and "costs" in response.json()["message"]
    response = post(pm, f"/api/v1/portfolios/{portfolio.pk}/proposals",
                    {"code": "X", "title": "X", "efforts": [{"skill": 999, "period": 0,
                                                             "hours": 1}]})
    assert response.status_code == 400
    assert response.json()["message"] == "efforts.skill: no such object (999)."
    response = post(pm, f"/api/v1/portfolios/{portfolio.pk}/proposals",
                    {"code": "X", "title": "X", "duration": 1,
                     "costs": [{"period": 3, "capex": 1}]})
    assert response.status_code == 400 and "Month 4" in response.json()["message"]
    response = post(pm, f"/api/v1/proposals/{draft.pk}/transitions", {"action": "fly"})
    assert response.status_code == 422
    post(pm, f"/api/v1/proposals/{draft.pk}/transitions", {"action": "submit"})
    response = post(api(boss), f"/api/v1/proposals/{draft.pk}/transitions",
                    {"action": "reject"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"reason": ["Give the reason of the rejection."]}


def test_proposals_are_hidden_from_outsiders(outsider, portfolio, draft):
    c = api(outsider)
    assert c.get(f"/api/v1/portfolios/{portfolio.pk}/proposals").status_code == 404
    assert c.get(f"/api/v1/proposals/{draft.pk}").status_code == 404
    assert send(c, "patch", f"/api/v1/proposals/{draft.pk}", {"title": "Y"}).status_code == 404


def test_the_list_filters_and_a_patch_replaces_the_estimates(manager, portfolio, draft):
    pm = api(manager)
    listed = pm.get(f"/api/v1/portfolios/{portfolio.pk}/proposals?state=draft").json()
    assert [p["code"] for p in listed["items"]] == ["CRM"]
    assert pm.get(f"/api/v1/portfolios/{portfolio.pk}/proposals?state=approved"
                  ).json()["items"] == []
    changed = send(pm, "patch", f"/api/v1/proposals/{draft.pk}",
                   {"costs": [{"period": 1, "opex": "5"}], "moscow": None}).json()
    assert changed["costs"] == [{"period": 1, "capex": "0.00", "opex": "5.00"}]
    assert changed["moscow"] == ""
    assert pm.delete(f"/api/v1/proposals/{draft.pk}").status_code == 204
    assert not Proposal.objects.exists()


def test_a_scoring_model_with_criteria_levels_and_ahp(boss, chief, portfolio):
    c = api(boss)
    model = post(c, f"/api/v1/portfolios/{portfolio.pk}/scoring-models",
                 {"name": "Valeur"}).json()
    ids = []
    for name in ("Value", "Urgency", "Risk"):
        criterion = post(c, f"/api/v1/scoring-models/{model['id']}/criteria",
                         {"name": name}).json()
        assert post(c, f"/api/v1/criteria/{criterion['id']}/levels",
                    {"value": 1, "label": "Low"}).status_code == 201
        ids.append(criterion["id"])
    assert c.get(f"/api/v1/scoring-models/{model['id']}").json()["criteria"][0]["levels"][0][
        "label"] == "Low"
    result = send(c, "put", f"/api/v1/scoring-models/{model['id']}/pairwise",
                  {"matrix": [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]}).json()
    assert result["consistent"] is False and result["cr"] > 0.1
    assert result["inconsistent"][0]["row"] == "Value"
    assert abs(sum(result["weights"].values()) - 1) < 1e-9
    refused = send(c, "put", f"/api/v1/scoring-models/{model['id']}/pairwise",
                   {"matrix": [[1, 3, 1], [3, 1, 1], [1, 1, 1]]})
    assert refused.status_code == 400 and "reciprocal" in refused.json()["message"]
    assert post(api(chief), f"/api/v1/scoring-models/{model['id']}/criteria",
                {"name": "X"}).status_code == 403
    assert send(c, "patch", f"/api/v1/criteria/{ids[0]}", {"weight": 3}).status_code == 400


def test_built_in_models_and_their_rules(boss, portfolio):
    c = api(boss)
    wsjf = post(c, f"/api/v1/portfolios/{portfolio.pk}/scoring-models",
                {"name": "W", "kind": "wsjf"}).json()
    assert [cr["role"] for cr in wsjf["criteria"]] == [
        "business_value", "time_criticality", "risk_reduction", "job_size"]
    response = post(c, f"/api/v1/portfolios/{portfolio.pk}/scoring-models",
                    {"name": "R", "kind": "rice", "weighting": "ahp"})
    assert response.status_code == 400 and response.json()["errors"]["weighting"]


def test_evaluations_scores_and_ranking(boss, chief, manager, model, reviewed):
    c = api(chief)
    levels = [level(model, "Value", 2).pk, level(model, "Urgency", 3).pk]
    response = send(c, "put", f"/api/v1/proposals/{reviewed.pk}/evaluations/{model.pk}",
                    {"levels": levels, "comment": "ok"})
    assert response.status_code == 200, response.json()
    assert response.json()["evaluator_name"] == "Chief"
    incomplete = send(c, "put", f"/api/v1/proposals/{reviewed.pk}/evaluations/{model.pk}",
                      {"levels": levels[:1]})
    assert incomplete.status_code == 400 and "Urgency" in incomplete.json()["message"]
    refused = send(api(manager), "put",
                   f"/api/v1/proposals/{reviewed.pk}/evaluations/{model.pk}", {"levels": levels})
    assert refused.status_code == 403
    evaluate(boss, reviewed, model, 5, 5)
    sheet = c.get(f"/api/v1/proposals/{reviewed.pk}/scores/{model.pk}").json()
    assert sorted(s["score"] for s in sheet["scores"]) == [2.25, 5.0]
    assert sheet["aggregate"] == pytest.approx(3.625) and sheet["spread"] == 2.75
    assert sheet["disagreements"] == ["Value", "Urgency"]
    ranked = c.get(f"/api/v1/scoring-models/{model.pk}/ranking?sort=code").json()
    assert ranked[0]["code"] == "CRM" and ranked[0]["rank"] == 1
    assert ranked[0]["alignment"] == 75.0
    assert len(c.get(f"/api/v1/proposals/{reviewed.pk}/evaluations").json()["items"]) == 2
    assert c.get(f"/api/v1/scoring-models/{model.pk}/ranking?sort=nonsense").status_code == 422
