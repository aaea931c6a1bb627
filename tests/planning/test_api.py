"""The task table's writes through the API: indent, outdent, move, reschedule, predecessors as
text. Each answers like the page's action, refuses bad input naming the field, 403 for whoever
may see the plan but not change it, 404 for whoever may not see it."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from jalon.planning.models import Dependency, Task
from tests.factories import AssignmentFactory, ProjectFactory, ResourceFactory, TaskFactory
from tests.pages import task_state

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def post(client, url: str, data: dict | None = None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def put(client, url: str, data: dict):
    return client.put(url, json.dumps(data), content_type="application/json")


def outline(project) -> list[tuple[str, str]]:
    return list(Task.objects.filter(project=project).order_by("wbs_code")
                .values_list("wbs_code", "name"))


def test_indent_and_outdent_answer_the_task_with_its_new_code(pm_client, project, plan):
    Dependency.objects.all().delete()  # a summary cannot be linked with its own subtasks
    indented = post(pm_client, f"/api/v1/tasks/{plan[1].pk}/indent")
    assert indented.status_code == 200
    assert (indented.json()["parent"], indented.json()["wbs_code"]) == (plan[0].pk, "1.1")
    outdented = post(pm_client, f"/api/v1/tasks/{plan[1].pk}/outdent").json()
    assert (outdented["parent"], outdented["wbs_code"]) == (None, "2")
    refused = post(pm_client, f"/api/v1/tasks/{plan[0].pk}/indent")
    assert refused.status_code == 400 and "parent" in refused.json()["errors"]
    assert "no task above" in refused.json()["message"]


def test_move_takes_an_offset_among_siblings_and_stops_at_the_ends(pm_client, project, plan):
    moved = post(pm_client, f"/api/v1/tasks/{plan[2].pk}/move", {"offset": -1})
    assert moved.status_code == 200 and moved.json()["wbs_code"] == "2"
    assert outline(project) == [("1", "Design"), ("2", "Test"), ("3", "Build")]
    post(pm_client, f"/api/v1/tasks/{plan[2].pk}/move", {"offset": -10})
    assert outline(project) == [("1", "Test"), ("2", "Design"), ("3", "Build")]
    down = post(pm_client, f"/api/v1/tasks/{plan[2].pk}/move", {"offset": 1}).json()
    assert down["wbs_code"] == "2"


@pytest.mark.parametrize("body", [{}, {"offset": "up"}, {"offset": 1.5}, {"offset": True}])
def test_move_refuses_anything_but_a_whole_offset(pm_client, project, plan, body):
    before = task_state(project)
    refused = post(pm_client, f"/api/v1/tasks/{plan[2].pk}/move", body)
    assert refused.status_code == 422 and "offset" in refused.json()["errors"]
    assert task_state(project) == before


def test_reschedule_answers_the_task_with_its_constraint(pm_client, project, plan):
    response = post(pm_client, f"/api/v1/tasks/{plan[1].pk}/reschedule", {"start": "2025-03-17"})
    assert response.status_code == 200
    assert (response.json()["constraint_type"], response.json()["constraint_date"]) == (
        "SNET", "2025-03-17")
    schedule = pm_client.get(f"/api/v1/projects/{project.pk}/schedule").json()
    starts = {row["id"]: row["start"] for row in schedule["tasks"]}
    assert starts[plan[1].pk] == "2025-03-17" and starts[plan[2].pk] == "2025-03-18"


def test_predecessors_as_text_are_read_and_replaced(pm_client, manager, project, plan):
    from jalon.accounts.models import Role
    from jalon.accounts.services import grant_role

    neighbour = ProjectFactory(portfolio=project.portfolio, code="NB")
    grant_role(actor=None, user=manager, role=Role.EXECUTIVE, scope=neighbour)
    TaskFactory(project=neighbour, wbs_code="1", position=1)
    url = f"/api/v1/tasks/{plan[2].pk}/predecessors"
    assert pm_client.get(url).json()["text"] == "2SS+1"
    response = put(pm_client, url, {"text": "NB:1FF; 1, 2SS-0.5"})
    assert response.status_code == 200
    body = response.json()
    assert body["text"] == "1, 2SS-0.5, NB:1FF"  # as the task table shows them
    assert {(d["predecessor"], d["type"], Decimal(str(d["lag"]))) for d in body["dependencies"]} == {
        (plan[0].pk, "FS", Decimal("0")), (plan[1].pk, "SS", Decimal("-0.5")),
        (Task.objects.get(project=neighbour).pk, "FF", Decimal("0"))}
    assert put(pm_client, url, {"text": ""}).json() == {"task": plan[2].pk, "text": "",
                                                          "dependencies": []}


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("7, 1, XX:1", "invalid", "Unknown predecessor: 7, XX:1."),
        ("1, 2 after lunch", "invalid", "“2 after lunch” is not a predecessor"),
        ("3", "invalid", "A task cannot be linked to itself"),
        ("1, 1SS", "invalid", "is listed twice"),
    ],
)
def test_bad_predecessors_are_refused_naming_the_field_and_change_nothing(pm_client, project, plan,
                                                                          text, code, message):
    before = task_state(project)
    refused = put(pm_client, f"/api/v1/tasks/{plan[2].pk}/predecessors", {"text": text})
    assert refused.status_code == 400
    body = refused.json()
    assert body["code"] == code and message in body["message"]
    assert list(body["errors"]) == ["predecessors"]
    assert task_state(project) == before


def test_a_predecessor_cycle_is_refused_naming_its_tasks(pm_client, project, plan):
    before = task_state(project)
    refused = put(pm_client, f"/api/v1/tasks/{plan[0].pk}/predecessors", {"text": "3"})
    assert refused.status_code == 400 and refused.json()["code"] == "cycle"
    assert all(name in refused.json()["message"] for name in ("Design", "Build", "Test"))
    assert task_state(project) == before


WRITES = [
    ("post", "indent", None),
    ("post", "outdent", None),
    ("post", "move", {"offset": -1}),
    ("post", "reschedule", {"start": "2025-03-17"}),
    ("put", "predecessors", {"text": "1"}),
]


@pytest.mark.parametrize(("method", "action", "body"), WRITES)
def test_team_members_may_not_change_the_plan(member_client, project, plan, method, action, body):
    before = task_state(project), Task.objects.get(pk=plan[1].pk).constraint_type
    response = (post if method == "post" else put)(
        member_client, f"/api/v1/tasks/{plan[1].pk}/{action}", body or {})
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert (task_state(project), Task.objects.get(pk=plan[1].pk).constraint_type) == before


def patch(client, url: str, data: dict):
    return client.patch(url, json.dumps(data), content_type="application/json")


def test_team_members_record_progress_on_their_own_tasks_only(member_client, member, project,
                                                              plan):
    design, build, _test = plan
    AssignmentFactory(task=design, resource=ResourceFactory(user=member))
    mine = patch(member_client, f"/api/v1/tasks/{design.pk}", {"percent_complete": 60})
    assert mine.status_code == 200 and mine.json()["percent_complete"] == 60
    before = task_state(project)
    refused = patch(member_client, f"/api/v1/tasks/{build.pk}", {"percent_complete": 60})
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert "“2 Build”" in refused.json()["message"]
    assert task_state(project) == before


def test_nobody_records_progress_on_a_summary_through_the_api(pm_client, project, plan):
    Dependency.objects.all().delete()  # a summary cannot be linked with its own subtasks
    post(pm_client, f"/api/v1/tasks/{plan[1].pk}/indent")  # Design becomes a summary
    before = task_state(project)
    refused = patch(pm_client, f"/api/v1/tasks/{plan[0].pk}",
                    {"percent_complete": 50, "actual_start": "2025-03-03"})
    assert refused.status_code == 403 and "summary task" in refused.json()["message"]
    assert task_state(project) == before


@pytest.mark.parametrize(("method", "action", "body"), [*WRITES, ("get", "predecessors", None)])
def test_outsiders_do_not_see_the_tasks(outsider_client, project, plan, method, action, body):
    before = task_state(project)
    url = f"/api/v1/tasks/{plan[1].pk}/{action}"
    response = (outsider_client.get(url) if method == "get"
                else (post if method == "post" else put)(outsider_client, url, body or {}))
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert task_state(project) == before


def test_a_baselines_costs_go_to_those_who_see_costs_only(pm_client, member_client, project,
                                                          plan):
    AssignmentFactory(task=plan[0], resource=ResourceFactory(), work=Decimal("16"))  # at 50/h
    baseline = post(pm_client, "/api/v1/baselines", {"project": project.pk, "name": "B0"}).json()
    managed = pm_client.get(f"/api/v1/baselines/{baseline['id']}").json()
    assert {row["name"]: row["cost"] for row in managed["tasks"]}["Design"] == "800.00"
    hidden = member_client.get(f"/api/v1/baselines/{baseline['id']}").json()
    assert [row["cost"] for row in hidden["tasks"]] == [None, None, None]
    assert {row["name"] for row in hidden["tasks"]} == {"Design", "Build", "Test"}


def _phases(project, count: int, first: int = 1) -> list[Task]:
    """``count`` summaries, each over a finished 1-day task and a 3-day task 20 % done."""
    summaries = []
    for number in range(first, first + count):
        summary = TaskFactory(project=project, name=f"Phase {number}", position=number,
                              wbs_code=str(number))
        TaskFactory(project=project, parent=summary, name="Done", position=1,
                    wbs_code=f"{number}.1", duration=Decimal("1"), percent_complete=100)
        TaskFactory(project=project, parent=summary, name="Started", position=2,
                    wbs_code=f"{number}.2", duration=Decimal("3"), percent_complete=20)
        summaries.append(summary)
    return summaries


def test_a_summary_task_gives_its_tasks_progress_as_the_schedule_does(pm_client, project):
    """Not its stored 0 %: its tasks', weighted by duration, wherever the API gives it."""
    project.planned_start = None
    project.save()
    summary = _phases(project, 1)[0]
    expected = (1 * 100 + 3 * 20) / 4
    assert pm_client.get(f"/api/v1/tasks/{summary.pk}").json()["percent_complete"] == expected
    listed = pm_client.get(f"/api/v1/tasks?project={project.pk}").json()["items"]
    assert [t["percent_complete"] for t in listed] == [expected, 100, 20]
    schedule = pm_client.get(f"/api/v1/projects/{project.pk}/schedule").json()
    assert {t["id"]: t["percent_complete"] for t in schedule["tasks"]}[summary.pk] == expected
    renamed = pm_client.patch(f"/api/v1/tasks/{summary.pk}", {"name": "Cadrage"},
                              content_type="application/json").json()
    assert renamed["percent_complete"] == expected


def test_the_task_list_costs_one_roll_up_per_project_not_per_summary(pm_client, project):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _phases(project, 1)
    with CaptureQueriesContext(connection) as one:
        pm_client.get(f"/api/v1/tasks?project={project.pk}")
    _phases(project, 4, first=2)
    with CaptureQueriesContext(connection) as many:
        listed = pm_client.get(f"/api/v1/tasks?project={project.pk}").json()["items"]
    assert len(many) == len(one)
    assert [t["percent_complete"] for t in listed if t["parent"] is None] == [40] * 5


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/tasks/{task}", {"duration": 100000}, "duration"),
        ("/api/v1/tasks/{task}", {"optimistic": 1, "most_likely": 2, "pessimistic": 100000},
         "pessimistic"),
        ("/api/v1/tasks/{task}", {"deadline": "2199-01-01"}, "deadline"),
        ("/api/v1/dependencies/{link}", {"lag": -100000}, "lag"),
    ],
)
def test_a_value_past_the_engine_bounds_is_a_422_naming_the_field(pm_client, project, plan, url,
                                                                   body, field):
    before = task_state(project)
    link = Dependency.objects.get(successor=plan[1])
    refused = pm_client.patch(url.format(task=plan[2].pk, link=link.pk), json.dumps(body),
                              content_type="application/json")
    assert refused.status_code == 422 and field in json.dumps(refused.json()["errors"])
    assert task_state(project) == before
