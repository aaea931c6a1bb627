"""Projects in and out of files: MS Project XML and Jalon files through the service and the API."""

from __future__ import annotations

import datetime
import tempfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jalon.errors import PermissionDenied, ValidationFailed
from jalon.interchange import services as interchange
from jalon.planning import services
from jalon.planning.models import Baseline, Dependency, Task
from jalon.planning.scheduling import project_schedule
from jalon.portfolios.models import Project
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(pmo, project):
    """A dated project: a phase with two tasks (SS+1, FF), a milestone, an assignment, a baseline."""
    project.planned_start = datetime.date(2026, 3, 2)
    project.save()
    phase = services.task_create(actor=pmo, project=project, name="Conception")
    a = services.task_create(actor=pmo, project=project, name="Ateliers", parent=phase,
                             duration=Decimal("5"))
    b = services.task_create(actor=pmo, project=project, name="Maquettes", parent=phase,
                             duration=Decimal("3"))
    m = services.task_create(actor=pmo, project=project, name="Validation", is_milestone=True)
    services.dependency_create(actor=pmo, predecessor=a, successor=b, type="SS", lag=1)
    services.dependency_create(actor=pmo, predecessor=phase, successor=m)
    from jalon.resources.services import assignment_create

    assignment_create(actor=pmo, task=a, resource=ResourceFactory(name="Claire Petit"))
    services.baseline_create(actor=pmo, project=project, name="Initiale")
    return project


def dates_by_name(project) -> dict[str, tuple]:
    schedule = project_schedule(project)
    return {t.name: (schedule.tasks[t.pk].start, schedule.tasks[t.pk].finish)
            for t in Task.objects.filter(project=project)}


@pytest.mark.parametrize("fmt, suffix", [("mspdi", ".xml"), ("json", ".json"), ("yaml", ".yaml")])
def test_export_then_import_gives_the_same_plan(pmo, planned, fmt, suffix):
    content, _mime, _name = interchange.export_bytes(user=pmo, project=planned, format=fmt)
    document = interchange.read_upload(name=f"plan{suffix}", content=content)
    report = interchange.project_import(actor=pmo, document=document, code="COPY",
                                        portfolio=planned.portfolio)
    copy = report.project
    assert dates_by_name(copy) == dates_by_name(planned)
    assert Dependency.objects.filter(successor__project=copy).count() == 2
    assert set(Task.objects.filter(project=copy).values_list("wbs_code", "name")) == set(
        Task.objects.filter(project=planned).values_list("wbs_code", "name"))
    assert copy.tasks.get(name="Ateliers").assignments.get().resource.name == "Claire Petit"
    # MS Project numbers its baselines (the name becomes "Baseline"); the values must survive.
    original, copied = Baseline.objects.get(project=planned), Baseline.objects.get(project=copy)
    assert sorted(copied.tasks.values_list("name", "start", "finish", "duration")) == sorted(
        original.tasks.values_list("name", "start", "finish", "duration"))


def test_a_malformed_file_is_named_and_creates_nothing(pmo, portfolio):
    before = Project.objects.count()
    with pytest.raises(ValidationFailed) as excinfo:
        interchange.read_upload(name="plan.xml", content=b"<Project><Tasks><Task>")
    assert "plan.xml" in excinfo.value.message
    assert tempfile.gettempdir() not in excinfo.value.message
    assert "upload" not in excinfo.value.message
    assert Project.objects.count() == before


def test_an_xml_bomb_is_refused(pmo):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            b'<Project xmlns="http://schemas.microsoft.com/project"><Name>&lol2;</Name></Project>')
    with pytest.raises(ValidationFailed):
        interchange.read_upload(name="bomb.xml", content=bomb)


def test_an_unsupported_file_type_is_refused(pmo):
    with pytest.raises(ValidationFailed) as excinfo:
        interchange.read_upload(name="notes.docx", content=b"PK")
    assert excinfo.value.field == "file"


def test_an_executive_cannot_import(executive, planned, pmo):
    content, *_ = interchange.export_bytes(user=pmo, project=planned, format="json")
    document = interchange.read_upload(name="p.json", content=content)
    with pytest.raises(PermissionDenied):
        interchange.project_import(actor=executive, document=document, code="NOPE",
                                   portfolio=planned.portfolio)
    assert not Project.objects.filter(code="NOPE").exists()


def test_import_and_export_through_the_api(pmo, planned):
    client = Client()
    client.force_login(pmo)
    exported = client.get(f"/api/v1/projects/{planned.pk}/export?format=mspdi")
    assert exported.status_code == 200
    assert exported["Content-Disposition"].endswith(f'{planned.code}.xml"')
    assert b"http://schemas.microsoft.com/project" in exported.content
    upload = SimpleUploadedFile("plan.xml", exported.content, content_type="application/xml")
    response = client.post("/api/v1/projects/import",
                           {"file": upload, "code": "API-COPY", "portfolio": planned.portfolio_id})
    assert response.status_code == 201, response.content
    copy = Project.objects.get(code="API-COPY")
    assert dates_by_name(copy) == dates_by_name(planned)
    bad = client.post("/api/v1/projects/import",
                      {"file": SimpleUploadedFile("x.xml", b"<nope"), "code": "BAD",
                       "portfolio": planned.portfolio_id})
    assert bad.status_code == 400
    assert "file" in bad.json()["errors"]
    assert not Project.objects.filter(code="BAD").exists()


def test_baseline_variance_through_the_api(pmo, planned):
    task = Task.objects.get(project=planned, name="Ateliers")
    services.task_update(actor=pmo, task=task, duration=Decimal("7"))
    baseline = Baseline.objects.get(project=planned)
    client = Client()
    client.force_login(pmo)
    body = client.get(f"/api/v1/baselines/{baseline.pk}/variance").json()
    rows = {row["task"]: row for row in body["tasks"]}
    assert rows[task.pk]["duration_variance"] == 2
    assert rows[task.pk]["start_variance"] == 0
    assert body["finish_variance"] > 0


def test_an_ms_project_file_keeps_ms_projects_dates_and_start_rule(pmo, portfolio):
    """Tasks MS Project started before the project start (on their constraint date) keep
    those dates once imported; the project setting gives Jalon's own rule back."""
    from jalon.portfolios.services import project_update
    from tests.io.conftest import data_folder

    path = data_folder("mspdi") / "assignment-flags-project2003-mspdi.xml"
    document = interchange.read_upload(name=path.name, content=path.read_bytes())
    project = interchange.project_import(actor=pmo, document=document, code="MSP",
                                         portfolio=portfolio).project
    assert project.constraints_before_start
    saved = {t.name: (t.start, t.finish) for t in document.tasks if not t.summary}
    assert {name: dates for name, dates in dates_by_name(project).items() if name in saved} \
        == saved
    assert project_schedule(project).start < project.planned_start
    content, _mime, _name = interchange.export_bytes(user=pmo, project=project, format="json")
    assert b'"constraints_before_start": true' in content
    client = Client()
    client.force_login(pmo)
    assert client.get(f"/api/v1/projects/{project.pk}").json()["constraints_before_start"]
    response = client.patch(f"/api/v1/projects/{project.pk}",
                            {"constraints_before_start": False}, content_type="application/json")
    assert response.status_code == 200, response.content
    project.refresh_from_db()
    assert project_schedule(project).start == project.planned_start
    project_update(actor=pmo, project=project, constraints_before_start=True)
    assert project_schedule(project).start < project.planned_start
