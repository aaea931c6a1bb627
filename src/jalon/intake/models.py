"""Demand intake: proposals (project requests) with their estimates, the scoring models that
rank them, and the evaluations that score them.

A proposal's estimates are by period, a period being a calendar month counted from its earliest
start (period 0 is the month it may start in), so that it can become a candidate of the
portfolio selection (value from its score, cost and effort per period, earliest start,
duration, mandatory, dependencies) as it is.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jalon.finance.models import AMOUNT, NOT_NEGATIVE
from jalon.portfolios.models import SUPPORTED_DATES, code_validator
from jalon.runs import Run

#: A proposal's estimates run over at most ten years of months.
MAX_PERIODS = 120


class Proposal(models.Model):
    """A request for a project in a portfolio, from its draft to the decision taken on it.

    Approving it creates the project (``project``) from what it holds.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        DEFERRED = "deferred", _("Deferred")

    class RiskLevel(models.IntegerChoices):
        VERY_LOW = 1, _("Very low")
        LOW = 2, _("Low")
        MEDIUM = 3, _("Medium")
        HIGH = 4, _("High")
        VERY_HIGH = 5, _("Very high")

    class Moscow(models.TextChoices):
        MUST = "must", _("Must have")
        SHOULD = "should", _("Should have")
        COULD = "could", _("Could have")
        WONT = "wont", _("Won’t have (this time)")

    portfolio = models.ForeignKey("portfolios.Portfolio", on_delete=models.CASCADE,
                                  related_name="proposals", verbose_name=_("portfolio"))
    code = models.CharField(_("code"), max_length=30, validators=[code_validator],
                            help_text=_("The code the project will have once approved."))
    title = models.CharField(_("title"), max_length=200)
    sponsor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="sponsored_proposals",
                                verbose_name=_("sponsor"))
    problem = models.TextField(_("problem"), blank=True)
    benefits = models.TextField(_("expected benefits"), blank=True)
    objectives = models.ManyToManyField("portfolios.StrategicObjective", blank=True,
                                        related_name="proposals",
                                        verbose_name=_("strategic objectives"))
    category = models.CharField(_("category"), max_length=100, blank=True)
    earliest_start = models.DateField(_("earliest start"), null=True, blank=True,
                                      validators=SUPPORTED_DATES)
    duration = models.PositiveSmallIntegerField(
        _("duration (months)"), default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PERIODS)])
    risks = models.TextField(_("key risks"), blank=True)
    risk_level = models.PositiveSmallIntegerField(
        _("risk level"), choices=RiskLevel.choices, null=True, blank=True,
        help_text=_("The overall risk of delivering the expected benefits, as judged at "
                    "intake: it places the proposal across the risk-value chart."))
    mandatory = models.BooleanField(_("mandatory or regulatory"), default=False)
    moscow = models.CharField(_("MoSCoW"), max_length=10, choices=Moscow.choices, blank=True)
    depends_on = models.ManyToManyField("self", symmetrical=False, blank=True,
                                        related_name="required_by",
                                        verbose_name=_("depends on proposals"))
    depends_on_projects = models.ManyToManyField(
        "portfolios.Project", blank=True, related_name="required_by_proposals",
        verbose_name=_("depends on projects"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices,
                             default=State.DRAFT)
    decision_reason = models.TextField(_("reason of the decision"), blank=True)
    project = models.OneToOneField("portfolios.Project", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="proposal",
                                   verbose_name=_("project created"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["portfolio", "code"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(fields=["portfolio", "code"], name="proposal_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.title}"


class ProposalCost(models.Model):
    """The cost a proposal expects in one period (month from its earliest start)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="costs",
                                 verbose_name=_("proposal"))
    period = models.PositiveSmallIntegerField(_("period"),
                                              validators=[MaxValueValidator(MAX_PERIODS - 1)])
    capex = models.DecimalField(_("CAPEX"), **AMOUNT, default=Decimal("0"),
                                validators=NOT_NEGATIVE)
    opex = models.DecimalField(_("OPEX"), **AMOUNT, default=Decimal("0"),
                               validators=NOT_NEGATIVE)

    class Meta:
        ordering = ["proposal", "period"]
        verbose_name = _("proposal cost")
        verbose_name_plural = _("proposal costs")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "period"],
                                    name="proposal_cost_unique_period"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} #{self.period}"


class ProposalEffort(models.Model):
    """The hours of one skill a proposal expects in one period."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="efforts",
                                 verbose_name=_("proposal"))
    skill = models.ForeignKey("resources.Skill", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("skill"))
    period = models.PositiveSmallIntegerField(_("period"),
                                              validators=[MaxValueValidator(MAX_PERIODS - 1)])
    hours = models.DecimalField(_("hours"), max_digits=10, decimal_places=2,
                                validators=NOT_NEGATIVE)

    class Meta:
        ordering = ["proposal", "skill__name", "period"]
        verbose_name = _("proposal effort")
        verbose_name_plural = _("proposal efforts")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "skill", "period"],
                                    name="proposal_effort_unique_period"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.skill_id} #{self.period}"


class Transition(models.Model):
    """A change of a proposal's state: who made it, when, and why."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="transitions",
                                 verbose_name=_("proposal"))
    source = models.CharField(_("from"), max_length=20, choices=Proposal.State.choices)
    target = models.CharField(_("to"), max_length=20, choices=Proposal.State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["proposal", "-at", "-id"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.source} → {self.target}"


class ScoringModel(models.Model):
    """How a portfolio scores its proposals: weighted criteria, or a built-in formula (WSJF,
    RICE) whose terms are criteria (``jalon.engine.scoring``)."""

    class Kind(models.TextChoices):
        WEIGHTED = "weighted", _("Weighted criteria")
        WSJF = "wsjf", _("WSJF (weighted shortest job first)")
        RICE = "rice", _("RICE (reach, impact, confidence, effort)")

    class Weighting(models.TextChoices):
        DIRECT = "direct", _("Set directly")
        AHP = "ahp", _("Pairwise comparisons (AHP)")

    portfolio = models.ForeignKey("portfolios.Portfolio", on_delete=models.CASCADE,
                                  related_name="scoring_models", verbose_name=_("portfolio"))
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices,
                            default=Kind.WEIGHTED)
    weighting = models.CharField(_("weights"), max_length=10, choices=Weighting.choices,
                                 default=Weighting.DIRECT)

    class Meta:
        ordering = ["portfolio", "name"]
        verbose_name = _("scoring model")
        verbose_name_plural = _("scoring models")
        constraints = [
            models.UniqueConstraint(fields=["portfolio", "name"],
                                    name="scoring_model_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """A criterion of a scoring model, with its weight and its scale of levels.

    ``role`` is the term of the built-in formula it stands for (WSJF, RICE), empty for weighted
    models.
    """

    model = models.ForeignKey(ScoringModel, on_delete=models.CASCADE, related_name="criteria",
                              verbose_name=_("scoring model"))
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    weight = models.FloatField(_("weight"), default=1.0, validators=[MinValueValidator(0.0)])
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    role = models.CharField(_("formula term"), max_length=30, blank=True)

    class Meta:
        ordering = ["model", "position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["model", "name"], name="criterion_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Level(models.Model):
    """A level of a criterion's scale: the value scores use, and what it means."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="levels",
                                  verbose_name=_("criterion"))
    value = models.FloatField(_("value"), validators=[MinValueValidator(0.0)])
    label = models.CharField(_("label"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["criterion", "value"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "value"], name="level_value_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.value:g})"


class Judgement(models.Model):
    """A pairwise comparison of two criteria (AHP): how much more ``row`` matters than
    ``column``, on Saaty's scale 1/9 to 9. Only one of each pair is stored (the row placed
    first); its mirror is the reciprocal."""

    model = models.ForeignKey(ScoringModel, on_delete=models.CASCADE,
                              related_name="judgements", verbose_name=_("scoring model"))
    row = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+",
                            verbose_name=_("criterion"))
    column = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("compared with"))
    value = models.FloatField(_("judgement"))

    class Meta:
        verbose_name = _("pairwise judgement")
        verbose_name_plural = _("pairwise judgements")
        constraints = [
            models.UniqueConstraint(fields=["row", "column"], name="judgement_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.row_id}/{self.column_id} = {self.value:g}"

    def clean(self) -> None:
        if self.row_id == self.column_id:
            raise ValidationError(_("A criterion is not compared with itself."))


class Evaluation(models.Model):
    """One evaluator's scores of a proposal under a scoring model (one per evaluator)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="evaluations",
                                 verbose_name=_("proposal"))
    model = models.ForeignKey(ScoringModel, on_delete=models.CASCADE,
                              related_name="evaluations", verbose_name=_("scoring model"))
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="+", verbose_name=_("evaluator"))
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["proposal", "model", "evaluator__username"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "model", "evaluator"],
                                    name="evaluation_one_per_evaluator"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.model_id} {self.evaluator_id}"


class Score(models.Model):
    """The level an evaluation gives one criterion."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores",
                                   verbose_name=_("evaluation"))
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("criterion"))
    # RESTRICT: a level given stays, unless its scale (criterion, model, portfolio) goes too
    level = models.ForeignKey(Level, on_delete=models.RESTRICT, related_name="scores",
                              verbose_name=_("level"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"],
                                    name="score_one_per_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.criterion_id}"


class Scenario(models.Model):
    """A named way to choose among a portfolio's proposals: the horizon (months from
    ``first_month``), the budget per month, capacity overrides per skill, locked decisions,
    what a proposal is worth, and balance rules. Its runs (:class:`OptimisationRun`) hold the
    selections found; promoting one approves the selected proposals (who and when kept here).

    ``budget`` is a list of k€ per month (CAPEX + OPEX), one per month of the horizon;
    ``capacity`` maps a skill's id (as text) to the hours per month that replace what the pool
    has left; ``balance`` is a list of the engine's balance rules
    (:class:`jalon.engine.selection.BalanceRule` fields, ``resource`` being ``budget`` or a
    skill's id)."""

    class Value(models.TextChoices):
        SCORE = "score", _("Aggregate score")
        ALIGNMENT = "alignment", _("Strategic alignment")

    portfolio = models.ForeignKey("portfolios.Portfolio", on_delete=models.CASCADE,
                                  related_name="scenarios", verbose_name=_("portfolio"))
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    first_month = models.DateField(_("first month"), validators=SUPPORTED_DATES)
    months = models.PositiveSmallIntegerField(
        _("months"), default=12, validators=[MinValueValidator(1), MaxValueValidator(60)])
    budget = models.JSONField(_("budget per month (k€)"), default=list, blank=True)
    capacity = models.JSONField(_("capacity overrides (hours per month)"), default=dict,
                                blank=True)
    value = models.CharField(_("value of a proposal"), max_length=10, choices=Value.choices,
                             default=Value.SCORE)
    scoring_model = models.ForeignKey(ScoringModel, on_delete=models.SET_NULL, null=True,
                                      blank=True, related_name="scenarios",
                                      verbose_name=_("scoring model"))
    balance = models.JSONField(_("balance rules"), default=list, blank=True)
    locked_in = models.ManyToManyField(Proposal, blank=True, related_name="locked_in_by",
                                       verbose_name=_("locked in"))
    locked_out = models.ManyToManyField(Proposal, blank=True, related_name="locked_out_by",
                                        verbose_name=_("locked out"))
    time_limit = models.FloatField(_("time limit (seconds)"), default=10.0,
                                   validators=[MinValueValidator(1.0), MaxValueValidator(600.0)])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    promoted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("promoted by"))
    promoted_at = models.DateTimeField(_("promoted at"), null=True, blank=True)
    promoted_run = models.ForeignKey("OptimisationRun", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("promoted run"))

    class Meta:
        ordering = ["portfolio", "name"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        constraints = [
            models.UniqueConstraint(fields=["portfolio", "name"], name="scenario_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class OptimisationRun(Run):
    """One optimisation of a scenario in the task queue (:mod:`jalon.runs`): the best selection
    (``kind`` ``select``) or the efficient frontier of the budget (``frontier``).

    ``result`` of a selection: ``status``, ``objective``, ``bound``, ``gap``, ``selected``
    (proposal code and start month), ``rejected`` (code and reasons as stored messages),
    ``usage`` and ``limits`` per resource and month, ``conflict`` (stored messages) when
    infeasible, and ``resources`` (id -> name) and ``months`` (ISO dates) to show them. Of a
    frontier: ``points`` (limit, status, value, selected, entering, leaving, marginal).

    While it runs: ``elapsed`` seconds, and the best value found so far, the bound and the gap
    of the selection being solved (of the frontier's current point), as the solver reports
    them."""

    class Kind(models.TextChoices):
        SELECT = "select", _("Best selection")
        FRONTIER = "frontier", _("Efficient frontier of the budget")

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="runs",
                                 verbose_name=_("scenario"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices,
                            default=Kind.SELECT)
    elapsed = models.FloatField(_("elapsed (seconds)"), default=0.0)
    best_value = models.FloatField(_("best value so far"), null=True, blank=True)
    best_bound = models.FloatField(_("best bound so far"), null=True, blank=True)
    gap = models.FloatField(_("gap so far"), null=True, blank=True)

    class Meta(Run.Meta):
        verbose_name = _("optimisation run")
        verbose_name_plural = _("optimisation runs")

    @property
    def gap_percent(self) -> float | None:
        """The gap so far in percent, as the page writes it."""
        return None if self.gap is None else 100 * self.gap
