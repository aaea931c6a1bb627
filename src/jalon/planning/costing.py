"""What a stored project's tasks cost, by the engine's one rule (:mod:`jalon.engine.costing`).

The one place the platform reads assignments and fixed costs to cost tasks: baselines,
current budgets and earned value (finance) and the Monte Carlo cost model (risks) all come
here. Assignments and fixed costs are read through the task's reverse relations
(``task.assignments``, ``task.fixed_costs``) so that planning never imports the resources or
finance apps that own those models: they sit above it in the layers.
"""

from __future__ import annotations

from collections.abc import Iterable

from jalon.engine.costing import CostedAssignment, TaskCosts, task_costs
from jalon.planning.models import Task
from jalon.planning.scheduling import work_calendar
from jalon.portfolios.models import Project

__all__ = ["costed_tasks", "project_costs"]

MATERIAL = "material"
"""``resources.Resource.Kind.MATERIAL``, named by value for the reason above."""


def costed_tasks(project: Project) -> list[Task]:
    """The project's tasks with their assignments (and resources) and fixed costs loaded."""
    return list(Task.objects.filter(project=project)
                .prefetch_related("assignments__resource", "fixed_costs").order_by("pk"))


def project_costs(project: Project, tasks: Iterable[Task] | None = None) -> TaskCosts:
    """The cost of each task of ``project`` (ids are task primary keys as text).

    ``tasks`` are the project's tasks as :func:`costed_tasks` loads them (loaded when None).
    The work of a stored assignment is always given (a material's is its quantity), so the
    calendar's hours per day only matter to the engine's rule, not to stored plans.
    """
    tasks = costed_tasks(project) if tasks is None else list(tasks)
    assignments = [
        CostedAssignment(str(task.pk), float(a.resource.standard_rate),
                         float(a.resource.cost_per_use), float(a.units), float(a.work),
                         a.resource.kind == MATERIAL)
        for task in tasks for a in task.assignments.all()
    ]
    fixed = {str(task.pk): float(sum(f.amount for f in task.fixed_costs.all())) for task in tasks}
    return task_costs({str(task.pk): float(task.duration) for task in tasks}, assignments,
                      fixed_costs=fixed,
                      hours_per_day=work_calendar(project.calendar).hours_per_day)
