"""The resource pool and the assignments as XLSX and CSV: rates and costs only for those who may
see them, as on the pages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.exports import column, csv_rows, xlsx_rows
from tests.factories import AssignmentFactory, ResourceFactory, TaskFactory

pytestmark = pytest.mark.english


@pytest.fixture
def staffed(project, resource):
    ResourceFactory(code="=HYPERLINK", name="+33 6 12 34 56 78", standard_rate=Decimal("80"))
    task = TaskFactory(project=project, name="Design", wbs_code="1", duration=Decimal("2"))
    AssignmentFactory(task=task, resource=resource, units=Decimal("0.5"), work=Decimal("8"))
    return project


def test_the_pool_page_links_to_its_exports(pm_client, staffed):
    page = pm_client.get("/resources/?active=on").content.decode()
    assert "/resources/export/?active=on&amp;format=xlsx" in page


def test_the_pool_as_xlsx_has_rates_for_a_manager(pm_client, staffed):
    rows = xlsx_rows(pm_client.get("/resources/export/?format=xlsx"))
    assert rows[0] == ["Code", "Name", "Kind", "Skills", "Rate", "Currency", "Capacity",
                       "Calendar", "Active"]
    assert column(rows, "Name") == ["+33 6 12 34 56 78", "Alice Martin"]
    assert column(rows, "Rate") == [80, 50]
    assert column(rows, "Capacity") == [1, 1]


def test_the_pool_as_csv_neutralises_formulas_and_hides_rates_from_a_team_member(member_client,
                                                                                  staffed):
    rows = csv_rows(member_client.get("/api/v1/resources/export?format=csv"), delimiter=",")
    assert "Rate" not in rows[0] and "Currency" not in rows[0]
    assert column(rows, "Code") == ["'=HYPERLINK", "DEV1"]
    assert column(rows, "Name") == ["'+33 6 12 34 56 78", "Alice Martin"]


def test_the_assignments_carry_work_and_cost_for_a_manager(pm_client, staffed):
    rows = xlsx_rows(pm_client.get(f"/projects/{staffed.pk}/assignments/export/?format=xlsx"))
    assert rows[0] == ["Project", "WBS", "Task", "Resource", "Code", "Units", "Work (hours)",
                       "Cost", "Currency"]
    assert rows[1][2:] == ["Design", "Alice Martin", "DEV1", 0.5, 8, 8 * 50, "EUR"]


def test_a_team_member_gets_the_assignments_without_their_cost(member_client, staffed):
    for response in (member_client.get(f"/projects/{staffed.pk}/assignments/export/?format=csv"),
                     member_client.get(f"/api/v1/assignments/export?project={staffed.pk}"
                                       "&format=csv")):
        rows = csv_rows(response, delimiter=",")
        assert "Cost" not in rows[0]
        assert rows[1][2:] == ["Design", "Alice Martin", "DEV1", "0.50", "8.00"]


def test_an_outsider_gets_none_of_the_projects_assignments(outsider_client, staffed):
    assert outsider_client.get(
        f"/projects/{staffed.pk}/assignments/export/?format=xlsx").status_code == 404
    assert outsider_client.get(
        f"/api/v1/assignments/export?project={staffed.pk}").status_code == 422
