"""The filters of the plans' lists: ``GET /tasks``, ``/dependencies``, ``/baselines``."""

from __future__ import annotations

import pytest

from jalon.planning import services
from tests.api.test_api import client_for
from tests.factories import DependencyFactory, ProjectFactory, TaskFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def ids(client, path: str) -> list[int]:
    response = client.get(path)
    assert response.status_code == 200, response.json()
    return [item["id"] for item in response.json()["items"]]


def test_tasks_and_baselines_of_one_project(pmo, plan, project, other_project):
    TaskFactory(project=other_project)
    mine = services.baseline_create(actor=pmo, project=project, name="Initial")
    services.baseline_create(actor=pmo, project=other_project, name="Other")
    client = client_for(pmo)
    assert ids(client, f"/api/v1/tasks?project={project.pk}") == [t.pk for t in plan]
    assert ids(client, f"/api/v1/baselines?project={project.pk}") == [mine.pk]


def test_a_link_between_two_projects_belongs_to_both(pmo, plan, project):
    neighbour = ProjectFactory(portfolio=project.portfolio)
    across = DependencyFactory(predecessor=plan[2], successor=TaskFactory(project=neighbour))
    client = client_for(pmo)
    inside = ids(client, f"/api/v1/dependencies?project={project.pk}")
    assert len(inside) == 3 and across.pk in inside
    assert ids(client, f"/api/v1/dependencies?project={neighbour.pk}") == [across.pk]


def test_a_project_the_user_may_not_see_is_refused_by_name(manager, other_project):
    for path in ("tasks", "dependencies", "baselines"):
        response = client_for(manager).get(f"/api/v1/{path}?project={other_project.pk}")
        assert response.status_code == 422 and list(response.json()["errors"]) == ["project"]
