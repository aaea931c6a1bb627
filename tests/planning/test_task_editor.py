"""The task editor: constraint, deadline, three-point estimate, calendar and notes, set on a page
and through the API by the one service (``task_update``), shown in the table and on the Gantt."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest

from jalon.planning.models import Task
from tests.factories import CalendarFactory
from tests.pages import field_block

pytestmark = [pytest.mark.django_db, pytest.mark.english]

FILLED = {"constraint_type": "SNET", "constraint_date": "2025-03-10", "deadline": "2025-03-21",
          "optimistic": "2", "most_likely": "3", "pessimistic": "6", "notes": "Wait for the crane."}


def details(project, task) -> str:
    return f"/projects/{project.pk}/tasks/{task.pk}/details/"


def patch(client, task, body: dict):
    return client.patch(f"/api/v1/tasks/{task.pk}", json.dumps(body),
                        content_type="application/json")


def stored(task) -> tuple:
    task.refresh_from_db()
    return (task.constraint_type, task.constraint_date, task.deadline, task.optimistic,
            task.most_likely, task.pessimistic, task.calendar_id, task.notes)


def test_the_editor_sets_every_field_the_table_has_no_room_for(pm_client, project, plan):
    calendar = CalendarFactory(name="Site week", working_weekdays=[0, 1, 2, 3, 4, 5])
    form = pm_client.get(details(project, plan[1])).content.decode()
    assert "Start no earlier than" in form and "Site week" in form and 'name="notes"' in form
    response = pm_client.post(details(project, plan[1]), {**FILLED, "calendar": calendar.pk})
    assert response.status_code == 302
    assert response["Location"] == f"/projects/{project.pk}/tasks/#task-{plan[1].pk}"
    assert stored(plan[1]) == ("SNET", datetime.date(2025, 3, 10), datetime.date(2025, 3, 21),
                               Decimal("2"), Decimal("3"), Decimal("6"), calendar.pk,
                               "Wait for the crane.")


def test_the_table_shows_the_constraint_and_the_deadline(pm_client, project, plan):
    Task.objects.filter(pk=plan[1].pk).update(constraint_type="FNLT",
                                              constraint_date=datetime.date(2025, 3, 14),
                                              deadline=datetime.date(2025, 3, 21))
    page = pm_client.get(f"/projects/{project.pk}/tasks/").content.decode()
    row = page[page.index(f'id="task-{plan[1].pk}"'):page.index(f'id="task-{plan[2].pk}"')]
    assert "Finish no later than 14/03/2025" in row
    assert "deadline 21/03/2025" in row
    assert details(project, plan[1]) in row  # the way to change or clear it


def test_the_table_names_the_constraint_in_french(project, plan, manager):
    from tests.pages import signed_in

    Task.objects.filter(pk=plan[1].pk).update(constraint_type="SNET",
                                              constraint_date=datetime.date(2025, 3, 10))
    page = signed_in(manager, language="fr").get(f"/projects/{project.pk}/tasks/").content.decode()
    assert "Début au plus tôt le 10/03/2025" in page


def test_a_gantt_drag_shows_and_the_editor_clears_its_constraint(pm_client, project, plan):
    pm_client.post(f"/api/v1/tasks/{plan[2].pk}/reschedule", json.dumps({"start": "2025-03-12"}),
                   content_type="application/json")
    table = pm_client.get(f"/projects/{project.pk}/tasks/").content.decode()
    assert "Start no earlier than 12/03/2025" in table
    response = pm_client.post(details(project, plan[2]), {"constraint_type": "ASAP",
                                                           "constraint_date": "2025-03-12"})
    assert response.status_code == 302
    assert stored(plan[2])[:2] == ("ASAP", None)
    assert "Start no earlier than" not in pm_client.get(f"/projects/{project.pk}/tasks/").content.decode()


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"constraint_type": "MSO", "constraint_date": ""}, "constraint_date",
     "This constraint needs a date."),
    ({"optimistic": "7"}, "most_likely", "optimistic ≤ most likely ≤ pessimistic"),
    ({"pessimistic": ""}, "optimistic", "Give all three estimates"),
    ({"deadline": "2025-02-28"}, "deadline", "The deadline (28/02/2025) is before the project "
                                             "start (03/03/2025)."),
    ({"calendar": "999999"}, "calendar", "Select a valid choice"),
])
def test_the_editor_refuses_bad_input_on_the_field_and_keeps_the_task(pm_client, project, plan,
                                                                       change, field, message):
    before = stored(plan[1])
    response = pm_client.post(details(project, plan[1]), {**FILLED, **change})
    assert response.status_code == 400
    assert message in field_block(response.content.decode(), field)
    assert stored(plan[1]) == before


def test_only_planners_open_the_editor(member_client, outsider_client, project, plan):
    assert member_client.get(details(project, plan[1])).status_code == 403
    assert member_client.post(details(project, plan[1]), FILLED).status_code == 403
    assert outsider_client.get(details(project, plan[1])).status_code == 404
    assert stored(plan[1])[0] == "ASAP"


def test_a_task_of_another_project_is_not_found(pm_client, project, plan, other_project):
    assert pm_client.get(f"/projects/{other_project.pk}/tasks/{plan[1].pk}/details/").status_code == 404


# --- the API twin ---------------------------------------------------------------------------------

def test_the_api_sets_the_same_fields_and_clears_a_constraint(pm_client, project, plan):
    calendar = CalendarFactory()
    response = patch(pm_client, plan[1], {**FILLED, "calendar": calendar.pk})
    assert response.status_code == 200
    assert response.json()["constraint_date"] == "2025-03-10"
    assert stored(plan[1])[6:] == (calendar.pk, "Wait for the crane.")
    cleared = patch(pm_client, plan[1], {"constraint_type": "ASAP"}).json()
    assert (cleared["constraint_type"], cleared["constraint_date"]) == ("ASAP", None)


def test_an_api_task_is_created_with_its_constraint(pm_client, project, plan):
    response = pm_client.post("/api/v1/tasks", json.dumps({"project": project.pk, "name": "Pour",
                                                           "constraint_type": "MSO",
                                                           "constraint_date": "2025-03-17"}),
                              content_type="application/json")
    assert response.status_code == 201
    assert (response.json()["constraint_type"], response.json()["constraint_date"]) == (
        "MSO", "2025-03-17")


@pytest.mark.parametrize(("body", "field"), [
    ({"constraint_type": "SNLT"}, "constraint_date"),
    ({"optimistic": "5", "most_likely": "3", "pessimistic": "4"}, "most_likely"),
    ({"calendar": 999999}, "calendar"),
    ({"deadline": "2020-01-01"}, "deadline"),
])
def test_the_api_refuses_bad_input_naming_the_field(pm_client, project, plan, body, field):
    before = stored(plan[1])
    response = patch(pm_client, plan[1], body)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert stored(plan[1]) == before


def test_the_gantt_rows_carry_the_constraint_and_the_deadline(pm_client, project, plan):
    Task.objects.filter(pk=plan[1].pk).update(constraint_type="MFO",
                                              constraint_date=datetime.date(2025, 3, 14),
                                              deadline=datetime.date(2025, 3, 21))
    rows = {row["task"]: row for row in
            pm_client.get(f"/api/v1/projects/{project.pk}/gantt").json()["rows"]}
    assert {k: rows[plan[1].pk][k] for k in ("constraint_type", "constraint", "constraint_date",
                                              "deadline")} == {
        "constraint_type": "MFO", "constraint": "Must finish on", "constraint_date": "2025-03-14",
        "deadline": "2025-03-21"}
    assert rows[plan[0].pk]["constraint"] is None


def test_a_deadline_before_the_task_start_is_a_target_missed_not_an_error(pm_client, project,
                                                                          plan):
    response = patch(pm_client, plan[2], {"deadline": "2025-03-04"})  # the task starts later
    assert response.status_code == 200
    dates = pm_client.get(f"/api/v1/projects/{project.pk}/schedule").json()["tasks"]
    assert next(t for t in dates if t["id"] == plan[2].pk)["total_float"] < 0
