"""Actual cost: one definition, read by earned value (AC), the budget table, the API and the
project files.

The actual cost of a project at a date is what was spent on or before that date: its cost
entries and its approved time (hours × the rate captured with each timesheet entry; drafts,
submitted and rejected time cost nothing yet). Earned value measures it at the status date, and
the budget table shows it at the same date, so that "spent to date" is AC whichever page shows
it. Approved time is labour; its CAPEX / OPEX side is that of the project's labour budget line
when the project has exactly one, else operating expense (timesheets do not say).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from jalon.finance.models import BudgetLine, CostCategory, CostEntry, Expenditure
from jalon.portfolios.models import Project
from jalon.timesheets.selectors import labour_actuals


@dataclass(frozen=True)
class ActualCost:
    """An amount spent on a day, on a task (None: the project only), in a cost category and
    on one side of CAPEX / OPEX."""

    date: date
    amount: Decimal
    task_id: int | None
    category: str
    expenditure: str


def time_expenditure(project: Project) -> str:
    """Which side of CAPEX / OPEX approved time counts on (see the module docstring)."""
    sides = set(BudgetLine.objects.filter(project=project, category=CostCategory.LABOUR)
                .values_list("expenditure", flat=True))
    return sides.pop() if len(sides) == 1 else Expenditure.OPEX


def actual_costs(project: Project, until: date | None) -> list[ActualCost]:
    """The project's actual costs dated on or before ``until`` (every one when None): its cost
    entries, then its approved time by day and task."""
    entries = CostEntry.objects.filter(project=project).order_by("date", "id")
    if until is not None:
        entries = entries.filter(date__lte=until)
    costs = [ActualCost(*row) for row in entries.values_list(
        "date", "amount", "task_id", "category", "expenditure")]
    time = labour_actuals(project=project, until=until or date.max)
    if time:
        side = time_expenditure(project)
        costs += [ActualCost(day, amount, task_id, CostCategory.LABOUR, side)
                  for day, amount, task_id in time]
    return costs
