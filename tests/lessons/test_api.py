"""The lessons API: the base searched with tags, recording, suggestions and useful marks,
with the permissions of the projects they come from."""

from __future__ import annotations

import pytest

from tests.factories import ProjectFactory
from tests.pages import signed_in


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


@pytest.mark.django_db
def test_record_search_suggest_and_mark_useful(pmo, fresh, sibling):
    c = signed_in(pmo)
    created = post(c, "/api/v1/lessons", {
        "project": sibling.pk, "title": "Béton en hiver",
        "what_happened": "Le béton du parking souterrain a gelé.", "category": "quality",
        "impact": "negative", "sector": "construction"})
    assert created.status_code == 201, created.json()
    lesson = created.json()
    assert lesson["author"] == pmo.pk and lesson["recorded_on"]
    found = c.get("/api/v1/lessons?q=béton gelé&tag=construction").json()
    assert [x["id"] for x in found["items"]] == [lesson["id"]]
    assert c.get("/api/v1/lessons?q=béton&tag=cost").json()["count"] == 0
    suggested = c.get(f"/api/v1/projects/{fresh.pk}/lessons/suggested").json()
    assert suggested[0]["lesson"]["id"] == lesson["id"] and suggested[0]["why"]
    marked = post(c, f"/api/v1/lessons/{lesson['id']}/useful", {"project": fresh.pk})
    assert marked.json() == {"lesson": lesson["id"], "project": fresh.pk, "useful": True}
    again = c.get(f"/api/v1/projects/{fresh.pk}/lessons/suggested").json()
    assert again[0]["marked"] and again[0]["useful_count"] == 1
    own = post(c, f"/api/v1/lessons/{lesson['id']}/useful", {"project": sibling.pk})
    assert own.status_code == 400
    gate = fresh.phases.first().gate
    at_gate = c.get(f"/api/v1/projects/{fresh.pk}/lessons/suggested?gate={gate.pk}")
    assert at_gate.status_code == 200 and at_gate.json()[0]["lesson"]["id"] == lesson["id"]
    elsewhere = c.get(f"/api/v1/projects/{sibling.pk}/lessons/suggested?gate={gate.pk}")
    assert elsewhere.status_code == 400 and "gate" in elsewhere.json()["errors"]


@pytest.mark.django_db
def test_bad_input_is_named(pmo, sibling, fresh):
    c = signed_in(pmo)
    wrong_gate = post(c, "/api/v1/lessons", {
        "project": sibling.pk, "title": "X", "what_happened": "Y", "category": "scope",
        "gate": fresh.phases.first().gate.pk})
    assert wrong_gate.status_code == 400 and "gate" in wrong_gate.json()["errors"]
    wrong_phase = post(c, "/api/v1/lessons", {
        "project": fresh.pk, "title": "X", "what_happened": "Y", "category": "scope",
        "phase": "nowhere"})
    assert wrong_phase.status_code == 400 and "phase" in wrong_phase.json()["errors"]


@pytest.mark.django_db
def test_readers_cannot_record_and_never_see_hidden_lessons(pmo, manager, member, executive,
                                                            project, record):
    record(project, title="Visible")
    record(ProjectFactory(), title="Cachée")
    for user in (member, executive):
        c = signed_in(user)
        listed = c.get("/api/v1/lessons").json()
        assert [x["title"] for x in listed["items"]] == ["Visible"] or user is executive
        assert post(c, "/api/v1/lessons", {"project": project.pk, "title": "X",
                                           "what_happened": "Y",
                                           "category": "scope"}).status_code == 403
    listed = signed_in(member).get("/api/v1/lessons").json()
    assert listed["count"] == 1 and listed["items"][0]["title"] == "Visible"
    assert signed_in(pmo).get("/api/v1/lessons").json()["count"] == 2
