"""Reads of plans: tasks, dependencies, baselines, calendars, limited to what the user may see."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from jalon.accounts import permissions as perms
from jalon.errors import JalonError, ValidationFailed
from jalon.i18n import ENGLISH, Message
from jalon.planning.models import Baseline, Dependency, Task
from jalon.planning.predecessors import links_text
from jalon.planning.scheduling import (
    ProjectSchedule,
    TaskDates,
    linked_groups,
    linked_id_groups,
    schedule_projects,
)
from jalon.portfolios.models import Project
from jalon.portfolios.results import stored
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
    (0 at the top), ``is_summary`` and ``predecessors_text`` (the links into the task as MS
    Project writes them, :func:`jalon.planning.predecessors.links_text`) set on each."""
    tasks = list(task_list(user=user, project=project).select_related(None)
                 .select_related("calendar"))
    links: dict[int, list[tuple[str, str | None, str, Decimal]]] = {}
    if tasks:  # read as rows: a hundred tasks' links as model objects were a third of the page
        for successor, wbs, other, code, kind, lag in (
                Dependency.objects.filter(successor__project=project).values_list(
                    "successor_id", "predecessor__wbs_code", "predecessor__project_id",
                    "predecessor__project__code", "type", "lag")):
            links.setdefault(successor, []).append(
                (wbs, code if other != project.pk else None, kind, lag))
    for task in tasks:
        task.project = project  # one project object, not one built per task
        task.predecessors_text = links_text(links.get(task.pk, ()))
    return _outline(tasks)


def outlines(*, user: Any, projects: list[Project]) -> dict[int, list[Task]]:
    """The tasks of several projects in one query, each project's in outline order (as
    :func:`tasks_in_outline`, without the links and assignments): project id -> tasks."""
    by_project: dict[int, list[Task]] = {p.pk: [] for p in projects}
    known = {p.pk: p for p in projects}
    for task in task_list(user=user).filter(project__in=projects).select_related(None):
        task.project = known[task.project_id]  # the projects given, not one built per task
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


# --- schedules: computed once per change of the plans, stored, read by every page and the API ---
# A project whose plan the engine refuses (a broken constraint, say) must not take the whole page
# down: it has no schedule, and the page shows the engine's reason instead of dates.

SCHEDULE = "schedule"
_TASK_FIELDS = ("start", "finish", "early_start", "early_finish", "late_start", "late_finish",
                "total_float", "free_float", "critical", "is_summary", "duration",
                "percent_complete")


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _encoded(schedule: ProjectSchedule) -> dict[str, Any]:
    def dates(t: TaskDates) -> list[Any]:
        row: list[Any] = [getattr(t, name) for name in _TASK_FIELDS]
        row[0] = t.start.isoformat() if t.start else None
        row[1] = t.finish.isoformat() if t.finish else None
        return row

    return {"start": schedule.start.isoformat() if schedule.start else None,
            "finish": schedule.finish.isoformat() if schedule.finish else None,
            "duration": schedule.duration, "critical_path": schedule.critical_path,
            "tasks": {str(pk): dates(t) for pk, t in schedule.tasks.items()}}


def _decoded(data: dict[str, Any]) -> ProjectSchedule:
    tasks = {}
    for pk, row in data["tasks"].items():
        values = dict(zip(_TASK_FIELDS, row, strict=True))
        values["start"], values["finish"] = _day(values["start"]), _day(values["finish"])
        tasks[int(pk)] = TaskDates(**values)
    return ProjectSchedule(tasks=tasks, start=_day(data["start"]), finish=_day(data["finish"]),
                           duration=data["duration"], critical_path=data["critical_path"])


def _compute(projects: list[Project]) -> dict[int, dict[str, Any]]:
    computed: dict[int, dict[str, Any]] = {}
    for group in linked_groups(projects):  # one engine run per group of linked projects
        try:
            computed.update({pk: {"schedule": _encoded(schedule)}
                             for pk, schedule in schedule_projects(group).items()})
        except JalonError as exc:
            logger.info("Schedule of %s refused: %s", ", ".join(p.code for p in group),
                        exc.sentence.render(ENGLISH))
            refusal = {"error": {"kind": exc.code, "field": exc.field,
                                 "message": exc.sentence.to_json()}}
            computed.update(dict.fromkeys((p.pk for p in group), refusal))
    return computed


def linked_ids(projects: list[Project]) -> dict[int, list[int]]:
    """For each project, the ids of the projects scheduled with it (linked directly or not):
    what its dates depend on."""
    return {pk: sorted(group) for group in linked_id_groups(projects) for pk in group}


def _stored_schedules(projects: Iterable[Project],
                      keys: Sequence[str] | None = None) -> dict[int, dict[str, Any]]:
    return stored(SCHEDULE, list(projects), compute=_compute, depends_on=linked_ids, keys=keys)


def _refusal(data: dict[str, Any]) -> ValidationFailed:
    error = ValidationFailed(Message.from_json(data["message"]), field=data.get("field"))
    error.code = data["kind"]  # what the engine said it was (invalid, cycle...), for the API
    return error


def project_schedule(project: Project) -> ProjectSchedule:
    """The project's schedule as stored (computed again when its plan changed); raises the
    engine's refusal (``ValidationFailed``) when the plan cannot be scheduled."""
    data = _stored_schedules([project])[project.pk]
    if "error" in data:
        raise _refusal(data["error"])
    return _decoded(data["schedule"])


def schedule_or_error(project: Project) -> tuple[ProjectSchedule | None, str]:
    """The project's schedule, or ``None`` and the engine's reason (in the reader's language)
    when it cannot be computed."""
    try:
        return project_schedule(project), ""
    except ValidationFailed as exc:
        return None, exc.message


def schedules_for(projects: Iterable[Project]) -> dict[int, ProjectSchedule | None]:
    """Each project's schedule by id (None when its plan cannot be scheduled)."""
    return {pk: _decoded(data["schedule"]) if "schedule" in data else None
            for pk, data in _stored_schedules(projects).items()}


@dataclass(frozen=True)
class Unschedulable:
    """A project whose plan the engine refuses, and why (the engine's message, named)."""

    project: Project
    why: Message

    @property
    def reason(self) -> str:
        """Why, in the reader's language."""
        return self.why.render()

    def to_json(self) -> dict[str, Any]:
        """What a run stores to say later that it left the project out (:func:`left_out_of`):
        the project, and why as a message, shown in whichever language reads it."""
        return {"project": self.project.pk, "code": self.project.code, "why": self.why.to_json()}


def plans_for(projects: Iterable[Project]) -> dict[int, ProjectSchedule | Unschedulable]:
    """Each project's schedule by id, or why it has none (the portfolio Gantt's rows), from one
    read of the stored schedules."""
    projects = list(projects)
    data = _stored_schedules(projects)
    return {p.pk: _decoded(data[p.pk]["schedule"]) if "schedule" in data[p.pk]
            else Unschedulable(p, _refusal(data[p.pk]["error"]).sentence) for p in projects}


@dataclass(frozen=True)
class PlannedFinish:
    """A project's scheduled finish (None for a plan without dated tasks)."""

    finish: date | None


def finishes_for(projects: Iterable[Project]) -> dict[int, PlannedFinish | Unschedulable]:
    """Each project's scheduled finish by id, or why it has none: what a list of projects shows
    (the portfolio pages' "schedule" figure), from one read of the stored schedules' finishes —
    not their tasks, whose decoding was most of the time of a page of a hundred projects."""
    projects = list(projects)
    data = _stored_schedules(projects, keys=["schedule__finish", "error"])
    return {p.pk: PlannedFinish(_day(data[p.pk]["schedule__finish"]))
            if data[p.pk]["error"] is None
            else Unschedulable(p, _refusal(data[p.pk]["error"]).sentence) for p in projects}


def unschedulable(projects: Iterable[Project]) -> list[Unschedulable]:
    """Those of ``projects`` whose plan cannot be scheduled, with the engine's reason, from the
    stored schedules: what a roll-up leaves out, and says so."""
    projects = list(projects)
    data = _stored_schedules(projects, keys=["error"])  # not the schedules themselves
    return [Unschedulable(p, _refusal(data[p.pk]["error"]).sentence)
            for p in projects if data[p.pk]["error"] is not None]


def left_out_of(stored: Iterable[dict[str, Any]]) -> list[Unschedulable]:
    """The projects a run left out, as it stored them (:meth:`Unschedulable.to_json`), by
    code; a project deleted since is no longer named."""
    why = {item["project"]: Message.from_json(item["why"]) for item in stored}
    projects = Project.objects.filter(pk__in=why).order_by("code")
    return [Unschedulable(p, why[p.pk]) for p in projects]


@dataclass(frozen=True)
class Milestone:
    """A milestone and the day it falls on: its scheduled finish (for a milestone, its start
    and finish are the same day, MS Project's convention)."""

    task: Task
    day: date

    @property
    def title(self) -> str:
        """As users name it: "CODE — WBS name" (the project's code, the task's WBS and name)."""
        name = " ".join(part for part in (self.task.wbs_code, self.task.name) if part)
        return f"{self.task.project.code} — {name}"


def milestones_of(projects: Iterable[Project]) -> list[Milestone]:
    """The milestones of ``projects`` with their dates from the stored schedules, by date then
    project code and WBS code. Projects that cannot be scheduled, or have no start date, give
    none. No visibility check: the caller passes projects its user may see."""
    projects = list(projects)
    schedules = schedules_for(projects)
    tasks = (Task.objects.filter(project__in=projects, is_milestone=True, children__isnull=True)
             .select_related("project__programme"))
    found = []
    for task in tasks:
        schedule = schedules.get(task.project_id)
        dates = schedule.tasks.get(task.pk) if schedule is not None else None
        if dates is not None and dates.finish is not None:
            found.append(Milestone(task, dates.finish))
    return sorted(found, key=lambda m: (m.day, m.task.project.code, m.task.wbs_code, m.task.pk))
