"""A project's history: who changed which field of what, from what to what, through each door."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from jalon.accounts.history import acting_as
from jalon.accounts.services import token_create
from jalon.audit.selectors import project_history
from jalon.finance.models import BudgetLine, CostCategory
from jalon.interchange import services as interchange
from jalon.planning import services as planning
from jalon.planning.models import Task
from jalon.risks import services as risks
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _edit_duration(client, project, task, duration: str):
    """The task table's inline edit, as the page posts it."""
    data = {"name": task.name, "duration": duration, "predecessors": "",
            "percent_complete": task.percent_complete, "actual_start": "", "actual_finish": ""}
    return client.post(f"/projects/{project.pk}/tasks/{task.pk}/edit/", data, **HTMX)


def _api(client, project, **params):
    response = client.get(f"/api/v1/projects/{project.pk}/history", params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.english
def test_the_page_names_who_changed_a_tasks_duration_from_what_to_what(
        pm_client, manager, project, plan):
    assert _edit_duration(pm_client, project, plan[1], "5").status_code == 200
    page = pm_client.get(f"/projects/{project.pk}/history/").content.decode()
    row = page[page.index('<tr class="change-changed">'):]
    row = row[:row.index("</tr>")]
    for shown in ("pm-test", "Task 2 Build", "Duration (working days)", "<td>3</td>",
                  "<td>5</td>"):
        assert shown in row
    assert 'aria-current="page">History<' in page


@pytest.mark.english
def test_the_api_with_a_token_names_the_tokens_owner(manager, pmo, project, plan):
    _token, raw = token_create(username=manager.username)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    script = Client()  # no session: the token alone says who calls
    script.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = script.patch(f"/api/v1/tasks/{plan[0].pk}", json.dumps({"duration": 4}),
                            content_type="application/json", **bearer)
    assert response.status_code == 200, response.content
    body = script.get(f"/api/v1/projects/{project.pk}/history", {"kind": "task"},
                      **bearer).json()
    assert body["items"][0] == {
        "at": body["items"][0]["at"], "user": "pm-test", "kind": "task",
        "object": "Task 1 Design", "action": "changed", "field": "Duration (working days)",
        "old": 2, "new": 4}
    assert body["count"] == len(body["items"])


def test_creations_and_deletions_are_shown_as_such_and_deleted_objects_keep_their_name(
        pm_client, manager, project, plan):
    with translation.override("en"), acting_as(manager):
        added = planning.task_create(actor=manager, project=project, name="Commissioning")
        planning.task_delete(actor=manager, task=added)
        changes = project_history(user=manager, project=project, kinds=["task"]).changes
    assert [(c.action, c.object, c.user, c.field) for c in changes[:2]] == [
        ("deleted", "Task 4 Commissioning", "pm-test", None),
        ("created", "Task 4 Commissioning", "pm-test", None)]


def test_field_labels_and_choices_in_french_and_links_by_task_names(pm_client, project, plan):
    body = _api(pm_client, project, kind="link")
    assert {item["object"] for item in body["items"]} >= {"Lien 1 Design → 2 Build"}
    pm_client.patch(f"/api/v1/tasks/{plan[2].pk}", json.dumps({"constraint_type": "SNET",
                                                                "constraint_date": "2025-03-20"}),
                    content_type="application/json")
    items = _api(pm_client, project, kind="task")["items"]
    changed = {item["field"]: (item["old"], item["new"]) for item in items
               if item["action"] == "changed"}
    assert changed["Contrainte"] == ("Dès que possible", "Début au plus tôt le")
    assert changed["Date de contrainte"] == (None, "2025-03-20")


def test_an_import_records_each_created_object_as_the_importing_users(pmo, portfolio):
    document = interchange.read_upload(name="plan.json", content=json.dumps({
        "name": "Warehouse", "start": "2025-03-03",
        "tasks": [{"id": "A", "name": "Foundations", "duration": 5},
                  {"id": "B", "name": "Walls", "duration": 10, "predecessors": ["A"]}],
    }).encode())
    with translation.override("en"):
        project = interchange.project_import(actor=pmo, document=document, code="WH1",
                                             portfolio=portfolio).project
        changes = project_history(user=pmo, project=project).changes
    created = {(c.kind, c.object) for c in changes if c.action == "created" and c.user == "pmo-test"}
    assert {("task", "Task 1 Foundations"), ("task", "Task 2 Walls"),
            ("link", "Link 1 Foundations → 2 Walls")} <= created


def test_the_history_is_the_projects_visible_to_whoever_sees_it_and_money_to_cost_readers(
        pm_client, member_client, outsider_client, manager, project, plan):
    BudgetLine.objects.create(project=project, category=CostCategory.LABOUR,
                              approved=Decimal("1000"))
    assert outsider_client.get(f"/projects/{project.pk}/history/").status_code == 404
    assert outsider_client.get(f"/api/v1/projects/{project.pk}/history").status_code == 404
    assert any(item["kind"] == "budget" for item in _api(pm_client, project)["items"])
    seen = _api(member_client, project)["items"]
    assert seen and not any(item["kind"] == "budget" for item in seen)
    refused = member_client.get(f"/api/v1/projects/{project.pk}/history", {"kind": "budget"})
    assert refused.status_code == 422 and "kind" in refused.json()["errors"]


def test_filters_by_kind_person_and_day(pm_client, manager, pmo, project, plan):
    with acting_as(pmo):
        risks.risk_create(actor=pmo, project=project, title="Late permit")
    items = _api(pm_client, project, user=pmo.pk)["items"]
    assert items and {item["user"] for item in items} == {"pmo-test"}
    assert {item["kind"] for item in _api(pm_client, project, kind="risk")["items"]} == {"risk"}
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    assert _api(pm_client, project, since=tomorrow.isoformat())["count"] == 0
    far = pm_client.get(f"/api/v1/projects/{project.pk}/history", {"until": "9999-12-31"})
    assert far.status_code == 422 and "until" in far.json()["errors"]
    page = pm_client.get(f"/projects/{project.pk}/history/", {"since": "31/12/9999"})
    assert page.status_code == 400 and "2200" in page.content.decode()


def _queries(user, project) -> int:
    with CaptureQueriesContext(connection) as queries:
        project_history(user=user, project=project)
    return len(queries)


def test_reading_the_history_takes_as_many_queries_for_many_changes_as_for_few(
        manager, project, plan):
    few = _queries(manager, project)
    with acting_as(manager):
        for n in range(30):
            task = TaskFactory(project=project, name=f"Task {n}", wbs_code=str(10 + n))
            planning.task_update(actor=manager, task=task, duration=Decimal(n + 1))
        planning.task_delete(actor=manager, task=Task.objects.get(project=project, wbs_code="10"))
        risks.risk_create(actor=manager, project=project, title="Flood")
    assert len(project_history(user=manager, project=project).changes) > 60
    assert _queries(manager, project) == few


def test_gate_decisions_and_ticked_criteria_are_in_the_projects_history(pmo, project):
    from jalon.governance import services as governance
    from jalon.governance.models import Criterion

    with translation.override("en"):
        governance.project_adopt(actor=pmo, project=project, key="prince2")
        manual = Criterion.objects.filter(gate__phase__project=project, rule="").first()
        gate = manual.gate
        governance.criterion_tick(actor=pmo, criterion=manual, met=True, comment="Board agreed")
        governance.gate_decide(actor=pmo, gate=gate, decision="hold", comment="Wait for funds")
        changes = project_history(user=pmo, project=project,
                                  kinds=["gate", "criterion", "gate_decision"]).changes
    gate_name = gate.name_en
    assert any(c.object == f"Decision at {gate_name}" and c.action == "created"
               for c in changes)
    assert any(c.object.startswith(f"Criterion {manual.label_en}") and c.new is True
               for c in changes)
    assert any(c.object == f"Gate {gate_name}" and c.new == "On hold" for c in changes)
