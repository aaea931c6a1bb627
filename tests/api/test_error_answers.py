"""Real error answers of the API are the ones its OpenAPI document declares for their operation,
with the body the document gives (jalon.api.problems, jalon.api.imports)."""

from __future__ import annotations

import re
from typing import Any

import jsonschema_rs
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import resolve

from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def document(django_db_setup, django_db_blocker) -> dict[str, Any]:
    with django_db_blocker.unblock():
        return Client().get("/api/v1/openapi.json").json()


def operation_of(document: dict[str, Any], method: str, url: str) -> dict[str, Any]:
    """The document's operation answering ``method url`` (its path template matched)."""
    path = url.split("?")[0]
    for template, methods in document["paths"].items():
        pattern = re.sub(r"\{[^}]+\}", "[^/]+", template)
        if re.fullmatch(pattern, path) and method.lower() in methods:
            return methods[method.lower()]
    raise AssertionError(f"{method} {url} is no operation of the document")


def assert_declared(document: dict[str, Any], method: str, url: str, response) -> dict[str, Any]:
    """The answer's status is declared for its operation and its body matches the schema."""
    assert resolve(url.split("?")[0])  # a real endpoint, not the 404 of an unknown path
    declared = operation_of(document, method, url)["responses"]
    status = str(response.status_code)
    assert status in declared, f"{method} {url}: {status} not in {sorted(declared)}"
    schema = declared[status]["content"]["application/json"]["schema"]
    body = response.json()
    validator = jsonschema_rs.validator_for({**schema, "components": document["components"]})
    errors = [error.message for error in validator.iter_errors(body)]
    assert not errors, (method, url, body, errors)
    return body


def test_common_refusals_are_declared_problems(document, project, pm_client, executive,
                                              member_client):
    task = TaskFactory(project=project, name="Recette")
    anonymous = Client()
    url = f"/api/v1/tasks/{task.pk}"
    assert_declared(document, "GET", url, anonymous.get(url))  # 401
    assert_declared(document, "GET", "/api/v1/tasks/999999",
                    pm_client.get("/api/v1/tasks/999999"))  # 404
    reader = Client()
    reader.force_login(executive)
    refused = reader.patch(url, {"name": "x"}, content_type="application/json")
    assert refused.status_code == 403
    assert_declared(document, "PATCH", url, refused)
    shapeless = pm_client.patch(url, [], content_type="application/json")
    assert shapeless.status_code == 400
    assert_declared(document, "PATCH", url, shapeless)
    mistyped = pm_client.patch(url, {"duration": "long"}, content_type="application/json")
    assert mistyped.status_code == 422
    assert "duration" in assert_declared(document, "PATCH", url, mistyped)["errors"]
    stale = pm_client.patch(url, {"name": "y"}, content_type="application/json",
                            headers={"If-Match": f'"task-{task.pk}-v999"'})
    assert stale.status_code == 412
    assert assert_declared(document, "PATCH", url, stale)["current"]["name"] == "Recette"


def test_a_throttled_call_is_a_declared_problem(document, settings, pm_client, project):
    settings.JALON_API_RATE = "1/m"
    url = f"/api/v1/projects/{project.pk}"
    pm_client.get(url)
    throttled = pm_client.get(url)
    assert throttled.status_code == 429
    assert assert_declared(document, "GET", url, throttled)["code"] == "throttled"


def _upload(client: Client, url: str, name: str, content: bytes, **fields: Any):
    return client.post(url, {"file": SimpleUploadedFile(name, content), **fields})


def test_every_import_refusal_lists_its_problems(document, pm_client, pmo_client, project):
    """Bad rows, an unreadable plan file, a file of an unknown kind: each 400 carries
    ``problems`` naming the place and what is wrong, as the document declares."""
    url = f"/api/v1/projects/{project.pk}/cost-imports"
    bad_rows = _upload(pm_client, url, "costs.csv", b"date,amount,category\n2025-01-06,lots,labour\n")
    body = assert_declared(document, "POST", url, bad_rows)
    assert bad_rows.status_code == 400 and body["problems"][0]["row"] == 2, body

    url = "/api/v1/projects/import"
    unreadable = _upload(pmo_client, url, "plan.json", b'{"tasks": [', code="IMP",
                         portfolio=project.portfolio_id)
    body = assert_declared(document, "POST", url, unreadable)
    assert unreadable.status_code == 400, body
    assert [(p["column"], "plan.json" in p["message"]) for p in body["problems"]] == [
        ("file", True)], body

    url = f"/api/v1/projects/{project.pk}/task-imports"
    unknown = _upload(pm_client, url, "plan.pdf", b"%PDF-1.4")
    body = assert_declared(document, "POST", url, unknown)
    assert unknown.status_code == 400 and ".csv" in body["problems"][0]["message"], body

    url = "/api/v1/timesheet-imports"
    bad_hours = _upload(pm_client, url, "time.csv",
                        b"date,resource,project,task,hours\n2025-01-06,nobody,X,1,-3\n")
    body = assert_declared(document, "POST", url, bad_hours)
    assert bad_hours.status_code == 400 and {p["row"] for p in body["problems"]} == {2}, body


def test_the_risk_matrix_answers_its_schema(document, pmo_client, project):
    url = f"/api/v1/portfolios/{project.portfolio_id}/risk-matrix"
    matrix = pmo_client.get(url)
    assert matrix.status_code == 200
    schema = operation_of(document, "GET", url)["responses"]["200"]["content"][
        "application/json"]["schema"]
    validator = jsonschema_rs.validator_for({**schema, "components": document["components"]})
    assert validator.is_valid(matrix.json()), matrix.json()
    assert isinstance(matrix.json()["probability_labels"], list)

