"""The timesheet API: the same rules as the pages, and JSON problems rather than errors."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jalon.timesheets.models import TimesheetEntry
from tests.api.test_api import client_for, patch, post
from tests.factories import TaskFactory, TimesheetEntryFactory
from tests.timesheets.conftest import day

pytestmark = pytest.mark.django_db
Status = TimesheetEntry.Status


def test_record_submit_approve(team):
    member, manager = client_for(team["member"]), client_for(team["manager"])
    response = post(member, "/api/v1/timesheets", {
        "task": team["build"].pk, "date": "2026-06-01", "hours": "7.5", "note": "Specs"})
    assert response.status_code == 201, response.json()
    entry = response.json()
    assert entry["resource"] == team["mine"].pk and entry["status"] == "draft"
    assert entry["project"] == team["project"].pk
    assert entry["rate"] is None and entry["amount"] is None  # what people cost: managers only
    assert Decimal(manager.get(f"/api/v1/timesheets/{entry['id']}").json()["amount"]) == 450

    response = patch(member, f"/api/v1/timesheets/{entry['id']}", {"hours": "8"})
    assert Decimal(response.json()["hours"]) == 8
    valued = manager.get(f"/api/v1/timesheets/{entry['id']}").json()
    assert Decimal(valued["rate"]) == 60 and Decimal(valued["amount"]) == 480

    response = post(member, "/api/v1/timesheets/submit", {"week": "2026-06-03"})
    assert response.status_code == 200 and response.json()["count"] == 1

    assert post(member, f"/api/v1/timesheets/{entry['id']}/approve", {}).status_code == 403
    response = post(manager, f"/api/v1/timesheets/{entry['id']}/approve", {})
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert response.json()["reviewed_by"] == team["manager"].pk

    listed = manager.get(f"/api/v1/timesheets?project={team['project'].pk}&status=approved"
                         "&start=2026-06-01&end=2026-06-07").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == entry["id"]
    assert member.delete(f"/api/v1/timesheets/{entry['id']}").status_code == 400


def test_reject_needs_a_reason(team):
    entry = TimesheetEntryFactory(resource=team["mine"], task=team["build"], date=day(0),
                                  status=Status.SUBMITTED)
    manager = client_for(team["manager"])
    response = post(manager, f"/api/v1/timesheets/{entry.pk}/reject", {"reason": ""})
    assert response.status_code == 422 and response.json()["code"] == "invalid"
    response = post(manager, f"/api/v1/timesheets/{entry.pk}/reject", {"reason": "Wrong task"})
    assert response.json()["status"] == "rejected"
    assert response.json()["rejection_reason"] == "Wrong task"


@pytest.mark.parametrize("payload", [
    {"task": "build", "date": "2026-06-01", "hours": "many"},
    {"task": "build", "date": "June", "hours": "7"},
    {"task": "build", "date": "2026-06-01", "hours": "25"},
    {"task": "build", "date": "2026-06-01", "hours": "0"},
    {"task": [1], "date": "2026-06-01", "hours": "7"},
    {"date": "2026-06-01", "hours": "7"},
])
def test_wrong_types_are_json_problems(team, payload):
    payload = {k: team["build"].pk if v == "build" else v for k, v in payload.items()}
    response = post(client_for(team["member"]), "/api/v1/timesheets", payload)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["errors"]
    assert not TimesheetEntry.objects.exists()


def test_rule_breaches_are_400_with_the_field(team):
    client = client_for(team["member"])
    post(client, "/api/v1/timesheets", {"task": team["build"].pk, "date": "2026-06-01",
                                        "hours": "20"})
    response = post(client, "/api/v1/timesheets", {"task": team["test"].pk,
                                                     "date": "2026-06-01", "hours": "5"})
    assert response.status_code == 400
    assert response.json()["errors"]["hours"]
    response = post(client, "/api/v1/timesheets", {"task": team["phase"].pk,
                                                     "date": "2026-06-02", "hours": "1"})
    assert response.status_code == 400 and response.json()["errors"]["task"]


def test_permissions(team, outsider):
    member = client_for(team["member"])
    response = post(member, "/api/v1/timesheets", {
        "resource": team["colleague"].pk, "task": team["test"].pk, "date": "2026-06-01",
        "hours": "7"})
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"

    entry = TimesheetEntryFactory(resource=team["mine"], task=team["build"], date=day(0))
    other = client_for(outsider)
    assert other.get(f"/api/v1/timesheets/{entry.pk}").status_code == 404
    assert post(other, f"/api/v1/timesheets/{entry.pk}/approve", {}).status_code == 404
    assert other.delete(f"/api/v1/timesheets/{entry.pk}").status_code == 404
    assert other.get("/api/v1/timesheets").json()["count"] == 0
    response = post(other, "/api/v1/timesheets", {"resource": team["mine"].pk,
                                                   "task": team["build"].pk,
                                                   "date": "2026-06-02", "hours": "1"})
    assert response.status_code == 400 and response.json()["errors"]["task"]
    # the outsider has no resource of their own
    response = post(other, "/api/v1/timesheets/submit", {"week": "2026-06-01"})
    assert response.status_code == 400 and response.json()["errors"]["resource"]


def test_import_with_a_report(team):
    client = client_for(team["manager"])
    good = b"date,resource,task,hours\n2026-06-01,DEV,1.1,7\n2026-06-02,QA,1.2,6\n"
    response = client.post(f"/api/v1/timesheet-imports?project={team['project'].pk}",
                           {"file": SimpleUploadedFile("t.csv", good)})
    assert response.status_code == 201, response.json()
    assert response.json()["count"] == 2 and response.json()["approved"] == 2
    bad = b"date,resource,task,hours\n2026-06-03,DEV,1.1,7\n2026-06-04,DEV,1.1,x\n"
    response = client.post(f"/api/v1/timesheet-imports?project={team['project'].pk}",
                           {"file": SimpleUploadedFile("t.csv", bad)})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_failed"
    assert body["problems"] == [{"row": 3, "column": "hours", "message": body["problems"][0]
                                 ["message"]}]
    assert TimesheetEntry.objects.count() == 2


def test_approve_and_reject_several_entries_at_once(team):
    monday, tuesday = (TimesheetEntryFactory(resource=team["mine"], task=team["build"],
                                             date=day(k), status=Status.SUBMITTED)
                       for k in (0, 1))
    draft = TimesheetEntryFactory(resource=team["mine"], task=team["build"], date=day(2))
    manager = client_for(team["manager"])

    response = post(manager, "/api/v1/timesheets/approve",
                    {"entries": [monday.pk, tuesday.pk, draft.pk]})
    assert response.status_code == 400 and response.json()["errors"]["status"]
    assert not TimesheetEntry.objects.filter(status=Status.APPROVED).exists()  # all or nothing

    response = post(manager, "/api/v1/timesheets/approve", {"entries": [monday.pk, tuesday.pk]})
    assert response.status_code == 200 and response.json()["count"] == 2
    assert {e["status"] for e in response.json()["entries"]} == {"approved"}

    response = post(manager, "/api/v1/timesheets/reject",
                    {"entries": [monday.pk, tuesday.pk], "reason": "Wrong task"})
    assert response.status_code == 200
    assert set(TimesheetEntry.objects.filter(rejection_reason="Wrong task")
               .values_list("pk", flat=True)) == {monday.pk, tuesday.pk}


def test_bulk_review_names_unknown_ids_and_checks_permissions(team, outsider):
    entry = TimesheetEntryFactory(resource=team["mine"], task=team["build"], date=day(0),
                                  status=Status.SUBMITTED)
    manager = client_for(team["manager"])
    response = post(manager, "/api/v1/timesheets/approve",
                    {"entries": [entry.pk, 999999, -4, 2**70]})
    assert response.status_code == 400
    assert all(str(pk) in response.json()["errors"]["entries"][0]
               for pk in (999999, -4, 2**70))
    assert post(manager, "/api/v1/timesheets/approve", {"entries": []}).status_code == 422
    assert post(manager, "/api/v1/timesheets/reject",
                {"entries": [entry.pk]}).status_code == 422  # no reason
    member = client_for(team["member"])
    assert post(member, "/api/v1/timesheets/approve",
                {"entries": [entry.pk]}).status_code == 403
    response = post(client_for(outsider), "/api/v1/timesheets/approve", {"entries": [entry.pk]})
    assert response.status_code == 400 and str(entry.pk) in response.json()["message"]
    entry.refresh_from_db()
    assert entry.status == Status.SUBMITTED


# --- the week grid's save ---------------------------------------------------------------------

def put(client, url: str, data: dict):
    return client.put(url, json.dumps(data), content_type="application/json")


def test_a_week_is_saved_cell_by_cell_and_submitted(team):
    member = client_for(team["member"])
    gone = TimesheetEntryFactory(resource=team["mine"], task=team["build"], date=day(1))
    response = put(member, "/api/v1/timesheets/week", {"week": str(day(3)), "submit": True, "cells": [
        {"task": team["build"].pk, "date": str(day(0)), "hours": "7.5"},
        {"task": team["build"].pk, "date": str(day(1)), "hours": None}]})
    assert response.status_code == 200, response.json()
    assert response.json() == {"created": 1, "updated": 0, "deleted": 1, "submitted": 1}
    assert not TimesheetEntry.objects.filter(pk=gone.pk).exists()
    entry = TimesheetEntry.objects.get()
    assert (entry.date, entry.hours, entry.status) == (day(0), Decimal("7.5"), Status.SUBMITTED)


def test_a_week_with_bad_cells_saves_nothing_and_names_each(team):
    member = client_for(team["member"])
    response = put(member, "/api/v1/timesheets/week", {"week": str(day(0)), "cells": [
        {"task": team["build"].pk, "date": str(day(0)), "hours": "8"},
        {"task": team["phase"].pk, "date": str(day(1)), "hours": "1"},
        {"task": team["build"].pk, "date": str(day(9)), "hours": "1"}]})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {f"{team['phase'].pk}/{day(1)}", f"{team['build'].pk}/{day(9)}"}
    assert not TimesheetEntry.objects.exists()


def test_a_week_names_the_task_nobody_may_see(team, other_project):
    hidden = TaskFactory(project=other_project)
    response = put(client_for(team["member"]), "/api/v1/timesheets/week", {
        "week": str(day(0)), "cells": [{"task": hidden.pk, "date": str(day(0)), "hours": "1"}]})
    assert response.status_code == 400 and "cells" in response.json()["errors"]
    assert not TimesheetEntry.objects.exists()
