"""The demo's plans as its users see them: the task table, the Gantt and the API agree."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from jalon.planning.models import Task
from jalon.portfolios.models import Project
from tests.pages import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def erp(demo):
    return Project.objects.get(code="NUM-ERP")


@pytest.fixture
def client(demo):
    return signed_in(get_user_model().objects.get(username="pmo"), language="en")


def table_row(page: str, task: Task) -> list[str]:
    """The cells of the task's row in the task table, as text."""
    row = page[page.index(f'id="task-{task.pk}"'):]
    row = row[:row.index("</tr>")]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_a_finished_phase_shows_100_percent_everywhere(client, erp):
    """"1 Cadrage" (all its tasks done) showed 0 %: NUM-ERP is scheduled with the projects it
    is linked to, and that schedule lost its tasks' progress."""
    cadrage = Task.objects.get(project=erp, wbs_code="1")
    assert cadrage.name == "Cadrage"
    assert set(Task.objects.filter(parent=cadrage).values_list("percent_complete", flat=True)) \
        == {100}
    page = client.get(f"/projects/{erp.pk}/tasks/").content.decode()
    assert "100 %" in table_row(page, cadrage)
    gantt = client.get(f"/api/v1/projects/{erp.pk}/gantt").json()
    assert next(r for r in gantt["rows"] if r["task"] == cadrage.pk)["percent"] == 100
    assert client.get(f"/api/v1/tasks/{cadrage.pk}").json()["percent_complete"] == 100
    started = Task.objects.get(project=erp, wbs_code="3.1.2")
    row = next(r for r in gantt["rows"] if r["task"] == started.pk)
    assert row["percent"] == started.percent_complete > 0


def test_the_gantt_and_the_task_table_give_one_duration(client, erp):
    """3.1.2, started and behind at the status date, spans 26.75 working days: its duration
    stays 25 days on both, as in MS Project."""
    task = Task.objects.get(project=erp, wbs_code="3.1.2")
    assert task.duration == 25 and 0 < task.percent_complete < 100
    page = client.get(f"/projects/{erp.pk}/tasks/").content.decode()
    gantt = client.get(f"/api/v1/projects/{erp.pk}/gantt").json()
    schedule = client.get(f"/api/v1/projects/{erp.pk}/schedule").json()
    assert table_row(page, task)[2] == "25"
    assert next(r for r in gantt["rows"] if r["task"] == task.pk)["duration"] == 25
    assert next(t for t in schedule["tasks"] if t["id"] == task.pk)["duration"] == 25
    summary = Task.objects.get(project=erp, wbs_code="3.1")
    span = next(r for r in gantt["rows"] if r["task"] == summary.pk)["duration"]
    assert table_row(page, summary)[2] == f"{span:g}"
