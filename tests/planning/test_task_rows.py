"""The task table's rows as ``planning.templatetags.planning.task_rows`` draws them: each row's
figures, its actions (with and without htmx), the row being edited, and names escaped."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from jalon.planning import services
from jalon.planning.models import Task
from tests.factories import TaskFactory

pytestmark = [pytest.mark.django_db, pytest.mark.english]
HOSTILE = '"><img src=x onerror=alert(1)> & <b>'


def rows_of(page: str) -> dict[str, str]:
    """Each row's HTML by its id (``task-ID``)."""
    return {m.group(1): m.group(2) for m in re.finditer(
        r'<tr (?:class="editing" )?id="(task-\d+)"[^>]*>(.*?)</tr>', page, flags=re.S)}


def test_each_row_offers_the_planners_actions_with_and_without_htmx(pm_client, project, plan):
    page = pm_client.get(f"/projects/{project.pk}/tasks/").content.decode()
    rows = rows_of(page)
    assert len(rows) == 3
    base = f"/projects/{project.pk}/tasks/"
    for task in plan:
        row = rows[f"task-{task.pk}"]
        assert f'href="{base}?edit={task.pk}" hx-get="{base}{task.pk}/edit/"' in row
        assert f'href="{base}{task.pk}/details/"' in row
        assert row.count('name="csrfmiddlewaretoken"') == 1  # the form posts without htmx too
        for action in ("up", "down", "outdent", "indent", "delete"):
            assert f'formaction="{base}{task.pk}/{action}/" hx-post="{base}{task.pk}/{action}/"' in row
        assert f"Delete “{task.name}” and its subtasks?" in row


def test_a_hostile_name_is_escaped_once_in_the_cell_and_in_the_delete_confirmation(
        pm_client, project, plan):
    Task.objects.filter(pk=plan[0].pk).update(name=HOSTILE)
    row = rows_of(pm_client.get(f"/projects/{project.pk}/tasks/").content.decode())[
        f"task-{plan[0].pk}"]
    escaped = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;"
    assert f'style="--level: 0">{escaped}</td>' in row
    assert f'hx-confirm="Delete “{escaped}” and its subtasks?"' in row
    assert "<img" not in row and "&amp;amp;" not in row


def test_a_team_member_sees_only_the_progress_link_of_his_tasks(member_client, member, project,
                                                                plan):
    from tests.factories import AssignmentFactory, ResourceFactory

    AssignmentFactory(task=plan[1], resource=ResourceFactory(user=member))
    rows = rows_of(member_client.get(f"/projects/{project.pk}/tasks/").content.decode())
    assert "?edit=" in rows[f"task-{plan[1].pk}"]
    assert "?edit=" not in rows[f"task-{plan[0].pk}"]
    assert not any("formaction=" in row or "/details/" in row for row in rows.values())


def test_while_a_row_is_edited_the_others_offer_no_action(pm_client, project, plan):
    page = pm_client.get(f"/projects/{project.pk}/tasks/?edit={plan[1].pk}").content.decode()
    rows = rows_of(page)
    assert 'name="name"' in rows[f"task-{plan[1].pk}"]
    assert 'form="task-edit-form"' in rows[f"task-{plan[1].pk}"]
    for task in (plan[0], plan[2]):
        assert "?edit=" not in rows[f"task-{task.pk}"] and "formaction" not in rows[f"task-{task.pk}"]
        assert task.name in rows[f"task-{task.pk}"]


def test_a_change_through_the_services_shows_at_once_with_the_summarys_roll_up(
        pm_client, manager, project):
    project.planned_start = datetime.date(2025, 3, 3)
    project.save()
    phase = TaskFactory(project=project, name="Phase", position=1, wbs_code="1")
    first = TaskFactory(project=project, parent=phase, name="Step A", position=1, wbs_code="1.1",
                        duration=Decimal("2"))
    TaskFactory(project=project, parent=phase, name="Step B", position=2, wbs_code="1.2",
                duration=Decimal("2"))
    milestone = TaskFactory(project=project, name="Done", position=2, wbs_code="2",
                            duration=Decimal("0"), is_milestone=True,
                            deadline=datetime.date(2025, 3, 31))
    url = f"/projects/{project.pk}/tasks/"
    rows = rows_of(pm_client.get(url).content.decode())
    assert '<td class="num">0 %</td>' in rows[f"task-{phase.pk}"]
    assert '<span class="milestone" title="Milestone">◆</span> Done' in rows[f"task-{milestone.pk}"]
    assert "deadline 31/03/2025" in rows[f"task-{milestone.pk}"]

    services.task_update(actor=manager, task=Task.objects.get(pk=first.pk), percent_complete=50,
                         actual_start=datetime.date(2025, 3, 3))
    rows = rows_of(pm_client.get(url).content.decode())
    assert '<td class="num">50 %</td><td>03/03/2025</td>' in rows[f"task-{first.pk}"]
    # the summary rolls up its steps' progress, weighted by duration: (50 + 0) / 2
    assert '<td class="num">25 %</td>' in rows[f"task-{phase.pk}"]
    assert rows[f"task-{phase.pk}"].count("formaction=") == 5
