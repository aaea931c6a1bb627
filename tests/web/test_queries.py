"""Query counts of the busiest pages are pinned, so that an N+1 query shows up as a failure.

The dashboard runs the engine once per project (a handful of queries each, by design); the task
table must not grow with the number of tasks, links or assignments.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from jalon.planning.models import Dependency, Task
from tests.factories import (
    AssignmentFactory,
    CalendarFactory,
    ProgrammeFactory,
    ProjectFactory,
    ResourceFactory,
    TaskFactory,
    UserFactory,
)
from tests.pages import signed_in

pytestmark = pytest.mark.django_db


def mid_size_project(project, *, summaries: int = 6, per_summary: int = 8):
    """A project of 6 summaries x 8 tasks, each task linked to the one before, two resources each."""
    resources = [ResourceFactory() for _ in range(4)]
    previous = None
    for s in range(1, summaries + 1):
        summary = TaskFactory(project=project, position=s, wbs_code=str(s), name=f"Phase {s}")
        for t in range(1, per_summary + 1):
            task = TaskFactory(project=project, parent=summary, position=t, wbs_code=f"{s}.{t}")
            if previous is not None:
                Dependency.objects.create(predecessor=previous, successor=task, lag=Decimal("1"))
            AssignmentFactory(task=task, resource=resources[t % 4])
            AssignmentFactory(task=task, resource=resources[(t + 1) % 4])
            previous = task
    return project


def test_task_table_queries_do_not_grow_with_tasks(pm_client, project, django_assert_max_num_queries):
    project.calendar = CalendarFactory()
    project.save()
    mid_size_project(project)
    assert Task.objects.filter(project=project).count() == 54
    # session, user, grants, project; tasks, links, predecessors' tasks and projects, assignments,
    # resources; the links to other projects; the engine's tasks, links, calendar, exceptions
    with django_assert_max_num_queries(15):
        response = pm_client.get(f"/projects/{project.pk}/tasks/")
    assert response.status_code == 200
    assert response.content.decode().count('<tr id="task-') == 54


def test_dashboard_queries(portfolio, django_assert_max_num_queries):
    user = UserFactory()
    grant_role(actor=None, user=user, role=Role.PORTFOLIO_MANAGER, scope=portfolio)
    calendar = CalendarFactory()
    for _ in range(2):
        programme = ProgrammeFactory(portfolio=portfolio)
        for _ in range(3):
            mid_size_project(ProjectFactory(portfolio=portfolio, programme=programme, calendar=calendar),
                             summaries=2, per_summary=5)
    ProjectFactory(portfolio=portfolio)
    client = signed_in(user)
    # 7 projects: session, user, grants, the tree's three reads and the visible programmes, the
    # links between projects; then the engine's four reads per project (tasks, links, calendar,
    # exceptions)
    with django_assert_max_num_queries(7 + 4 * 7):
        response = client.get("/")
    assert response.status_code == 200


def test_task_table_cost_is_the_same_for_3_and_54_tasks(pm_client, project, plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    AssignmentFactory(task=plan[0])  # so that both read the resources once
    with CaptureQueriesContext(connection) as small:
        pm_client.get(f"/projects/{project.pk}/tasks/")
    Task.objects.filter(project=project).delete()
    mid_size_project(project)
    with CaptureQueriesContext(connection) as large:
        pm_client.get(f"/projects/{project.pk}/tasks/")
    assert len(large) == len(small)
