"""Money and performance: budgets, fixed costs, actual costs, KPI thresholds, RAG overrides and
KPI history.

Amounts are in the project's currency, with two decimals. A month is stored as its first day.
Earned value, KPIs and RAG statuses are never stored as inputs: the engine computes them from
these records, the baseline and the progress (``jalon.finance.evm``); only a
:class:`KpiSnapshot` keeps what they were at a status date. KPI thresholds are one row per
portfolio and KPI (:class:`KpiThreshold`), the KPIs themselves being declared in the engine.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jalon.accounts.history import audit_trail


class Digits(TypedDict):
    max_digits: int
    decimal_places: int


#: An amount's digits, for the model fields and the API schemas alike.
AMOUNT: Final[Digits] = {"max_digits": 14, "decimal_places": 2}
NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


class CostCategory(models.TextChoices):
    LABOUR = "labour", _("Labour")
    EQUIPMENT = "equipment", _("Equipment")
    MATERIAL = "material", _("Material")
    SUBCONTRACTING = "subcontracting", _("Subcontracting")
    OTHER = "other", _("Other")


class Expenditure(models.TextChoices):
    CAPEX = "capex", _("CAPEX")
    OPEX = "opex", _("OPEX")


class BudgetLine(models.Model):
    """A line of a project's approved budget: one cost category, capital or operating expense.

    ``approved`` is the approved budget of the line; ``contingency`` the reserve for known risks
    that the project manager may release; ``management_reserve`` the reserve for unknown risks
    held by management (outside the performance baseline). ``forecast`` is the manager's
    estimate at completion of the line (empty: no forecast given). Its spread over months is in
    :class:`BudgetMonth`.
    """

    project = models.ForeignKey(
        "portfolios.Project", on_delete=models.CASCADE, related_name="budget_lines",
        verbose_name=_("project"),
    )
    category = models.CharField(_("category"), max_length=20, choices=CostCategory.choices)
    expenditure = models.CharField(
        _("CAPEX / OPEX"), max_length=5, choices=Expenditure.choices, default=Expenditure.OPEX
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    approved = models.DecimalField(_("approved budget"), **AMOUNT, default=Decimal("0"),
                                   validators=NOT_NEGATIVE)
    contingency = models.DecimalField(_("contingency"), **AMOUNT, default=Decimal("0"),
                                      validators=NOT_NEGATIVE)
    management_reserve = models.DecimalField(_("management reserve"), **AMOUNT,
                                             default=Decimal("0"), validators=NOT_NEGATIVE)
    forecast = models.DecimalField(_("forecast at completion"), **AMOUNT, null=True, blank=True,
                                   validators=NOT_NEGATIVE)
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False,
        help_text=_("Raised by every change: an edit made on an older version is refused."))

    history = audit_trail(excluded=["version"])

    class Meta:
        ordering = ["project", "category", "expenditure", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(fields=["project", "category", "expenditure"],
                                    name="budget_line_unique_category"),
            models.CheckConstraint(
                condition=models.Q(approved__gte=0, contingency__gte=0, management_reserve__gte=0),
                name="budget_line_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} – {self.get_category_display()} ({self.get_expenditure_display()})"


class BudgetMonth(models.Model):
    """The part of a budget line planned (and forecast) for one month; ``month`` is its first day."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="months",
                             verbose_name=_("budget line"))
    month = models.DateField(_("month"))
    planned = models.DecimalField(_("planned"), **AMOUNT, default=Decimal("0"),
                                  validators=NOT_NEGATIVE)
    forecast = models.DecimalField(_("forecast"), **AMOUNT, null=True, blank=True,
                                   validators=NOT_NEGATIVE)

    class Meta:
        ordering = ["line", "month"]
        verbose_name = _("budget month")
        verbose_name_plural = _("budget months")
        constraints = [
            models.UniqueConstraint(fields=["line", "month"], name="budget_month_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.month:%Y-%m}"

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("Give the first day of the month.")})


class FixedCost(models.Model):
    """A cost of a task that does not come from its assignments (a purchase, a subcontract).

    It adds to the task's budget, and so to the planned value spread over the task's baseline
    dates and to the value earned as the task progresses.
    """

    task = models.ForeignKey("planning.Task", on_delete=models.CASCADE, related_name="fixed_costs",
                             verbose_name=_("task"))
    category = models.CharField(_("category"), max_length=20, choices=CostCategory.choices,
                                default=CostCategory.OTHER)
    expenditure = models.CharField(_("CAPEX / OPEX"), max_length=5, choices=Expenditure.choices,
                                   default=Expenditure.OPEX)
    amount = models.DecimalField(_("amount"), **AMOUNT, validators=NOT_NEGATIVE)
    description = models.CharField(_("description"), max_length=200, blank=True)

    history = audit_trail()

    class Meta:
        ordering = ["task", "id"]
        verbose_name = _("fixed cost")
        verbose_name_plural = _("fixed costs")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="fixed_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.task}: {self.amount}"


class CostEntry(models.Model):
    """An actual cost: money spent on ``date`` (an invoice, a timesheet valued at its rate).

    Entries dated on or before the project's status date make its actual cost (AC). ``task`` is
    optional: an entry without one counts for the project only.
    """

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        IMPORT = "import", _("Imported from a file")

    project = models.ForeignKey(
        "portfolios.Project", on_delete=models.CASCADE, related_name="cost_entries",
        verbose_name=_("project"),
    )
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **AMOUNT,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    category = models.CharField(_("category"), max_length=20, choices=CostCategory.choices)
    expenditure = models.CharField(_("CAPEX / OPEX"), max_length=5, choices=Expenditure.choices,
                                   default=Expenditure.OPEX)
    task = models.ForeignKey(
        "planning.Task", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="cost_entries", verbose_name=_("task"),
    )
    description = models.CharField(_("description"), max_length=250, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices,
                              default=Source.MANUAL)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("entered by"))
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    history = audit_trail(excluded=["created_at"])

    class Meta:
        ordering = ["project", "-date", "-id"]
        verbose_name = _("cost entry")
        verbose_name_plural = _("cost entries")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="cost_entry_positive"),
        ]
        indexes = [models.Index(fields=["project", "date"], name="cost_entry_project_date")]

    def __str__(self) -> str:
        return f"{self.project.code} {self.date} {self.amount}"

    def clean(self) -> None:
        if self.task is not None and self.project_id and self.task.project_id != self.project_id:
            raise ValidationError({"task": _("The task belongs to another project.")})


class KpiThreshold(models.Model):
    """A portfolio's green and amber limits for one KPI (beyond amber: red).

    ``kpi`` is the key the limits are kept under: a KPI's ``band`` in the engine's registry
    (``jalon.engine.kpis``), which gives their direction, unit and range, so that a new KPI
    needs no new column. A KPI without a row takes the registry's defaults. Which way is
    better decides the order: for a higher-is-better KPI (an index, the milestone hit rate)
    amber must not be above green, for the others not below it.
    """

    portfolio = models.ForeignKey("portfolios.Portfolio", on_delete=models.CASCADE,
                                  related_name="kpi_thresholds", verbose_name=_("portfolio"))
    kpi = models.CharField(_("KPI"), max_length=40)
    green = models.DecimalField(_("green limit"), max_digits=14, decimal_places=4)
    amber = models.DecimalField(_("amber limit"), max_digits=14, decimal_places=4)

    class Meta:
        ordering = ["portfolio", "kpi"]
        verbose_name = _("KPI threshold")
        verbose_name_plural = _("KPI thresholds")
        constraints = [
            models.UniqueConstraint(fields=["portfolio", "kpi"], name="kpi_threshold_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.portfolio.code} {self.kpi}: {self.green} / {self.amber}"


class Dimension(models.TextChoices):
    SCHEDULE = "schedule", _("Schedule")
    COST = "cost", _("Cost")
    SCOPE = "scope", _("Scope")
    RESOURCES = "resources", _("Resources")
    RISK = "risk", _("Risk")
    OVERALL = "overall", _("Overall")


class Rag(models.TextChoices):
    GREEN = "green", _("Green")
    AMBER = "amber", _("Amber")
    RED = "red", _("Red")


class RagOverride(models.Model):
    """A person's judgement replacing the computed status of one dimension of a project.

    The justification is required; pages show the override beside the computed status, never
    instead of it.
    """

    project = models.ForeignKey("portfolios.Project", on_delete=models.CASCADE,
                                related_name="rag_overrides", verbose_name=_("project"))
    dimension = models.CharField(_("dimension"), max_length=10, choices=Dimension.choices)
    status = models.CharField(_("status"), max_length=5, choices=Rag.choices)
    justification = models.TextField(_("justification"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("overridden by"))
    created_at = models.DateTimeField(_("overridden at"), auto_now=True)

    class Meta:
        ordering = ["project", "dimension"]
        verbose_name = _("RAG override")
        verbose_name_plural = _("RAG overrides")
        constraints = [
            models.UniqueConstraint(fields=["project", "dimension"], name="rag_override_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.dimension}: {self.status}"

    def clean(self) -> None:
        if not (self.justification or "").strip():
            raise ValidationError({"justification": _("Say why the computed status is overridden.")})


class KpiSnapshot(models.Model):
    """Every KPI and status of a project as computed at a status date, kept for history.

    ``figures`` holds the earned value and earned schedule figures and the KPI values (numbers,
    or null when undefined); ``statuses`` the computed status per dimension and the overrides
    in force. Taking a snapshot again at the same status date replaces it.
    """

    project = models.ForeignKey("portfolios.Project", on_delete=models.CASCADE,
                                related_name="kpi_snapshots", verbose_name=_("project"))
    status_date = models.DateField(_("status date"))
    taken_at = models.DateTimeField(_("taken at"), auto_now=True)
    figures = models.JSONField(_("figures"), default=dict)
    statuses = models.JSONField(_("statuses"), default=dict)

    class Meta:
        ordering = ["project", "status_date"]
        verbose_name = _("KPI snapshot")
        verbose_name_plural = _("KPI snapshots")
        constraints = [
            models.UniqueConstraint(fields=["project", "status_date"],
                                    name="kpi_snapshot_unique_date"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.status_date}"

