"""The finance lists as tables for a spreadsheet: a project's budget table, its cost entries,
and the KPI dashboard. Every figure is read from the selectors the pages read (the budget
summary, earned value and the KPIs of ``jalon.finance.evm``), never recomputed here; a status
is the word the page shows."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from jalon.engine.kpis import registry
from jalon.finance.evm import Performance
from jalon.finance.filters import DIMENSIONS
from jalon.finance.models import CostCategory, CostEntry, Expenditure
from jalon.finance.selectors import BudgetSummary, Dashboard
from jalon.finance.templatetags.finance import RAG_LABELS
from jalon.io.tables import Column, Kind, Table, Value

KPI_KINDS = {"index": Kind.RATIO}
"""How a KPI's unit is written; the others (working days, percent, points, count) are plain
numbers, their unit in their label."""


def budget_table(budget: BudgetSummary) -> Table:
    """The budget table's lines, in the project's currency: a line for each category spent
    without a budget line, as on the page; no total row (a spreadsheet sums the columns, and
    a total among the lines would be sorted and filtered with them)."""
    columns = [Column(_("Category")), Column(_("CAPEX / OPEX")), Column(_("Description")),
               *[Column(header, Kind.AMOUNT) for header in (
                   _("Approved"), _("Contingency"), _("Management reserve"), _("Actual"),
                   _("Remaining"), _("Forecast"))]]
    rows = [[str(CostCategory(row.category).label), str(Expenditure(row.expenditure).label),
             row.line.description if row.line is not None else _("Spent without a budget line"),
             row.approved, row.contingency, row.management_reserve, row.actual, row.remaining,
             row.forecast]
            for row in budget.rows]
    return Table(_("Budget"), columns, rows)


def cost_entry_table(entries: Iterable[CostEntry]) -> Table:
    """Every cost entry (the page shows the latest), amounts in the project's currency."""
    columns = [Column(_("Project")), Column(_("Date"), Kind.DATE), Column(_("Amount"), Kind.AMOUNT),
               Column(_("Currency")), Column(_("Category")), Column(_("CAPEX / OPEX")),
               Column(_("Task")), Column(_("Description"))]
    rows = [[entry.project.code, entry.date, entry.amount, entry.project.currency,
             entry.get_category_display(), entry.get_expenditure_display(),
             str(entry.task) if entry.task is not None else None, entry.description]
            for entry in entries]
    return Table(_("Actual costs"), columns, rows)


def kpi_table(board: Dashboard, projects: Iterable[Performance]) -> Table:
    """The KPI dashboard: ``projects`` (its rows, filtered and ordered as the page does), then
    the programmes' and portfolios' roll-ups as the page lists them under the projects.

    A project's status on each dimension is its effective one (a person's override in place
    of the computed status, as the dashboard's filter reads it); a roll-up's is computed.
    """
    kpis = [k for k in registry().kpis if k.dashboard]
    columns = [Column(_("Code")), Column(_("Name")), Column(_("Programme")),
               *[Column(_(k.short or k.label), KPI_KINDS.get(k.unit, Kind.NUMBER)) for k in kpis],
               Column(_("EAC"), Kind.AMOUNT), *[Column(str(label)) for _key, label in DIMENSIONS],
               Column(_("Overall"))]
    statuses = [key for key, _label in DIMENSIONS] + ["overall"]
    rows: list[list[Value]] = []
    for p in projects:
        project = p.project
        rows.append([project.code, project.name,
                     project.programme.code if project.programme is not None else None,
                     *[_figure(p.kpis.get(k.key)) for k in kpis],
                     _figure(p.evm.eac_cpi if p.evm is not None else None),
                     *[_status(p.effective.get(key)) for key in statuses]])
    for rollup in [*board.programmes, *board.portfolios]:
        rows.append([rollup.target.code, rollup.label, None,
                     *[_figure(rollup.kpis.get(k.key)) for k in kpis],
                     _figure(rollup.evm.eac_cpi if rollup.evm is not None else None),
                     *[_status(rollup.computed.get(key)) for key in statuses]])
    return Table(_("KPI dashboard"), columns, rows)


def _figure(value: Any) -> float | None:
    """A figure, or an empty cell when it cannot be computed (NaN, infinite)."""
    if value is None or not math.isfinite(float(value)):
        return None
    return float(value)


def _status(status: str | None) -> str:
    return str(RAG_LABELS.get(status or "", RAG_LABELS[""]))
