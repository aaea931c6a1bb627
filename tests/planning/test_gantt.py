"""The Gantt charts' data (from the API) and the drag (the task's reschedule endpoint): dates are
the engine's, drags reschedule."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest

from jalon.planning import services
from jalon.planning.models import Dependency, Task
from jalon.planning.scheduling import project_schedule
from tests.factories import ProjectFactory, TaskFactory
from tests.pages import signed_in, task_state
from tests.web.test_queries import mid_size_project

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def rows_by_task(payload) -> dict[int, dict]:
    return {row["task"]: row for row in payload["rows"] if row["kind"] != "project"}


def chart_url(project) -> str:
    return f"/api/v1/projects/{project.pk}/gantt"


def test_the_gantt_tab_is_a_page_of_the_workspace(pm_client, project, plan):
    page = pm_client.get(f"/projects/{project.pk}/gantt/").content.decode()
    assert 'aria-current="page">Gantt</a>' in page
    assert f'data-url="/api/v1/projects/{project.pk}/gantt"' in page
    assert 'data-move-url="/api/v1/tasks/0/reschedule"' in page  # the project manager may drag


def test_gantt_data_are_the_engines_dates_in_outline_order(pm_client, manager, project, plan):
    summary = services.task_create(actor=manager, project=project, name="Phase", index=0)
    Task.objects.filter(pk=plan[0].pk).update(parent=summary)
    services.renumber(project)
    payload = pm_client.get(chart_url(project)).json()
    schedule = project_schedule(project)
    assert [row["task"] for row in payload["rows"]][:2] == [summary.pk, plan[0].pk]
    for task_id, row in rows_by_task(payload).items():
        dates = schedule.tasks[task_id]
        assert row["start"] == dates.start.isoformat()
        assert row["finish"] == dates.finish.isoformat()
        assert row["critical"] == dates.critical
        assert row["duration"] == pytest.approx(dates.duration)
    rows = rows_by_task(payload)
    assert rows[summary.pk]["kind"] == "summary" and rows[plan[0].pk]["level"] == 1
    assert payload["finish"] == schedule.finish.isoformat()
    assert {(link["from"], link["to"], link["type"], link["lag"]) for link in payload["links"]} == {
        (f"t{plan[0].pk}", f"t{plan[1].pk}", "FS", 0.0),
        (f"t{plan[1].pk}", f"t{plan[2].pk}", "SS", 1.0),
    }
    assert payload["editable"] is True


def _pmo():
    from jalon.accounts.models import Role
    from jalon.accounts.services import grant_role
    from tests.factories import UserFactory

    user = UserFactory()
    grant_role(actor=None, user=user, role=Role.PMO_ADMIN, scope=None)
    return user


def test_milestones_status_date_and_the_chosen_baseline(pm_client, manager, project, plan):
    project.status_date = datetime.date(2025, 2, 28)  # no effect on unstarted work
    project.save()
    baseline = services.baseline_create(actor=manager, project=project, name="Signed off")
    services.task_update(actor=manager, task=plan[0], duration=Decimal("4"))
    milestone = services.task_create(actor=manager, project=project, name="Go live", is_milestone=True)
    payload = pm_client.get(f"{chart_url(project)}?baseline={baseline.pk}").json()
    rows = rows_by_task(payload)
    assert payload["status_date"] == "2025-02-28" and payload["baseline"] == baseline.pk
    assert rows[plan[1].pk]["baseline_start"] == "2025-03-05"  # before the first task grew
    assert rows[plan[1].pk]["start"] == "2025-03-07"
    assert rows[milestone.pk]["kind"] == "milestone" and rows[milestone.pk]["baseline_start"] is None
    # a baseline of another project is refused, naming the parameter: hidden or not
    other = services.baseline_create(actor=_pmo(), project=ProjectFactory(), name="Other")
    refused = pm_client.get(f"{chart_url(project)}?baseline={other.pk}")
    assert refused.status_code == 400 and "baseline" in refused.json()["errors"]
    visible = services.baseline_create(actor=_pmo(), project=project, name="Mine")
    visible.project = ProjectFactory(portfolio=project.portfolio)
    visible.save()
    refused = signed_in(_pmo()).get(f"{chart_url(project)}?baseline={visible.pk}")
    assert refused.status_code == 400 and "baseline" in refused.json()["errors"]


def test_gantt_data_queries_do_not_grow_with_tasks(pm_client, project, django_assert_max_num_queries):
    project.planned_start = datetime.date(2025, 3, 3)
    project.save()
    mid_size_project(project)
    pm_client.get(chart_url(project))  # computes and stores the schedule
    # session, user, grants, project; the stored schedule (the links to other projects, the
    # versions, the calendars', the result); the chart's tasks and links. Nothing per task.
    with django_assert_max_num_queries(10):
        response = pm_client.get(chart_url(project))
    assert len(response.json()["rows"]) == 54


# --- dragging: the task's reschedule endpoint, then the chart again ---------------------------------

def drag(client, task, change: dict):
    return client.post(f"/api/v1/tasks/{task.pk}/reschedule", json.dumps(change),
                       content_type="application/json")


def test_moving_a_bar_sets_a_start_no_earlier_than_and_moves_its_successors(pm_client, project, plan):
    response = drag(pm_client, plan[0], {"start": "2025-03-10"})
    assert response.status_code == 200
    assert (response.json()["constraint_type"], response.json()["constraint_date"]) == (
        "SNET", "2025-03-10")
    rows = rows_by_task(pm_client.get(chart_url(project)).json())
    assert (rows[plan[0].pk]["start"], rows[plan[0].pk]["finish"]) == ("2025-03-10", "2025-03-11")
    assert (rows[plan[1].pk]["start"], rows[plan[1].pk]["finish"]) == ("2025-03-12", "2025-03-14")
    assert rows[plan[2].pk]["start"] == "2025-03-13"  # SS + 1 follows the second task
    task = Task.objects.get(pk=plan[0].pk)
    assert (task.constraint_type, task.constraint_date) == ("SNET", datetime.date(2025, 3, 10))


def test_stretching_a_bar_changes_its_duration_in_working_days(pm_client, project, plan):
    # Design runs Mon 3 - Tue 4 March; stretched to Mon 10 it spans 6 working days
    response = drag(pm_client, plan[0], {"finish": "2025-03-10"})
    assert response.status_code == 200 and response.json()["duration"] == "6.00"
    rows = rows_by_task(pm_client.get(chart_url(project)).json())
    assert Task.objects.get(pk=plan[0].pk).duration == Decimal("6")
    assert (rows[plan[1].pk]["start"], rows[plan[1].pk]["finish"]) == ("2025-03-11", "2025-03-13")


@pytest.mark.parametrize(
    ("data", "status", "field", "message"),
    [
        ({"finish": "2025-03-01"}, 400, "finish", "cannot be negative"),
        ({"start": "2025-02-24"}, 400, "start", "before the project start"),
        ({"start": "not a date"}, 422, "start", "valid date"),
        ({}, 400, "start", "Give either a new start or a new finish"),
        ({"start": "2025-03-10", "finish": "2025-03-12"}, 400, "start", "Give either"),
    ],
)
def test_an_invalid_drag_is_refused_and_changes_nothing(pm_client, project, plan, data, status,
                                                        field, message):
    before = task_state(project), [(t.constraint_type, t.constraint_date)
                                   for t in Task.objects.filter(project=project).order_by("pk")]
    response = drag(pm_client, plan[0], data)
    assert response.status_code == status
    assert message in response.json()["message"] and field in response.json()["errors"]
    assert before == (task_state(project), [(t.constraint_type, t.constraint_date)
                                            for t in Task.objects.filter(project=project).order_by("pk")])


def test_a_summary_cannot_be_dragged(pm_client, manager, project, plan):
    Task.objects.filter(pk=plan[1].pk).update(parent=plan[0])
    Dependency.objects.all().delete()
    response = drag(pm_client, plan[0], {"start": "2025-03-10"})
    assert response.status_code == 400 and "summary" in response.json()["message"]


@pytest.mark.parametrize("who", ["executive", "member"])
def test_executives_and_team_members_see_the_chart_read_only(request, project, plan, who):
    client = signed_in(request.getfixturevalue(who), language="en")
    page = client.get(f"/projects/{project.pk}/gantt/").content.decode()
    assert "data-move-url" not in page and "Read only" in page
    assert client.get(chart_url(project)).json()["editable"] is False
    before = task_state(project)
    response = drag(client, plan[0], {"start": "2025-03-10"})
    assert response.status_code == 403 and "may not change" in response.json()["message"]
    assert task_state(project) == before
    assert Task.objects.get(pk=plan[0].pk).constraint_type == "ASAP"


def test_outsiders_neither_see_the_chart_nor_move_its_tasks(outsider_client, project, plan):
    assert outsider_client.get(chart_url(project)).status_code == 404
    assert drag(outsider_client, plan[0], {"start": "2025-03-10"}).status_code == 404
    assert Task.objects.get(pk=plan[0].pk).constraint_type == "ASAP"


def test_the_drag_needs_the_csrf_token_of_the_session(manager, project, plan):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    assert drag(client, plan[0], {"start": "2025-03-10"}).status_code == 403
    assert Task.objects.get(pk=plan[0].pk).constraint_type == "ASAP"


# --- the portfolio's chart ------------------------------------------------------------------------

def test_portfolio_gantt_schedules_projects_together_with_their_links(pmo_client, pmo, project, plan):
    supplier = ProjectFactory(portfolio=project.portfolio, code="SUPPLY",
                              planned_start=datetime.date(2025, 3, 3))
    delivery = services.task_create(actor=pmo, project=supplier, name="Delivery",
                                    duration=Decimal("10"))
    services.dependency_create(actor=pmo, predecessor=delivery, successor=plan[0])
    assert pmo_client.get(f"/portfolios/{project.portfolio_id}/gantt/").status_code == 200
    payload = pmo_client.get(f"/api/v1/portfolios/{project.portfolio_id}/gantt").json()
    projects = [row for row in payload["rows"] if row["kind"] == "project"]
    assert {row["wbs"] for row in projects} == {project.code, "SUPPLY"}
    rows = rows_by_task(payload)
    assert rows[plan[0].pk]["parent"] == f"p{project.pk}"
    assert rows[plan[0].pk]["start"] == "2025-03-17"  # after the ten-day delivery
    assert {"from": f"t{delivery.pk}", "to": f"t{plan[0].pk}", "type": "FS", "lag": 0.0,
            "unit": "days"} in payload["links"]
    assert payload["editable"] is False


def test_portfolio_gantt_shows_only_the_projects_the_user_may_see(pm_client, project, plan):
    hidden = ProjectFactory(portfolio=project.portfolio, code="HIDDEN")
    TaskFactory(project=hidden)
    payload = pm_client.get(f"/api/v1/portfolios/{project.portfolio_id}/gantt")
    # a project manager of one project does not see its portfolio
    assert payload.status_code == 404
    client = signed_in(_pmo())
    codes = {row["wbs"] for row in client.get(
        f"/api/v1/portfolios/{project.portfolio_id}/gantt").json()["rows"] if row["kind"] == "project"}
    assert "HIDDEN" in codes and project.code in codes
