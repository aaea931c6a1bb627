"""The finance API: budgets and cost entries with the project's rights, EVM and KPIs."""

from __future__ import annotations

import pytest

from jalon.finance.models import BudgetLine, CostEntry
from tests.api.test_api import client_for, patch, post
from tests.factories import ProjectFactory
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
    assert figures["spi_t"] == pytest.approx(13 / 15)  # 11,000 earned on the plan's day 13 of 15
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


def test_cost_import_saves_every_row_or_returns_the_report_and_saves_nothing(manager, project):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(manager)
    url = f"/api/v1/projects/{project.pk}/cost-imports"
    bad = SimpleUploadedFile("costs.csv", b"date,amount,category\n2025-03-10,100,labour\n"
                                          b"2025-13-01,abc,labour\n")
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    report = response.json()
    assert report["code"] == "import_failed"
    assert {(p["row"], p["column"]) for p in report["problems"]} >= {(3, "date"), (3, "amount")}
    assert not CostEntry.objects.filter(project=project).exists()
    good = SimpleUploadedFile("costs.csv", b"date;amount;category\n2025-03-10;1 234,50;labour\n"
                                           b"31/03/2025;100;material\n")
    response = client.post(url, {"file": good})
    assert response.status_code == 201, response.json()
    assert response.json()["count"] == 2 and float(response.json()["total"]) == 1334.5
    assert CostEntry.objects.filter(project=project, source="import").count() == 2


def test_only_those_who_manage_the_project_import_costs(executive, project):
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload():
        return {"file": SimpleUploadedFile("c.csv", b"date,amount,category\n2025-03-10,1,labour\n")}

    assert client_for(executive).post(f"/api/v1/projects/{project.pk}/cost-imports",
                                      upload()).status_code == 403
    assert not CostEntry.objects.exists()


def test_overrides_need_a_justification_and_follow_the_project_rights(manager, executive, worked):
    project = worked["project"]
    client = client_for(manager)
    url = f"/api/v1/projects/{project.pk}/rag-overrides/cost"
    response = client.put(url, '{"status": "green", "justification": "  "}',
                          content_type="application/json")
    assert response.status_code == 400
    assert not project.rag_overrides.exists()
    response = client.put(url, '{"status": "purple", "justification": "x"}',
                          content_type="application/json")
    assert response.status_code == 422 and "status" in response.json()["errors"]
    response = client.put(url, '{"status": "green", "justification": "Invoice paid twice"}',
                          content_type="application/json")
    assert response.status_code == 200, response.json()
    evm = client.get(f"/api/v1/projects/{project.pk}/evm").json()
    assert evm["statuses"]["effective"]["cost"] == "green"
    assert evm["statuses"]["computed"]["cost"] == "red"  # still reported beside it
    listed = client.get(f"/api/v1/projects/{project.pk}/rag-overrides").json()
    assert [(o["dimension"], o["justification"]) for o in listed] == [("cost",
                                                                       "Invoice paid twice")]
    reader = client_for(executive)
    assert reader.get(f"/api/v1/projects/{project.pk}/rag-overrides").status_code == 200
    assert reader.delete(url).status_code == 403
    assert client.delete(url).status_code == 204
    assert not project.rag_overrides.exists()


def test_snapshots_are_taken_and_listed(manager, executive, worked):
    project = worked["project"]
    client = client_for(manager)
    url = f"/api/v1/projects/{project.pk}/kpi-snapshots"
    response = client.post(url)
    assert response.status_code == 201, response.json()
    assert response.json()["figures"]["ac"] == AC
    assert client.post(url).status_code == 201  # the same date again replaces it
    snapshots = client_for(executive).get(url).json()
    assert [s["status_date"] for s in snapshots] == ["2025-03-21"]
    assert client_for(executive).post(url).status_code == 403


def test_a_portfolio_records_the_kpis_of_its_projects_with_figures(pmo, manager, executive,
                                                                   worked):
    project = worked["project"]
    bare = ProjectFactory(portfolio=project.portfolio)  # no status date: no figures
    url = f"/api/v1/portfolios/{project.portfolio_id}/kpi-snapshots"
    response = client_for(pmo).post(url)
    assert response.status_code == 200, response.json()
    assert [(s["project"], s["figures"]["ac"]) for s in response.json()] == [(project.pk, AC)]
    assert not bare.kpi_snapshots.exists()
    assert client_for(executive).post(url).status_code == 403
    # the project manager may record her project's, not the portfolio's
    assert client_for(manager).post(url).status_code == 404
    assert project.kpi_snapshots.count() == 1


def test_a_project_without_figures_gets_no_snapshot_and_is_told_why(manager, project):
    from tests.pages import signed_in

    response = signed_in(manager, language="en").post(
        f"/api/v1/projects/{project.pk}/kpi-snapshots")
    assert response.status_code == 400
    assert response.json()["message"] == "The project has no status date."
    assert not project.kpi_snapshots.exists()


def test_thresholds_are_read_and_patched_with_the_portfolio_rights(pmo, manager, project):
    url = f"/api/v1/portfolios/{project.portfolio_id}/kpi-thresholds"
    client = client_for(pmo)
    body = client.get(url).json()
    assert body["saved"] is False and body["thresholds"]["spi_green"] == 0.95
    assert body["thresholds"]["high_risks_amber"] == 2
    response = patch(client, url, {"cpi_green": "0.8", "cpi_amber": "0.9"})
    assert response.status_code == 400 and "cpi_amber" in response.json()["errors"]
    assert client.get(url).json()["saved"] is False  # nothing saved
    response = patch(client, url, {"cpi_green": "0.9", "risk_exposure_amber": "20"})
    assert response.status_code == 200
    assert response.json()["thresholds"]["cpi_green"] == 0.9
    assert response.json()["thresholds"]["risk_exposure_amber"] == 20
    assert client_for(manager).get(url).status_code == 404
    assert patch(client_for(manager), url, {"cpi_green": "0.5"}).status_code == 404


def test_budget_months_are_replaced_whole_or_not_at_all(manager, executive, project):
    import json

    client = client_for(manager)
    line = post(client, "/api/v1/budget-lines", {"project": project.pk, "category": "labour",
                                                 "approved": "3000"}).json()
    url = f"/api/v1/budget-lines/{line['id']}/months"

    def put(c, rows):
        return c.put(url, json.dumps(rows), content_type="application/json")

    response = put(client, [{"month": "2025-03-01", "planned": "1000"},
                            {"month": "2025-04-01", "planned": "2000", "forecast": "2500"}])
    assert response.status_code == 200, response.json()
    assert [(m["month"], float(m["planned"])) for m in client.get(url).json()] == [
        ("2025-03-01", 1000.0), ("2025-04-01", 2000.0)]
    response = put(client, [{"month": "2025-05-15", "planned": "1"}])  # not a first day
    assert response.status_code == 400 and "month" in response.json()["errors"]
    response = put(client, [{"month": "2025-05-01", "planned": "1"},
                            {"month": "2025-05-01", "planned": "2"}])
    assert response.status_code == 400
    assert len(client.get(url).json()) == 2  # unchanged
    assert put(client_for(executive), []).status_code == 403
    assert len(client.get(url).json()) == 2


def test_fixed_costs_through_the_api_raise_the_current_budget(manager, executive, worked):
    from jalon.finance.evm import project_performance

    client = client_for(manager)
    build = worked["build"]
    response = post(client, "/api/v1/fixed-costs", {"task": build.pk, "amount": "500",
                                                    "category": "material"})
    assert response.status_code == 201, response.json()
    cost = response.json()
    performance = project_performance(worked["project"])
    assert performance.evm.bac == BAC  # the baseline's budget does not move
    assert performance.current_budget == BAC + 500
    assert patch(client, f"/api/v1/fixed-costs/{cost['id']}",
                 {"amount": "-1"}).status_code == 422
    assert float(client.get(f"/api/v1/fixed-costs/{cost['id']}").json()["amount"]) == 500
    listed = client.get(f"/api/v1/fixed-costs?project={worked['project'].pk}").json()
    assert listed["count"] == 2  # the worked example's 2,000 and this one
    reader = client_for(executive)
    assert reader.get(f"/api/v1/fixed-costs/{cost['id']}").status_code == 200
    assert reader.delete(f"/api/v1/fixed-costs/{cost['id']}").status_code == 403
    assert client.delete(f"/api/v1/fixed-costs/{cost['id']}").status_code == 204


def test_the_kpis_are_listed_with_their_limits_in_the_reader_s_language(executive):
    from tests.pages import signed_in

    kpis = {k["key"]: k for k in signed_in(executive, language="fr").get("/api/v1/kpis").json()}
    assert kpis["spi"]["label"] == "SPI (indice de performance des délais)"
    assert (kpis["spi_t"]["thresholds"], kpis["spi_t"]["default_green"]) == ("spi", 0.95)
    assert kpis["schedule_lag"]["thresholds"] == "lag"
    assert not kpis["overspend"]["higher_is_better"] and kpis["overspend"]["unit"] == "points"


def test_thresholds_follow_their_kpi_s_range_and_decimals(pmo, project):
    url = f"/api/v1/portfolios/{project.portfolio_id}/kpi-thresholds"
    client = client_for(pmo)
    assert patch(client, url, {"high_risks_green": 1.5}).status_code == 422  # a count
    assert patch(client, url, {"milestone_hit_green": "120"}).status_code == 422  # a percent
    assert patch(client, url, {"lag_green": "2.25"}).status_code == 422  # one decimal
    response = patch(client, url, {"lag_green": "-2.5", "high_risks_amber": 3})
    assert response.status_code == 200, response.json()
    assert response.json()["thresholds"]["lag_green"] == -2.5
    assert response.json()["thresholds"]["high_risks_amber"] == 3


def test_team_members_read_no_money(member, worked):
    project = worked["project"]
    line = BudgetLine.objects.create(project=project, category="labour", approved=1000)
    client = client_for(member)
    assert client.get(f"/api/v1/projects/{project.pk}/evm").status_code == 403
    assert client.get(f"/api/v1/projects/{project.pk}/kpi-snapshots").status_code == 403
    for listed in ("budget-lines", "cost-entries", "fixed-costs"):
        assert client.get(f"/api/v1/{listed}?project={project.pk}").json()["count"] == 0
    assert client.get(f"/api/v1/budget-lines/{line.pk}").status_code == 404
    entry = CostEntry.objects.filter(project=project).first()
    assert client.get(f"/api/v1/cost-entries/{entry.pk}").status_code == 404
