"""The budget table, the cost entries and the KPI dashboard as XLSX and CSV: the figures the
pages show, for those who may see money only."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jalon.finance import services
from tests.exports import column, csv_rows, xlsx_rows
from tests.finance.conftest import AC, EV

pytestmark = pytest.mark.english

ATTACK = "=cmd|' /C calc'!A0"


@pytest.fixture
def budgeted(worked, pmo):
    project = worked["project"]
    services.budget_line_create(actor=pmo, project=project, category="labour",
                                description=ATTACK, approved=Decimal("10000"))
    services.cost_entry_create(actor=pmo, project=project, date=datetime.date(2025, 3, 26),
                               amount=Decimal("300"), category="other",
                               description="-refund of a deposit")
    return project


def test_the_finance_tab_links_to_the_budget_and_cost_exports(pm_client, budgeted):
    page = pm_client.get(f"/projects/{budgeted.pk}/finance/").content.decode()
    assert f"/projects/{budgeted.pk}/finance/budget/export/?format=xlsx" in page
    assert f"/projects/{budgeted.pk}/finance/costs/export/?format=csv" in page


def test_the_budget_as_xlsx_has_the_pages_figures_as_numbers_overspent_negative(pm_client,
                                                                                 budgeted):
    rows = xlsx_rows(pm_client.get(f"/projects/{budgeted.pk}/finance/budget/export/?format=xlsx"))
    assert rows[0] == ["Category", "CAPEX / OPEX", "Description", "Approved", "Contingency",
                       "Management reserve", "Actual", "Remaining", "Forecast"]
    labour = rows[1]
    # actual cost to the status date: AC 13,500 (the 700 of 25 March comes after), overspent
    assert labour == ["Labour", "OPEX", ATTACK, 10000, 0, 0, AC, 10000 - AC, None]


def test_the_budget_as_csv_neutralises_its_description(pm_client, budgeted):
    rows = csv_rows(pm_client.get(f"/api/v1/budget-lines/export?project={budgeted.pk}"
                                  "&format=csv"), delimiter=",")
    assert rows[1][2] == "'" + ATTACK


def test_every_cost_entry_latest_first_with_amounts_as_numbers(pm_client, budgeted):
    rows = xlsx_rows(pm_client.get(f"/projects/{budgeted.pk}/finance/costs/export/?format=xlsx"))
    assert column(rows, "Amount") == [300, 700, 500, 4000, 9000]  # latest first, as listed
    assert column(rows, "Description")[0] == "-refund of a deposit"
    assert column(rows, "Date")[0] == datetime.datetime(2025, 3, 26)
    csv = csv_rows(pm_client.get(f"/api/v1/cost-entries/export?project={budgeted.pk}"
                                 "&format=csv"), delimiter=",")
    assert (csv[1][2], csv[1][7]) == ("300.00", "'-refund of a deposit")


def test_the_kpi_dashboard_has_the_projects_figures_and_statuses(pmo_client, budgeted):
    rows = xlsx_rows(pmo_client.get("/kpis/export/?format=xlsx"))
    header = rows[0]
    assert header[:3] == ["Code", "Name", "Programme"] and header[-1] == "Overall"
    project = next(row for row in rows if row[0] == budgeted.code)
    assert project[header.index("CPI")] == pytest.approx(EV / AC)
    assert project[-1] in {"Green", "Amber", "Red", "Not assessed"}
    api = xlsx_rows(pmo_client.get(f"/api/v1/portfolios/{budgeted.portfolio_id}/kpis/export"))
    assert next(row for row in api if row[0] == budgeted.code) == project


def test_a_team_member_gets_no_money(member_client, budgeted):
    assert member_client.get(
        f"/projects/{budgeted.pk}/finance/budget/export/?format=xlsx").status_code == 403
    assert member_client.get(
        f"/projects/{budgeted.pk}/finance/costs/export/?format=csv").status_code == 403
    assert member_client.get(
        f"/api/v1/budget-lines/export?project={budgeted.pk}").status_code == 403
    assert member_client.get("/kpis/export/?format=xlsx").status_code == 403
    assert member_client.get("/api/v1/kpi-dashboard/export").status_code == 403
    # the list of cost entries is empty for him, and so is its export
    assert xlsx_rows(member_client.get(
        f"/api/v1/cost-entries/export?project={budgeted.pk}"))[1:] == []
