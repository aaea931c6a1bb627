"""Background work of the finance app, for the task queue (``jalon worker``).

KPI history keeps itself: :func:`snapshot_new_status_dates` runs on a schedule through the
task queue (every ``JALON_SNAPSHOT_HOURS`` hours, 24 by default; 0 turns it off) and takes a
snapshot of every project whose status date has none yet. Each run enqueues the next one with
the database backend's ``run_after``; :func:`ensure_snapshot_schedule`, called when the worker
starts, starts the chain if no run is waiting. :func:`take_kpi_snapshots` snapshots every
project at once (e.g. from cron with ``enqueue()``).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus


@task()
def take_kpi_snapshots(portfolio_id: int | None = None) -> int:
    """Snapshot the KPIs of every project (of one portfolio) that has figures; returns how many.

    Runs as the system: no user rights are checked.
    """
    from jalon.finance.services import kpi_snapshots_take
    from jalon.portfolios.models import Project

    projects = Project.objects.select_related("portfolio", "calendar").order_by("code")
    if portfolio_id is not None:
        projects = projects.filter(portfolio_id=portfolio_id)
    return len(kpi_snapshots_take(actor=None, projects=list(projects)))


def snapshot_interval() -> timedelta | None:
    """How often the snapshots run (``JALON_SNAPSHOT_HOURS``); None when turned off."""
    hours = float(getattr(settings, "JALON_SNAPSHOT_HOURS", 24))
    return timedelta(hours=hours) if hours > 0 else None


def _waiting() -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=snapshot_new_status_dates.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).exists()


def ensure_snapshot_schedule() -> bool:
    """Enqueue a run now unless one is waiting or running, or the schedule is off; returns
    whether one was enqueued."""
    if snapshot_interval() is None or _waiting():
        return False
    snapshot_new_status_dates.enqueue()
    return True


@task()
def snapshot_new_status_dates() -> int:
    """Snapshot every project whose status date has no snapshot yet, then schedule the next
    run; returns how many snapshots were taken. Runs as the system."""
    from jalon.finance.models import KpiSnapshot
    from jalon.finance.services import kpi_snapshots_take
    from jalon.portfolios.models import Project

    try:
        taken = KpiSnapshot.objects.filter(project=OuterRef("pk"),
                                           status_date=OuterRef("status_date"))
        projects = (Project.objects.filter(status_date__isnull=False)
                    .exclude(Exists(taken)).select_related("portfolio", "calendar")
                    .order_by("code"))
        return len(kpi_snapshots_take(actor=None, projects=list(projects)))
    finally:
        interval = snapshot_interval()
        if interval is not None:
            snapshot_new_status_dates.using(run_after=timezone.now() + interval).enqueue()
