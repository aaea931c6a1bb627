"""Time worked by resources on tasks, day by day: the labour part of a project's actual cost.

A week runs from Monday to Sunday. Hours are worked hours; the rate is per hour, in the
resource's currency (``Resource.standard_rate``), captured when the entry is made.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jalon.accounts.history import audit_trail

MAX_DAY_HOURS = Decimal("24")
CENT = Decimal("0.01")


def amount_of(hours: Decimal, rate: Decimal) -> Decimal:
    """The cost of ``hours`` at ``rate`` per hour, rounded to the cent (half up)."""
    return (hours * rate).quantize(CENT, rounding=ROUND_HALF_UP)


class TimesheetEntry(models.Model):
    """Hours a resource worked on a task on one day, and what they cost.

    ``hours`` are worked hours, more than 0 and at most 24 (the services also keep the day of
    a resource at 24 hours in all). ``rate`` is the resource's standard rate per hour when the
    entry was made, so that a later change of rate does not rewrite past costs; ``amount``
    is hours × rate, rounded to the cent. There is at most one entry per resource, task and
    day.

    An entry is a *draft* until its week is submitted; the project manager then *approves* it
    or *rejects* it with a reason (an approved entry may also be rejected later). A rejected
    entry goes back to draft when it is corrected. Only approved entries count in the
    project's actual cost, at their date.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        IMPORT = "import", _("Imported from a file")

    resource = models.ForeignKey("resources.Resource", on_delete=models.PROTECT,
                                 related_name="timesheet_entries", verbose_name=_("resource"))
    task = models.ForeignKey("planning.Task", on_delete=models.CASCADE,
                             related_name="timesheet_entries", verbose_name=_("task"))
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"), max_digits=4, decimal_places=2,
        validators=[MinValueValidator(CENT), MaxValueValidator(MAX_DAY_HOURS)])
    note = models.CharField(_("note"), max_length=250, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    rate = models.DecimalField(_("hourly rate"), max_digits=10, decimal_places=2,
                               validators=[MinValueValidator(Decimal("0"))])
    source = models.CharField(_("source"), max_length=10, choices=Source.choices,
                              default=Source.MANUAL)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("entered by"))
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("approved or rejected by"))
    reviewed_at = models.DateTimeField(_("approved or rejected at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)

    history = audit_trail(excluded=["rate", "created_at", "updated_at"])

    class Meta:
        ordering = ["-date", "resource", "task", "id"]
        verbose_name = _("timesheet entry")
        verbose_name_plural = _("timesheet entries")
        constraints = [
            models.UniqueConstraint(fields=["resource", "task", "date"],
                                    name="timesheet_entry_one_per_day"),
            models.CheckConstraint(condition=models.Q(hours__gt=0, hours__lte=MAX_DAY_HOURS),
                                   name="timesheet_entry_hours_in_a_day"),
            models.CheckConstraint(condition=models.Q(rate__gte=0),
                                   name="timesheet_entry_rate_not_negative"),
        ]
        indexes = [
            models.Index(fields=["resource", "date"], name="timesheet_resource_date"),
            models.Index(fields=["task", "status", "date"], name="timesheet_task_status_date"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.date} {self.task}: {self.hours} h"

    @property
    def amount(self) -> Decimal:
        """The cost of the entry: hours × rate, rounded to the cent (resource's currency)."""
        return amount_of(self.hours, self.rate)

    @property
    def editable(self) -> bool:
        """Drafts and rejected entries may still be changed or deleted."""
        return self.status in (self.Status.DRAFT, self.Status.REJECTED)

    def clean(self) -> None:
        if self.status == self.Status.REJECTED and not (self.rejection_reason or "").strip():
            raise ValidationError({"rejection_reason": _("Say why the entry is rejected.")})
