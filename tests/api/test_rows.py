"""The lists built from the rows (jalon.api.rows) say what ninja's own validation says."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from ninja import ModelSchema
from ninja.responses import NinjaJSONEncoder

from jalon.planning.api import TaskOut
from jalon.planning.models import Task
from jalon.portfolios.api import ProjectOut
from jalon.portfolios.models import Project
from tests.factories import ObjectiveFactory, ProjectFactory, TaskFactory

pytestmark = pytest.mark.django_db


class NinjaProject(ModelSchema):
    """ProjectOut as ninja builds it, field by field through its getter."""

    objectives: list[int]

    class Meta:
        model = Project
        fields = ProjectOut.Meta.fields

    @staticmethod
    def resolve_objectives(obj: Project) -> list[int]:
        return [o.pk for o in obj.objectives.all()]


class NinjaTask(ModelSchema):
    class Meta:
        model = Task
        fields = TaskOut.Meta.fields


def _as_sent(schema: type[ModelSchema], obj: Any) -> dict[str, Any]:
    """``obj`` through ninja's validation of ``schema``, as the API's JSON encoder writes it."""
    return json.loads(json.dumps(schema.model_validate(obj).model_dump(), cls=NinjaJSONEncoder))


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_projects_list_gives_each_projects_fields_and_objectives_as_ninja_would(
        pmo, project):
    first, second = (ObjectiveFactory(portfolio=project.portfolio, code=code)
                     for code in ("B", "A"))
    project.objectives.add(first, second)
    other = ProjectFactory(portfolio=project.portfolio, programme=None)
    items = _signed_in(pmo).get("/api/v1/projects?limit=1000").json()["items"]
    by_id = {item["id"]: item for item in items}
    for shown in (project, other):
        assert by_id[shown.pk] == _as_sent(NinjaProject, Project.objects.get(pk=shown.pk))
    assert by_id[project.pk]["objectives"] == [second.pk, first.pk]  # in the objectives' order
    assert by_id[other.pk]["objectives"] == []


def test_the_tasks_list_gives_each_tasks_fields_as_ninja_would(pmo, project):
    summary = TaskFactory(project=project, name="Phase", wbs_code="1")
    TaskFactory(project=project, parent=summary, name="Dig", wbs_code="1.1",
                duration=Decimal("2.5"), percent_complete=40, notes="Ça « marche »")
    TaskFactory(project=project, parent=summary, name="Pour", wbs_code="1.2",
                duration=Decimal("2.5"), percent_complete=0, optimistic=Decimal("2"),
                most_likely=Decimal("3"), pessimistic=Decimal("5"))
    response = _signed_in(pmo).get(f"/api/v1/tasks?project={project.pk}")
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    assert len(items) == 3
    for item in items:
        task = Task.objects.get(pk=item["id"])
        expected = _as_sent(NinjaTask, task)
        # a summary's progress is its tasks' (2.5 days at 40 % and 2.5 at 0 %), not its own
        expected["percent_complete"] = 20 if task.pk == summary.pk else task.percent_complete
        assert item == expected
