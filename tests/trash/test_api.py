"""The API: deletion previews, a deleted project gone from lists (404 on reads), the trash for
PMO administrators."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from jalon.accounts.people import name_of
from jalon.portfolios.models import Project
from tests.factories import ProjectFactory
from tests.pages import signed_in


def test_the_preview_says_what_goes_with_a_project(pmo_client, stocked):
    assert pmo_client.get(f"/api/v1/projects/{stocked.pk}/deletion-preview").json() == {
        "programmes": [], "projects": [], "tasks": 3, "risks": 1, "documents": 1,
        "budget_lines": 1, "timesheet_entries": 2}
    body = pmo_client.get(f"/api/v1/portfolios/{stocked.portfolio_id}/deletion-preview").json()
    assert (body["programmes"], body["projects"]) == ([str(stocked.programme)], [str(stocked)])


def test_a_deleted_project_is_gone_from_the_api(pmo_client, stocked):
    kept = ProjectFactory(portfolio=stocked.portfolio, code="KEPT")
    assert pmo_client.delete(f"/api/v1/projects/{stocked.pk}").status_code == 204
    assert [p["code"] for p in pmo_client.get("/api/v1/projects").json()["items"]] == ["KEPT"]
    assert pmo_client.get(f"/api/v1/projects/{stocked.pk}").status_code == 404
    tasks = pmo_client.get(f"/api/v1/tasks?project={stocked.pk}")  # as for a project one
    assert (tasks.status_code, list(tasks.json()["errors"])) == (422, ["project"])  # cannot see
    kpis = pmo_client.get(f"/api/v1/portfolios/{kept.portfolio_id}/kpis").content.decode()
    assert kept.code in kpis and stocked.code not in kpis


def test_the_trash_through_the_api(pmo, pmo_client, stocked):
    pmo_client.delete(f"/api/v1/programmes/{stocked.programme_id}")
    [entry] = pmo_client.get("/api/v1/trash").json()
    assert {k: entry[k] for k in ("kind", "id", "code", "days_left")} == {
        "kind": "programme", "id": stocked.programme_id, "code": stocked.programme.code,
        "days_left": 29}
    assert entry["deleted_by"] == name_of(pmo)
    assert entry["contents"]["projects"] == [str(stocked)]

    restored = pmo_client.post(f"/api/v1/trash/programme/{stocked.programme_id}/restore")
    assert restored.status_code == 200 and restored.json()["contents"]["tasks"] == 3
    assert pmo_client.get(f"/api/v1/projects/{stocked.pk}").status_code == 200
    assert pmo_client.get("/api/v1/trash").json() == []

    pmo_client.delete(f"/api/v1/projects/{stocked.pk}")
    assert pmo_client.delete(f"/api/v1/trash/project/{stocked.pk}").status_code == 204
    assert not Project.all_objects.filter(pk=stocked.pk).exists()
    assert pmo_client.delete(f"/api/v1/trash/project/{stocked.pk}").status_code == 404
    assert pmo_client.post("/api/v1/trash/task/1/restore").status_code == 404


def test_the_trash_api_is_for_pmo_administrators(pmo_client, manager, stocked):
    pmo_client.delete(f"/api/v1/projects/{stocked.pk}")
    client = signed_in(manager)
    assert client.get("/api/v1/trash").status_code == 403
    assert client.post(f"/api/v1/trash/project/{stocked.pk}/restore").status_code == 403
    assert client.delete(f"/api/v1/trash/project/{stocked.pk}").status_code == 403
    assert Project.all_objects.get(pk=stocked.pk).deleted_at is not None


def test_the_trash_list_reads_a_fixed_number_of_queries(pmo, pmo_client, stocked):
    def queries() -> int:
        with CaptureQueriesContext(connection) as read:
            assert pmo_client.get("/api/v1/trash").status_code == 200
        return len(read)

    pmo_client.delete(f"/api/v1/projects/{stocked.pk}")
    one = queries()
    for _ in range(3):
        pmo_client.delete(f"/api/v1/projects/{ProjectFactory(portfolio=stocked.portfolio).pk}")
    pmo_client.delete(f"/api/v1/programmes/{stocked.programme_id}")
    assert queries() == one
