"""The portfolio Gantt: each project's bar carries its overall status (the KPI dashboard's), and
the projects stand under a heading row per programme."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from jalon.finance import services as finance
from jalon.planning import gantt, services
from jalon.portfolios.selectors import project_list
from tests.factories import ProgrammeFactory, ProjectFactory, UserFactory
from tests.finance.conftest import simple_project

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def portfolio_of_three(pmo, project):
    """``project`` (programme PG-B) computed red; ALPHA in programme PG-A overridden amber by the
    PMO; LOOSE in no programme, not assessed (no baseline)."""
    simple_project(actor=pmo, project=project, percent=40, cost="4000")  # SPI and CPI 0.8
    project.programme.code = "PG-B"
    project.programme.save()
    first = ProgrammeFactory(portfolio=project.portfolio, code="PG-A", name="Infrastructure")
    alpha = ProjectFactory(portfolio=project.portfolio, programme=first, code="ALPHA",
                           planned_start=datetime.date(2025, 2, 3))
    services.task_create(actor=pmo, project=alpha, name="Survey", duration=Decimal("5"))
    finance.rag_override_set(actor=pmo, project=alpha, dimension="overall", status="amber",
                             justification="The supplier is late but the date holds.")
    loose = ProjectFactory(portfolio=project.portfolio, code="LOOSE",
                           planned_start=datetime.date(2025, 4, 7))
    services.task_create(actor=pmo, project=loose, name="Audit", duration=Decimal("3"))
    return project, alpha, loose


def chart(client, portfolio_id) -> dict:
    return client.get(f"/api/v1/portfolios/{portfolio_id}/gantt").json()


@pytest.mark.english
def test_each_project_row_carries_the_status_the_kpi_dashboard_shows(pmo_client,
                                                                     portfolio_of_three):
    late, alpha, loose = portfolio_of_three
    rows = {row["id"]: row for row in chart(pmo_client, late.portfolio_id)["rows"]}
    assert rows[f"p{late.pk}"]["rag"] == "red"      # computed from its indices
    assert rows[f"p{alpha.pk}"]["rag"] == "amber"   # the PMO's override wins
    assert rows[f"p{loose.pk}"]["rag"] == ""        # no baseline: not assessed
    kpis = pmo_client.get(f"/api/v1/portfolios/{late.portfolio_id}/kpis").json()["projects"]
    assert {f"p{p['project']}": p["statuses"]["effective"]["overall"] for p in kpis} == {
        row_id: row["rag"] for row_id, row in rows.items() if row["kind"] == "project"}
    assert {row["rag"] for row in rows.values() if row["kind"] != "project"} == {None}


@pytest.mark.english
def test_projects_stand_under_their_programmes_by_code_and_the_others_last(pmo_client,
                                                                           portfolio_of_three):
    late, alpha, loose = portfolio_of_three
    rows = chart(pmo_client, late.portfolio_id)["rows"]
    headings = [(row["id"], row["wbs"], row["name"], row["project"])
                for row in rows if row["kind"] == "programme"]
    assert headings == [(f"g{alpha.programme_id}", "PG-A", "Infrastructure", None),
                        (f"g{late.programme_id}", "PG-B", late.programme.name, None),
                        ("g-", "", "Without programme", None)]
    order = [row["id"] for row in rows if row["kind"] in ("programme", "project")]
    assert order == [f"g{alpha.programme_id}", f"p{alpha.pk}", f"g{late.programme_id}",
                     f"p{late.pk}", "g-", f"p{loose.pk}"]
    by_id = {row["id"]: row for row in rows}
    assert by_id[f"p{alpha.pk}"]["parent"] == f"g{alpha.programme_id}"
    assert by_id[f"p{loose.pk}"]["parent"] == "g-"
    assert by_id[f"p{late.pk}"]["programme"] == late.programme_id
    assert by_id[f"p{late.pk}"]["level"] == 1
    work = next(row for row in rows if row["parent"] == f"p{late.pk}")
    assert work["level"] == 2 and work["kind"] == "task"
    # a programme's bar spans its projects' bars
    assert (by_id[f"g{alpha.programme_id}"]["start"], by_id[f"g{alpha.programme_id}"]["finish"]) \
        == (by_id[f"p{alpha.pk}"]["start"], by_id[f"p{alpha.pk}"]["finish"])


def test_without_programmes_there_are_no_headings(pmo_client, pmo, portfolio):
    ProjectFactory(portfolio=portfolio, code="SOLO", planned_start=datetime.date(2025, 3, 3))
    rows = chart(pmo_client, portfolio.pk)["rows"]
    assert [(row["kind"], row["wbs"], row["parent"], row["level"]) for row in rows] \
        == [("project", "SOLO", None, 0)]


def test_a_programme_manager_sees_his_programme_and_its_projects_only(portfolio_of_three):
    late, alpha, loose = portfolio_of_three
    manager = UserFactory()
    grant_role(actor=None, user=manager, role=Role.PROGRAMME_MANAGER, scope=late.programme)
    projects = list(project_list(user=manager, portfolio=late.portfolio))
    rows = gantt.portfolio_chart(user=manager, projects=projects)["rows"]
    assert [(row["kind"], row["wbs"]) for row in rows if row["kind"] != "task"] \
        == [("programme", "PG-B"), ("project", late.code)]


def test_the_page_has_the_status_legend_and_the_chart_names_each_status(pmo_client,
                                                                        portfolio_of_three):
    late, *_ = portfolio_of_three
    page = pmo_client.get(f"/portfolios/{late.portfolio_id}/gantt/").content.decode()
    for label in ("RAG\u00a0: vert", "RAG\u00a0: orange", "RAG\u00a0: rouge", "RAG\u00a0: non évalué"):
        assert label in page
    assert page.count('class="gantt-legend-rag"') == 4
    assert 'data-label-rag-red="Rouge"' in page  # the bars' tooltips name the status
    project_page = pmo_client.get(f"/projects/{late.pk}/gantt/").content.decode()
    assert "gantt-legend-rag" not in project_page  # a project's chart has no status per row
