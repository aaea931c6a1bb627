"""The resource pool shared by every project: people, equipment, material; skills; assignments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jalon.accounts.history import audit_trail
from jalon.runs import Run


class Skill(models.Model):
    """A role or skill that resources have and tasks need (e.g. "Développeur", "Grutier")."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.name


class Resource(models.Model):
    """Someone or something that does work. ``capacity`` is in units (1 = one full-time person or
    machine); ``standard_rate`` is per working hour, in ``currency``; materials are costed per unit
    consumed instead."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        EQUIPMENT = "equipment", _("Equipment")
        MATERIAL = "material", _("Material")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PERSON)
    skills = models.ManyToManyField(Skill, blank=True, related_name="resources", verbose_name=_("skills"))
    standard_rate = models.DecimalField(
        _("standard rate (per hour, or per unit for material)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    cost_per_use = models.DecimalField(
        _("cost per use"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    capacity = models.DecimalField(
        _("capacity (units)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    calendar = models.ForeignKey(
        "calendars.Calendar",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("calendar"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resource",
        verbose_name=_("user"),
    )
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = audit_trail()

    class Meta:
        ordering = ["name"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=0), name="resource_capacity_not_negative"),
            models.CheckConstraint(
                condition=models.Q(standard_rate__gte=0), name="resource_rate_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """A resource working on a task: ``units`` of it (1 = full time) for ``work`` hours in all."""

    task = models.ForeignKey(
        "planning.Task", on_delete=models.CASCADE, related_name="assignments", verbose_name=_("task")
    )
    resource = models.ForeignKey(
        Resource, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("resource")
    )
    units = models.DecimalField(
        _("units"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    work = models.DecimalField(
        _("work (hours)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )

    history = audit_trail()

    class Meta:
        ordering = ["task", "resource"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["task", "resource"], name="assignment_unique_pair"),
            models.CheckConstraint(condition=models.Q(units__gt=0), name="assignment_units_positive"),
            models.CheckConstraint(condition=models.Q(work__gte=0), name="assignment_work_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} → {self.task}"


class LevellingRun(Run):
    """One levelling of a project, a programme or a portfolio (exactly one of them; a run of
    the task queue, :mod:`jalon.runs`): its options, its progress while the solver runs (polled
    by the page), and its result (a preview, until applied).

    ``result`` holds the moved tasks with their dates before and after and the reasons (the
    engine's explanation kinds and fields), every task's dates before and after (the preview's
    Gantt), what remains over-allocated, the status, the makespan and the lower bound.
    ``elapsed``, ``best_makespan`` and ``best_bound`` say how far the optimal method got."""

    class Method(models.TextChoices):
        HEURISTIC = "heuristic", _("Fast heuristic")
        OPTIMAL = "optimal", _("Optimal (CP-SAT solver)")

    project = models.ForeignKey("portfolios.Project", on_delete=models.CASCADE, null=True,
                                blank=True, related_name="levelling_runs",
                                verbose_name=_("project"))
    portfolio = models.ForeignKey("portfolios.Portfolio", on_delete=models.CASCADE, null=True,
                                  blank=True, related_name="levelling_runs",
                                  verbose_name=_("portfolio"))
    programme = models.ForeignKey("portfolios.Programme", on_delete=models.CASCADE, null=True,
                                  blank=True, related_name="levelling_runs",
                                  verbose_name=_("programme"))
    method = models.CharField(_("method"), max_length=10, choices=Method.choices,
                              default=Method.HEURISTIC)
    time_limit = models.FloatField(_("time limit (seconds)"), default=10.0)
    within_float = models.BooleanField(
        _("within float only"), default=False,
        help_text=_("Tasks move only within their total float, so the finish date never slips. "
                    "Over-allocations that cannot be removed that way are listed in the "
                    "preview, not resolved."))
    elapsed = models.FloatField(_("elapsed (seconds)"), default=0.0)
    best_makespan = models.IntegerField(_("best makespan so far"), null=True, blank=True)
    best_bound = models.IntegerField(_("best bound so far"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta(Run.Meta):
        verbose_name = _("levelling run")
        verbose_name_plural = _("levelling runs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(project__isnull=False, programme__isnull=True,
                                   portfolio__isnull=True)
                | models.Q(project__isnull=True, programme__isnull=False, portfolio__isnull=True)
                | models.Q(project__isnull=True, programme__isnull=True, portfolio__isnull=False),
                name="levelling_run_one_scope"),
            models.CheckConstraint(condition=models.Q(time_limit__gt=0),
                                   name="levelling_run_time_limit_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} #{self.pk}"

    @property
    def scope(self) -> Any:
        return self.project or self.programme or self.portfolio


class LevelledTask(models.Model):
    """A "start no earlier than" constraint set by applying a levelling run, with the
    constraint it replaced, so that "clear levelling" can put it back."""

    task = models.OneToOneField("planning.Task", on_delete=models.CASCADE,
                                related_name="levelling", verbose_name=_("task"))
    run = models.ForeignKey(LevellingRun, on_delete=models.SET_NULL, null=True, blank=True,
                            related_name="levelled_tasks", verbose_name=_("levelling run"))
    levelled_start = models.DateField(_("levelled start"))
    previous_constraint_type = models.CharField(_("previous constraint"), max_length=4)
    previous_constraint_date = models.DateField(_("previous constraint date"), null=True,
                                                blank=True)

    class Meta:
        verbose_name = _("levelled task")
        verbose_name_plural = _("levelled tasks")

    def __str__(self) -> str:
        return f"{self.task} ≥ {self.levelled_start}"
