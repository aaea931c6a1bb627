"""Report packs generated in the task queue, with their files, and the subscriptions that send
them by e-mail."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jalon.runs import Run

ONE_SCOPE = (Q(portfolio__isnull=False, programme__isnull=True, project__isnull=True)
             | Q(portfolio__isnull=True, programme__isnull=False, project__isnull=True)
             | Q(portfolio__isnull=True, programme__isnull=True, project__isnull=False))
"""A pack or a subscription is of exactly one portfolio, programme or project."""


class Format(models.TextChoices):
    PDF = "pdf", _("PDF")
    PPTX = "pptx", _("PowerPoint")
    XLSX = "xlsx", _("Excel")


class Language(models.TextChoices):
    FRENCH = "fr", "Français"
    ENGLISH = "en", "English"


class Scoped(models.Model):
    """The scope a pack covers: exactly one of a portfolio, a programme, a project."""

    portfolio = models.ForeignKey("portfolios.Portfolio", on_delete=models.CASCADE, null=True,
                                  blank=True, related_name="+", verbose_name=_("portfolio"))
    programme = models.ForeignKey("portfolios.Programme", on_delete=models.CASCADE, null=True,
                                  blank=True, related_name="+", verbose_name=_("programme"))
    project = models.ForeignKey("portfolios.Project", on_delete=models.CASCADE, null=True,
                                blank=True, related_name="+", verbose_name=_("project"))

    class Meta:
        abstract = True

    @property
    def scope(self) -> Any:
        return self.portfolio or self.programme or self.project


class PackRun(Scoped, Run):
    """One report pack generated in the task queue (:mod:`jalon.runs`): its scope, format,
    language and status date, and, once done, its file in the storage (``file``)."""

    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    status_date = models.DateField(_("status date"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="packs/%Y/%m/", blank=True)
    subscription = models.ForeignKey("Subscription", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="runs",
                                     verbose_name=_("subscription"))

    class Meta(Run.Meta):
        verbose_name = _("report pack")
        verbose_name_plural = _("report packs")
        constraints = [models.CheckConstraint(condition=ONE_SCOPE, name="pack_run_one_scope")]

    def __str__(self) -> str:
        return f"{self.scope} {self.format} #{self.pk}"


class Subscription(Scoped):
    """A person's standing order for a pack of one scope, in one format and language, sent
    by e-mail every week (Monday) or every month (its first day); ``last_sent`` is the day it
    last went out."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="pack_subscriptions", verbose_name=_("user"))
    format = models.CharField(_("format"), max_length=4, choices=Format.choices,
                              default=Format.PDF)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices,
                                default=Language.FRENCH)
    frequency = models.CharField(_("frequency"), max_length=8, choices=Frequency.choices,
                                 default=Frequency.WEEKLY)
    last_sent = models.DateField(_("last sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pack subscription")
        verbose_name_plural = _("pack subscriptions")
        ordering = ["user", "created_at", "pk"]
        constraints = [models.CheckConstraint(condition=ONE_SCOPE, name="subscription_one_scope")]

    def __str__(self) -> str:
        return f"{self.user} {self.scope} {self.format} {self.frequency}"
