"""Planning data: the work breakdown (tasks), dependencies and baselines.

Durations and lags are in working days of the task's calendar (the project's when the task has
none). Dates shown to users follow MS Project: start = first working day, finish = last working
day, inclusive. Scheduled dates are computed by ``jalon.engine``, never stored by hand.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jalon.accounts.history import audit_trail
from jalon.engine.limits import MAX_DURATION, MAX_LAG
from jalon.portfolios.models import SUPPORTED_DATES

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


#: The longest duration or estimate (``jalon.engine.limits``).
DURATION_LIMIT = [MaxValueValidator(
    Decimal(MAX_DURATION),
    message=_("At most %(limit_value)s working days: a longer task would run past the dates "
              "Jalon can schedule (year 2200)."))]


class Task(models.Model):
    """A node of a project's work breakdown: a summary task (it has children), a work task or a
    milestone. ``duration`` is in working days; the three-point estimate feeds PERT."""

    class Constraint(models.TextChoices):
        ASAP = "ASAP", _("As soon as possible")
        ALAP = "ALAP", _("As late as possible")
        SNET = "SNET", _("Start no earlier than")
        SNLT = "SNLT", _("Start no later than")
        FNET = "FNET", _("Finish no earlier than")
        FNLT = "FNLT", _("Finish no later than")
        MSO = "MSO", _("Must start on")
        MFO = "MFO", _("Must finish on")

    project = models.ForeignKey(
        "portfolios.Project", on_delete=models.CASCADE, related_name="tasks", verbose_name=_("project")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent task"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    wbs_code = models.CharField(_("WBS code"), max_length=50, blank=True)
    name = models.CharField(_("name"), max_length=250)
    is_milestone = models.BooleanField(_("milestone"), default=False)
    duration = models.DecimalField(
        _("duration (working days)"), max_digits=9, decimal_places=2, default=Decimal("1"),
        validators=DURATION_LIMIT,
    )
    optimistic = models.DecimalField(
        _("optimistic duration"), max_digits=9, decimal_places=2, null=True, blank=True,
        validators=DURATION_LIMIT,
    )
    most_likely = models.DecimalField(
        _("most likely duration"), max_digits=9, decimal_places=2, null=True, blank=True,
        validators=DURATION_LIMIT,
    )
    pessimistic = models.DecimalField(
        _("pessimistic duration"), max_digits=9, decimal_places=2, null=True, blank=True,
        validators=DURATION_LIMIT,
    )
    constraint_type = models.CharField(
        _("constraint"), max_length=4, choices=Constraint.choices, default=Constraint.ASAP
    )
    constraint_date = models.DateField(_("constraint date"), null=True, blank=True,
                                       validators=SUPPORTED_DATES)
    deadline = models.DateField(_("deadline"), null=True, blank=True, validators=SUPPORTED_DATES)
    percent_complete = models.PositiveSmallIntegerField(
        _("% complete"), default=0, validators=[MaxValueValidator(100)]
    )
    actual_start = models.DateField(_("actual start"), null=True, blank=True,
                                    validators=SUPPORTED_DATES)
    actual_finish = models.DateField(_("actual finish"), null=True, blank=True,
                                     validators=SUPPORTED_DATES)
    calendar = models.ForeignKey(
        "calendars.Calendar",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("calendar"),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=500, validators=[MaxValueValidator(1000)]
    )
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False,
        help_text=_("Raised by every change: an edit made on an older version is refused."))

    # Not stored: set on the tasks that ``selectors.tasks_in_outline`` returns.
    level: int
    is_summary: bool
    predecessors_text: str

    history = audit_trail(excluded=["position", "version"])

    class Meta:
        ordering = ["project", "position", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.CheckConstraint(condition=models.Q(duration__gte=0), name="task_duration_not_negative"),
            models.CheckConstraint(
                condition=models.Q(percent_complete__lte=100), name="task_percent_complete_max_100"
            ),
            models.CheckConstraint(
                condition=models.Q(actual_finish__isnull=True)
                | models.Q(actual_start__isnull=True)
                | models.Q(actual_finish__gte=models.F("actual_start")),
                name="task_actual_finish_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wbs_code} {self.name}".strip()

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.duration is not None and self.duration < 0:
            errors["duration"] = _("The duration cannot be negative.")
        a, m, b = self.optimistic, self.most_likely, self.pessimistic
        if a is not None or m is not None or b is not None:
            if a is None or m is None or b is None:
                errors["optimistic"] = _(
                    "Give all three estimates (optimistic, most likely, pessimistic) or none."
                )
            elif min(a, m, b) < 0:
                errors["optimistic"] = _("Estimates cannot be negative.")
            elif not (a <= m <= b):
                errors["most_likely"] = _(
                    "Estimates must satisfy optimistic ≤ most likely ≤ pessimistic."
                )
        if self.constraint_type not in ("ASAP", "ALAP") and self.constraint_date is None:
            errors["constraint_date"] = _("This constraint needs a date.")
        if self.actual_start and self.actual_finish and self.actual_finish < self.actual_start:
            errors["actual_finish"] = _("The actual finish is before the actual start.")
        if self.actual_finish and self.percent_complete != 100:
            errors["percent_complete"] = _("A task with an actual finish is 100 % complete.")
        if errors:
            raise ValidationError(errors)


class Dependency(models.Model):
    """A logical link between two tasks, possibly in different projects of the same portfolio.

    FS: the successor starts after the predecessor finishes; SS: starts after it starts;
    FF: finishes after it finishes; SF: finishes after it starts. ``lag`` is in working days of the
    successor's calendar, or in elapsed (calendar) days when ``lag_unit`` is ``edays``; it may be
    negative (a lead).
    """

    class Type(models.TextChoices):
        FS = "FS", _("Finish-to-start")
        SS = "SS", _("Start-to-start")
        FF = "FF", _("Finish-to-finish")
        SF = "SF", _("Start-to-finish")

    class LagUnit(models.TextChoices):
        WORKING_DAYS = "days", _("working days")
        ELAPSED_DAYS = "edays", _("elapsed days")

    predecessor = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="successor_links", verbose_name=_("predecessor")
    )
    successor = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="predecessor_links", verbose_name=_("successor")
    )
    type = models.CharField(_("type"), max_length=2, choices=Type.choices, default=Type.FS)
    lag = models.DecimalField(
        _("lag"), max_digits=9, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal(-MAX_LAG), message=_(
                        "At least %(limit_value)s days: a longer lead would run past the dates "
                        "Jalon can schedule (year 2200).")),
                    MaxValueValidator(Decimal(MAX_LAG), message=_(
                        "At most %(limit_value)s days: a longer lag would run past the dates "
                        "Jalon can schedule (year 2200)."))])
    lag_unit = models.CharField(
        _("lag unit"), max_length=5, choices=LagUnit.choices, default=LagUnit.WORKING_DAYS
    )

    history = audit_trail()

    class Meta:
        ordering = ["successor", "predecessor"]
        verbose_name = _("dependency")
        verbose_name_plural = _("dependencies")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="dependency_unique_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")),
                name="dependency_not_to_itself",
            ),
        ]

    def __str__(self) -> str:
        lag = f" {self.lag:+g}" if self.lag else ""
        return f"{self.predecessor} → {self.successor} ({self.type}{lag})"


class Baseline(models.Model):
    """A named snapshot of a project's plan (dates, durations, work, cost), kept for comparison."""

    project = models.ForeignKey(
        "portfolios.Project",
        on_delete=models.CASCADE,
        related_name="baselines",
        verbose_name=_("project"),
    )
    name = models.CharField(_("name"), max_length=100)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["project", "created_at"]
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="baseline_name_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project.code} – {self.name}"


class BaselineTask(models.Model):
    """One task as it stood when the baseline was taken (dates inclusive, work in hours).

    ``cost`` is the cost of its assignments (work x rates + cost per use) and ``fixed_cost``
    the sum of its fixed costs, both as they were then: the budget earned value measures
    against does not move when a rate or a fixed cost changes later (that is scope growth).
    """

    baseline = models.ForeignKey(
        Baseline, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("baseline")
    )
    task = models.ForeignKey(
        Task,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="baseline_entries",
        verbose_name=_("task"),
    )
    wbs_code = models.CharField(_("WBS code"), max_length=50, blank=True)
    name = models.CharField(_("name"), max_length=250)
    start = models.DateField(_("start"), null=True, blank=True)
    finish = models.DateField(_("finish"), null=True, blank=True)
    duration = models.DecimalField(_("duration (working days)"), max_digits=9, decimal_places=2)
    work = models.DecimalField(_("work (hours)"), max_digits=12, decimal_places=2, default=0)
    cost = models.DecimalField(_("cost"), max_digits=14, decimal_places=2, default=0)
    fixed_cost = models.DecimalField(_("fixed cost"), max_digits=14, decimal_places=2, default=0)

    class Meta:
        ordering = ["baseline", "id"]
        verbose_name = _("baseline task")
        verbose_name_plural = _("baseline tasks")

    def __str__(self) -> str:
        return f"{self.baseline}: {self.name}"
