"""Import a project from a file on the portfolio and programme pages; export one; compare it
with a baseline on its overview."""

from __future__ import annotations

import json
from decimal import Decimal
from unittest import mock

import pytest
from defusedxml import ElementTree
from django.core.files.uploadedfile import SimpleUploadedFile

from jalon.planning import services
from jalon.planning.models import Task
from jalon.portfolios.models import Project
from tests.factories import AssignmentFactory
from tests.pages import field_block, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.english]

JALON_FILE = json.dumps({
    "name": "Warehouse", "start": "2025-03-03",
    "resources": [{"id": "R1", "name": "Crane operator"}],
    "tasks": [{"id": "A", "name": "Foundations", "duration": 5},
              {"id": "B", "name": "Walls", "duration": 10, "predecessors": ["A"]}],
    "assignments": [{"task": "A", "resource": "R1", "units": 1}],
}).encode()


def upload(content: bytes = JALON_FILE, name: str = "warehouse.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_the_import_link_is_for_those_who_may_create_projects(pmo_client, executive, portfolio, programme):
    assert "Import a project" in pmo_client.get(f"/portfolios/{portfolio.pk}/").content.decode()
    assert "Import a project" in pmo_client.get(f"/programmes/{programme.pk}/").content.decode()
    reader = signed_in(executive, language="en")
    assert "Import a project" not in reader.get(f"/portfolios/{portfolio.pk}/").content.decode()
    assert reader.get(f"/portfolios/{portfolio.pk}/import/").status_code == 403


def test_a_good_file_creates_the_project_and_shows_the_report(pmo_client, programme):
    response = pmo_client.post(f"/programmes/{programme.pk}/import/",
                               {"file": upload(), "code": "WH1", "name": ""})
    assert response.status_code == 200
    project = Project.objects.get(code="WH1")
    assert project.programme == programme and project.name == "Warehouse"
    assert list(Task.objects.filter(project=project).order_by("wbs_code")
                .values_list("name", flat=True)) == ["Foundations", "Walls"]
    page = response.content.decode()
    assert "Project imported" in page and "Crane operator" in page  # created in the pool
    assert f"/projects/{project.pk}/" in page


def test_a_bad_file_shows_the_error_next_to_the_field_and_creates_nothing(pmo_client, portfolio):
    before = Project.objects.count()
    response = pmo_client.post(f"/portfolios/{portfolio.pk}/import/",
                               {"file": upload(b"<Project><Tasks><Task>", "plan.xml"), "code": "BAD1"})
    assert response.status_code == 400
    assert "plan.xml" in field_block(response.content.decode(), "file")
    assert Project.objects.count() == before


def test_a_taken_code_is_refused_next_to_the_code(pmo_client, portfolio, project):
    response = pmo_client.post(f"/portfolios/{portfolio.pk}/import/",
                               {"file": upload(), "code": project.code})
    assert response.status_code == 400
    assert "already exists" in field_block(response.content.decode(), "code")
    assert not Project.objects.filter(name="Warehouse").exists()


def test_a_file_over_20_mb_is_refused_with_a_clear_message(pmo_client, portfolio):
    with mock.patch("jalon.interchange.forms.MAX_IMPORT_BYTES", len(JALON_FILE) - 1):
        response = pmo_client.post(f"/portfolios/{portfolio.pk}/import/",
                                   {"file": upload(), "code": "BIG1"})
    assert response.status_code == 400
    assert "limited to 20 MB" in field_block(response.content.decode(), "file")
    assert not Project.objects.filter(code="BIG1").exists()


@pytest.mark.parametrize(("fmt", "mime", "suffix"), [
    ("mspdi", "application/xml", "xml"), ("json", "application/json", "json"),
    ("yaml", "application/yaml", "yaml"),
])
def test_export_downloads(pm_client, project, plan, fmt, mime, suffix):
    assert f"/projects/{project.pk}/export/{fmt}/" in pm_client.get(f"/projects/{project.pk}/").content.decode()
    response = pm_client.get(f"/projects/{project.pk}/export/{fmt}/")
    assert response.status_code == 200 and response["Content-Type"].startswith(mime)
    assert response["Content-Disposition"] == f'attachment; filename="{project.code}.{suffix}"'
    body = response.content.decode()
    assert "Design" in body and "Build" in body
    if fmt == "mspdi":
        assert ElementTree.fromstring(response.content).tag.endswith("Project")


def test_a_team_members_export_carries_no_rates_nor_costs(pm_client, member_client, pmo, project,
                                                          plan, resource):
    AssignmentFactory(task=plan[0], resource=resource, work=Decimal("16"))  # at 50 an hour
    services.baseline_create(actor=pmo, project=project, name="Initial")
    managed = json.loads(pm_client.get(f"/projects/{project.pk}/export/json/").content)
    assert managed["resources"][0]["standard_rate"] == 50
    assert any(values.get("cost") for values in managed["baselines"]["Initial"].values())
    response = member_client.get(f"/projects/{project.pk}/export/json/")
    assert response.status_code == 200
    exported = json.loads(response.content)
    assert [r["name"] for r in exported["resources"]] == ["Alice Martin"]
    assert not exported["resources"][0].get("standard_rate")
    assert not any(values.get("cost") for values in exported["baselines"]["Initial"].values())
    mspdi = member_client.get(f"/projects/{project.pk}/export/mspdi/").content.decode()
    assert "Alice Martin" in mspdi and "<StandardRate>50" not in mspdi


def test_export_of_an_unknown_format_or_a_hidden_project_is_not_found(pm_client, outsider_client, project):
    assert pm_client.get(f"/projects/{project.pk}/export/pdf/").status_code == 404
    assert outsider_client.get(f"/projects/{project.pk}/export/json/").status_code == 404


def test_baseline_variances_on_the_overview(pm_client, manager, project, plan):
    baseline = services.baseline_create(actor=manager, project=project, name="Approved")
    services.task_update(actor=manager, task=plan[1], duration=Decimal("5"))  # two days longer
    page = pm_client.get(f"/projects/{project.pk}/?baseline={baseline.pk}").content.decode()
    assert "Baseline comparison" in page and "Approved" in page
    table = page[page.index('<table class="grid variances">'):]
    rows = {name: table[table.index(name):table.index("</tr>", table.index(name))]
            for name in ("Design", "Build", "Test")}
    assert 'class="num late">+2</td>' in rows["Build"]  # finish and duration two days late
    assert rows["Design"].count(">0</td>") == 3  # on time
    assert 'class="variance late">+2</dd>' in page  # the project finishes two days late


def test_the_overview_without_a_chosen_baseline_offers_the_choice(pm_client, manager, project, plan):
    services.baseline_create(actor=manager, project=project, name="Approved")
    page = pm_client.get(f"/projects/{project.pk}/").content.decode()
    assert 'name="baseline"' in page and "variances" in page and "Finish variance" not in page
