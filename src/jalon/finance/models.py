"""Money and performance: budgets, fixed costs, actual costs, KPI thresholds, RAG overrides and
KPI history.

Amounts are in the project's currency, with two decimals. A month is stored as its first day.
Earned value, KPIs and RAG statuses are never stored as inputs: the engine computes them from
these records, the baseline and the progress (``jalon.finance.evm``); only a
:class:`KpiSnapshot` keeps what they were at a status date.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Final, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

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


class KpiThresholds(models.Model):
    """The green/amber limits of a portfolio's KPIs (below amber: red).

    Indices (SPI, CPI, SPI(t)) and the milestone hit rate (percent of the milestones due that
    were finished on time) are green at or above ``*_green``, amber at or above ``*_amber``.
    Milestone slip (working days late against the baseline), overspend (budget
    consumed minus percent complete, in points) and scope growth (current budget over the
    baseline's, in percent) are green at or below their ``*_green`` and amber at or below
    ``*_amber``. Schedule lag (percent of time elapsed minus percent complete, in points) too,
    and the risk KPIs: risk exposure (expected cost of the open threats, in percent of the
    budget at completion) and the number of open threats scored "high" on the risk matrix;
    and the share of the project's resource-days that are over-allocated (percent), and the
    utilisation of its resources on those days (percent of their capacity).
    """

    portfolio = models.OneToOneField("portfolios.Portfolio", on_delete=models.CASCADE,
                                     related_name="kpi_thresholds", verbose_name=_("portfolio"))
    spi_green = models.DecimalField(_("SPI green from"), max_digits=4, decimal_places=2,
                                    default=Decimal("0.95"))
    spi_amber = models.DecimalField(_("SPI amber from"), max_digits=4, decimal_places=2,
                                    default=Decimal("0.85"))
    cpi_green = models.DecimalField(_("CPI green from"), max_digits=4, decimal_places=2,
                                    default=Decimal("0.95"))
    cpi_amber = models.DecimalField(_("CPI amber from"), max_digits=4, decimal_places=2,
                                    default=Decimal("0.85"))
    milestone_slip_green = models.DecimalField(
        _("milestone slip green up to (working days)"), max_digits=6, decimal_places=1,
        default=Decimal("5"), validators=NOT_NEGATIVE)
    milestone_slip_amber = models.DecimalField(
        _("milestone slip amber up to (working days)"), max_digits=6, decimal_places=1,
        default=Decimal("15"), validators=NOT_NEGATIVE)
    milestone_hit_green = models.DecimalField(
        _("milestones hit on time green from (%)"), max_digits=5, decimal_places=1,
        default=Decimal("90"), validators=NOT_NEGATIVE)
    milestone_hit_amber = models.DecimalField(
        _("milestones hit on time amber from (%)"), max_digits=5, decimal_places=1,
        default=Decimal("75"), validators=NOT_NEGATIVE)
    overspend_green = models.DecimalField(
        _("budget consumed over percent complete, green up to (points)"), max_digits=5,
        decimal_places=1, default=Decimal("5"))
    overspend_amber = models.DecimalField(
        _("budget consumed over percent complete, amber up to (points)"), max_digits=5,
        decimal_places=1, default=Decimal("15"))
    lag_green = models.DecimalField(
        _("percent of time elapsed over percent complete, green up to (points)"), max_digits=5,
        decimal_places=1, default=Decimal("5"))
    lag_amber = models.DecimalField(
        _("percent of time elapsed over percent complete, amber up to (points)"), max_digits=5,
        decimal_places=1, default=Decimal("15"))
    scope_growth_green = models.DecimalField(
        _("scope growth green up to (%)"), max_digits=5, decimal_places=1, default=Decimal("5"))
    scope_growth_amber = models.DecimalField(
        _("scope growth amber up to (%)"), max_digits=5, decimal_places=1, default=Decimal("10"))

    risk_exposure_green = models.DecimalField(
        _("risk exposure green up to (% of the budget)"), max_digits=5, decimal_places=1,
        default=Decimal("5"), validators=NOT_NEGATIVE)
    risk_exposure_amber = models.DecimalField(
        _("risk exposure amber up to (% of the budget)"), max_digits=5, decimal_places=1,
        default=Decimal("10"), validators=NOT_NEGATIVE)
    high_risks_green = models.PositiveSmallIntegerField(
        _("open high threats, green up to"), default=0)
    high_risks_amber = models.PositiveSmallIntegerField(
        _("open high threats, amber up to"), default=2)

    overallocation_green = models.DecimalField(
        _("over-allocated resource-days, green up to (%)"), max_digits=5, decimal_places=1,
        default=Decimal("5"), validators=NOT_NEGATIVE)
    overallocation_amber = models.DecimalField(
        _("over-allocated resource-days, amber up to (%)"), max_digits=5, decimal_places=1,
        default=Decimal("15"), validators=NOT_NEGATIVE)

    utilisation_green = models.DecimalField(
        _("utilisation of the project's resources when it needs them, green up to (%)"),
        max_digits=5, decimal_places=1, default=Decimal("100"), validators=NOT_NEGATIVE)
    utilisation_amber = models.DecimalField(
        _("utilisation of the project's resources when it needs them, amber up to (%)"),
        max_digits=5, decimal_places=1, default=Decimal("120"), validators=NOT_NEGATIVE)

    PAIRS = (("spi_green", "spi_amber", True), ("cpi_green", "cpi_amber", True),
             ("milestone_slip_green", "milestone_slip_amber", False),
             ("milestone_hit_green", "milestone_hit_amber", True),
             ("overspend_green", "overspend_amber", False), ("lag_green", "lag_amber", False),
             ("scope_growth_green", "scope_growth_amber", False),
             ("risk_exposure_green", "risk_exposure_amber", False),
             ("high_risks_green", "high_risks_amber", False),
             ("overallocation_green", "overallocation_amber", False),
             ("utilisation_green", "utilisation_amber", False))

    class Meta:
        verbose_name = _("KPI thresholds")
        verbose_name_plural = _("KPI thresholds")

    def __str__(self) -> str:
        return f"{self.portfolio.code}"

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        for green, amber, higher_is_better in self.PAIRS:
            g, a = getattr(self, green), getattr(self, amber)
            if g is None or a is None:
                continue
            if higher_is_better and a > g:
                errors[amber] = _("The amber limit must not be above the green one.")
            if not higher_is_better and a < g:
                errors[amber] = _("The amber limit must not be below the green one.")
        if errors:
            raise ValidationError(errors)


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

