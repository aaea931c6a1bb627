"""The governance API: the methodologies, a project created from a pack with its stages and gates,
and the decision at a gate (refused while a mandatory criterion is unmet, naming it)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jalon.governance.models import Criterion, Gate, ProjectDocument, ProjectRole
from jalon.governance.services import pack_adapt, pack_update, project_adopt
from jalon.portfolios.models import Project
from tests.governance.conftest import create_from_pack
from tests.pages import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_methodologies_are_listed_with_their_phases(manager):
    response = signed_in(manager, language="en").get("/api/v1/methodologies")
    assert response.status_code == 200
    items = {m["key"]: m for m in response.json()}
    assert list(items) == ["pmbok", "prince2", "agilepm", "hybrid"]
    assert [p["key"] for p in items["pmbok"]["phases"]] == [
        "initiating", "planning", "executing", "monitoring", "closing"]
    assert items["prince2"]["phases"][0]["name"] == {"en": "Starting up a project",
                                                      "fr": "Élaborer le projet"}


def test_a_project_created_from_prince2_has_its_stages_and_gates(board, programme):
    client = signed_in(board, language="en")
    response = post(client, "/api/v1/projects", {
        "code": "HQ", "name": "Headquarters", "programme": programme.pk,
        "methodology": "prince2", "planned_start": "2027-01-04"})
    assert response.status_code == 201, response.json()
    project = Project.objects.get(pk=response.json()["id"])
    assert response.json()["methodology"] == "prince2"

    gates = client.get(f"/api/v1/projects/{project.pk}/gates").json()
    assert [g["name"] for g in gates] == ["Authorise initiation", "Authorise the project",
                                          "Stage boundary", "Authorise project closure"]
    assert [g["phase"] for g in gates] == ["Starting up a project", "Initiating a project",
                                           "Delivery stages", "Closing a project"]
    assert gates[0]["status"] == "pending"
    first = gates[0]["criteria"][0]
    assert set(first) >= {"id", "label", "mandatory", "automatic", "met"}
    assert first["label"] == "Project brief and outline business case approved"
    assert first["mandatory"] and first["automatic"] and not first["met"]

    # the WBS skeleton: a summary per stage ending on its gate milestone, in sequence
    tasks = client.get(f"/api/v1/tasks?project={project.pk}&page_size=100").json()["items"]
    tops = [t["name"] for t in tasks if t["parent"] is None]
    assert tops == ["Starting up a project", "Initiating a project", "Delivery stages",
                    "Closing a project"]
    milestones = [t["name"] for t in tasks if t["is_milestone"]]
    assert milestones == [g["name"] for g in gates]
    assert ProjectDocument.objects.filter(phase__project=project).count() == 8
    assert ProjectRole.objects.filter(project=project).count() == 6
    assert project.risks.count() == 3
    # the gates' dates follow the plan
    listed = client.get(f"/api/v1/projects?code={project.code}")
    assert listed.status_code == 200 and listed.json()["items"][0]["code"] == "HQ"


def test_go_with_an_unmet_mandatory_criterion_is_refused_naming_it(board, programme):
    project = create_from_pack(board, programme)
    gate = Gate.objects.get(phase__project=project, phase__position=0)
    response = post(signed_in(board, language="en"), f"/api/v1/gates/{gate.pk}/decision",
                    {"decision": "go", "comment": "Looks fine"})
    assert response.status_code == 400
    body = response.json()
    assert "Project brief and outline business case approved" in body["message"]
    assert "Project board appointed" in body["message"]
    assert body["errors"]["criteria"] == ["Project brief and outline business case approved",
                                          "Project board appointed"]
    gate.refresh_from_db()
    assert gate.status == "pending" and not gate.decisions.exists()


def test_go_once_the_mandatory_criteria_are_met_moves_to_the_next_stage(board, programme):
    project = create_from_pack(board, programme)
    ProjectDocument.objects.filter(phase__project=project, phase__position=0).update(
        status="approved")
    ProjectRole.objects.filter(project=project).update(holder=board)
    gate = Gate.objects.get(phase__project=project, phase__position=0)
    response = post(signed_in(board, language="en"), f"/api/v1/gates/{gate.pk}/decision",
                    {"decision": "go", "comment": "Initiate"})
    assert response.status_code == 201, response.json()
    assert response.json()["gate_status"] == "passed"
    assert response.json()["project_status"] == "in_progress"
    assert list(project.phases.values_list("status", flat=True)) == [
        "done", "active", "pending", "pending"]


def test_a_team_member_may_not_decide(member, project, pmo):
    project_adopt(actor=pmo, project=project, key="hybrid")
    gate = Gate.objects.get(phase__project=project, phase__position=0)
    response = post(signed_in(member, language="en"), f"/api/v1/gates/{gate.pk}/decision",
                    {"decision": "stop", "comment": "No"})
    assert response.status_code == 403
    assert signed_in(member, language="en").get(
        f"/api/v1/projects/{project.pk}/gates").status_code == 200


def test_a_manual_criterion_is_listed_as_manual(board, programme):
    project = create_from_pack(board, programme)
    manual = Criterion.objects.get(gate__phase__project=project, key="lessons_reviewed")
    gates = signed_in(board, language="en").get(f"/api/v1/projects/{project.pk}/gates").json()
    listed = next(c for c in gates[0]["criteria"] if c["id"] == manual.pk)
    assert listed == {"id": manual.pk, "label": "Lessons of earlier projects reviewed",
                      "mandatory": False, "automatic": False, "met": False,
                      "evidence": "Not ticked yet."}


def test_the_gates_list_costs_the_same_for_3_and_6_gates(board, programme, pmo):
    client = signed_in(board, language="en")
    counts = []
    for code in ("SHORT", "LONG"):
        if code == "LONG":  # the same phases twice over, with the same checks
            copy = pack_adapt(actor=pmo, portfolio=programme.portfolio, key="hybrid")
            again = [{**phase, "key": f"{phase['key']}_2"} for phase in copy.data["phases"]]
            pack_update(actor=pmo, pack=copy,
                        data={**copy.data, "phases": copy.data["phases"] + again})
        project = create_from_pack(board, programme, key="hybrid", code=code)
        with CaptureQueriesContext(connection) as queries:
            gates = client.get(f"/api/v1/projects/{project.pk}/gates").json()
        counts.append((len(gates), len(queries)))
    assert counts[0][0] == 3 and counts[1][0] == 6
    assert counts[0][1] == counts[1][1]
