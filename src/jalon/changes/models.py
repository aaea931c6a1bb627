"""Change requests: proposed edits to a project's plan, their impact, and the decision.

The edits are stored as data (``edits``: see :mod:`jalon.changes.edits`) and touch nothing in
the plan until the change is approved. The impact (``impact``: see :mod:`jalon.changes.impact`)
is computed by the engine with the plan's inputs version it was computed from
(``impact_inputs``), so that a page can say when the plan has changed since.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jalon.accounts.history import audit_trail


class ChangeRequest(models.Model):
    """A request to change a project's plan: what, why, the edits it proposes, their impact and
    who decided. ``number`` counts the project's requests from 1 (shown as "CR-3")."""

    class Kind(models.TextChoices):
        SCOPE = "scope", _("Scope")
        SCHEDULE = "schedule", _("Schedule")
        COST = "cost", _("Cost")
        QUALITY = "quality", _("Quality")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved and applied")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    project = models.ForeignKey("portfolios.Project", on_delete=models.CASCADE,
                                related_name="change_requests", verbose_name=_("project"))
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    reason = models.TextField(_("reason for the change"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SCOPE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("requested by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("comment on the decision"), blank=True)
    edits = models.JSONField(_("proposed edits"), default=list, blank=True)
    impact = models.JSONField(_("impact"), null=True, blank=True)
    impact_inputs = models.CharField(_("plan version of the impact"), max_length=500,
                                     blank=True)
    impact_computed_at = models.DateTimeField(_("impact computed at"), null=True, blank=True)
    baseline = models.ForeignKey("planning.Baseline", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+",
                                 verbose_name=_("baseline taken on approval"))

    # The impact is the engine's output, recomputed at will: not a change people make.
    history = audit_trail(excluded=["impact", "impact_inputs", "impact_computed_at"])

    class Meta:
        ordering = ["project", "-number"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"],
                                    name="change_request_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"CR-{self.number}"


class ChangeAuthority(models.Model):
    """The limits under which the project manager approves a change alone, for a portfolio or
    one project (the project's own win). Above either limit the board decides. The slip is in
    working days of the project's finish; the cost increase in the project's currency."""

    portfolio = models.OneToOneField("portfolios.Portfolio", on_delete=models.CASCADE, null=True,
                                     blank=True, related_name="change_authority",
                                     verbose_name=_("portfolio"))
    project = models.OneToOneField("portfolios.Project", on_delete=models.CASCADE, null=True,
                                   blank=True, related_name="change_authority",
                                   verbose_name=_("project"))
    max_slip_days = models.DecimalField(
        _("largest slip the project manager approves (working days)"), max_digits=7,
        decimal_places=2, default=Decimal("5"), validators=[MinValueValidator(Decimal("0"))])
    max_cost_increase = models.DecimalField(
        _("largest cost increase the project manager approves"), max_digits=14,
        decimal_places=2, default=Decimal("10000"), validators=[MinValueValidator(Decimal("0"))])

    history = audit_trail()

    class Meta:
        verbose_name = _("change authority")
        verbose_name_plural = _("change authorities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(portfolio__isnull=False, project__isnull=True)
                | models.Q(portfolio__isnull=True, project__isnull=False),
                name="change_authority_one_scope"),
        ]

    def __str__(self) -> str:
        return str(self.project or self.portfolio)
