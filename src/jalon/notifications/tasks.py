"""Background work of notifications, for the task queue (``jalon worker``): the e-mail of one
notification wanted at once (:func:`send_email`, enqueued after the commit that created it), and
the daily digest (:func:`digest_daily`, every morning at :data:`DIGEST_TIME`, enqueuing its next
run; :func:`ensure_digest_schedule` starts the chain when the worker starts)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from jalon.notifications.emails import digest_email, notification_email
from jalon.notifications.models import Delivery, Notification
from jalon.notifications.selectors import preferences_of

DIGEST_TIME = time(7, 0)  # every day, 07:00 local time


@task()
def send_email(notification_id: int) -> bool:
    """E-mail one notification to its recipient in his language; returns whether it was sent
    (not when it is gone, already sent, or the recipient has no address or left)."""
    notification = (Notification.objects.select_related("recipient", "project")
                    .filter(pk=notification_id, emailed_at=None).first())
    if notification is None:
        return False
    user = notification.recipient
    if not user.email or not user.is_active:
        return False
    language = preferences_of(users=[user])[user.pk].email_language
    notification_email(notification, language=language).send()
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


@task()
def send_digests(now: str | None = None) -> int:
    """E-mail each user with an address his digest: the unread notifications of the last day
    of the groups he wants as a digest, not e-mailed yet, and his open "to do" items of the
    groups he wants by e-mail (at once or as a digest). Nothing is sent to whom it would say
    nothing. ``now`` is an ISO date-time (default the current time); returns how many e-mails
    were sent."""
    moment = datetime.fromisoformat(now) if now else timezone.now()
    candidates = (Notification.objects
                  .filter(recipient__is_active=True, project__deleted_at=None)
                  .exclude(recipient__email="")
                  .filter(Q(read_at=None, emailed_at=None, created_at__gt=moment - timedelta(days=1),
                            created_at__lte=moment)
                          | Q(action=True, resolved_at=None))
                  .select_related("recipient", "project").order_by("created_at", "pk"))
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notification in candidates:
        by_user[notification.recipient_id].append(notification)
    preferences = preferences_of(users=[items[0].recipient for items in by_user.values()])
    sent = 0
    for user_id, items in by_user.items():
        preference = preferences[user_id]
        todo = [n for n in items
                if n.is_open and preference.delivery(n.group) != Delivery.IN_APP]
        news = [n for n in items if not n.is_open and n.read_at is None and n.emailed_at is None
                and preference.delivery(n.group) == Delivery.DIGEST]
        if not todo and not news:
            continue
        digest_email(items[0].recipient, news=news, todo=todo,
                     language=preference.email_language).send()
        Notification.objects.filter(pk__in=[n.pk for n in [*news, *todo]],
                                    emailed_at=None).update(emailed_at=moment)
        sent += 1
    return sent


def next_digest_time(now: datetime) -> datetime:
    """The first :data:`DIGEST_TIME` after ``now`` (an aware time), local time."""
    local = timezone.localtime(now)
    day = local.date() if local.time() < DIGEST_TIME else local.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, DIGEST_TIME))


def ensure_digest_schedule() -> bool:
    """Enqueue the next digest unless a run waits; returns whether one was enqueued."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(
            task_path=digest_daily.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).exists():
        return False
    digest_daily.using(run_after=next_digest_time(timezone.now())).enqueue()
    return True


@task()
def digest_daily() -> int:
    """Send this morning's digests, then schedule tomorrow's; returns how many were sent."""
    try:
        return send_digests.call()
    finally:
        digest_daily.using(run_after=next_digest_time(timezone.now())).enqueue()
