"""The impact of a change request, computed by the engine on a what-if copy of the plan.

The what-if copy is the stored plan itself inside a transaction that is always rolled back: the
edits are applied there through the same services as on approval (:func:`jalon.changes.edits.
apply_edits`), and the figures after them come from the same functions every page reads —
the schedule (:func:`jalon.planning.selectors.project_schedule`), the tasks' costs
(:func:`jalon.planning.costing.project_costs`) and the pool's over-allocations
(:func:`jalon.resources.loading.compute_loading`). So the impact is, by construction, what
approving the change gives, and nothing outside the transaction ever sees the edits.

The impact is JSON (stored with the request): see :func:`compute` for its keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.db import transaction

from jalon.calendars.models import CalendarsVersion
from jalon.changes.edits import Edit, apply_edits
from jalon.changes.models import ChangeRequest
from jalon.planning.costing import project_costs
from jalon.planning.models import Task
from jalon.planning.selectors import linked_ids, project_schedule
from jalon.portfolios.models import InputsVersion, Project
from jalon.resources.loading import compute_loading

__all__ = ["MONEY", "compute", "inputs_key", "is_current"]

#: The impact's keys that are money, hidden from those who may not see it.
MONEY = ("cost_before", "cost_after", "cost_delta")


@dataclass(frozen=True)
class _Figures:
    """What the impact compares, for one state of the plan."""

    finish: date | None
    duration: float  # working days from the project start to its finish
    cost: float
    critical: dict[int, str]  # task id -> "WBS name", work tasks and milestones on the path
    milestones: dict[int, tuple[str, date | None, float]]  # id -> name, finish, early finish
    overallocations: list[dict[str, Any]]


def inputs_key(project: Project) -> str:
    """The versions of what the project's schedule and costs are computed from: its inputs,
    those of the projects linked to it, and the calendars'. An impact computed under another
    key is out of date."""
    ids = sorted(set(linked_ids([project]).get(project.pk, [project.pk])))
    versions = dict(InputsVersion.objects.filter(project_id__in=ids)
                    .values_list("project_id", "version"))
    calendars = CalendarsVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return ",".join(f"{pk}={versions.get(pk, 0)}" for pk in ids) + f";c{calendars or 0}"


def is_current(change: ChangeRequest) -> bool:
    """Was the change's stored impact computed from the plan as it is now?"""
    return bool(change.impact) and change.impact_inputs == inputs_key(change.project)


def _overallocations(project: Project) -> list[dict[str, Any]]:
    """The over-allocations of the pool that involve a task of ``project``, against the load of
    every project drawing on the same resources."""
    resources = set(Task.objects.filter(project=project)
                    .values_list("assignments__resource", flat=True)) - {None}
    if not resources or project.planned_start is None:
        return []
    sharing = list(Project.objects.filter(tasks__assignments__resource__in=resources)
                   .distinct().select_related("calendar"))
    loading = compute_loading(sharing)
    found = []
    for row in loading.over_allocations:
        if not any(t.project_id == project.pk for t in row.tasks):
            continue
        r = loading.row_of(row.resource)
        first, last = ((row.first - loading.first).days, (row.last - loading.first).days)
        over = loading.demand[r, first:last + 1] > loading.capacity[r, first:last + 1] + 1e-9
        found.append({"resource": row.resource.name, "first": row.first.isoformat(),
                      "last": row.last.isoformat(), "days": int(np.count_nonzero(over)),
                      "excess": round(row.excess, 2)})
    return found


def _figures(project: Project) -> _Figures:
    schedule = project_schedule(project)
    tasks = {t.pk: t for t in Task.objects.filter(project=project)}
    costs = project_costs(project)
    return _Figures(
        finish=schedule.finish, duration=schedule.duration,
        cost=float(costs.budgets.sum()),
        critical={pk: str(tasks[pk]) for pk, dates in schedule.tasks.items()
                  if dates.critical and not dates.is_summary and pk in tasks},
        milestones={pk: (str(tasks[pk]), dates.finish, dates.early_finish)
                    for pk, dates in schedule.tasks.items()
                    if pk in tasks and tasks[pk].is_milestone},
        overallocations=_overallocations(project))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def compute(*, actor: Any, project: Project, edits: list[Edit]) -> dict[str, Any]:
    """The plan now and after ``edits``, side by side; the plan is left as it was.

    Keys: ``finish_before``/``finish_after`` (ISO dates, the last working day; null without a
    project start), ``duration_before``/``duration_after`` and ``slip_days`` (working days),
    ``cost_before``/``cost_after``/``cost_delta`` (the tasks' costs: assignments and fixed
    costs), ``critical_added``/``critical_removed`` (tasks by "WBS name"),
    ``overallocations_before``/``overallocations_after`` (``resource``, ``first``, ``last``,
    ``days`` over-allocated, largest ``excess`` in units) and ``milestones`` that move
    (``task``, ``before``, ``after``, ``slip_days``; ``before`` null for a new one).

    Raises the services' refusal (ValidationFailed, naming the task) when an edit does not fit
    the plan, or the engine's when the edited plan cannot be scheduled.
    """
    before = _figures(project)
    with transaction.atomic():
        apply_edits(actor=actor, project=project, edits=edits)
        after = _figures(project)
        transaction.set_rollback(True)
    moved = []
    for pk, (name, finish, early) in after.milestones.items():
        old = before.milestones.get(pk)
        if old is None or old[1] != finish or abs(old[2] - early) > 1e-9:
            moved.append({"task": name, "before": _iso(old[1]) if old else None,
                          "after": _iso(finish),
                          "slip_days": round(early - old[2], 2) if old else None})
    return {
        "finish_before": _iso(before.finish), "finish_after": _iso(after.finish),
        "duration_before": round(before.duration, 2), "duration_after": round(after.duration, 2),
        "slip_days": round(after.duration - before.duration, 2),
        "cost_before": round(before.cost, 2), "cost_after": round(after.cost, 2),
        "cost_delta": round(after.cost - before.cost, 2),
        "critical_added": sorted(name for pk, name in after.critical.items()
                                 if pk not in before.critical),
        "critical_removed": sorted(name for pk, name in before.critical.items()
                                   if pk not in after.critical),
        "overallocations_before": before.overallocations,
        "overallocations_after": after.overallocations,
        "milestones": moved,
    }
