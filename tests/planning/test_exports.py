"""The task table and the dependencies as XLSX and CSV, from the tasks page and from the API."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tests.exports import column, csv_rows, xlsx_rows, xlsx_sheet
from tests.factories import ProjectFactory, TaskFactory

ATTACK = "=cmd|' /C calc'!A0"


def test_the_tasks_page_links_to_both_exports(pm_client, plan, project):
    page = pm_client.get(f"/projects/{project.pk}/tasks/").content.decode()
    assert f"/projects/{project.pk}/tasks/export/?format=xlsx" in page
    assert f"/projects/{project.pk}/dependencies/export/?format=csv" in page


def test_the_tasks_as_xlsx_carry_the_schedules_dates_as_dates(pm_client, plan, project):
    plan[0].name = ATTACK
    plan[0].save()
    sheet = xlsx_sheet(pm_client.get(f"/projects/{project.pk}/tasks/export/?format=xlsx"))
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:6] == ["WBS", "Nom", "Jalon", "Durée", "Début", "Fin"]
    assert column(rows, "Nom") == [ATTACK, "Build", "Test"]
    assert sheet["B2"].data_type == "s"  # text, never a formula
    # Design Mon 3 - Tue 4 March 2025, Build Wed 5 - Fri 7, Test (SS+1 after Build) Thu 6
    assert column(rows, "Début") == [datetime.datetime(2025, 3, 3), datetime.datetime(2025, 3, 5),
                                     datetime.datetime(2025, 3, 6)]
    assert column(rows, "Durée") == [2, 3, 1]
    assert column(rows, "Critique") == ["oui", "oui", "non"]
    assert column(rows, "Prédécesseurs") == [None, "1", "2SS+1"]  # as MS Project writes them


def test_the_tasks_as_csv_neutralise_formulas(pm_client, plan, project):
    plan[1].name = "@SUM(A1)"
    plan[1].save()
    rows = csv_rows(pm_client.get(f"/projects/{project.pk}/tasks/export/?format=csv"))
    assert column(rows, "Nom") == ["Design", "'@SUM(A1)", "Test"]
    assert column(rows, "Début") == ["2025-03-03", "2025-03-05", "2025-03-06"]


def test_without_a_start_date_times_are_working_days_as_numbers(pm_client, project):
    TaskFactory(project=project, name="Alone", wbs_code="1", duration=Decimal("2.5"))
    rows = xlsx_rows(pm_client.get(f"/api/v1/tasks/export?project={project.pk}"))
    assert (column(rows, "Début"), column(rows, "Fin")) == ([0], [2.5])


@pytest.mark.english
def test_the_api_exports_the_dependencies_of_a_project_with_both_ends_named(pm_client, plan,
                                                                         project):
    rows = csv_rows(pm_client.get(
        f"/api/v1/dependencies/export?project={project.pk}&format=csv"), delimiter=",")
    assert rows[0][:3] == ["Predecessor project", "Predecessor WBS", "Predecessor"]
    assert [(r[2], r[5], r[6], r[7]) for r in rows[1:]] == [("Design", "Build", "FS", "0.00"),
                                                            ("Build", "Test", "SS", "1.00")]


def test_the_dependencies_page_export_is_the_projects(pm_client, plan, project):
    rows = xlsx_rows(pm_client.get(f"/projects/{project.pk}/dependencies/export/?format=xlsx"))
    assert column(rows, "Successeur") == ["Build", "Test"]
    assert column(rows, "Décalage") == [0, 1]


def test_a_project_out_of_reach_is_not_found(pm_client, plan):
    other = ProjectFactory()
    assert pm_client.get(f"/projects/{other.pk}/tasks/export/?format=xlsx").status_code == 404
    assert pm_client.get(f"/api/v1/tasks/export?project={other.pk}").status_code == 404
