"""The RAID API: decisions, assumptions and external dependencies with the pages'
permissions."""

from __future__ import annotations

import pytest

from jalon.raid import services
from tests.factories import TaskFactory
from tests.pages import signed_in


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def patch(client, url, body):
    return client.patch(url, body, content_type="application/json")


@pytest.mark.django_db
def test_decision_crud_with_links(manager, project):
    c = signed_in(manager)
    task = TaskFactory(project=project, name="Fondations")
    response = post(c, f"/api/v1/projects/{project.pk}/decisions",
                    {"title": "Pieux forés", "decision": "Pieux forés de 12 m",
                     "decided_by": manager.pk, "decided_on": "2026-03-02",
                     "status": "decided", "tasks": [task.pk]})
    assert response.status_code == 201, response.json()
    decision = response.json()
    assert (decision["reference"], decision["tasks"]) == ("D-001", [task.pk])
    changed = patch(c, f"/api/v1/decisions/{decision['id']}", {"rationale": "Sol argileux",
                                                                "tasks": []}).json()
    assert changed["rationale"] == "Sol argileux" and changed["tasks"] == []
    listed = c.get(f"/api/v1/projects/{project.pk}/decisions?q=pieux").json()
    assert [d["id"] for d in listed["items"]] == [decision["id"]]
    assert c.delete(f"/api/v1/decisions/{decision['id']}").status_code == 204
    assert c.get(f"/api/v1/decisions/{decision['id']}").status_code == 404


@pytest.mark.django_db
def test_assumptions_and_external_dependencies(manager, project, other_project):
    c = signed_in(manager)
    assumption = post(c, f"/api/v1/projects/{project.pk}/assumptions",
                      {"description": "Nappe phréatique basse", "validate_by": "2020-01-01"})
    assert assumption.status_code == 201 and assumption.json()["overdue"] is True
    pk = assumption.json()["id"]
    assert patch(c, f"/api/v1/assumptions/{pk}", {"status": "validated"}).json()["overdue"] is False
    assert patch(c, f"/api/v1/assumptions/{pk}", {"description": None}).status_code == 400
    dependency = post(c, f"/api/v1/projects/{project.pk}/external-dependencies",
                      {"description": "Permis de construire", "party": "Mairie de Lyon",
                       "needed_by": "2099-04-01"})
    assert dependency.status_code == 201 and dependency.json()["reference"] == "X-001"
    # the other project is not one the manager may see: named as unknown, not revealed
    hidden = patch(c, f"/api/v1/external-dependencies/{dependency.json()['id']}",
                   {"other_project": other_project.pk})
    assert hidden.status_code == 400 and "other_project" in hidden.json()["errors"]
    listed = c.get(f"/api/v1/projects/{project.pk}/external-dependencies?overdue=false").json()
    assert listed["count"] == 1


@pytest.mark.django_db
def test_readers_read_and_cannot_write_outsiders_see_nothing(manager, member, executive,
                                                             outsider, project):
    decision = services.decision_create(actor=manager, project=project, title="Charpente bois")
    for user in (member, executive):
        c = signed_in(user)
        assert c.get(f"/api/v1/decisions/{decision.pk}").status_code == 200
        assert post(c, f"/api/v1/projects/{project.pk}/decisions",
                    {"title": "Non"}).status_code == 403
        assert patch(c, f"/api/v1/decisions/{decision.pk}", {"title": "Non"}).status_code == 403
        assert c.delete(f"/api/v1/decisions/{decision.pk}").status_code == 403
    c = signed_in(outsider)
    assert c.get(f"/api/v1/decisions/{decision.pk}").status_code == 404
    assert c.get(f"/api/v1/projects/{project.pk}/assumptions").status_code == 404


@pytest.mark.django_db
def test_entries_without_a_date_are_not_overdue(manager, project):
    c = signed_in(manager)
    assumption = post(c, f"/api/v1/projects/{project.pk}/assumptions",
                      {"description": "Le sol est stable"})
    assert assumption.status_code == 201 and assumption.json()["overdue"] is False
    dependency = post(c, f"/api/v1/projects/{project.pk}/external-dependencies",
                      {"description": "Raccordement", "party": "Enedis"})
    assert dependency.status_code == 201 and dependency.json()["overdue"] is False
    listed = c.get(f"/api/v1/projects/{project.pk}/assumptions?overdue=false").json()
    assert listed["count"] == 1
