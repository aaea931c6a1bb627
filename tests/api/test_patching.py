"""One PATCH contract for every router: only the fields sent change, null clears what may be
empty and is refused by name elsewhere, ids become objects the caller may see."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from ninja import Schema

from jalon.api.lookups import visible
from jalon.api.patching import patch_changes
from jalon.errors import NotFound, ValidationFailed
from jalon.planning.models import Task
from jalon.portfolios.models import Project
from tests.factories import CalendarFactory, ResourceFactory, SkillFactory, TaskFactory


class Patch(Schema):
    name: str | None = None
    due: datetime.date | None = None
    strategy: str | None = None
    owner: int | None = None
    tags: list[int] | None = None


def known(*, user, pk):
    if pk > 10:
        raise NotFound("no")
    return f"{user}#{pk}"


def test_only_the_fields_sent_are_changed():
    assert patch_changes(Patch.model_validate({"name": "New"})) == {"name": "New"}
    assert patch_changes(Patch.model_validate({})) == {}


def test_null_clears_what_may_be_empty_and_empties_text_with_choices():
    payload = Patch.model_validate({"due": None, "strategy": None, "owner": None})
    assert patch_changes(payload, nullable={"due", "owner"}, blank={"strategy"},
                         refs={"owner": visible(known, "ann")}) == {
        "due": None, "strategy": "", "owner": None}


def test_null_elsewhere_is_refused_naming_every_field():
    payload = Patch.model_validate({"name": None, "due": None, "tags": None})
    with pytest.raises(ValidationFailed) as refused:
        patch_changes(payload, nullable={"due"})
    assert refused.value.field == "name"
    assert set(refused.value.errors) == {"name", "tags"}


def test_ids_become_the_objects_the_caller_may_see_naming_the_field_when_not():
    refs = {"owner": visible(known, "ann"), "tags": visible(known, "ann")}
    assert patch_changes(Patch.model_validate({"owner": 3, "tags": [1, 2]}), refs=refs) == {
        "owner": "ann#3", "tags": ["ann#1", "ann#2"]}
    with pytest.raises(ValidationFailed) as refused:
        patch_changes(Patch.model_validate({"tags": [1, 99]}), refs=refs)
    assert refused.value.field == "tags" and "99" in refused.value.message


# --- the routers use it -------------------------------------------------------------------------

def patch(client: Client, url: str, data: dict):
    return client.patch(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def client(pmo) -> Client:
    client = Client()
    client.force_login(pmo)
    return client


@pytest.mark.django_db
def test_a_project_date_is_cleared_by_null_and_its_name_is_not(client, project):
    project.planned_start = datetime.date(2025, 3, 3)
    project.save()
    assert patch(client, f"/api/v1/projects/{project.pk}", {"planned_start": None}).json()[
        "planned_start"] is None
    refused = patch(client, f"/api/v1/projects/{project.pk}", {"name": None, "code": None})
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"name", "code"}
    assert Project.objects.get(pk=project.pk).name == project.name


@pytest.mark.django_db
def test_a_task_duration_cannot_be_nulled_its_calendar_can(client, project):
    task = TaskFactory(project=project, calendar=CalendarFactory())
    refused = patch(client, f"/api/v1/tasks/{task.pk}", {"duration": None})
    assert refused.status_code == 400 and "duration" in refused.json()["errors"]
    cleared = patch(client, f"/api/v1/tasks/{task.pk}", {"calendar": None})
    assert cleared.status_code == 200 and cleared.json()["calendar"] is None
    assert Task.objects.get(pk=task.pk).duration == task.duration


@pytest.mark.django_db
def test_a_resource_gets_its_skills_and_calendar_by_id(client):
    resource, skill, calendar = ResourceFactory(), SkillFactory(), CalendarFactory()
    body = patch(client, f"/api/v1/resources/{resource.pk}",
                 {"skills": [skill.pk], "calendar": calendar.pk}).json()
    assert (body["skills"], body["calendar"]) == ([skill.pk], calendar.pk)
    refused = patch(client, f"/api/v1/resources/{resource.pk}", {"skills": [skill.pk, 424242]})
    assert refused.status_code == 400 and "skills" in refused.json()["errors"]
