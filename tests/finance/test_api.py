"""The finance API: budgets and cost entries with the project's rights, EVM and KPIs."""

from __future__ import annotations

import pytest

from jalon.finance.models import BudgetLine, CostEntry
from tests.api.test_api import client_for, patch, post
from tests.finance.conftest import AC, BAC, EV, PV

pytestmark = pytest.mark.django_db


def test_a_project_manager_writes_costs_and_budgets_of_her_project(manager, project):
    client = client_for(manager)
    response = post(client, "/api/v1/cost-entries", {
        "project": project.pk, "date": "2025-03-10", "amount": "120.50", "category": "labour"})
    assert response.status_code == 201, response.json()
    entry = response.json()
    assert entry["expenditure"] == "opex" and entry["source"] == "manual"
    response = patch(client, f"/api/v1/cost-entries/{entry['id']}", {"amount": "130"})
    assert float(response.json()["amount"]) == 130
    response = post(client, "/api/v1/budget-lines", {
        "project": project.pk, "category": "equipment", "expenditure": "capex",
        "approved": "5000", "forecast": "5500"})
    assert response.status_code == 201
    line = response.json()
    assert patch(client, f"/api/v1/budget-lines/{line['id']}",
                 {"forecast": None}).json()["forecast"] is None
    assert client.get(f"/api/v1/budget-lines?project={project.pk}").json()["count"] == 1
    assert client.delete(f"/api/v1/cost-entries/{entry['id']}").status_code == 204


def test_executives_read_but_may_not_write(executive, manager, project):
    post(client_for(manager), "/api/v1/cost-entries", {
        "project": project.pk, "date": "2025-03-10", "amount": "10", "category": "labour"})
    client = client_for(executive)
    assert client.get("/api/v1/cost-entries").json()["count"] == 1
    response = post(client, "/api/v1/cost-entries", {
        "project": project.pk, "date": "2025-03-10", "amount": "10", "category": "labour"})
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    entry = CostEntry.objects.get()
    assert client.delete(f"/api/v1/cost-entries/{entry.pk}").status_code == 403


def test_others_projects_are_hidden(outsider, manager, project):
    post(client_for(manager), "/api/v1/budget-lines",
         {"project": project.pk, "category": "labour", "approved": "1"})
    line = BudgetLine.objects.get()
    client = client_for(outsider)
    assert client.get(f"/api/v1/budget-lines/{line.pk}").status_code == 404
    assert client.get(f"/api/v1/projects/{project.pk}/evm").status_code == 404
    assert client.get(f"/api/v1/portfolios/{project.portfolio_id}/kpis").status_code == 404
    response = post(client, "/api/v1/cost-entries", {
        "project": project.pk, "date": "2025-03-10", "amount": "10", "category": "labour"})
    assert response.status_code == 400 and response.json()["errors"]["project"]


def test_a_cost_on_a_task_of_another_project_is_refused(manager, project, worked):
    from tests.factories import TaskFactory

    other = TaskFactory()
    response = post(client_for(manager), "/api/v1/cost-entries", {
        "project": project.pk, "date": "2025-03-10", "amount": "10", "category": "labour",
        "task": other.pk})
    assert response.status_code == 400


def test_the_evm_endpoint_gives_the_worked_example(manager, worked):
    body = client_for(manager).get(f"/api/v1/projects/{worked['project'].pk}/evm").json()
    figures = body["figures"]
    assert body["available"] and body["baseline"] == "Initial"
    assert (figures["bac"], figures["pv"], figures["ev"], figures["ac"]) == pytest.approx(
        (BAC, PV, EV, AC))
    assert figures["cpi"] == pytest.approx(EV / AC)
    assert figures["spi_t"] == pytest.approx((EV / BAC) / (15 / 21))
    assert body["statuses"]["computed"]["cost"] == "red"
    assert {t["name"] for t in body["tasks"]} == {"Design", "Build", "Handover"}


def test_the_evm_of_a_project_without_figures_says_why(manager, project):
    body = client_for(manager).get(f"/api/v1/projects/{project.pk}/evm").json()
    assert body["available"] is False and body["reason"]


def test_the_portfolio_kpis_roll_up_the_projects(pmo, worked):
    project = worked["project"]
    body = client_for(pmo).get(f"/api/v1/portfolios/{project.portfolio_id}/kpis").json()
    assert body["portfolio"]["figures"]["ac"] == pytest.approx(AC)
    assert body["portfolio"]["counts"] == {"red": 1}
    assert [p["code"] for p in body["projects"]] == [project.code]
    assert body["programmes"][0]["figures"]["bac"] == pytest.approx(BAC)
