"""Governance: a portfolio's adapted methodology packs, and a project's phases, stage gates with
their criteria and decisions, conditions, documents to produce and roles to fill.

Labels copied from a pack are kept in both languages (``*_en``, ``*_fr``) so that a project keeps
the words of the pack it was created from, whatever later becomes of the pack.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Bilingual(models.Model):
    """A record with a label in English and French, shown in the reader's language."""

    name_en = models.CharField(_("name (English)"), max_length=250)
    name_fr = models.CharField(_("name (French)"), max_length=250)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_fr if (get_language() or "").startswith("fr") else self.name_en


class MethodPack(models.Model):
    """A PMO's copy of a shipped pack adapted for one portfolio: the portfolio's projects created
    with this key follow the copy instead of the shipped pack."""

    portfolio = models.ForeignKey("portfolios.Portfolio", on_delete=models.CASCADE,
                                  related_name="method_packs", verbose_name=_("portfolio"))
    key = models.CharField(_("methodology"), max_length=30)
    data = models.JSONField(_("pack"), help_text=_("The pack's phases, gates, criteria, "
                                                   "documents, roles and tolerances."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["portfolio", "key"]
        verbose_name = _("adapted methodology pack")
        verbose_name_plural = _("adapted methodology packs")
        constraints = [models.UniqueConstraint(fields=["portfolio", "key"],
                                               name="method_pack_unique_key")]

    def __str__(self) -> str:
        return f"{self.portfolio} · {self.key}"


class Phase(Bilingual):
    """A phase of a project's life cycle, from its pack; its work is a summary task of the WBS
    when the project was created from the pack."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Not started")
        ACTIVE = "active", _("Current")
        DONE = "done", _("Done")

    project = models.ForeignKey("portfolios.Project", on_delete=models.CASCADE,
                                related_name="phases", verbose_name=_("project"))
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.CharField(_("key"), max_length=50)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    summary_task = models.ForeignKey("planning.Task", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+", verbose_name=_("summary task"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "position"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [models.UniqueConstraint(fields=["project", "position"],
                                               name="phase_unique_position")]


class Gate(Bilingual):
    """The stage gate closing a phase: its criteria are reviewed and the approvers decide."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        PASSED = "passed", _("Passed")
        PASSED_WITH_CONDITIONS = "passed_with_conditions", _("Passed with conditions")
        ON_HOLD = "on_hold", _("On hold")
        RECYCLED = "recycled", _("Recycled")
        STOPPED = "stopped", _("Stopped")

    phase = models.OneToOneField(Phase, on_delete=models.CASCADE, related_name="gate",
                                 verbose_name=_("phase"))
    status = models.CharField(_("status"), max_length=25, choices=Status.choices,
                              default=Status.PENDING)
    milestone = models.ForeignKey("planning.Task", on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="+", verbose_name=_("milestone"))
    planned_date = models.DateField(
        _("planned date"), null=True, blank=True,
        help_text=_("When the gate has no milestone in the plan, the date it is expected."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["phase__project", "phase__position"]
        verbose_name = _("stage gate")
        verbose_name_plural = _("stage gates")

    @property
    def project(self) -> models.Model:
        return self.phase.project

    @property
    def is_open(self) -> bool:
        """Still awaiting a decision that lets the project through (or stops it)."""
        return self.status in {self.Status.PENDING, self.Status.ON_HOLD, self.Status.RECYCLED}


class Criterion(models.Model):
    """A criterion of a gate: automatic (``rule`` names the check of the data) or manual
    (ticked by a manager, with a comment)."""

    gate = models.ForeignKey(Gate, on_delete=models.CASCADE, related_name="criteria",
                             verbose_name=_("gate"))
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.CharField(_("key"), max_length=50)
    label_en = models.CharField(_("label (English)"), max_length=250)
    label_fr = models.CharField(_("label (French)"), max_length=250)
    mandatory = models.BooleanField(_("mandatory"), default=False)
    rule = models.CharField(_("automatic check"), max_length=30, blank=True)
    ticked = models.BooleanField(_("met"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    ticked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="+", verbose_name=_("ticked by"))
    ticked_at = models.DateTimeField(_("ticked at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["gate", "position"]
        verbose_name = _("gate criterion")
        verbose_name_plural = _("gate criteria")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_fr if (get_language() or "").startswith("fr") else self.label_en

    @property
    def automatic(self) -> bool:
        return bool(self.rule)


class GateDecision(models.Model):
    """What the approvers decided at a gate, with their comment."""

    class Decision(models.TextChoices):
        GO = "go", _("Go")
        GO_WITH_CONDITIONS = "go_with_conditions", _("Go with conditions")
        HOLD = "hold", _("Hold")
        RECYCLE = "recycle", _("Recycle")
        STOP = "stop", _("Stop")

    gate = models.ForeignKey(Gate, on_delete=models.CASCADE, related_name="decisions",
                             verbose_name=_("gate"))
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["gate", "decided_at", "pk"]
        verbose_name = _("gate decision")
        verbose_name_plural = _("gate decisions")

    def __str__(self) -> str:
        return self.get_decision_display()


class GateCondition(models.Model):
    """A condition of a "go with conditions": an action with an owner and a due date."""

    decision = models.ForeignKey(GateDecision, on_delete=models.CASCADE,
                                 related_name="conditions", verbose_name=_("decision"))
    description = models.CharField(_("description"), max_length=500)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              related_name="+", verbose_name=_("owner"))
    due_date = models.DateField(_("due date"))
    done = models.BooleanField(_("done"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("gate condition")
        verbose_name_plural = _("gate conditions")

    def __str__(self) -> str:
        return self.description


class ProjectDocument(Bilingual):
    """A document the project must produce in a phase (a management product of its pack)."""

    class Status(models.TextChoices):
        TO_PRODUCE = "to_produce", _("To produce")
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="documents",
                              verbose_name=_("phase"))
    key = models.CharField(_("key"), max_length=50)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.TO_PRODUCE)
    history = HistoricalRecords()

    class Meta:
        ordering = ["phase", "pk"]
        verbose_name = _("document to produce")
        verbose_name_plural = _("documents to produce")


class ProjectRole(Bilingual):
    """A role of the project's pack to fill (the board's members, the project manager...)."""

    project = models.ForeignKey("portfolios.Project", on_delete=models.CASCADE,
                                related_name="method_roles", verbose_name=_("project"))
    key = models.CharField(_("key"), max_length=50)
    jalon_role = models.CharField(_("Jalon role"), max_length=20)
    approver = models.BooleanField(_("decides at the gates"), default=False)
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+", verbose_name=_("held by"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "pk"]
        verbose_name = _("project role")
        verbose_name_plural = _("project roles")


class LifecycleOverride(models.Model):
    """A PMO administrator's change of a project's current phase or status outside the gates,
    with the justification shown on the project's governance page."""

    project = models.ForeignKey("portfolios.Project", on_delete=models.CASCADE,
                                related_name="lifecycle_overrides", verbose_name=_("project"))
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="+", verbose_name=_("phase made current"))
    status = models.CharField(_("status"), max_length=20)
    justification = models.TextField(_("justification"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "-decided_at", "-pk"]
        verbose_name = _("lifecycle override")
        verbose_name_plural = _("lifecycle overrides")

    def __str__(self) -> str:
        return self.justification[:60]


# --- tolerances and exceptions (PRINCE2's management by exception) ---------------------------

class Tolerances(models.Model):
    """How far a project may drift from its approved plan before the board must decide; an empty
    field inherits (the project from its portfolio, the portfolio from the project's pack).

    Time: slip of the forecast finish (or the Monte Carlo P80 finish) after the approved finish,
    in calendar days or as a percentage of the approved duration. Cost: the estimate at
    completion over the budget at completion, as a percentage of the budget or an amount. Scope:
    the change in the number of tasks against the approved plan, in percent. Risk: the highest
    score an open risk may have. With both a days and a percentage (or an amount and a
    percentage), the tighter one holds."""

    time_days = models.PositiveIntegerField(_("time tolerance (days)"), null=True, blank=True)
    time_percent = models.DecimalField(_("time tolerance (percentage of the duration)"), max_digits=5,
                                       decimal_places=1, null=True, blank=True)
    cost_percent = models.DecimalField(_("cost tolerance (percentage of the budget)"), max_digits=5,
                                       decimal_places=1, null=True, blank=True)
    cost_amount = models.DecimalField(_("cost tolerance (amount)"), max_digits=14,
                                      decimal_places=2, null=True, blank=True)
    scope_percent = models.DecimalField(_("scope tolerance (percentage of the tasks)"), max_digits=5,
                                        decimal_places=1, null=True, blank=True)
    risk_score = models.PositiveSmallIntegerField(_("risk tolerance (highest score)"), null=True,
                                                  blank=True)

    class Meta:
        abstract = True


class PortfolioTolerances(Tolerances):
    """The tolerances a PMO sets for every project of a portfolio (over the packs' defaults)."""

    portfolio = models.OneToOneField("portfolios.Portfolio", on_delete=models.CASCADE,
                                     related_name="tolerances", verbose_name=_("portfolio"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("portfolio tolerances")
        verbose_name_plural = _("portfolio tolerances")

    def __str__(self) -> str:
        return str(self.portfolio)


class ProjectTolerances(Tolerances):
    """A project's own tolerances, over its portfolio's and its pack's."""

    project = models.OneToOneField("portfolios.Project", on_delete=models.CASCADE,
                                   related_name="tolerances", verbose_name=_("project"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project tolerances")
        verbose_name_plural = _("project tolerances")

    def __str__(self) -> str:
        return str(self.project)


class ToleranceException(models.Model):
    """A tolerance the forecast broke: raised by the check, reported on by the project manager
    (PRINCE2's exception report) and resolved by the board's decision. At most one is open per
    project and measure."""

    class Measure(models.TextChoices):
        TIME = "time", _("Time: forecast finish")
        TIME_P80 = "time_p80", _("Time: Monte Carlo P80 finish")
        COST = "cost", _("Cost: estimate at completion")
        SCOPE = "scope", _("Scope: tasks of the plan")
        RISK = "risk", _("Risk: highest open risk score")

    class Decision(models.TextChoices):
        ACCEPT = "accept", _("Accept the new forecast, with new tolerances")
        EXCEPTION_PLAN = "exception_plan", _("Ask for an exception plan")
        PREMATURE_CLOSURE = "premature_closure", _("Close the project prematurely")

    project = models.ForeignKey("portfolios.Project", on_delete=models.CASCADE,
                                related_name="tolerance_exceptions", verbose_name=_("project"))
    measure = models.CharField(_("tolerance"), max_length=10, choices=Measure.choices)
    measured = models.FloatField(_("measured value"))
    limit = models.FloatField(_("limit"))
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    cause = models.TextField(_("cause"), blank=True)
    consequences = models.TextField(_("consequences"), blank=True)
    options = models.TextField(_("options"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("reported by"))
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices,
                                blank=True)
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = _("tolerance exception")
        verbose_name_plural = _("tolerance exceptions")
        constraints = [models.UniqueConstraint(
            fields=["project", "measure"], condition=models.Q(resolved_at=None),
            name="tolerance_exception_one_open")]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_measure_display()}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def reported(self) -> bool:
        return self.reported_at is not None


# --- project templates -----------------------------------------------------------------------

class ProjectTemplate(models.Model):
    """A project saved as a template for its portfolio: the WBS skeleton (tasks, durations,
    links, milestones), phases and gates with their criteria, documents to produce, roles to
    fill and a starter risk checklist, as data (``project_templates.snapshot``). No people,
    progress or money."""

    portfolio = models.ForeignKey("portfolios.Portfolio", on_delete=models.CASCADE,
                                  related_name="project_templates", verbose_name=_("portfolio"))
    name = models.CharField(_("name"), max_length=200)
    methodology = models.CharField(_("methodology"), max_length=100, blank=True)
    source = models.CharField(_("saved from"), max_length=250, blank=True)
    data = models.JSONField(_("template"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+", verbose_name=_("saved by"))
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["portfolio", "name"]
        verbose_name = _("project template")
        verbose_name_plural = _("project templates")
        constraints = [models.UniqueConstraint(fields=["portfolio", "name"],
                                               name="project_template_unique_name")]

    def __str__(self) -> str:
        return self.name
