"""Background work of the portfolio structure, for the task queue (``jalon worker``): the daily
purge of the trash. :func:`purge_daily` deletes for good what has been in the trash longer than
``settings.JALON_TRASH_DAYS`` and enqueues its next run; :func:`ensure_purge_schedule`, called
when the worker starts, starts the chain if no run is waiting (as the status reports' reminders
do)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import task

PURGE_TIME = time(3, 0)  # every night, 03:00 local time


def next_purge(now: datetime) -> datetime:
    """The first :data:`PURGE_TIME` after ``now`` (an aware time)."""
    day = timezone.localtime(now).date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, PURGE_TIME))


@task()
def purge_trash(now: str | None = None) -> int:
    """Delete for good what has been in the trash too long as of ``now`` (ISO, default the
    current time); returns how many portfolios, programmes and projects went."""
    from jalon.portfolios.services import trash_purge

    return trash_purge(now=datetime.fromisoformat(now) if now else None)


@task()
def purge_daily() -> int:
    """Purge the trash, then schedule tomorrow night's purge."""
    try:
        return purge_trash.call()
    finally:
        purge_daily.using(run_after=next_purge(timezone.now())).enqueue()


def ensure_purge_schedule() -> bool:
    """Enqueue tonight's purge unless one waits; returns whether one was enqueued."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(
            task_path=purge_daily.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).exists():
        return False
    purge_daily.using(run_after=next_purge(timezone.now())).enqueue()
    return True
