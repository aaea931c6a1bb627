"""The rest of a project's RAID log beside its risks and issues: the decision log, the
assumptions it rests on and its external dependencies.

Each entry is numbered within its project and register (D-001, A-001, X-001): the number is
given by the services, under a lock on the project, like the risks' R1, R2…"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jalon.accounts.history import audit_trail


class Numbered(models.Model):
    """An entry of a project's register with its reference (``PREFIX-001``)."""

    PREFIX = ""

    number = models.PositiveIntegerField(_("number"), editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def reference(self) -> str:
        return f"{self.PREFIX}-{self.number:03d}"


class Decision(Numbered):
    """A decision of the project's decision log: what was decided, why, among which options,
    by whom and when; a superseded decision names the one that replaced it."""

    PREFIX = "D"

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        DECIDED = "decided", _("Decided")
        SUPERSEDED = "superseded", _("Superseded")

    project = models.ForeignKey("portfolios.Project", on_delete=models.CASCADE,
                                related_name="decisions", verbose_name=_("project"))
    title = models.CharField(_("title"), max_length=200)
    context = models.TextField(_("context"), blank=True)
    options = models.TextField(_("options considered"), blank=True)
    decision = models.TextField(_("decision"), blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.PROPOSED)
    superseded_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="supersedes",
                                      verbose_name=_("superseded by"))
    risks = models.ManyToManyField("risks.Risk", blank=True, related_name="decisions",
                                   verbose_name=_("risks"))
    issues = models.ManyToManyField("risks.Issue", blank=True, related_name="decisions",
                                    verbose_name=_("issues"))
    gates = models.ManyToManyField("governance.Gate", blank=True, related_name="decisions_logged",
                                   verbose_name=_("stage gates"))
    tasks = models.ManyToManyField("planning.Task", blank=True, related_name="decisions",
                                   verbose_name=_("tasks"))

    history = audit_trail(excluded=["created_at", "updated_at"])

    class Meta:
        ordering = ["project", "number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="decision_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.status == self.Status.SUPERSEDED and self.superseded_by_id is None:
            raise ValidationError({"superseded_by": _(
                "Name the decision that supersedes this one.")})
        if self.status != self.Status.SUPERSEDED and self.superseded_by_id is not None:
            raise ValidationError({"superseded_by": _(
                "Only a superseded decision names the one that replaced it.")})
        if self.superseded_by_id is not None and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": _("A decision cannot supersede itself.")})


class Assumption(Numbered):
    """Something the plan takes for true without proof yet: it is to be validated by a date,
    and says what happens if it turns out false."""

    PREFIX = "A"

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("status", "Open")
        VALIDATED = "validated", _("Validated")
        INVALID = "invalid", _("Proved false")

    project = models.ForeignKey("portfolios.Project", on_delete=models.CASCADE,
                                related_name="assumptions", verbose_name=_("project"))
    description = models.TextField(_("description"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("owner"))
    validate_by = models.DateField(_("validate by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.OPEN)
    impact_if_false = models.TextField(_("impact if false"), blank=True)

    history = audit_trail(excluded=["created_at", "updated_at"])

    class Meta:
        ordering = ["project", "number"]
        verbose_name = _("assumption")
        verbose_name_plural = _("assumptions")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"],
                                    name="assumption_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.description[:80]}"

    def overdue_on(self, day: date) -> bool:
        """Still open after the date it was to be validated by."""
        return (self.status == self.Status.OPEN and self.validate_by is not None
                and self.validate_by < day)


class ExternalDependency(Numbered):
    """Something the project needs from outside (a supplier, an authority, another project) or
    owes to it, by a date; the task that waits for it, if any."""

    PREFIX = "X"

    class Direction(models.TextChoices):
        INBOUND = "inbound", _("Needed from")
        OUTBOUND = "outbound", _("Owed to")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("status", "Open")
        AT_RISK = "at_risk", _("At risk")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    CLOSED = frozenset({"delivered", "cancelled"})

    project = models.ForeignKey("portfolios.Project", on_delete=models.CASCADE,
                                related_name="external_dependencies", verbose_name=_("project"))
    description = models.TextField(_("description"))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices,
                                 default=Direction.INBOUND)
    party = models.CharField(_("party"), max_length=200, blank=True,
                             help_text=_("The organisation or team outside the project."))
    other_project = models.ForeignKey("portfolios.Project", on_delete=models.SET_NULL,
                                      null=True, blank=True, related_name="+",
                                      verbose_name=_("other project"))
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("owner"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.OPEN)
    task = models.ForeignKey("planning.Task", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="external_dependencies",
                             verbose_name=_("linked task"))

    history = audit_trail(excluded=["created_at", "updated_at"])

    class Meta:
        ordering = ["project", "number"]
        verbose_name = _("external dependency")
        verbose_name_plural = _("external dependencies")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"],
                                    name="external_dependency_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.description[:80]}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if not self.party.strip() and self.other_project_id is None:
            raise ValidationError({"party": _("Name the party or choose the other project.")})
        if self.other_project_id is not None and self.other_project_id == self.project_id:
            raise ValidationError({"other_project": _(
                "Choose another project than this one.")})

    def overdue_on(self, day: date) -> bool:
        """Neither delivered nor cancelled after the date it was needed by."""
        return (self.status not in self.CLOSED and self.needed_by is not None
                and self.needed_by < day)
