"""Risk registers, risk responses, issue logs and Monte Carlo simulation runs.

Probability and impacts are levels on the portfolio's matrix scale (1 = lowest, ``size`` =
highest). The score is probability x the largest impact; services compute it (and check that
levels lie within the portfolio's scale, which a single record cannot know)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jalon.accounts.history import audit_trail
from jalon.runs import Run

MAX_SCALE = 10
LEVEL = [MinValueValidator(1), MaxValueValidator(MAX_SCALE)]
IMPACTS = ("impact_cost", "impact_schedule", "impact_scope", "impact_quality")
RESIDUAL_IMPACTS = tuple(f"residual_{name}" for name in IMPACTS)


class MatrixConfig(models.Model):
    """The probability x impact matrix of a portfolio: its size, the labels of its levels and
    the scores at which a risk becomes medium and high. Portfolios without one use the
    defaults (5 x 5, medium from 5, high from 12)."""

    portfolio = models.OneToOneField("portfolios.Portfolio", on_delete=models.CASCADE,
                                     related_name="risk_matrix", verbose_name=_("portfolio"))
    size = models.PositiveSmallIntegerField(
        _("size"), default=5, validators=[MinValueValidator(2), MaxValueValidator(MAX_SCALE)],
        help_text=_("Number of probability and impact levels."))
    probability_labels = models.JSONField(_("probability labels"), default=list, blank=True,
                                          help_text=_("One label per level, lowest first."))
    impact_labels = models.JSONField(_("impact labels"), default=list, blank=True,
                                     help_text=_("One label per level, lowest first."))
    medium_from = models.PositiveSmallIntegerField(_("medium from score"), default=5)
    high_from = models.PositiveSmallIntegerField(_("high from score"), default=12)

    class Meta:
        verbose_name = _("risk matrix")
        verbose_name_plural = _("risk matrices")
        constraints = [
            models.CheckConstraint(condition=models.Q(medium_from__lte=models.F("high_from")),
                                   name="risk_matrix_thresholds_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.portfolio} {self.size}x{self.size}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors: dict[str, Any] = {}
        for name in ("probability_labels", "impact_labels"):
            labels = getattr(self, name)
            if labels and (not isinstance(labels, list) or len(labels) != self.size
                           or not all(isinstance(x, str) and x.strip() for x in labels)):
                errors[name] = _("Give one label per level (%(size)s), or none.") % {
                    "size": self.size}
        if self.medium_from > self.high_from:
            errors["high_from"] = _("The high threshold cannot be below the medium one.")
        if self.high_from > self.size * self.size:
            errors["high_from"] = _("The high threshold cannot exceed the largest score "
                                    "(%(max)s).") % {"max": self.size * self.size}
        if errors:
            raise ValidationError(errors)

    def level(self, score: int | None) -> str:
        """``low``, ``medium`` or ``high`` for a score (``""`` without one)."""
        if score is None:
            return ""
        if score >= self.high_from:
            return "high"
        return "medium" if score >= self.medium_from else "low"


class Risk(models.Model):
    """An uncertain event of a project: a threat (harm) or an opportunity (benefit), assessed
    before (inherent) and after (residual) its response, with the tasks it would affect."""

    class Category(models.TextChoices):
        TECHNICAL = "technical", _("Technical")
        OPERATIONAL = "operational", _("Operational")
        FINANCIAL = "financial", _("Financial")
        LEGAL = "legal", _("Legal")
        HR = "hr", _("Human resources")
        EXTERNAL = "external", _("External")
        OTHER = "other", _("Other")

    class Kind(models.TextChoices):
        THREAT = "threat", _("Threat")
        OPPORTUNITY = "opportunity", _("Opportunity")

    class Strategy(models.TextChoices):
        AVOID = "avoid", _("Avoid")
        MITIGATE = "mitigate", _("Mitigate")
        TRANSFER = "transfer", _("Transfer")
        ESCALATE = "escalate", _("Escalate")
        EXPLOIT = "exploit", _("Exploit")
        ENHANCE = "enhance", _("Enhance")
        SHARE = "share", _("Share")
        ACCEPT = "accept", _("Accept")

    THREAT_STRATEGIES = frozenset({"avoid", "mitigate", "transfer", "accept", "escalate"})
    OPPORTUNITY_STRATEGIES = frozenset({"exploit", "enhance", "share", "accept"})

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("status", "Open")
        CLOSED = "closed", _("Closed")
        OCCURRED = "occurred", _("Occurred")

    project = models.ForeignKey("portfolios.Project", on_delete=models.CASCADE,
                                related_name="risks", verbose_name=_("project"))
    number = models.PositiveIntegerField(_("number"), editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    cause = models.TextField(_("cause"), blank=True)
    effect = models.TextField(_("effect"), blank=True)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices,
                                default=Category.OTHER)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.THREAT)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="owned_risks", verbose_name=_("owner"))
    probability = models.PositiveSmallIntegerField(_("probability"), validators=LEVEL, default=1)
    probability_percent = models.DecimalField(
        _("probability (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("For the simulation; by default the middle of the probability level."))
    impact_cost = models.PositiveSmallIntegerField(_("cost impact"), validators=LEVEL, default=1)
    impact_schedule = models.PositiveSmallIntegerField(_("schedule impact"), validators=LEVEL,
                                                       default=1)
    impact_scope = models.PositiveSmallIntegerField(_("scope impact"), validators=LEVEL, default=1)
    impact_quality = models.PositiveSmallIntegerField(_("quality impact"), validators=LEVEL,
                                                      default=1)
    impact = models.PositiveSmallIntegerField(_("impact"), editable=False, default=1,
                                              help_text=_("The largest of the four impacts."))
    score = models.PositiveSmallIntegerField(_("score"), editable=False, default=1)
    residual_probability = models.PositiveSmallIntegerField(
        _("residual probability"), validators=LEVEL, null=True, blank=True)
    residual_impact_cost = models.PositiveSmallIntegerField(
        _("residual cost impact"), validators=LEVEL, null=True, blank=True)
    residual_impact_schedule = models.PositiveSmallIntegerField(
        _("residual schedule impact"), validators=LEVEL, null=True, blank=True)
    residual_impact_scope = models.PositiveSmallIntegerField(
        _("residual scope impact"), validators=LEVEL, null=True, blank=True)
    residual_impact_quality = models.PositiveSmallIntegerField(
        _("residual quality impact"), validators=LEVEL, null=True, blank=True)
    residual_score = models.PositiveSmallIntegerField(_("residual score"), editable=False,
                                                      null=True, blank=True)
    proximity = models.DateField(_("proximity"), null=True, blank=True,
                                 help_text=_("When the risk could occur."))
    strategy = models.CharField(_("response strategy"), max_length=10, choices=Strategy.choices,
                                blank=True)
    response = models.TextField(_("response"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    delay_days = models.DecimalField(
        _("delay if it occurs (working days)"), max_digits=9, decimal_places=2, default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Added to each linked task's duration (a gain for an opportunity)."))
    delay_percent = models.DecimalField(
        _("delay if it occurs (% of the duration)"), max_digits=7, decimal_places=2, default=0,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
        help_text=_("Added to each linked task's duration (a gain for an opportunity)."))
    cost_impact = models.DecimalField(
        _("cost if it occurs"), max_digits=14, decimal_places=2, default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Added to the project's cost (saved, for an opportunity)."))
    escalated = models.BooleanField(
        _("escalated"), default=False,
        help_text=_("Shown on the programme's and the portfolio's registers."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False,
        help_text=_("Raised by every change: an edit made on an older version is refused."))

    # ``history`` is the register's own log of events (RiskHistory, below)
    audit = audit_trail(excluded=["impact", "score", "residual_score", "created_at", "updated_at",
                                  "version"])

    class Meta:
        ordering = ["project", "-score", "number"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="risk_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"R{self.number}"

    @property
    def has_residual(self) -> bool:
        return self.residual_probability is not None

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors: dict[str, Any] = {}
        allowed = (self.THREAT_STRATEGIES if self.kind == self.Kind.THREAT
                   else self.OPPORTUNITY_STRATEGIES)
        if self.strategy and self.strategy not in allowed:
            errors["strategy"] = _("“%(strategy)s” is not a response to a %(kind)s.") % {
                "strategy": self.get_strategy_display(), "kind": self.get_kind_display().lower()}
        residual = [self.residual_probability] + [getattr(self, n) for n in RESIDUAL_IMPACTS]
        if any(v is not None for v in residual) and self.residual_probability is None:
            errors["residual_probability"] = _("Give the residual probability with the "
                                               "residual impacts.")
        if errors:
            raise ValidationError(errors)

    def compute_scores(self) -> None:
        """Set ``impact``, ``score`` and ``residual_score`` from the levels: probability x the
        largest impact (a residual impact left empty keeps the inherent one)."""
        self.impact = max(getattr(self, name) for name in IMPACTS)
        self.score = self.probability * self.impact
        if self.residual_probability is None:
            self.residual_score = None
        else:
            residual = max(
                getattr(self, f"residual_{name}") if getattr(self, f"residual_{name}") is not None
                else getattr(self, name) for name in IMPACTS)
            self.residual_score = self.residual_probability * residual


class RiskTaskLink(models.Model):
    """A task the risk would hit: when the risk occurs, the task takes the link's own delay
    (working days and percentage of its duration) where given, else the risk's. The simulation
    turns a risk and its links into one risk event."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="task_links",
                             verbose_name=_("risk"))
    task = models.ForeignKey("planning.Task", on_delete=models.CASCADE, related_name="risk_links",
                             verbose_name=_("task"))
    delay_days = models.DecimalField(
        _("delay of this task (working days)"), max_digits=9, decimal_places=2, null=True,
        blank=True, validators=[MinValueValidator(0)],
        help_text=_("Empty: the risk's delay."))
    delay_percent = models.DecimalField(
        _("delay of this task (% of its duration)"), max_digits=7, decimal_places=2, null=True,
        blank=True, validators=[MinValueValidator(0), MaxValueValidator(1000)],
        help_text=_("Empty: the risk's percentage."))

    class Meta:
        ordering = ["risk", "task__wbs_code", "id"]
        verbose_name = _("risk task link")
        verbose_name_plural = _("risk task links")
        constraints = [
            models.UniqueConstraint(fields=["risk", "task"], name="risk_task_link_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.risk.reference} → {self.task}"

    @property
    def effective_delay_days(self) -> Decimal:
        return self.risk.delay_days if self.delay_days is None else self.delay_days

    @property
    def effective_delay_percent(self) -> Decimal:
        return self.risk.delay_percent if self.delay_percent is None else self.delay_percent


class RiskAction(models.Model):
    """One step of a risk's response, with its owner, due date and status."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="actions",
                             verbose_name=_("risk"))
    description = models.CharField(_("description"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="risk_actions", verbose_name=_("owner"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.PLANNED)

    class Meta:
        ordering = ["risk", "due_date", "id"]
        verbose_name = _("risk action")
        verbose_name_plural = _("risk actions")

    def __str__(self) -> str:
        return self.description


class RiskHistory(models.Model):
    """One change of a risk (or of its actions and links): who, when, and the fields changed
    as ``{field: [before, after]}``. Written by the services."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="history",
                             verbose_name=_("risk"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    event = models.CharField(_("event"), max_length=40)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("risk history entry")
        verbose_name_plural = _("risk history")

    def __str__(self) -> str:
        return f"{self.risk.reference} {self.event} {self.at:%Y-%m-%d %H:%M}"


class Issue(models.Model):
    """Something that has happened and must be dealt with (often a risk that occurred)."""

    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("status", "Open")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    project = models.ForeignKey("portfolios.Project", on_delete=models.CASCADE,
                                related_name="issues", verbose_name=_("project"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices,
                                default=Severity.MEDIUM)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="owned_issues", verbose_name=_("owner"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    escalated = models.BooleanField(_("escalated"), default=False)
    resolution = models.TextField(_("resolution"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.OPEN)
    risk = models.ForeignKey(Risk, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="issues", verbose_name=_("from risk"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = audit_trail(excluded=["created_at", "updated_at"])

    class Meta:
        ordering = ["project", "status", "due_date", "id"]
        verbose_name = _("issue")
        verbose_name_plural = _("issues")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.status in (self.Status.RESOLVED, self.Status.CLOSED) and \
                not self.resolution.strip():
            raise ValidationError({"resolution": _("Say how the issue was resolved.")})


class SimulationRun(Run):
    """One Monte Carlo simulation of a project's finish and cost (a run of the task queue,
    :mod:`jalon.runs`): its options, its progress (polled by the page) and its result as plain
    JSON (percentiles, probabilities, histogram and S-curve points, criticality and sensitivity
    per task)."""

    project = models.ForeignKey("portfolios.Project", on_delete=models.CASCADE,
                                related_name="simulation_runs", verbose_name=_("project"))
    iterations = models.PositiveIntegerField(
        _("iterations"), default=5000,
        validators=[MinValueValidator(100), MaxValueValidator(200_000)])
    seed = models.PositiveIntegerField(_("seed"), default=1)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, null=True,
                                 blank=True, validators=[MinValueValidator(0)])
    residual = models.BooleanField(_("residual risks"), default=False,
                                   help_text=_("Use the probabilities after the responses."))
    chunk_count = models.PositiveSmallIntegerField(
        _("chunks"), default=1,
        help_text=_("Into how many chunks of iterations the simulation is split, so that "
                    "several workers share it; fixed when the run is started."))

    class Meta(Run.Meta):
        verbose_name = _("simulation run")
        verbose_name_plural = _("simulation runs")

    def __str__(self) -> str:
        return f"{self.project} #{self.pk}"


class SimulationChunk(Run):
    """One chunk of the iterations of a large simulation (:mod:`jalon.risks.chunks`): a run of
    its own, which any worker may take, with its own random stream; its result is the chunk's
    samples and counts, merged into the simulation's once every chunk is done, then dropped.

    ``inputs`` is what the project's figures were computed from when the simulation was
    started (its inputs and calendars versions): a chunk run after a change would simulate
    another plan, and fails instead."""

    simulation = models.ForeignKey(SimulationRun, on_delete=models.CASCADE,
                                   related_name="chunks", verbose_name=_("simulation run"))
    index = models.PositiveSmallIntegerField(_("index"))
    iterations = models.PositiveIntegerField(_("iterations"))
    inputs = models.CharField(_("inputs"), max_length=40, blank=True)

    class Meta(Run.Meta):
        ordering = ["simulation", "index"]
        verbose_name = _("simulation chunk")
        verbose_name_plural = _("simulation chunks")
        constraints = [models.UniqueConstraint(fields=["simulation", "index"],
                                               name="risks_one_chunk_per_index")]

    def __str__(self) -> str:
        return f"{self.simulation} [{self.index}]"
