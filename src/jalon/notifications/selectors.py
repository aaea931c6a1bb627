"""Reads of notifications: always the reader's own, never another user's."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q, QuerySet

from jalon.notifications.models import Notification, NotificationPreference

#: The filters of the inbox: everything, what is unread, what awaits the reader's action.
SHOWS = ("all", "unread", "todo")


def notification_list(*, user: Any, unread: bool = False, todo: bool = False
                      ) -> QuerySet[Notification]:
    """The user's notifications, newest first; only the unread ones, or only his open "to do"
    items (awaiting his action, not resolved yet)."""
    notifications = _shown(Notification.objects.filter(recipient=user)).select_related("project")
    if unread:
        notifications = notifications.filter(read_at=None)
    if todo:
        notifications = notifications.filter(action=True, resolved_at=None)
    return notifications


def todo_list(*, user: Any) -> QuerySet[Notification]:
    """What awaits the user's action: gate decisions, approvals, exceptions..."""
    return notification_list(user=user, todo=True)


def unread_count(*, user: Any) -> int:
    return _shown(Notification.objects.filter(recipient=user, read_at=None)).count()


def _shown(notifications: QuerySet[Notification]) -> QuerySet[Notification]:
    """Leave out what is about a project in the trash: it is gone, as if deleted (and comes
    back with it)."""
    return notifications.filter(Q(project=None) | Q(project__deleted_at=None))


def preference_of(*, user: Any) -> NotificationPreference:
    """The user's preferences, or the defaults (unsaved) when he never chose."""
    return preferences_of(users=[user])[user.pk]


def preferences_of(*, users: Sequence[Any]) -> dict[int, NotificationPreference]:
    """Each user's preferences by user id (the defaults, unsaved, for those who never chose),
    in one query."""
    saved = {p.user_id: p for p in NotificationPreference.objects.filter(
        user_id__in=[u.pk for u in users])}
    return {u.pk: saved.get(u.pk) or NotificationPreference(user_id=u.pk) for u in users}
