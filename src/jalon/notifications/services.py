"""Writes of notifications: send one to users, mark read, resolve what was acted on, and each
user's preferences. A notification whose group the recipient wants at once is e-mailed by the
task queue once the transaction that created it commits."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Mapping
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jalon.errors import ValidationFailed
from jalon.notifications.models import (
    Delivery,
    Group,
    Notification,
    NotificationPreference,
    group_of,
)
from jalon.notifications.selectors import preferences_of
from jalon.portfolios.models import Project


def in_both_languages(text: Any) -> dict[str, str]:
    """A translatable text (a lazy label, a choice's display) as a parameter of :func:`notify`
    that each reader reads in his language: ``{"en": ..., "fr": ...}``."""
    languages = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            languages[code] = str(text)
    return languages


def as_date(day: datetime.date) -> dict[str, str]:
    """A date as a parameter of :func:`notify`, written as each reader writes dates."""
    return {"date": day.isoformat()}


@transaction.atomic
def notify(*, recipients: Iterable[AbstractBaseUser | None], kind: str, message: str,
           params: Mapping[str, Any] | None = None, url: str = "",
           project: Project | None = None, action: bool = False,
           ref: str = "") -> list[Notification]:
    """Notify each active user among ``recipients`` (None and duplicates skipped).

    ``message`` is the English source marked with ``gettext_noop`` by the caller, with
    ``%(name)s`` placeholders filled from ``params`` (plain JSON values: names users know, never
    an internal id; ``{"en": ..., "fr": ...}`` for a name kept in both languages) when it is
    read, in the reader's language. ``action`` puts it on the recipient's "to do" list until
    something resolves ``ref`` (:func:`notifications_resolve`). ``kind`` is
    ``"<subject>.<event>"`` (``"gate.awaited"``); its subject chooses the group of the
    recipient's preferences (``models.KIND_GROUPS``). Those who want that group at once and have
    an e-mail address are e-mailed after the commit.
    """
    from jalon.notifications.tasks import send_email

    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    created = Notification.objects.bulk_create([
        Notification(recipient_id=pk, kind=kind, message=message, params=dict(params or {}),
                     url=url, project=project, action=action, ref=ref)
        for pk in sorted(users)])
    preferences = preferences_of(users=list(users.values()))
    group = group_of(kind)
    for notification in created:
        user = users[notification.recipient_id]
        if getattr(user, "email", "") and \
                preferences[user.pk].delivery(group) == Delivery.IMMEDIATE:
            transaction.on_commit(partial(send_email.enqueue, notification.pk))
    return created


def notifications_resolve(*, ref: str) -> int:
    """Take every notification about ``ref`` off the "to do" lists (it was acted on); returns
    how many were open."""
    return Notification.objects.filter(ref=ref, resolved_at=None).update(
        resolved_at=timezone.now())


@transaction.atomic
def notifications_mark_read(*, actor: Any, ids: Collection[int] = (),
                            everything: bool = False) -> int:
    """Mark the actor's notifications ``ids`` (or all of them, ``everything``) read; others'
    are left alone whatever the ids say. Returns how many were unread."""
    if not everything and not ids:
        raise ValidationFailed(_("Choose the notifications to mark read."), field="ids")
    unread = Notification.objects.filter(recipient=actor, read_at=None)
    if not everything:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


@transaction.atomic
def preference_update(*, actor: Any, deliveries: Mapping[str, str],
                      language: str = "") -> NotificationPreference:
    """Set how each group of notifications reaches the actor (groups left out keep their
    delivery) and the language of his e-mails (blank: the site's)."""
    for group, delivery in deliveries.items():
        if group not in Group.values:
            raise ValidationFailed(_("“%(group)s” is not a group of notifications.")
                                   % {"group": group}, field="deliveries")
        if delivery not in Delivery.values:
            raise ValidationFailed(_("Choose in Jalon only, e-mail at once or daily digest."),
                                   field="deliveries")
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationFailed(_("Choose French or English."), field="language")
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        user=actor)
    preference.deliveries = {**preference.deliveries, **deliveries}
    preference.language = language
    preference.save()
    return preference
