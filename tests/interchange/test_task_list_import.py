"""A plan imported from a task list: the export read back into a new project, all or nothing,
an empty plan only, the start held as MS Project holds it, the pages, the API, the template."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from jalon.planning import services
from jalon.planning.models import Dependency, Task
from jalon.planning.scheduling import project_schedule
from jalon.portfolios.models import Project
from jalon.resources.models import Assignment
from tests.exports import csv_rows, xlsx_rows
from tests.factories import ResourceFactory
from tests.pages import signed_in, task_state

pytestmark = pytest.mark.django_db

GOOD = (b"ID,WBS,Name,Duration,Predecessors,Resources,Start,% complete\n"
        b"1,1,Phase,,,,,\n"
        b"2,1.1,Design,5d,,Alice Martin[50%],2025-03-03,40\n"
        b"3,1.2,Build,2w,2FS+2,dev1,,\n"
        b"4,2,Signed off,0,\"3, 2SS-1d\",,,\n")


def upload(content: bytes = GOOD, name: str = "plan.csv") -> dict:
    return {"file": SimpleUploadedFile(name, content)}


def plan_of(project) -> list[tuple]:
    """What a user compares after a round trip: each task's WBS, name, duration, milestone,
    percent complete, and each link by WBS codes."""
    tasks = Task.objects.filter(project=project).order_by("wbs_code")
    links = Dependency.objects.filter(successor__project=project)
    summaries = {t.parent_id for t in tasks}
    # A summary's duration is its subtasks' span, whatever is stored.
    return sorted((t.wbs_code, t.name, None if t.pk in summaries else t.duration,
                   t.is_milestone, t.percent_complete) for t in tasks) + sorted(
        (d.predecessor.wbs_code, d.successor.wbs_code, d.type, d.lag) for d in links)


@pytest.fixture
def richer_plan(plan, project, pmo):
    """``plan`` with a summary, a subtask, a milestone and a lead: 1 Design, 2 Build, 3 Test,
    4 Phase (4.1 Review), 5 Go-live."""
    phase = services.task_create(actor=pmo, project=project, name="Phase")
    review = services.task_create(actor=pmo, project=project, name="Review", parent=phase,
                                  duration=Decimal("1.5"), percent_complete=30)
    live = services.task_create(actor=pmo, project=project, name="Go-live", is_milestone=True)
    services.dependency_create(actor=pmo, predecessor=plan[2], successor=review,
                               type=Dependency.Type.FF, lag=Decimal("-1"))
    services.dependency_create(actor=pmo, predecessor=phase, successor=live)
    return project


@pytest.mark.parametrize(("format", "language", "dated"), [
    ("xlsx", "en", True), ("csv", "fr", True), ("csv", "en", True), ("xlsx", "fr", False)])
def test_the_exported_task_list_imports_into_a_new_project_with_the_same_plan(
        richer_plan, pmo, programme, format, language, dated):
    if not dated:  # starts and finishes are exported as working days from day 0
        richer_plan.planned_start = None
        richer_plan.save()
    client = signed_in(pmo, language=language)
    exported = client.get(f"/projects/{richer_plan.pk}/tasks/export/?format={format}")
    assert exported.status_code == 200
    response = client.post("/api/v1/projects/task-imports", {
        **upload(exported.content, f"tasks.{format}"), "code": "COPY",
        "programme": programme.pk})
    assert response.status_code == 201, response.json()
    assert response.json()["tasks"] == 6 and response.json()["links"] == 4
    copy = Project.objects.get(code="COPY")
    assert plan_of(copy) == plan_of(richer_plan)
    assert copy.planned_start == richer_plan.planned_start
    # Dates computed from links and the project's start: none became a constraint.
    assert not Task.objects.filter(project=copy).exclude(constraint_type="ASAP").exists()
    original = {t.wbs_code: (d.start, d.finish) for t in Task.objects.filter(project=richer_plan)
                if (d := project_schedule(richer_plan).tasks.get(t.pk))}
    copied = {t.wbs_code: (d.start, d.finish) for t in Task.objects.filter(project=copy)
              if (d := project_schedule(copy).tasks.get(t.pk))}
    assert copied == original


def test_an_empty_project_gets_the_tree_links_assignments_and_a_held_start(pm_client, project):
    project.planned_start = date(2025, 3, 3)
    project.save()
    ResourceFactory(code="DEV1", name="Alice Martin")
    response = pm_client.post(f"/api/v1/projects/{project.pk}/task-imports", upload())
    assert response.status_code == 201, response.json()
    assert response.json() == {**response.json(), "tasks": 4, "links": 3, "assignments": 2}
    tasks = {t.wbs_code: t for t in Task.objects.filter(project=project)}
    assert [tasks["1.1"].parent, tasks["1.2"].parent, tasks["2"].parent] == [tasks["1"]] * 2 + [None]
    assert tasks["1.2"].duration == 10 and tasks["2"].is_milestone
    assert tasks["1.1"].percent_complete == 40
    # The start is the project's: nothing to hold.
    assert tasks["1.1"].constraint_type == "ASAP"
    units = sorted((a.task.wbs_code, a.units, a.work) for a in Assignment.objects.all())
    assert units == [("1.1", Decimal("0.5"), Decimal("20")), ("1.2", Decimal("1"), Decimal("80"))]
    links = sorted((d.predecessor.wbs_code, d.successor.wbs_code, d.type, d.lag)
                   for d in Dependency.objects.all())
    assert links == [("1.1", "1.2", "FS", 2), ("1.1", "2", "SS", -1), ("1.2", "2", "FS", 0)]


def test_a_start_on_a_task_nothing_drives_becomes_start_no_earlier_than(pm_client, project):
    project.planned_start = date(2025, 3, 3)
    project.save()
    content = (b"WBS,Name,Duration,Predecessors,Start\n"
               b"1,Free,2,,2025-03-10\n"
               b"2,Driven,2,1,2025-03-20\n"
               b"3,Phase,,1,\n"
               b"3.1,Under a driven summary,1,,2025-03-24\n")
    assert pm_client.post(f"/api/v1/projects/{project.pk}/task-imports",
                          upload(content)).status_code == 201
    held = {t.name: (t.constraint_type, t.constraint_date) for t in Task.objects.all()}
    assert held == {"Free": ("SNET", date(2025, 3, 10)), "Driven": ("ASAP", None),
                    "Phase": ("ASAP", None), "Under a driven summary": ("ASAP", None)}


@pytest.mark.english
def test_one_bad_row_imports_nothing_and_the_report_names_each_row_and_column(pm_client, project):
    ResourceFactory(code="DEV1", name="Alice Martin")
    bad = GOOD + b"5,3,Extra,-2,9,Zoe,31/02/2025,\n"
    response = pm_client.post(f"/api/v1/projects/{project.pk}/task-imports", upload(bad))
    assert response.status_code == 400
    report = response.json()
    assert report["code"] == "import_failed"
    assert [(p["row"], p["column"]) for p in report["problems"]] == [
        (6, "Duration"), (6, "Start"), (6, "Resources"), (6, "Predecessors")]
    assert report["problems"][2]["message"] == "“Zoe” is not in the resource pool."
    assert report["message"] == "4 problems in the file; nothing was imported."
    assert not Task.objects.exists() and not Dependency.objects.exists()


@pytest.mark.english
def test_a_file_over_5_mb_is_refused_on_its_first_row(pm_client, project):
    big = b"Name,Duration\n" + b"A task with a long name to fill the file,1\n" * 130_000
    assert len(big) > 5 * 1024 * 1024
    response = pm_client.post(f"/api/v1/projects/{project.pk}/task-imports", upload(big))
    assert response.status_code == 400
    assert response.json()["problems"] == [
        {"row": 1, "column": "file", "message": "The file is larger than 5 MB."}]
    assert not Task.objects.exists()


@pytest.mark.english
def test_a_task_rule_broken_is_named_by_its_row_too(pm_client, project):
    content = b"Name,Duration,% complete,Actual finish\nA,2,50,2025-03-05\n"
    response = pm_client.post(f"/api/v1/projects/{project.pk}/task-imports", upload(content))
    assert response.status_code == 400
    assert [(p["row"], p["column"], p["message"]) for p in response.json()["problems"]] == [
        (2, "% complete", "A task with an actual finish is 100 % complete.")]
    assert not Task.objects.exists()


@pytest.mark.english
def test_a_project_with_tasks_refuses_a_task_list(pm_client, plan, project):
    before = task_state(project)
    response = pm_client.post(f"/api/v1/projects/{project.pk}/task-imports", upload())
    assert response.status_code == 400
    assert "already has 3 tasks" in response.json()["message"]
    assert task_state(project) == before


@pytest.mark.english
def test_dates_into_a_project_without_a_start_are_refused_by_row(pm_client, project):
    project.planned_start = None
    project.save()
    response = pm_client.post(f"/api/v1/projects/{project.pk}/task-imports",
                              upload(b"Name,Duration,Start\nA,2,2025-03-10\n"))
    assert response.status_code == 400
    assert [(p["row"], p["column"]) for p in response.json()["problems"]] == [(2, "Start")]


def test_only_those_who_may_change_the_plan_import_a_task_list(member, executive, outsider,
                                                               project, portfolio):
    # A portfolio the user cannot see is an unknown value of the form (400), as for plan files.
    for user, status, creating in ((member, 403, 400), (executive, 403, 403),
                                   (outsider, 404, 400)):
        client = signed_in(user)
        assert client.post(f"/api/v1/projects/{project.pk}/task-imports",
                           upload()).status_code == status
        assert client.get(f"/projects/{project.pk}/tasks/import/").status_code == status
        assert client.post("/api/v1/projects/task-imports", {
            **upload(), "code": "NEW", "portfolio": portfolio.pk}).status_code == creating
    assert not Task.objects.exists() and not Project.objects.filter(code="NEW").exists()


@pytest.mark.english
def test_the_page_imports_into_an_empty_plan_or_shows_the_report(pm_client, project):
    page = pm_client.get(f"/projects/{project.pk}/tasks/").content.decode()
    assert f"/projects/{project.pk}/tasks/import/" in page  # offered on an empty task table
    url = f"/projects/{project.pk}/tasks/import/"
    refused = pm_client.post(url, upload(b"Name,Duration\nA,x\nB,2\n"))
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "1 problem in the file; nothing was imported." in text
    assert 'id="import-report"' in text and "is not a duration" in text
    assert not Task.objects.exists()
    done = pm_client.post(url, upload(b"Name,Duration\nA,1\nB,2\n"))
    assert done.status_code == 302 and done["Location"] == f"/projects/{project.pk}/tasks/"
    assert sorted(Task.objects.values_list("wbs_code", "name")) == [("1", "A"), ("2", "B")]
    again = pm_client.post(url, upload(b"Name,Duration\nC,1\n"))
    assert again.status_code == 400 and "already has 2 tasks" in again.content.decode()


@pytest.mark.english
def test_the_portfolio_import_page_makes_a_project_of_a_task_list(pmo_client, portfolio):
    url = f"/portfolios/{portfolio.pk}/import/"
    refused = pmo_client.post(url, {**upload(b"Name,Duration\nA,1\nB,1,\n", "plan.xlsx"),
                                    "code": "NEW"})
    assert refused.status_code == 400 and "not a readable XLSX workbook" in refused.content.decode()
    done = pmo_client.post(url, {**upload(b"Name,Duration\nA,1\nB,2\n"), "code": "NEW",
                                 "name": "From Excel"})
    project = Project.objects.get(code="NEW")
    assert done.status_code == 302 and done["Location"] == f"/projects/{project.pk}/tasks/"
    assert (project.name, project.portfolio, project.tasks.count()) == ("From Excel", portfolio, 2)


@pytest.mark.english
@pytest.mark.parametrize("door", ["/task-lists/template/", "/api/v1/task-imports/template"])
def test_the_template_has_the_columns_and_two_rows_that_import_as_they_are(pm_client, project,
                                                                          door):
    rows = xlsx_rows(pm_client.get(f"{door}?format=xlsx"))
    assert rows[0] == ["ID", "WBS", "Name", "Duration", "Predecessors", "Resources", "Start",
                       "% complete", "Milestone"]
    assert len(rows) == 3
    in_csv = pm_client.get(f"{door}?format=csv")
    assert csv_rows(in_csv, delimiter=",")[0] == rows[0]
    book = load_workbook(io.BytesIO(pm_client.get(f"{door}?format=xlsx").content))
    assert book.active.title == "Tasks"
    imported = pm_client.post(f"/api/v1/projects/{project.pk}/task-imports",
                              upload(in_csv.content, "template.csv"))
    assert imported.status_code == 201, imported.json()
    assert [(t.name, t.is_milestone) for t in Task.objects.order_by("wbs_code")] == [
        ("Design", False), ("Design approved", True)]


def test_the_template_is_in_french_for_a_french_reader(pm_client):
    rows = csv_rows(pm_client.get("/task-lists/template/?format=csv"))
    assert rows[0][:4] == ["ID", "WBS", "Nom", "Durée"]
