"""Reads of plans: tasks, dependencies, baselines, calendars, limited to what the user may see."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from jalon.accounts import permissions as perms
from jalon.errors import JalonError
from jalon.planning.models import Baseline, Dependency, Task
from jalon.planning.scheduling import (
    ProjectSchedule,
    linked_groups,
    project_schedule,
    schedule_projects,
)
from jalon.portfolios.models import Project
from jalon.querying import get_visible

logger = logging.getLogger(__name__)


def task_list(*, user: Any, project: Project | None = None) -> QuerySet[Task]:
    qs = Task.objects.filter(project__in=perms.visible_projects(user)).select_related("project")
    if project is not None:
        qs = qs.filter(project=project)
    return qs.order_by("project__code", "wbs_code", "id")


def task_get(*, user: Any, pk: Any) -> Task:
    return get_visible(task_list(user=user), pk)


def _outline(tasks: list[Task]) -> list[Task]:
    """``tasks`` of one project in outline order, with ``level`` and ``is_summary`` set."""
    children: dict[int | None, list[Task]] = {}
    for task in tasks:
        children.setdefault(task.parent_id, []).append(task)
    for siblings in children.values():
        siblings.sort(key=lambda t: (t.position, t.pk))
    ordered: list[Task] = []

    def walk(parent_id: int | None, level: int) -> None:
        for task in children.get(parent_id, []):
            task.level = level
            task.is_summary = task.pk in children
            ordered.append(task)
            walk(task.pk, level + 1)

    walk(None, 0)
    return ordered


def tasks_in_outline(*, user: Any, project: Project) -> list[Task]:
    """The project's tasks in outline order (each summary before its children), with ``level``
    (0 at the top) and ``is_summary`` set on each."""
    return _outline(list(
        task_list(user=user, project=project)
        .select_related("calendar")
        .prefetch_related("predecessor_links__predecessor__project", "assignments__resource")
    ))


def outlines(*, user: Any, projects: list[Project]) -> dict[int, list[Task]]:
    """The tasks of several projects in one query, each project's in outline order (as
    :func:`tasks_in_outline`, without the links and assignments): project id -> tasks."""
    by_project: dict[int, list[Task]] = {p.pk: [] for p in projects}
    for task in task_list(user=user).filter(project__in=projects):
        by_project[task.project_id].append(task)
    return {pk: _outline(tasks) for pk, tasks in by_project.items()}


def dependency_list(*, user: Any) -> QuerySet[Dependency]:
    """Links between tasks the user may see (both ends); of one project:
    ``jalon.planning.filters.DependencyFilter``."""
    visible = perms.visible_projects(user)
    qs = Dependency.objects.filter(
        successor__project__in=visible, predecessor__project__in=visible
    ).select_related("predecessor__project", "successor__project")
    return qs.order_by("successor__project__code", "successor__wbs_code", "predecessor__wbs_code")


def dependency_get(*, user: Any, pk: Any) -> Dependency:
    return get_visible(dependency_list(user=user), pk)


def predecessor_links(*, user: Any, task: Task) -> list[Dependency]:
    """The links into ``task`` from the tasks ``user`` may see."""
    return list(dependency_list(user=user).filter(successor=task))


def baseline_list(*, user: Any, project: Project | None = None) -> QuerySet[Baseline]:
    qs = Baseline.objects.filter(project__in=perms.visible_projects(user)).select_related("project")
    if project is not None:
        qs = qs.filter(project=project)
    return qs.order_by("project__code", "created_at")


def baseline_get(*, user: Any, pk: Any) -> Baseline:
    return get_visible(baseline_list(user=user), pk)


# --- schedules for pages: the engine's results, never computed here -----------------------------
# A project whose plan the engine refuses (a broken constraint, say) must not take the whole page
# down: its entry is None and the page shows a dash instead of dates.

def schedule_or_error(project: Project) -> tuple[ProjectSchedule | None, str]:
    """The project's schedule, or ``None`` and the engine's message when it cannot be computed."""
    try:
        return project_schedule(project), ""
    except JalonError as exc:
        logger.info("Schedule of %s refused: %s", project.code, exc.message)
        return None, exc.message


def schedules_for(projects: Iterable[Project]) -> dict[int, ProjectSchedule | None]:
    """Each project's schedule by id: one engine run per group of linked projects."""
    schedules: dict[int, ProjectSchedule | None] = {}
    for group in linked_groups(projects):
        try:
            schedules.update(schedule_projects(group))
        except JalonError as exc:
            logger.info("Schedule of %s refused: %s", ", ".join(p.code for p in group), exc.message)
            schedules.update(dict.fromkeys((p.pk for p in group), None))
    return schedules
