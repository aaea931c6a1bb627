"""The risks API: CRUD with the pages' permissions, history, matrix, simulations."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from jalon.risks import services
from jalon.risks.models import Risk


def api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def patch(client, url, body):
    return client.patch(url, body, content_type="application/json")


@pytest.mark.django_db
def test_risk_crud_with_scores_history_actions_and_links(manager, planned):
    c, project = api(manager), planned["project"]
    response = post(c, f"/api/v1/projects/{project.pk}/risks",
                    {"title": "Supplier late", "probability": 3, "impact_schedule": 4,
                     "strategy": "mitigate", "delay_days": "2"})
    assert response.status_code == 201, response.json()
    risk = response.json()
    assert (risk["reference"], risk["score"], risk["level"]) == ("R1", 12, "high")
    changed = patch(c, f"/api/v1/risks/{risk['id']}", {"probability": 1,
                                                       "residual_probability": 1}).json()
    assert changed["score"] == 4 and changed["residual_score"] == 4 and changed["level"] == "low"
    assert post(c, f"/api/v1/risks/{risk['id']}/tasks",
                {"task": planned["a"].pk}).status_code == 201
    action = post(c, f"/api/v1/risks/{risk['id']}/actions",
                  {"description": "Second supplier", "owner": manager.pk}).json()
    assert patch(c, f"/api/v1/risk-actions/{action['id']}",
                 {"status": "done"}).json()["status"] == "done"
    assert c.get(f"/api/v1/risks/{risk['id']}").json()["tasks"] == [planned["a"].pk]
    events = [h["event"] for h in c.get(f"/api/v1/risks/{risk['id']}/history").json()]
    assert events == ["action changed", "action added", "task linked", "changed", "created"]
    listed = c.get(f"/api/v1/projects/{project.pk}/risks?level=low").json()
    assert [r["id"] for r in listed["items"]] == [risk["id"]]
    assert c.delete(f"/api/v1/risks/{risk['id']}").status_code == 204
    assert not Risk.objects.exists()


@pytest.mark.django_db
def test_levels_outside_the_scale_and_bad_strategies_are_refused(manager, project):
    c = api(manager)
    response = post(c, f"/api/v1/projects/{project.pk}/risks", {"title": "X", "probability": 7})
    assert response.status_code == 400 and response.json()["errors"]["probability"]
    response = post(c, f"/api/v1/projects/{project.pk}/risks",
                    {"title": "X", "kind": "opportunity", "strategy": "transfer"})
    assert response.status_code == 400 and "strategy" in response.json()["errors"]


@pytest.mark.django_db
def test_permissions_403_for_readers_404_for_outsiders(make_risk, executive, outsider, member,
                                                     project):
    risk = make_risk()
    assert api(executive).get(f"/api/v1/risks/{risk.pk}").status_code == 200
    assert patch(api(executive), f"/api/v1/risks/{risk.pk}", {"title": "No"}).status_code == 403
    assert post(api(member), f"/api/v1/projects/{project.pk}/risks",
                {"title": "No"}).status_code == 403
    assert api(outsider).get(f"/api/v1/risks/{risk.pk}").status_code == 404
    assert api(outsider).get(f"/api/v1/projects/{project.pk}/risks").status_code == 404
    assert post(api(outsider), f"/api/v1/projects/{project.pk}/issues",
                {"title": "No"}).status_code == 404


@pytest.mark.django_db
def test_issues_crud(manager, project):
    c = api(manager)
    issue = post(c, f"/api/v1/projects/{project.pk}/issues",
                 {"title": "Server down", "severity": "critical", "escalated": True}).json()
    response = patch(c, f"/api/v1/issues/{issue['id']}", {"status": "closed"})
    assert response.status_code == 400 and "resolution" in response.json()["errors"]
    closed = patch(c, f"/api/v1/issues/{issue['id']}",
                   {"status": "closed", "resolution": "Replaced the disk"}).json()
    assert closed["status"] == "closed"
    assert c.get(f"/api/v1/projects/{project.pk}/issues").json()["count"] == 1
    assert c.delete(f"/api/v1/issues/{issue['id']}").status_code == 204


@pytest.mark.django_db
def test_matrix_configuration_and_heatmap(pmo, manager, make_risk, project):
    make_risk(probability=2, impact_cost=3)
    c = api(pmo)
    url = f"/api/v1/portfolios/{project.portfolio_id}/risk-matrix"
    assert c.get(url).json()["size"] == 5
    assert patch(api(manager), url, {"size": 4}).status_code == 404
    body = patch(c, url, {"size": 4, "high_from": 9, "medium_from": 4,
                          "impact_labels": ["Low", "Moderate", "Major", "Severe"]}).json()
    assert body["size"] == 4 and body["impact_labels"][2] == "Major"
    cells = c.get(f"/api/v1/portfolios/{project.portfolio_id}/risk-heatmap").json()
    assert len(cells) == 16
    cell = next(x for x in cells if (x["probability"], x["impact"]) == (2, 3))
    assert cell["count"] == 1 and cell["level"] == "medium"


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_post_a_simulation_and_get_its_result(manager, executive, planned):
    services.risk_create(actor=manager, project=planned["project"], title="Late")
    response = post(api(manager), f"/api/v1/projects/{planned['project'].pk}/simulations",
                    {"iterations": 1000, "seed": 3})
    assert response.status_code == 202 and response.json()["state"] == "queued"
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    run = api(executive).get(f"/api/v1/simulations/{response.json()['id']}").json()
    assert run["state"] == "done" and run["progress"] == 1
    assert run["result"]["finish"]["p10"] <= run["result"]["finish"]["p50"] \
        <= run["result"]["finish"]["p90"]
    assert post(api(executive), f"/api/v1/projects/{planned['project'].pk}/simulations",
                {}).status_code == 403


@pytest.mark.django_db
def test_task_links_carry_their_own_delay(manager, planned):
    c, project = api(manager), planned["project"]
    risk = post(c, f"/api/v1/projects/{project.pk}/risks",
                {"title": "Supplier late", "delay_days": "2", "delay_percent": "10"}).json()
    own = post(c, f"/api/v1/risks/{risk['id']}/tasks",
               {"task": planned["a"].pk, "delay_days": "5.5"})
    assert own.status_code == 201, own.json()
    assert (own.json()["delay_days"], own.json()["delay_percent"]) == ("5.50", None)
    default = post(c, f"/api/v1/risks/{risk['id']}/tasks", {"task": planned["b"].pk}).json()
    assert (default["delay_days"], default["delay_percent"]) == (None, None)
    changed = patch(c, f"/api/v1/risk-task-links/{default['id']}", {"delay_percent": "50"})
    assert changed.status_code == 200 and changed.json()["delay_percent"] == "50.00"
    assert changed.json()["delay_days"] is None
    cleared = patch(c, f"/api/v1/risk-task-links/{own.json()['id']}", {"delay_days": None}).json()
    assert cleared["delay_days"] is None
    links = c.get(f"/api/v1/risks/{risk['id']}/tasks").json()
    assert {link["task"]: link["delay_percent"] for link in links} == {
        planned["a"].pk: None, planned["b"].pk: "50.00"}
    bad = patch(c, f"/api/v1/risk-task-links/{own.json()['id']}", {"delay_days": "-1"})
    assert bad.status_code in (400, 422)
    events = [h["event"] for h in c.get(f"/api/v1/risks/{risk['id']}/history").json()]
    assert events[:2] == ["task link changed", "task link changed"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_cancel_a_simulation_through_the_api(manager, executive, planned):
    project = planned["project"]
    queued = post(api(manager), f"/api/v1/projects/{project.pk}/simulations",
                  {"iterations": 1000, "seed": 3}).json()
    assert post(api(executive), f"/api/v1/simulations/{queued['id']}/cancel",
                {}).status_code == 403
    cancelled = post(api(manager), f"/api/v1/simulations/{queued['id']}/cancel", {})
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    run = api(manager).get(f"/api/v1/simulations/{queued['id']}").json()
    assert run["state"] == "cancelled" and run["result"] is None and run["progress"] == 0
    # a finished run stays as it is
    done = post(api(manager), f"/api/v1/projects/{project.pk}/simulations",
                {"iterations": 500, "seed": 1}).json()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    again = post(api(manager), f"/api/v1/simulations/{done['id']}/cancel", {}).json()
    assert again["state"] == "done" and again["result"] is not None
    assert post(api(manager), "/api/v1/simulations/999999/cancel", {}).status_code == 404
