"""The money an imported file carries besides its resources' rates: each task's fixed cost,
and what was spent so far (on a task or on the project), cumulative to the status date."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from jalon import io
from jalon.accounts.history import record_created
from jalon.finance.models import CostCategory, CostEntry, FixedCost
from jalon.planning.models import Task
from jalon.portfolios.models import Project


def _amount(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))


def import_costs(document: io.ProjectDocument, project: Project, rows: dict[str, Task],
                 *, actor: Any) -> list[str]:
    """Store the document's fixed costs (one per task) and actual costs (one cost entry per
    task, one for the project's own, dated at the status date, as the file counts them);
    return the warnings for what had to be left out."""
    fixed = FixedCost.objects.bulk_create(
        FixedCost(task=rows[task.id], amount=_amount(task.fixed_cost),
                  description=_("Imported from the file"))
        for task in document.tasks if task.id in rows and round(task.fixed_cost, 2) > 0)
    record_created(FixedCost, fixed, actor=actor)
    spent: list[tuple[Task | None, float]] = [(rows[task.id], task.actual_cost) for task in document.tasks
             if task.id in rows and round(task.actual_cost, 2) > 0]
    if round(document.actual_cost, 2) > 0:
        spent.append((None, document.actual_cost))
    if not spent:
        return []
    day = project.status_date or project.planned_start
    if day is None:
        return [_("The file's actual costs were left out: the project has neither a status "
                  "date nor a start to date them.")]
    entries = CostEntry.objects.bulk_create(
        CostEntry(project=project, task=task, date=day, amount=_amount(amount),
                  category=CostCategory.OTHER, source=CostEntry.Source.IMPORT,
                  description=_("Actual cost in the imported file"),
                  created_by=actor if getattr(actor, "pk", None) else None)
        for task, amount in spent)
    record_created(CostEntry, entries, actor=actor)
    return []
