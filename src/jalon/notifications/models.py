"""Notifications: a message to one user, shown in the in-app inbox and sent by e-mail.

The text is stored as its English source (a message marked with ``gettext_noop`` by the app that
sends it) and its parameters, and translated when it is read, so that each recipient reads it in
his own language whatever the sender's.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _


class Group(models.TextChoices):
    """The groups of kinds a user chooses a delivery for; a kind's group is its first word
    (``"gate.awaited"`` is about gates), see :data:`KIND_GROUPS`."""

    GATES = "gates", _("Stage gates")
    APPROVALS = "approvals", _("Approvals")
    EXCEPTIONS = "exceptions", _("Exceptions")
    RISKS = "risks", _("Risks and issues")
    ASSIGNMENTS = "assignments", _("Assignments")
    CHANGES = "changes", _("Changes")
    DOCUMENTS = "documents", _("Documents")
    OTHER = "other", _("Everything else")


#: The first word of a kind and its group; a kind not listed here falls in ``other``.
KIND_GROUPS: dict[str, str] = {
    "gate": Group.GATES, "timesheet": Group.APPROVALS, "approval": Group.APPROVALS,
    "exception": Group.EXCEPTIONS, "tolerance": Group.EXCEPTIONS,
    "risk": Group.RISKS, "issue": Group.RISKS, "raid": Group.RISKS,
    "assignment": Group.ASSIGNMENTS, "change": Group.CHANGES, "document": Group.DOCUMENTS,
}


def group_of(kind: str) -> str:
    """The group of a notification's ``kind`` by its first word (``"gate.decided"`` or
    ``"document_review"`` → ``"gates"``, ``"documents"``)."""
    return KIND_GROUPS.get(re.split(r"[._]", kind, maxsplit=1)[0], Group.OTHER)


def _in_language(value: Any) -> Any:
    """A parameter in the active language: one given in both (``{"en": ..., "fr": ...}``, a
    gate's name) in the active one, a date (``{"date": "2026-03-02"}``) written as the reader
    writes dates; any other value as it is."""
    if isinstance(value, dict) and set(value) == {"en", "fr"}:
        return value["fr"] if (get_language() or "").startswith("fr") else value["en"]
    if isinstance(value, dict) and set(value) == {"date"}:
        try:
            return date_format(datetime.date.fromisoformat(value["date"]), "SHORT_DATE_FORMAT")
        except (TypeError, ValueError):
            return value["date"]
    return value


class Notification(models.Model):
    """A message to one user about something that happened or awaits him (``action``)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notifications", verbose_name=_("recipient"))
    kind = models.CharField(_("kind"), max_length=50)
    message = models.CharField(_("message"), max_length=500,
                               help_text=_("The English source, translated when read."))
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    project = models.ForeignKey("portfolios.Project", on_delete=models.CASCADE, null=True,
                                blank=True, related_name="+", verbose_name=_("project"))
    action = models.BooleanField(_("awaits an action"), default=False)
    ref = models.CharField(
        _("reference"), max_length=100, blank=True,
        help_text=_("What the notification is about (\"gate:12\"), so that acting on it "
                    "resolves it."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"]),
                   models.Index(fields=["ref"])]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The message in the active language, its parameters filled in (a parameter given in
        both languages in the active one)."""
        params = {name: _in_language(value) for name, value in self.params.items()}
        translated = gettext(self.message)
        try:
            return translated % params if params else translated
        except (KeyError, TypeError, ValueError):  # a translation that lost a parameter
            return self.message % params if params else self.message

    @property
    def group(self) -> str:
        return group_of(self.kind)

    @property
    def is_open(self) -> bool:
        """On the recipient's "to do" list: awaiting an action not taken yet."""
        return self.action and self.resolved_at is None


class Delivery(models.TextChoices):
    """How a group of notifications reaches the user besides the inbox."""

    IN_APP = "in_app", _("In Jalon only")
    IMMEDIATE = "immediate", _("E-mail at once")
    DIGEST = "digest", _("Daily digest e-mail")


#: Without a choice of his own, a user reads everything in Jalon and gets a daily digest.
DEFAULT_DELIVERY = Delivery.DIGEST


class NotificationPreference(models.Model):
    """A user's choices: how each group of notifications reaches him, and the language of his
    e-mails (blank: the site's)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference", verbose_name=_("user"))
    deliveries = models.JSONField(_("deliveries"), default=dict, blank=True,
                                  help_text=_("Delivery by group of notifications."))
    language = models.CharField(_("language of e-mails"), max_length=10, blank=True,
                                choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)

    def delivery(self, group: str) -> str:
        """How notifications of ``group`` reach the user."""
        return self.deliveries.get(group, DEFAULT_DELIVERY)

    @property
    def email_language(self) -> str:
        return self.language or settings.LANGUAGE_CODE
