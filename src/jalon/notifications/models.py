"""Notifications: a message to one user, shown in the in-app inbox and sent by e-mail.

The text is stored as its English source (a message marked with ``gettext_noop`` by the app that
sends it) and its parameters, and translated when it is read, so that each recipient reads it in
his own language whatever the sender's.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


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
        """The message in the active language, its parameters filled in."""
        translated = gettext(self.message)
        try:
            return translated % self.params if self.params else translated
        except (KeyError, TypeError, ValueError):  # a translation that lost a parameter
            return self.message % self.params if self.params else self.message
