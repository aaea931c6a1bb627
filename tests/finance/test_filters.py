"""The finance lists' filters, and the KPI dashboard's filters and order: the page and
``GET /portfolios/{id}/kpis`` list the same projects in the same order."""

from __future__ import annotations

import datetime
import math
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest

from jalon.finance import services
from jalon.finance.filters import KpiDashboardFilter, dashboard_rows
from tests.api.test_api import client_for
from tests.factories import ProjectFactory, TaskFactory
from tests.finance.conftest import simple_project
from tests.pages import field_block, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def row(code: str, cpi: float = math.nan, **effective: str) -> SimpleNamespace:
    """What the dashboard reads of a project's performance."""
    return SimpleNamespace(project=SimpleNamespace(code=code), kpis={"cpi": cpi},
                           effective=effective)


def codes(rows) -> list[str]:
    return [r.project.code for r in rows]


def test_the_rows_are_sorted_either_way_with_the_unvalued_last():
    rows = [row("B", 0.9, overall="amber", cost="green"), row("D"),
            row("A", 1.1, overall="green", cost="red"), row("C", 0.7, overall="red")]
    assert codes(dashboard_rows(rows)) == ["A", "B", "C", "D"]
    assert codes(dashboard_rows(rows, direction="desc")) == ["D", "C", "B", "A"]
    assert codes(dashboard_rows(rows, sort="cpi")) == ["C", "B", "A", "D"]  # worst first
    assert codes(dashboard_rows(rows, sort="cpi", direction="desc")) == ["A", "B", "C", "D"]
    assert codes(dashboard_rows(rows, sort="overall")) == ["C", "B", "A", "D"]
    assert codes(dashboard_rows(rows, sort="cost", direction="desc")) == ["B", "A", "D", "C"]


def test_the_rows_are_filtered_by_a_status_on_a_dimension():
    rows = [row("A", overall="green", cost="red"), row("B", overall="red"), row("C")]
    assert codes(dashboard_rows(rows, status="red")) == ["B"]
    assert codes(dashboard_rows(rows, status="red", dimension="cost")) == ["A"]
    assert codes(dashboard_rows(rows, status="none", dimension="cost")) == ["B", "C"]


def test_refused_or_missing_values_take_their_defaults():
    assert KpiDashboardFilter(None).choice() == {
        "dimension": "overall", "status": "", "sort": "code", "direction": "asc"}
    chosen = KpiDashboardFilter({"sort": "nonsense", "status": "red", "direction": "up"})
    assert chosen.choice() == {"dimension": "overall", "status": "red", "sort": "code",
                               "direction": "asc"}


@pytest.fixture
def board(pmo, portfolio):
    """Three projects of one portfolio: on track (CPI 1), overspent (CPI 0.27), no figures."""
    made = {}
    for code, percent, cost in (("ONTRACK", 50, "4000"), ("OVER", 20, "6000")):
        made[code] = simple_project(actor=pmo, project=ProjectFactory(portfolio=portfolio,
                                                                       code=code),
                                    percent=percent, cost=cost)
    made["NOFIG"] = ProjectFactory(portfolio=portfolio, code="NOFIG")
    return made


def page_codes(client, url: str) -> list[str]:
    html = client.get(url).content.decode()
    return re.findall(r'<tr data-project="([^"]+)"', html)


@pytest.mark.parametrize("query", [
    "", "sort=cpi", "sort=cpi&direction=desc", "sort=overall", "sort=code&direction=desc",
    "status=red", "status=green&dimension=cost", "status=none", "sort=spi&status=red",
])
def test_the_dashboard_and_the_api_list_the_same_projects_in_the_same_order(pmo, portfolio,
                                                                             board, query):
    page = page_codes(signed_in(pmo), f"/portfolios/{portfolio.pk}/kpis/?{query}")
    body = client_for(pmo).get(f"/api/v1/portfolios/{portfolio.pk}/kpis?{query}").json()
    assert [p["code"] for p in body["projects"]] == page


def test_the_dashboard_orders_as_asked(pmo, portfolio, board):
    client = signed_in(pmo)
    url = f"/portfolios/{portfolio.pk}/kpis/"
    assert page_codes(client, url + "?sort=cpi") == ["OVER", "ONTRACK", "NOFIG"]
    assert page_codes(client, url + "?sort=cpi&direction=desc") == ["ONTRACK", "OVER", "NOFIG"]
    assert page_codes(client, url + "?status=none") == ["NOFIG"]


def test_the_roll_ups_stay_those_of_every_project(pmo, portfolio, board):
    everything = client_for(pmo).get(f"/api/v1/portfolios/{portfolio.pk}/kpis").json()
    red = client_for(pmo).get(f"/api/v1/portfolios/{portfolio.pk}/kpis?status=red").json()
    assert len(red["projects"]) < len(everything["projects"])
    assert red["portfolio"] == everything["portfolio"]


@pytest.mark.english
def test_a_bad_value_is_refused_by_the_api_and_shown_by_the_page(pmo, portfolio, board):
    response = client_for(pmo).get(f"/api/v1/portfolios/{portfolio.pk}/kpis?sort=luck")
    assert response.status_code == 422 and list(response.json()["errors"]) == ["sort"]
    html = signed_in(pmo, language="en").get(
        f"/portfolios/{portfolio.pk}/kpis/?sort=luck&status=red").content.decode()
    assert "Select a valid choice" in field_block(html, "sort")
    assert re.findall(r'<tr data-project="([^"]+)"', html) == ["OVER"]  # by code, still red


# --- budget lines, fixed costs, cost entries: the API's project filter --------------------------

def test_the_cost_lists_are_filtered_by_project(pmo, project, other_project):
    made: dict[str, dict[int, int]] = {"budget-lines": {}, "fixed-costs": {}, "cost-entries": {}}
    for each in (project, other_project):
        made["budget-lines"][each.pk] = services.budget_line_create(
            actor=pmo, project=each, category="labour", approved=Decimal("100")).pk
        made["fixed-costs"][each.pk] = services.fixed_cost_create(
            actor=pmo, task=TaskFactory(project=each), amount=Decimal("10"),
            category="subcontracting").pk
        made["cost-entries"][each.pk] = services.cost_entry_create(
            actor=pmo, project=each, date=datetime.date(2025, 3, 3), amount=Decimal("5"),
            category="labour").pk
    client = client_for(pmo)
    for path, ids in made.items():
        assert client.get(f"/api/v1/{path}").json()["count"] == 2
        listed = client.get(f"/api/v1/{path}?project={project.pk}").json()["items"]
        assert [item["id"] for item in listed] == [ids[project.pk]], path
