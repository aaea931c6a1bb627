"""Writes of notifications: send one to users, mark read, resolve what was acted on."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from jalon.notifications.models import Notification
from jalon.portfolios.models import Project


@transaction.atomic
def notify(*, recipients: Iterable[AbstractBaseUser | None], kind: str, message: str,
           params: Mapping[str, Any] | None = None, url: str = "",
           project: Project | None = None, action: bool = False,
           ref: str = "") -> list[Notification]:
    """Notify each active user among ``recipients`` (None and duplicates skipped).

    ``message`` is the English source marked with ``gettext_noop`` by the caller, with
    ``%(name)s`` placeholders filled from ``params`` (plain JSON values: names users know, never
    an internal id) when it is read, in the reader's language. ``action`` puts it on the
    recipient's "to do" list until something resolves ``ref`` (:func:`notifications_resolve`).
    """
    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    return Notification.objects.bulk_create([
        Notification(recipient_id=pk, kind=kind, message=message, params=dict(params or {}),
                     url=url, project=project, action=action, ref=ref)
        for pk in sorted(users)])


def notifications_resolve(*, ref: str) -> int:
    """Take every notification about ``ref`` off the "to do" lists (it was acted on); returns
    how many were open."""
    return Notification.objects.filter(ref=ref, resolved_at=None).update(
        resolved_at=timezone.now())
