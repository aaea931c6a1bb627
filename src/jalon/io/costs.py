"""What a project document's tasks cost, by the engine's one rule (:mod:`jalon.engine.costing`):
its assignments (work x standard rate + cost per use; an assignment without work counts units
x duration x hours per day, or its units for a material) plus each task's ``fixed_cost``.
``jalon evm`` and ``jalon risk`` cost a file's tasks here, as the platform does its own in
``jalon.planning.costing``.
"""

from __future__ import annotations

from jalon.engine.costing import CostedAssignment, TaskCosts, task_costs
from jalon.io.document import ProjectDocument

__all__ = ["document_costs"]


def document_costs(document: ProjectDocument) -> TaskCosts:
    """The cost of each task of ``document`` (in the order of its tasks)."""
    resources = {r.id: r for r in document.resources}
    return task_costs(
        {task.id: task.duration for task in document.tasks},
        [CostedAssignment(a.task, resources[a.resource].standard_rate,
                          resources[a.resource].cost_per_use, a.units, a.work,
                          resources[a.resource].kind == "material")
         for a in document.assignments],
        fixed_costs={task.id: task.fixed_cost for task in document.tasks if task.fixed_cost},
        hours_per_day=document.work_calendar.hours_per_day)
