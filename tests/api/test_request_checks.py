"""Input no endpoint should take is refused with a 400 problem naming why, before it reaches
the database; and an unexpected error still answers in JSON."""

from __future__ import annotations

import io
import json
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jalon.finance.models import BudgetLine, CostEntry
from jalon.planning.models import Task
from jalon.portfolios.models import Project

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_a_nul_character_in_a_json_body_is_refused_and_nothing_saved(pmo_client, plan):
    task = plan[0]
    response = pmo_client.patch(f"/api/v1/tasks/{task.pk}", json.dumps({"notes": "a\x00b"}),
                                content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "nul_character"
    assert "NUL" in response.json()["message"]
    assert Task.objects.get(pk=task.pk).notes == task.notes


def test_a_nul_character_in_the_query_is_refused(pmo_client, plan):
    response = pmo_client.get(f"/api/v1/projects/{plan[0].project_id}/tasks?search=%00")
    assert response.status_code == 400 and response.json()["code"] == "nul_character"
    assert response.json()["problems"][0]["column"] == "search"


def test_a_nul_character_in_an_import_query_answers_the_import_report(pmo_client, plan):
    """An import endpoint declares its 400 as a report with ``problems``: the NUL refused
    before the endpoint answers in that shape too, naming the parameter."""
    project = plan[0].project
    response = pmo_client.post(f"/api/v1/projects/{project.pk}/task-imports?x%00y=1",
                               {"file": SimpleUploadedFile("t.csv", b"wbs,name\n1,A\n")})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "nul_character"
    assert body["problems"] == [{"row": None, "column": "xy", "message": body["message"]}]
    assert project.tasks.count() == len(plan)


@pytest.mark.parametrize("body", ["false", "3", '"text"', "null"])
def test_a_body_that_is_not_an_object_is_refused_not_taken_as_nothing(pmo_client, plan, body):
    response = pmo_client.patch(f"/api/v1/tasks/{plan[0].pk}", body,
                                content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "not_an_object"


def test_a_list_sent_to_an_endpoint_that_takes_an_object_is_refused(pmo_client, plan):
    task = plan[0]
    response = pmo_client.patch(f"/api/v1/tasks/{task.pk}", "[]",
                                content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "not_an_object"
    assert "objet JSON" in response.json()["message"]


def test_an_endpoint_that_takes_a_list_still_takes_one(pmo, plan):
    line = BudgetLine.objects.create(project=plan[0].project, category="labour", approved=1000)
    client = Client()
    client.force_login(pmo)
    response = client.put(f"/api/v1/budget-lines/{line.pk}/months",
                          json.dumps([{"month": "2025-03-01", "planned": "100"}]),
                          content_type="application/json")
    assert response.status_code == 200 and len(response.json()) == 1


def test_deeply_nested_json_is_refused_quickly(pmo_client, plan):
    response = pmo_client.patch(f"/api/v1/tasks/{plan[0].pk}", "[" * 100_000 + "]" * 100_000,
                                content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "too_deep"


def test_an_unexpected_error_answers_a_json_problem(pmo, monkeypatch):
    from jalon.accounts import api as accounts_api

    monkeypatch.setattr(accounts_api, "RoleGrant", None)  # GET /me now fails unexpectedly
    client = Client(raise_request_exception=False)
    client.force_login(pmo)
    response = client.get("/api/v1/me")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert "server log" in response.json()["message"] or "journal" in response.json()["message"]


YAML_BOMB = """\
code: BOMB
name: Bomb
calendar:
  holidays: &l9 [&l8 [&l7 [&l6 [&l5 [&l4 [&l3 [&l2 [&l1 [&l0 [lol, lol, lol, lol, lol, lol]]]]]]]]]]
tasks:
  - {id: "1", name: A, duration: 1, notes: [*l9, *l9, *l9, *l9, *l9, *l9, *l9, *l9, *l9]}
"""


def test_a_yaml_file_with_aliases_is_refused_at_once_naming_the_line(pmo_client, portfolio):
    started = time.perf_counter()
    response = pmo_client.post("/api/v1/projects/import", {
        "file": SimpleUploadedFile("bomb.yaml", YAML_BOMB.encode()), "code": "BOMB",
        "portfolio": portfolio.pk})
    assert time.perf_counter() - started < 5  # refused, not expanded (a generous bound)
    assert response.status_code == 400
    assert "alias" in response.json()["message"] and len(response.content) < 2_000
    assert not Project.objects.filter(code="BOMB").exists()


def test_a_deeply_nested_yaml_file_is_refused_not_a_500(pmo_client, portfolio):
    deep = "code: DEEP\nname: Deep\ntasks: " + "[" * 5_000 + "]" * 5_000 + "\n"
    response = pmo_client.post("/api/v1/projects/import", {
        "file": SimpleUploadedFile("deep.yaml", deep.encode()), "code": "DEEP",
        "portfolio": portfolio.pk})
    assert response.status_code == 400
    assert "64" in response.json()["message"]


def _xlsx_with_a_huge_string(megabytes: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["date", "amount", "category"])
    book.active.append(["2025-03-01", 10, "x"])
    plain = io.BytesIO()
    book.save(plain)
    source = zipfile.ZipFile(io.BytesIO(plain.getvalue()))
    bombed = io.BytesIO()
    with zipfile.ZipFile(bombed, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            data = source.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":  # openpyxl writes strings inline
                data = data.replace(b"<t>x</t>", b"<t>" + b"a" * (megabytes << 20) + b"</t>")
            target.writestr(part, data)
    return bombed.getvalue()


def test_an_xlsx_that_unpacks_to_a_huge_size_is_refused_before_reading(pm_client, project):
    content = _xlsx_with_a_huge_string(150)
    assert len(content) < 1_000_000  # a small upload
    started = time.perf_counter()
    response = pm_client.post(f"/api/v1/projects/{project.pk}/cost-imports", {
        "file": SimpleUploadedFile("costs.xlsx", content)})
    assert time.perf_counter() - started < 10
    assert response.status_code == 400
    assert "100" in json.dumps(response.json(), ensure_ascii=False)
    assert not CostEntry.objects.exists()


def test_a_csv_with_nul_characters_is_refused_naming_the_file(pm_client, project):
    response = pm_client.post(f"/api/v1/projects/{project.pk}/cost-imports", {
        "file": SimpleUploadedFile("costs.csv", b"date,amount,category\n2025-03-01,10,lab\x00our\n")})
    assert response.status_code == 400
    assert "NUL" in json.dumps(response.json(), ensure_ascii=False)
    assert not CostEntry.objects.exists()
