"""The change request API: the change log, a draft with its edits, the impact computed on
demand, submit, approve (with a baseline) and reject; money null for team members."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jalon.changes import services
from jalon.planning.models import Task
from tests.pages import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_a_change_is_drafted_computed_submitted_and_approved(plan, manager):
    client = signed_in(manager, language="en")
    project = plan[0].project
    created = post(client, f"/api/v1/projects/{project.pk}/changes", {
        "title": "Longer build", "kind": "schedule", "reason": "Scope grew",
        "edits": [{"type": "duration", "task": plan[1].pk, "duration": 5}]})
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["reference"] == "CR-1" and body["status"] == "draft" and body["impact"] is None
    assert body["edits_described"] == ["Duration of “2 Build”: 5 working days"]

    computed = post(client, f"/api/v1/changes/{body['id']}/impact").json()
    impact = computed["impact"]
    assert (impact["finish_before"], impact["finish_after"], impact["slip_days"]) == (
        "2025-03-07", "2025-03-11", 2)
    assert {"cost_before", "cost_after", "critical_added", "critical_removed",
            "overallocations_before", "overallocations_after"} <= set(impact)
    assert computed["impact_current"] and computed["authority"] == "project_manager"
    assert Task.objects.get(pk=plan[1].pk).duration == Decimal("3")

    assert post(client, f"/api/v1/changes/{body['id']}/submit").json()["status"] == "submitted"
    approved = post(client, f"/api/v1/changes/{body['id']}/approve", {"baseline": True})
    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == "approved"
    assert approved.json()["baseline"] == "After CR-1"
    assert Task.objects.get(pk=plan[1].pk).duration == Decimal("5")

    log = client.get(f"/api/v1/projects/{project.pk}/changes").json()
    assert [(c["reference"], c["status"], c["decided_by"]) for c in log] == [
        ("CR-1", "approved", "pm-test")]


def test_a_draft_is_patched_and_a_bad_edit_named(change, manager, plan):
    client = signed_in(manager, language="en")
    patched = client.patch(f"/api/v1/changes/{change.pk}", {"title": "Much bigger build"},
                           content_type="application/json")
    assert patched.json()["title"] == "Much bigger build"
    refused = client.patch(f"/api/v1/changes/{change.pk}",
                           {"edits": [{"type": "duration", "task": plan[1].pk,
                                       "duration": "many"}]},
                           content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"duration": ["Give a number."]}


def test_rejecting_needs_a_reason(change, manager):
    client = signed_in(manager, language="en")
    services.change_submit(actor=manager, change=change)
    assert post(client, f"/api/v1/changes/{change.pk}/reject").status_code == 400
    rejected = post(client, f"/api/v1/changes/{change.pk}/reject", {"reason": "Too late"})
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["decision_comment"] == "Too late"


def test_a_team_member_reads_without_money_and_cannot_approve(change, manager, member):
    services.change_submit(actor=manager, change=change)
    client = signed_in(member, language="en")
    body = client.get(f"/api/v1/changes/{change.pk}").json()
    assert body["impact"]["finish_after"] == "2025-03-14"
    assert body["impact"]["cost_before"] is None and body["impact"]["cost_after"] is None
    assert post(client, f"/api/v1/changes/{change.pk}/approve").status_code == 403
    assert post(client, f"/api/v1/projects/{change.project_id}/changes",
                {"title": "Mine"}).status_code == 403


def test_an_outsider_does_not_see_the_change(change, outsider):
    client = signed_in(outsider, language="en")
    assert client.get(f"/api/v1/changes/{change.pk}").status_code == 404
    assert client.get(f"/api/v1/projects/{change.project_id}/changes").status_code == 404


def test_the_change_authority_is_set_per_portfolio_and_per_project(change, manager, pmo,
                                                                   member):
    client = signed_in(pmo, language="en")
    project, portfolio = change.project, change.project.portfolio
    url = f"/api/v1/projects/{project.pk}/change-authority"
    assert client.get(url).json() == {"max_slip_days": "5", "max_cost_increase": "10000"}
    client.put(f"/api/v1/portfolios/{portfolio.pk}/change-authority",
               {"max_slip_days": 3, "max_cost_increase": 5000}, content_type="application/json")
    assert client.get(url).json()["max_slip_days"] == "3.00"

    services.change_submit(actor=manager, change=change)  # a slip of 5 days: the board's
    assert client.get(f"/api/v1/changes/{change.pk}").json()["authority"] == "board"
    answer = client.put(url, {"max_slip_days": 10, "max_cost_increase": 0},
                        content_type="application/json")
    assert answer.json() == {"max_slip_days": "10.00", "max_cost_increase": "0.00"}
    assert client.get(f"/api/v1/changes/{change.pk}").json()["authority"] == "project_manager"

    assert signed_in(member).get(url).json()["max_cost_increase"] is None
    assert signed_in(member).put(url, {"max_slip_days": 1, "max_cost_increase": 1},
                                 content_type="application/json").status_code == 403
