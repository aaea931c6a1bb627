"""The e-mails of notifications, written in the recipient's language with absolute links
(``settings.JALON_BASE_URL``: they are sent by the worker, outside any request)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from jalon.notifications.models import Notification


def absolute(url: str) -> str:
    """``url`` (a path of Jalon) as a link that works from a mail reader."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.JALON_BASE_URL + url


def _lines(notifications: Sequence[Notification]) -> list[dict[str, Any]]:
    return [{"text": n.text, "project": n.project, "link": absolute(n.url),
             "created_at": n.created_at} for n in notifications]


def notification_email(notification: Notification, *, language: str) -> EmailMessage:
    """One notification, e-mailed at once."""
    with translation.override(language):
        text = notification.text
        body = render_to_string("notifications/email_one.txt", {
            "line": _lines([notification])[0],
            "preferences": absolute(reverse("notification-preferences"))})
        subject = _("[Jalon] %(text)s") % {"text": text}
    return EmailMessage(subject[:200], body, settings.DEFAULT_FROM_EMAIL,
                        [notification.recipient.email])


def digest_email(user: Any, *, news: Sequence[Notification], todo: Sequence[Notification],
                 language: str) -> EmailMessage:
    """The daily digest: what happened since the last one, then what awaits the user."""
    with translation.override(language):
        body = render_to_string("notifications/email_digest.txt", {
            "news": _lines(news), "todo": _lines(todo),
            "inbox": absolute(reverse("notification-inbox")),
            "preferences": absolute(reverse("notification-preferences"))})
        subject = _("[Jalon] Your daily digest: %(news)s new, %(todo)s to do") % {
            "news": len(news), "todo": len(todo)}
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
