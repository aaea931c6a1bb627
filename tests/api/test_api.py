"""The REST API: listing, permissions, tokens, CSRF, and errors that name the field."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from jalon.accounts.services import token_create
from jalon.planning.models import Dependency, Task
from jalon.portfolios.models import Project
from tests.factories import DependencyFactory, ProjectFactory, ResourceFactory, TaskFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, data: dict, **extra):
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


def patch(client: Client, url: str, data: dict):
    return client.patch(url, json.dumps(data), content_type="application/json")


def test_project_list_is_paginated_and_shows_everything_to_the_pmo(pmo, project, other_project):
    response = client_for(pmo).get("/api/v1/projects")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {p["code"] for p in body["items"]} == {project.code, other_project.code}


def test_project_manager_sees_only_her_projects(manager, project, other_project):
    client = client_for(manager)
    codes = [p["code"] for p in client.get("/api/v1/projects").json()["items"]]
    assert codes == [project.code]
    assert client.get(f"/api/v1/projects/{other_project.pk}").status_code == 404
    hidden = client.get(f"/api/v1/tasks?project={other_project.pk}")  # a filter's refused value
    assert hidden.status_code == 422 and list(hidden.json()["errors"]) == ["project"]
    assert client.get(f"/api/v1/projects/{project.pk}").json()["code"] == project.code


def test_anonymous_requests_are_refused_with_json(project):
    response = Client().get("/api/v1/projects")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_bearer_token_authenticates(manager, project):
    _token, raw = token_create(username=manager.username)
    response = Client().get("/api/v1/projects", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert [p["code"] for p in response.json()["items"]] == [project.code]
    assert Client().get("/api/v1/projects", HTTP_AUTHORIZATION="Bearer jln_wrong").status_code == 401


def test_token_writes_need_no_csrf_but_session_writes_do(pmo, portfolio):
    _token, raw = token_create(username=pmo.username)
    created = post(Client(), "/api/v1/projects", {"code": "TOK", "name": "Par jeton", "portfolio": portfolio.pk},
                   HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert created.status_code == 201
    session = Client(enforce_csrf_checks=True)
    session.force_login(pmo)
    refused = post(session, "/api/v1/projects", {"code": "CSRF", "name": "Sans jeton CSRF", "portfolio": portfolio.pk})
    assert refused.status_code == 403
    assert not Project.objects.filter(code="CSRF").exists()


def test_executive_reads_but_cannot_write(executive, project):
    client = client_for(executive)
    assert client.get(f"/api/v1/projects/{project.pk}").status_code == 200
    response = patch(client, f"/api/v1/projects/{project.pk}", {"name": "Renamed"})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.name != "Renamed"


def test_project_crud_round_trip(pmo, programme):
    client = client_for(pmo)
    response = post(client, "/api/v1/projects", {
        "code": "NEW-1", "name": "Nouveau", "programme": programme.pk, "planned_start": "2026-03-02",
        "status": "approved",
    })
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["portfolio"] == programme.portfolio_id
    assert body["currency"] == "EUR"
    pk = body["id"]
    assert patch(client, f"/api/v1/projects/{pk}", {"status": "in_progress"}).json()["status"] == "in_progress"
    assert client.delete(f"/api/v1/projects/{pk}").status_code == 204
    assert not Project.objects.filter(pk=pk).exists()


@pytest.mark.parametrize("payload, field", [
    ({"code": "X", "name": "X", "portfolio": "abc"}, "portfolio"),
    ({"code": "X", "name": "X", "portfolio": 99999}, "portfolio"),
    ({"code": "X", "name": "X", "portfolio": None, "planned_start": "not a date"}, "planned_start"),
    ({"code": "X", "name": "X"}, "portfolio"),
    ({"code": "bad code!", "name": "X", "portfolio": "__portfolio__"}, "code"),
    ({"code": "X", "name": "X", "portfolio": "__portfolio__", "priority": 5000}, "priority"),
])
def test_bad_project_input_names_the_field_and_creates_nothing(pmo, portfolio, payload, field):
    payload = {k: (portfolio.pk if v == "__portfolio__" else v) for k, v in payload.items()}
    before = Project.objects.count()
    response = post(client_for(pmo), "/api/v1/projects", payload)
    assert response.status_code in (400, 422), response.content
    body = response.json()
    assert field in body["errors"], body
    assert Project.objects.count() == before


def test_task_with_negative_duration_is_refused(pmo, project):
    response = post(client_for(pmo), "/api/v1/tasks", {"project": project.pk, "name": "A", "duration": -2})
    assert response.status_code == 422
    assert "duration" in response.json()["errors"]
    assert not Task.objects.filter(project=project).exists()


def test_dependency_cycle_is_refused_with_the_tasks_named(pmo, project):
    a = TaskFactory(project=project, name="Alpha")
    b = TaskFactory(project=project, name="Bravo")
    c = TaskFactory(project=project, name="Charlie")
    DependencyFactory(predecessor=a, successor=b)
    DependencyFactory(predecessor=b, successor=c)
    response = post(client_for(pmo), "/api/v1/dependencies", {"predecessor": c.pk, "successor": a.pk})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "cycle"
    for name in ("Alpha", "Bravo", "Charlie"):
        assert name in body["message"]
    assert Dependency.objects.count() == 2


def test_self_link_and_cross_portfolio_link_are_refused(pmo, project):
    a = TaskFactory(project=project)
    foreign = TaskFactory(project=ProjectFactory())
    client = client_for(pmo)
    assert post(client, "/api/v1/dependencies", {"predecessor": a.pk, "successor": a.pk}).status_code == 400
    response = post(client, "/api/v1/dependencies", {"predecessor": foreign.pk, "successor": a.pk})
    assert response.status_code == 400
    assert "predecessor" in response.json()["errors"]
    assert not Dependency.objects.exists()


def test_cross_project_link_in_one_portfolio_is_allowed(pmo, project):
    sibling = ProjectFactory(portfolio=project.portfolio)
    a, b = TaskFactory(project=sibling), TaskFactory(project=project)
    response = post(client_for(pmo), "/api/v1/dependencies",
                    {"predecessor": a.pk, "successor": b.pk, "type": "SS", "lag": "-1.5"})
    assert response.status_code == 201, response.content
    assert response.json()["lag"] in ("-1.50", -1.5, "-1.5")


def test_assignment_to_unknown_resource_names_the_field(pmo, project):
    task = TaskFactory(project=project)
    response = post(client_for(pmo), "/api/v1/assignments", {"task": task.pk, "resource": 424242})
    assert response.status_code == 400
    assert "resource" in response.json()["errors"]


def test_assignment_work_defaults_from_duration(pmo, project):
    task = TaskFactory(project=project, duration=5)
    resource = ResourceFactory()
    response = post(client_for(pmo), "/api/v1/assignments",
                    {"task": task.pk, "resource": resource.pk, "units": "0.5"})
    assert response.status_code == 201
    assert float(response.json()["work"]) == 20.0  # 5 days × 8 h × 50 %


def test_openapi_document_is_served(pmo):
    response = client_for(pmo).get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/projects" in response.json()["paths"]
    assert client_for(pmo).get("/api/docs").status_code == 200


# What the pages write beyond create, change and delete, and its twin in the API (the fuzzing
# of test_fuzz.py covers every operation of the document).
PAGE_WRITES = {
    "task table: indent, outdent, up, down": [("post", "/api/v1/tasks/{pk}/indent"),
                                              ("post", "/api/v1/tasks/{pk}/outdent"),
                                              ("post", "/api/v1/tasks/{pk}/move")],
    "task row: predecessors as text": [("put", "/api/v1/tasks/{pk}/predecessors")],
    "Gantt: drag a bar": [("post", "/api/v1/tasks/{pk}/reschedule")],
    "Gantt charts": [("get", "/api/v1/projects/{pk}/gantt"), ("get", "/api/v1/portfolios/{pk}/gantt"),
                     ("get", "/api/v1/levelling-runs/{pk}/gantt")],
    "calendars: delete an exception": [
        ("delete", "/api/v1/calendars/{pk}/exceptions/{exception_pk}")],
    "KPIs: record every project's": [("post", "/api/v1/portfolios/{pk}/kpi-snapshots")],
    "my timesheet: save the week": [("put", "/api/v1/timesheets/week")],
}


@pytest.mark.parametrize("page_write", PAGE_WRITES)
def test_page_writes_have_their_twin_in_the_api(pmo, page_write):
    paths = client_for(pmo).get("/api/v1/openapi.json").json()["paths"]
    for method, path in PAGE_WRITES[page_write]:
        assert method in paths.get(path, {}), (page_write, method, path)
