"""Background work of the reporting app, for the task queue (``jalon worker``).

Subscriptions send themselves: :func:`send_subscriptions` runs on a schedule (every
``JALON_SUBSCRIPTION_HOURS`` hours, 6 by default; 0 turns it off), sends the packs due and
enqueues its next run; :func:`ensure_subscription_schedule`, called when the worker starts,
starts the chain if no run is waiting (as the KPI snapshots do, ``jalon.finance.tasks``).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus


@task()
def generate_pack(run_id: int) -> str:
    """Generate the pack ``run_id`` (queued by ``pack_start``); returns its final state."""
    from jalon.reporting.models import PackRun
    from jalon.reporting.services import pack_execute

    pack_execute(run_id)
    return PackRun.objects.get(pk=run_id).state


def subscription_interval() -> timedelta | None:
    hours = float(getattr(settings, "JALON_SUBSCRIPTION_HOURS", 6))
    return timedelta(hours=hours) if hours > 0 else None


def ensure_subscription_schedule() -> bool:
    """Enqueue a run now unless one is waiting or running, or the schedule is off; returns
    whether one was enqueued."""
    from django_tasks_db.models import DBTaskResult

    if subscription_interval() is None or DBTaskResult.objects.filter(
            task_path=send_subscriptions.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).exists():
        return False
    send_subscriptions.enqueue()
    return True


@task()
def send_subscriptions() -> int:
    """Send the subscriptions due, then schedule the next run; returns how many were sent."""
    from jalon.reporting.services import subscriptions_send

    try:
        return subscriptions_send()
    finally:
        interval = subscription_interval()
        if interval is not None:
            send_subscriptions.using(run_after=timezone.now() + interval).enqueue()
