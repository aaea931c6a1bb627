"""Background work of governance, for the task queue (``jalon worker``): the tolerance check.

:func:`check_every_quarter_hour` checks every active project and enqueues its next run 15 minutes
later; :func:`ensure_exception_schedule`, called when the worker starts, starts the chain if no
run is waiting (as the status reports' reminders do). :func:`check_projects` checks a few
projects at once, enqueued right after a change of their tolerances or of their inputs
(``portfolios.after_change``). So a forecast that breaks a tolerance raises its exception as
soon as the worker takes the check (docs/governance.md).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

#: How often every active project is checked against its tolerances.
PERIOD = timedelta(minutes=15)


@task()
def check_projects(project_ids: list[int]) -> int:
    """Check these projects against their tolerances; returns how many exceptions were raised."""
    from jalon.governance.exceptions import exceptions_check
    from jalon.portfolios.models import Project

    projects = Project.objects.filter(pk__in=project_ids).select_related("portfolio")
    return len(exceptions_check(projects=projects))


@task()
def check_every_quarter_hour() -> int:
    """Check every active project, then schedule the next check; returns how many exceptions
    were raised."""
    from jalon.governance.exceptions import INACTIVE, exceptions_check
    from jalon.portfolios.models import Project

    try:
        return len(exceptions_check(projects=Project.objects.exclude(
            status__in=INACTIVE).select_related("portfolio")))
    finally:
        check_every_quarter_hour.using(run_after=timezone.now() + PERIOD).enqueue()


def ensure_exception_schedule() -> bool:
    """Enqueue the periodic tolerance check unless a run waits; returns whether one was."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(
            task_path=check_every_quarter_hour.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).exists():
        return False
    check_every_quarter_hour.using(run_after=timezone.now() + PERIOD).enqueue()
    return True
