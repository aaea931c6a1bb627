"""The finance tab and the KPI dashboard: what they show, who may do what."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from jalon.finance import services
from jalon.finance.evm import project_performance
from jalon.finance.models import BudgetLine, CostEntry, RagOverride
from tests.factories import ProjectFactory, TaskFactory, UserFactory
from tests.pages import charts_of, signed_in

pytestmark = pytest.mark.django_db


def english(user):
    return signed_in(user, language="en")


def test_the_finance_tab_shows_the_figures_the_chart_and_the_forms(manager, worked):
    project = worked["project"]
    page = english(manager).get(f"/projects/{project.pk}/finance/")
    assert page.status_code == 200
    html = page.content.decode()
    (scurve,) = charts_of(html, "scurve")
    assert scurve.xpath(".//polyline[@class='pv']")
    assert "0.846" in html and "0.815" in html          # SPI and CPI of the worked example
    assert "13,500" in html                              # AC
    assert "Record a cost" in html and "Import costs" in html
    assert f'href="/projects/{project.pk}/finance/"' in html  # the workspace tab


def test_an_executive_reads_the_tab_without_forms_and_cannot_post(executive, worked):
    project = worked["project"]
    client = english(executive)
    html = client.get(f"/projects/{project.pk}/finance/").content.decode()
    assert "Record a cost" not in html
    response = client.post(f"/projects/{project.pk}/finance/costs/new/", {
        "date": "2025-03-20", "amount": "10", "category": "labour", "expenditure": "opex"})
    assert response.status_code == 403


def test_an_outsider_gets_404(outsider, worked):
    assert english(outsider).get(f"/projects/{worked['project'].pk}/finance/").status_code == 404


def test_a_cost_and_a_budget_line_are_added_from_the_page(manager, project):
    client = english(manager)
    response = client.post(f"/projects/{project.pk}/finance/costs/new/", {
        "date": "2025-03-20", "amount": "125.50", "category": "material", "expenditure": "capex"})
    assert response.status_code == 302
    assert CostEntry.objects.get().amount == 125.5
    response = client.post(f"/projects/{project.pk}/finance/budget/new/", {
        "category": "labour", "expenditure": "opex", "approved": "1000"})
    assert response.status_code == 302
    assert BudgetLine.objects.get().approved == 1000
    html = client.get(f"/projects/{project.pk}/finance/").content.decode()
    assert "Spent without a budget line" in html  # the material cost has no line


def test_an_import_with_bad_rows_shows_the_report_and_saves_nothing(manager, project):
    content = b"date,amount,category\n2025-03-01,10,labour\n2025-03-02,oops,labour\n"
    response = english(manager).post(f"/projects/{project.pk}/finance/costs/import/", {
        "file": SimpleUploadedFile("costs.csv", content, content_type="text/csv")})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="import-report"' in html
    assert "<td class=\"num\">3</td><td>amount</td>" in html
    assert not CostEntry.objects.exists()


def test_an_override_without_justification_is_refused_on_the_page(manager, worked):
    project = worked["project"]
    client = english(manager)
    response = client.post(f"/projects/{project.pk}/finance/override/", {
        "dimension": "cost", "status": "green", "justification": ""})
    assert response.status_code == 400
    assert not RagOverride.objects.exists()
    response = client.post(f"/projects/{project.pk}/finance/override/", {
        "dimension": "cost", "status": "green", "justification": "Invoices were double-booked."})
    assert response.status_code == 302
    html = client.get(f"/projects/{project.pk}/finance/").content.decode()
    assert "Invoices were double-booked." in html
    assert 'rag rag-red' in html and 'rag-override' in html  # computed red, override beside
    assert f"— {manager.get_username()}," in html  # who: a login when there is no name
    manager.first_name, manager.last_name = "Claire", "Martin"
    manager.save()
    html = client.get(f"/projects/{project.pk}/finance/").content.decode()
    assert "— Claire Martin," in html  # and the name when there is one


def test_the_dashboard_sorts_filters_and_links_to_projects(pmo, worked, other_project):
    project = worked["project"]
    client = english(pmo)
    html = client.get(f"/portfolios/{project.portfolio_id}/kpis/?sort=overall").content.decode()
    assert f'href="/projects/{project.pk}/finance/"' in html
    assert "rollup" in html
    html = client.get("/kpis/?status=red&dimension=cost").content.decode()
    assert f'data-project="{project.code}"' in html
    assert f'data-project="{other_project.code}"' not in html
    html = client.get("/kpis/?status=none").content.decode()
    assert f'data-project="{other_project.code}"' in html


def test_thresholds_are_set_by_those_who_manage_the_portfolio(pmo, manager, worked):
    portfolio = worked["project"].portfolio
    assert english(manager).get(f"/portfolios/{portfolio.pk}/kpis/thresholds/").status_code == 404
    response = english(pmo).post(f"/portfolios/{portfolio.pk}/kpis/thresholds/", {
        "spi_green": "0.8", "spi_amber": "0.7", "cpi_green": "0.8", "cpi_amber": "0.7",
        "milestone_slip_green": "5", "milestone_slip_amber": "15", "milestone_hit_green": "90",
        "milestone_hit_amber": "75", "overspend_green": "20",
        "overspend_amber": "30", "lag_green": "30", "lag_amber": "40",
        "scope_growth_green": "5", "scope_growth_amber": "10", "risk_exposure_green": "5",
        "risk_exposure_amber": "10", "high_risks_green": "0", "high_risks_amber": "2",
        "overallocation_green": "5", "overallocation_amber": "15", "utilisation_green": "100",
        "utilisation_amber": "120"})
    assert response.status_code == 302
    # CPI 0.815 and 13.9 points of overspend are now within the green limits.
    assert project_performance(worked["project"]).computed["cost"] == "green"


def test_a_snapshot_is_taken_from_the_page(manager, worked):
    project = worked["project"]
    client = english(manager)
    assert client.post(f"/projects/{project.pk}/finance/snapshot/").status_code == 302
    html = client.get(f"/projects/{project.pk}/finance/").content.decode()
    assert datetime.date(2025, 3, 21).strftime("%d/%m/%Y") in html
    services.kpi_snapshot_take(actor=manager, project=project)
    assert charts_of(html, "trends")
    assert "SPI 0.846 · 21/03/2025" in html and "CPI 0.815 · 21/03/2025" in html


def test_no_trend_chart_before_any_snapshot(manager, worked):
    html = english(manager).get(f"/projects/{worked['project'].pk}/finance/").content.decode()
    assert not charts_of(html, "trends")


def test_the_dashboard_bubble_chart_links_each_project_and_tells_its_risk_exposure(
        pmo, worked, other_project):
    from tests.finance.test_kpis import _risk

    project = worked["project"]
    _risk(project, 1, probability=3, cost="1000")  # 50 % x 1,000
    html = english(pmo).get(f"/portfolios/{project.portfolio_id}/kpis/").content.decode()
    assert charts_of(html, "bubbles")
    assert f'<a href="/projects/{project.pk}/finance/" data-bubble="{project.code}">' in html
    assert "Risk exposure 500 EUR" in html
    assert "↑ Priority" in html  # no project serves an objective: priority stands in
    html = english(pmo).get("/kpis/").content.decode()
    assert "Not placed" in html and f">{other_project.code}</a>" in html  # no figures


def test_a_fixed_cost_added_on_the_tab_raises_the_task_budget(manager, worked):
    project, build = worked["project"], worked["build"]
    client = english(manager)
    url = f"/projects/{project.pk}/finance/fixed-costs/new/"
    response = client.post(url, {"task": build.pk, "amount": "-5", "category": "material",
                                 "expenditure": "capex"})
    assert response.status_code == 400 and "amount" in response.context["fixed_form"].errors
    assert build.fixed_costs.count() == 1  # the worked example's 2,000 only
    response = client.post(url, {"task": build.pk, "amount": "1000", "category": "material",
                                 "expenditure": "capex", "description": "Licences"})
    assert response.status_code == 302
    cost = build.fixed_costs.get(description="Licences")
    html = client.get(f"/projects/{project.pk}/finance/").content.decode()
    assert f'data-fixed-cost="{cost.pk}"' in html and "Licences" in html
    # Added after the baseline: the plan's budget grows by 1,000 (scope growth), the
    # baseline's budget, against which value is earned, does not.
    performance = project_performance(project)
    assert performance.evm.bac == pytest.approx(18_000)
    assert performance.current_budget == pytest.approx(19_000)
    assert performance.kpis["scope_growth"] == pytest.approx(1_000 / 18_000 * 100)
    client.post(f"/projects/{project.pk}/finance/fixed-costs/{cost.pk}/delete/")
    assert not build.fixed_costs.filter(pk=cost.pk).exists()


def test_fixed_costs_follow_the_project_rights(executive, manager, worked, other_project):
    project, build = worked["project"], worked["build"]
    response = english(executive).post(f"/projects/{project.pk}/finance/fixed-costs/new/", {
        "task": build.pk, "amount": "10", "category": "other", "expenditure": "opex"})
    assert response.status_code == 403
    other_task = TaskFactory(project=other_project)
    response = english(manager).post(
        f"/projects/{project.pk}/finance/fixed-costs/new/",
        {"task": other_task.pk, "amount": "10", "category": "other", "expenditure": "opex"})
    assert response.status_code == 400  # not a task of this project
    assert build.fixed_costs.count() == 1


def test_budget_months_are_entered_by_line_and_shown_against_planned_value(manager, worked):
    project = worked["project"]
    line = services.budget_line_create(actor=manager, project=project, category="labour",
                                       approved=Decimal("18000"))
    client = english(manager)
    url = f"/projects/{project.pk}/finance/budget/{line.pk}/months/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="planned_2025-03"' in page.content.decode()  # the months of the PV curve
    assert 'name="planned_2025-04"' not in page.content.decode()  # the work ends in March
    response = client.post(url, {"planned_2025-03": "12000", "forecast_2025-03": "12500",
                                 "extra_month_1": "2025-04", "extra_planned_1": "6000",
                                 "extra_month_2": "2025-06", "extra_planned_2": "500"})
    assert response.status_code == 302
    assert [(m.month.isoformat(), m.planned, m.forecast) for m in line.months.all()] == [
        ("2025-03-01", Decimal("12000"), Decimal("12500")),
        ("2025-04-01", Decimal("6000"), None),
        ("2025-06-01", Decimal("500"), None)]
    html = client.get(f"/projects/{project.pk}/finance/").content.decode()
    assert 'data-month="2025-03"' in html and 'data-month="2025-06"' in html
    assert 'name="planned_2025-06"' in client.get(url).content.decode()  # now offered
    phasing = client.get(f"/projects/{project.pk}/finance/").context["phasing"]
    march = next(r for r in phasing if r.month == datetime.date(2025, 3, 1))
    april = next(r for r in phasing if r.month == datetime.date(2025, 4, 1))
    assert march.cumulative == Decimal("12000") and april.cumulative == Decimal("18000")
    assert march.pv == pytest.approx(project_performance(project).curve.pv[0]) == 18_000
    assert april.pv is None  # past the planned value curve
    assert march.gap == pytest.approx(12000 - march.pv)


def test_bad_budget_months_are_named_and_nothing_is_saved(manager, executive, worked):
    project = worked["project"]
    line = services.budget_line_create(actor=manager, project=project, category="labour",
                                       approved=Decimal("1000"))
    services.budget_months_set(actor=manager, line=line,
                               months=[(datetime.date(2025, 3, 1), Decimal("1000"), None)])
    url = f"/projects/{project.pk}/finance/budget/{line.pk}/months/"
    client = english(manager)
    response = client.post(url, {"planned_2025-03": "-1", "extra_month_1": "March",
                                 "extra_planned_1": "5", "extra_planned_2": "7"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) >= {"planned_2025-03", "extra_month_1", "extra_month_2"}
    assert "YYYY-MM" in errors["extra_month_1"][0]
    assert [(m.month, m.planned) for m in line.months.all()] == [
        (datetime.date(2025, 3, 1), Decimal("1000"))]
    response = client.post(url, {"extra_month_1": "2025-03", "extra_planned_1": "5",
                                 "planned_2025-03": "10"})
    assert response.status_code == 400  # the same month twice
    assert line.months.get().planned == Decimal("1000")
    assert english(executive).post(url, {"planned_2025-03": "1"}).status_code == 403
    assert line.months.get().planned == Decimal("1000")


def test_the_bubble_chart_places_projects_by_the_weights_of_the_objectives_they_serve(
        pmo, worked, other_project):
    from jalon.finance.selectors import strategic_values
    from tests.factories import ObjectiveFactory

    project = worked["project"]
    growth = ObjectiveFactory(portfolio=project.portfolio, weight=30)
    safety = ObjectiveFactory(portfolio=project.portfolio, weight=20)
    project.objectives.add(growth, safety)
    values, by_objectives = strategic_values([project, other_project])
    assert by_objectives and values == {project.pk: 50.0, other_project.pk: 0.0}
    html = english(pmo).get(f"/portfolios/{project.portfolio_id}/kpis/").content.decode()
    assert "↑ Value (weights of the objectives served)" in html and "value 50" in html


def test_team_members_get_neither_the_finance_tab_nor_the_kpis(member, manager, worked):
    project = worked["project"]
    client = english(member)
    tasks = client.get(f"/projects/{project.pk}/tasks/").content.decode()
    assert f"/projects/{project.pk}/finance/" not in tasks  # no Finance tab
    assert 'href="/kpis/"' not in tasks  # nor the KPIs menu
    assert client.get(f"/projects/{project.pk}/finance/").status_code == 403
    assert client.get("/kpis/").status_code == 403
    managing = english(manager).get(f"/projects/{project.pk}/tasks/").content.decode()
    assert f"/projects/{project.pk}/finance/" in managing and 'href="/kpis/"' in managing


def test_a_team_member_of_a_portfolio_gets_no_portfolio_kpis(worked):
    portfolio = worked["project"].portfolio
    member = UserFactory()
    grant_role(actor=None, user=member, role=Role.TEAM_MEMBER, scope=portfolio)
    assert english(member).get(f"/portfolios/{portfolio.pk}/kpis/").status_code == 403


def test_the_dashboard_pages_its_projects_and_its_roll_ups_still_cover_every_one(
        pmo, worked, other_project, monkeypatch):
    from jalon.finance import views

    monkeypatch.setattr(views, "PER_PAGE", 1)
    project = worked["project"]
    second = ProjectFactory(portfolio=project.portfolio, programme=project.programme,
                            code="ZZZ-LAST")
    client = english(pmo)
    url = f"/portfolios/{project.portfolio_id}/kpis/?sort=code&direction=desc"
    first = client.get(url).content.decode()
    assert f'data-project="{second.code}"' in first  # Z first, descending: the order is kept
    assert f'data-project="{project.code}"' not in first
    assert 'href="?sort=code&amp;direction=desc&amp;page=2" rel="next"' in first
    following = client.get(url + "&page=2").content.decode()
    assert f'data-project="{project.code}"' in following
    assert f'data-project="{second.code}"' not in following
    for html in (first, following):  # the roll-ups sum both projects, whichever the page
        assert "2 projects" in html and "The projects of this page of the table." in html
