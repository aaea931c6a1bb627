"""The money an imported file carries besides its resources' rates: each task's fixed cost,
and what was spent so far (on a task or on the project), cumulative to the status date."""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from jalon import io
from jalon.finance.models import CostCategory, CostEntry, FixedCost
from jalon.interchange.bulk import create_values_with_history
from jalon.portfolios.models import Project


def _amount(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))


FIXED_COLUMNS = ("task_id", "amount", "description")
ENTRY_COLUMNS = ("project_id", "task_id", "date", "amount", "category", "source", "description",
                 "created_by_id")


@dataclass
class ImportedCosts:
    """The fixed costs and cost entries of a file, not saved yet, as the task's id in the file
    (None: the project's own cost) and the amount, with their date (``day``), and the warnings
    for what had to be left out."""

    fixed: list[tuple[str, Decimal]] = field(default_factory=list)
    entries: list[tuple[str | None, Decimal]] = field(default_factory=list)
    day: date | None = None
    warnings: list[str] = field(default_factory=list)


def prepare_costs(document: io.ProjectDocument, tasks: Container[str], *,
                  day: date | None) -> ImportedCosts:
    """The document's fixed costs (one per task of ``tasks``, the ids of the tasks imported)
    and actual costs (one cost entry per task, one for the project's own, dated ``day``, the
    project's status date or else its start, as the file counts them)."""
    costs = ImportedCosts(fixed=[
        (task.id, _amount(task.fixed_cost))
        for task in document.tasks if task.id in tasks and round(task.fixed_cost, 2) > 0])
    spent: list[tuple[str | None, float]] = [
        (task.id, task.actual_cost) for task in document.tasks
        if task.id in tasks and round(task.actual_cost, 2) > 0]
    if round(document.actual_cost, 2) > 0:
        spent.append((None, document.actual_cost))
    if not spent:
        return costs
    if day is None:
        costs.warnings.append(_("The file's actual costs were left out: the project has neither "
                                "a status date nor a start to date them."))
        return costs
    costs.entries = [(task, _amount(amount)) for task, amount in spent]
    costs.day = day
    return costs


def write_costs(costs: ImportedCosts, project: Project, keys: Mapping[str, int], *,
                actor: Any) -> None:
    """Save the costs of :func:`prepare_costs` into ``project``, as ``actor``'s; ``keys`` are
    the stored tasks' primary keys by their id in the file."""
    create_values_with_history(FixedCost, FIXED_COLUMNS, [
        (keys[task], amount, _("Imported from the file")) for task, amount in costs.fixed],
        actor=actor)
    created_by = actor.pk if getattr(actor, "pk", None) else None
    create_values_with_history(CostEntry, ENTRY_COLUMNS, [
        (project.pk, keys[task] if task is not None else None, costs.day, amount,
         str(CostCategory.OTHER), str(CostEntry.Source.IMPORT),
         _("Actual cost in the imported file"), created_by)
        for task, amount in costs.entries], actor=actor)
