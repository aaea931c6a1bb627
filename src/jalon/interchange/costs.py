"""The money an imported file carries besides its resources' rates: each task's fixed cost,
and what was spent so far (on a task or on the project), cumulative to the status date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from jalon import io
from jalon.finance.models import CostCategory, CostEntry, FixedCost
from jalon.interchange.bulk import create_with_history
from jalon.planning.models import Task
from jalon.portfolios.models import Project


def _amount(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))


@dataclass
class ImportedCosts:
    """The fixed costs and cost entries of a file, not saved yet, and the warnings for what
    had to be left out."""

    fixed: list[FixedCost] = field(default_factory=list)
    entries: list[CostEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def prepare_costs(document: io.ProjectDocument, rows: dict[str, Task], *,
                  day: date | None) -> ImportedCosts:
    """The document's fixed costs (one per task) and actual costs (one cost entry per task,
    one for the project's own, dated ``day``, the project's status date or else its start, as
    the file counts them)."""
    costs = ImportedCosts(fixed=[
        FixedCost(task=rows[task.id], amount=_amount(task.fixed_cost),
                  description=_("Imported from the file"))
        for task in document.tasks if task.id in rows and round(task.fixed_cost, 2) > 0])
    spent: list[tuple[Task | None, float]] = [
        (rows[task.id], task.actual_cost) for task in document.tasks
        if task.id in rows and round(task.actual_cost, 2) > 0]
    if round(document.actual_cost, 2) > 0:
        spent.append((None, document.actual_cost))
    if not spent:
        return costs
    if day is None:
        costs.warnings.append(_("The file's actual costs were left out: the project has neither "
                                "a status date nor a start to date them."))
        return costs
    costs.entries = [
        CostEntry(task=task, date=day, amount=_amount(amount), category=CostCategory.OTHER,
                  source=CostEntry.Source.IMPORT,
                  description=_("Actual cost in the imported file"))
        for task, amount in spent]
    return costs


def write_costs(costs: ImportedCosts, project: Project, *, actor: Any) -> None:
    """Save the costs of :func:`prepare_costs` into ``project``, as ``actor``'s."""
    create_with_history(FixedCost, costs.fixed, actor=actor)
    for entry in costs.entries:
        entry.project = project
        entry.created_by = actor if getattr(actor, "pk", None) else None
    create_with_history(CostEntry, costs.entries, actor=actor)
