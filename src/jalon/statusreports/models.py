"""Status reports: one per project and reporting period, and each portfolio's cadence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Cadence(models.TextChoices):
    """How often the projects of a portfolio report."""

    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


class ReportingSettings(models.Model):
    """A portfolio's reporting cadence; a portfolio without one reports monthly."""

    portfolio = models.OneToOneField("portfolios.Portfolio", on_delete=models.CASCADE,
                                     related_name="reporting_settings",
                                     verbose_name=_("portfolio"))
    cadence = models.CharField(_("cadence"), max_length=10, choices=Cadence.choices,
                               default=Cadence.MONTHLY)

    class Meta:
        verbose_name = _("reporting settings")
        verbose_name_plural = _("reporting settings")

    def __str__(self) -> str:
        return f"{self.portfolio} · {self.get_cadence_display()}"


class StatusReport(models.Model):
    """A project's status report for one period (a week from Monday, or a calendar month).

    While it is open (draft, submitted or returned) its figures are read live from the stored
    results; publishing freezes them in ``snapshot`` (JSON, see
    :mod:`jalon.statusreports.prefill`), which never changes afterwards.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        RETURNED = "returned", _("Returned to the project manager")
        PUBLISHED = "published", _("Published")

    project = models.ForeignKey("portfolios.Project", on_delete=models.CASCADE,
                                related_name="status_reports", verbose_name=_("project"))
    cadence = models.CharField(_("cadence"), max_length=10, choices=Cadence.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"), help_text=_("Inclusive."))
    status_date = models.DateField(
        _("status date"), null=True, blank=True,
        help_text=_("The date the figures are at: the project's status date when the report "
                    "was published."))
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.DRAFT)
    achievements = models.TextField(_("achievements this period"), blank=True)
    next_period = models.TextField(_("planned for the next period"), blank=True)
    help_needed = models.TextField(_("help needed"), blank=True)
    review_comments = models.TextField(_("PMO's comments"), blank=True)
    snapshot = models.JSONField(_("snapshot"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("reviewed by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["project", "-period_start"]
        constraints = [models.UniqueConstraint(fields=["project", "period_start"],
                                               name="one_status_report_per_period")]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")

    def __str__(self) -> str:
        return f"{self.project.code} · {self.period_start:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        """Whether the project manager may still change the commentary."""
        return self.state in (self.State.DRAFT, self.State.RETURNED)
