"""Writes to a project's money and performance records, each in one transaction.

Budgets, fixed costs and actual costs of a project may be changed by those who may change the
project (its project manager and the managers above); executives and team members read them.
KPI thresholds belong to a portfolio and follow the portfolio's rights.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.accounts.history import record_created
from jalon.errors import StaleVersion, ValidationFailed
from jalon.finance.cost_import import parse_costs
from jalon.finance.models import (
    BudgetLine,
    BudgetMonth,
    CostEntry,
    FixedCost,
    KpiSnapshot,
    KpiThreshold,
    RagOverride,
)
from jalon.finance.thresholds import Thresholds, limit_of, thresholds_of, validate_limits
from jalon.planning.models import Task
from jalon.portfolios.concurrency import fingerprint, lock_current, save_changed
from jalon.portfolios.models import Portfolio, Project
from jalon.portfolios.services import inputs_changed
from jalon.tabular import ImportFailed, RowProblem
from jalon.validation import assign_fields, validate

BUDGET_LINE_FIELDS = {"category", "expenditure", "description", "approved", "contingency",
                      "management_reserve", "forecast"}
COST_ENTRY_FIELDS = {"date", "amount", "category", "expenditure", "task", "description"}
FIXED_COST_FIELDS = {"category", "expenditure", "amount", "description"}


def _who(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


# --- budget lines ---------------------------------------------------------------------------------

@transaction.atomic
def budget_line_create(*, actor: Any, project: Project, category: str, **fields: Any) -> BudgetLine:
    perms.require_change(actor, project)
    line = BudgetLine(project=project, category=category)
    assign_fields(line, fields, BUDGET_LINE_FIELDS)
    validate(line)
    line.save()
    inputs_changed(projects=[project])
    return line


@transaction.atomic
def budget_line_update(*, actor: Any, line: BudgetLine, version: int | None = None,
                       **changes: Any) -> BudgetLine:
    """Change the line's fields given (the others keep their stored value); ``version``, the one
    the editor read, is refused when older than the line's (StaleVersion,
    :mod:`jalon.portfolios.concurrency`)."""
    perms.require_change(actor, line.project)
    before = lock_current(line, version=version)
    assign_fields(line, changes, BUDGET_LINE_FIELDS)
    validate(line)
    save_changed(line, before)
    inputs_changed(projects=[line.project_id])
    return line


@transaction.atomic
def budget_line_delete(*, actor: Any, line: BudgetLine, version: int | None = None) -> None:
    """Delete the line; refused (StaleVersion) when ``version`` is no longer the line's."""
    perms.require_change(actor, line.project)
    lock_current(line, version=version)
    line.delete()
    inputs_changed(projects=[line.project_id])


def months_fingerprint(line: BudgetLine) -> str:
    """What the line's spread over months is now, as a short digest
    (:func:`concurrency.fingerprint`)."""
    return fingerprint(line.months.order_by().values_list("month", "planned", "forecast"))


@transaction.atomic
def budget_months_set(*, actor: Any, line: BudgetLine,
                      months: list[tuple[date, Decimal, Decimal | None]],
                      seen: str | None = None) -> list[BudgetMonth]:
    """Replace the line's spread over months: ``(first day of the month, planned, forecast)``.
    Refused (StaleVersion, with the line) when ``seen``, the fingerprint of the months the
    editor read (:func:`months_fingerprint`; None: not checked), is no longer theirs."""
    perms.require_change(actor, line.project)
    if seen is not None:
        BudgetLine.objects.select_for_update().filter(pk=line.pk).first()  # one writer at a time
        if months_fingerprint(line) != seen:
            raise StaleVersion(_("The months of “%(line)s” were changed after you read them. "
                                 "Here they are now; nothing was saved.") % {"line": line},
                               current=line)
    given: set[date] = set()
    rows = []
    for month, planned, forecast in months:
        if month in given:
            raise ValidationFailed(_("The month %(month)s is given twice.")
                                   % {"month": month.strftime("%Y-%m")}, field="month")
        given.add(month)
        row = BudgetMonth(line=line, month=month, planned=planned, forecast=forecast)
        validate(row, exclude=["line"])
        rows.append(row)
    line.months.all().delete()
    return BudgetMonth.objects.bulk_create(rows)


# --- fixed costs of tasks -------------------------------------------------------------------------

@transaction.atomic
def fixed_cost_create(*, actor: Any, task: Task, amount: Decimal, **fields: Any) -> FixedCost:
    perms.require_change(actor, task.project)
    cost = FixedCost(task=task, amount=amount)
    assign_fields(cost, fields, FIXED_COST_FIELDS)
    validate(cost)
    cost.save()
    inputs_changed(projects=[task.project_id])
    return cost


@transaction.atomic
def fixed_cost_update(*, actor: Any, cost: FixedCost, **changes: Any) -> FixedCost:
    perms.require_change(actor, cost.task.project)
    assign_fields(cost, changes, FIXED_COST_FIELDS)
    validate(cost)
    cost.save()
    inputs_changed(projects=[cost.task.project_id])
    return cost


@transaction.atomic
def fixed_cost_delete(*, actor: Any, cost: FixedCost) -> None:
    perms.require_change(actor, cost.task.project)
    cost.delete()
    inputs_changed(projects=[cost.task.project_id])


# --- actual costs ---------------------------------------------------------------------------------

@transaction.atomic
def cost_entry_create(*, actor: Any, project: Project, date: date, amount: Decimal, category: str,
                      **fields: Any) -> CostEntry:
    perms.require_change(actor, project)
    entry = CostEntry(project=project, date=date, amount=amount, category=category,
                      created_by=_who(actor))
    assign_fields(entry, fields, COST_ENTRY_FIELDS)
    validate(entry, exclude=["created_by"])
    entry.save()
    inputs_changed(projects=[project])
    return entry


@transaction.atomic
def cost_entry_update(*, actor: Any, entry: CostEntry, **changes: Any) -> CostEntry:
    perms.require_change(actor, entry.project)
    assign_fields(entry, changes, COST_ENTRY_FIELDS)
    validate(entry, exclude=["created_by"])
    entry.save()
    inputs_changed(projects=[entry.project_id])
    return entry


@transaction.atomic
def cost_entry_delete(*, actor: Any, entry: CostEntry) -> None:
    perms.require_change(actor, entry.project)
    entry.delete()
    inputs_changed(projects=[entry.project_id])


class CostImportFailed(ImportFailed):
    """The cost file has bad rows (see :class:`jalon.tabular.ImportFailed`); nothing was saved."""


@dataclass(frozen=True)
class CostImport:
    """What an import saved: the entries, and their total (currency)."""

    entries: list[CostEntry]
    total: Decimal


def cost_entries_import(*, actor: Any, project: Project, name: str, content: bytes) -> CostImport:
    """Add the cost entries of a CSV or XLSX file to ``project`` — all of them, or none.

    The right is checked before the file is read, and the file read and checked with no
    transaction open; only the insert holds the database's write lock.

    Raises
    ------
    CostImportFailed
        Some rows are bad: the report names every one; nothing is saved.
    """
    perms.require_change(actor, project)
    tasks = {t.wbs_code: t for t in Task.objects.filter(project=project).exclude(wbs_code="")}
    parsed = parse_costs(name=name, content=content, task_codes=set(tasks))
    if parsed.problems:
        raise CostImportFailed(parsed.problems)
    if not parsed.rows:
        raise CostImportFailed([RowProblem(2, _("file"), _("The file has no cost rows."))])
    entries = [
        CostEntry(project=project, date=row.date, amount=row.amount, category=row.category,
                  expenditure=row.expenditure, task=tasks.get(row.task),
                  description=row.description, source=CostEntry.Source.IMPORT,
                  created_by=_who(actor))
        for row in parsed.rows
    ]
    with transaction.atomic():
        # A task named by the file may have been deleted since it was read: its entry would
        # point nowhere.
        named = {e.task.pk for e in entries if e.task is not None}
        if len(named) > Task.objects.filter(pk__in=named).count():
            raise CostImportFailed([RowProblem(1, _("task"), _(
                "Some tasks of the file were deleted meanwhile: import the file again."))])
        created = CostEntry.objects.bulk_create(entries)
        record_created(CostEntry, created, actor=actor)
        inputs_changed(projects=[project])
    return CostImport(created, sum((e.amount for e in created), Decimal("0")))


# --- KPI thresholds, overrides, history ----------------------------------------------------------

@transaction.atomic
def thresholds_update(*, actor: Any, portfolio: Portfolio,
                      **changes: Decimal | float | int) -> Thresholds:
    """Set some of the portfolio's KPI limits by name (``spi_green``, ``lag_amber``... as
    :func:`jalon.finance.thresholds.limit_names` lists them); the others keep their values or
    the defaults. A limit out of its KPI's range, with too many decimals, or amber on the
    better side of green is refused by name, and nothing is saved."""
    perms.require_change(actor, portfolio)
    limits = dict(thresholds_of(portfolio).limits)
    for name, value in changes.items():
        kpi, limit = limit_of(name)
        green, amber = limits[kpi.band]
        number = Decimal(str(value))
        limits[kpi.band] = (number, amber) if limit == "green" else (green, number)
    validate_limits(limits)
    for band, (green, amber) in limits.items():
        KpiThreshold.objects.update_or_create(portfolio=portfolio, kpi=band,
                                              defaults={"green": green, "amber": amber})
    return thresholds_of(portfolio)


@transaction.atomic
def rag_override_set(*, actor: Any, project: Project, dimension: str, status: str,
                     justification: str) -> RagOverride:
    """Override the computed status of one dimension; the justification is required."""
    perms.require_change(actor, project)
    override = RagOverride.objects.filter(project=project, dimension=dimension).first() \
        or RagOverride(project=project, dimension=dimension)
    override.status = status
    override.justification = (justification or "").strip()
    override.created_by = _who(actor)
    validate(override, exclude=["created_by"])
    override.save()
    return override


@transaction.atomic
def rag_override_clear(*, actor: Any, project: Project, dimension: str) -> None:
    """Go back to the computed status of ``dimension``."""
    perms.require_change(actor, project)
    RagOverride.objects.filter(project=project, dimension=dimension).delete()


@transaction.atomic
def kpi_snapshot_take(*, actor: Any, project: Project, pool: Any = None) -> KpiSnapshot | None:
    """Keep every KPI and status of ``project`` at its status date (replacing one taken at the
    same date). ``actor`` None is the scheduler (no rights checked). ``pool`` is the loading
    of every project (``evm.pool_loading``; computed when None). Returns None when the
    project's performance cannot be computed (no status date, no baseline...)."""
    from jalon.finance.evm import project_performance

    if actor is not None:
        perms.require_change(actor, project)
    performance = project_performance(project, pool=pool)
    if not performance.available or project.status_date is None:
        return None
    snapshot, _created = KpiSnapshot.objects.update_or_create(
        project=project, status_date=project.status_date,
        defaults={"figures": performance.figures(), "statuses": performance.statuses()},
    )
    return snapshot


def kpi_snapshots_take(*, actor: Any, projects: list[Project]) -> list[KpiSnapshot]:
    """A snapshot of each project that has figures (each in its own transaction)."""
    from jalon.finance.evm import pool_loading

    taken = []
    pool = pool_loading() if projects else None  # once for every project
    for project in projects:
        snapshot = kpi_snapshot_take(actor=actor, project=project, pool=pool)
        if snapshot is not None:
            taken.append(snapshot)
    return taken
