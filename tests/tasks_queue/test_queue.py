"""The background task queue (django-tasks, database backend) runs work put there by the app."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_tasks import task
from django_tasks.base import TaskResultStatus

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@task()
def count_projects(prefix: str) -> int:
    from jalon.portfolios.models import Project

    return Project.objects.filter(code__startswith=prefix).count()


def test_a_queued_task_waits_for_the_worker_and_then_succeeds(project):
    result = count_projects.enqueue(project.code[:3])
    assert result.status == TaskResultStatus.READY  # stored, not run inline
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
