"""The bridge from stored plans to ``jalon.engine``: build the engine's plan, schedule it, and
hand back dates keyed by task id. Every date shown anywhere comes from here.

The engine knows a task by its primary key (``"39"``, or ``"P1::39"`` when projects are
scheduled together); its errors refer to tasks by those ids, which users never see. Whatever
leaves this module names them as users do, ``4.3 Recette`` (:func:`naming_errors`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.db import models

from jalon import engine
from jalon.calendars.selectors import work_calendar
from jalon.errors import JalonError
from jalon.i18n import Ref
from jalon.planning.models import Baseline, Dependency, Task
from jalon.portfolios.models import Project
from jalon.portfolios.results import digest, inputs_digest, remembered


@dataclass(frozen=True)
class TaskDates:
    """One task's computed schedule. Times are in working days from the project start; dates
    are inclusive (finish = last working day), ``None`` when the project has no start date.
    ``duration`` is in working days, the one every page shows: a task's own (of its calendar),
    even when progress behind the status date stretches its dates; for a summary task, the
    span of its children (early finish − early start). ``percent_complete`` for a summary is
    its tasks', weighted by duration."""

    start: date | None
    finish: date | None
    early_start: float
    early_finish: float
    late_start: float
    late_finish: float
    total_float: float
    free_float: float
    critical: bool
    is_summary: bool
    duration: float
    percent_complete: float


@dataclass(frozen=True)
class ProjectSchedule:
    tasks: dict[int, TaskDates]
    start: date | None
    finish: date | None
    duration: float
    critical_path: list[int]


def task_names(refs: Iterable[Ref]) -> dict[Ref, str]:
    """What users call the tasks the engine refers to by id: their WBS code and name."""
    keys = {ref: ref.id.rpartition(engine.SEPARATOR)[2] for ref in refs if ref.kind == "task"}
    pks = {int(key) for key in keys.values() if key.isdigit()}
    labels = {str(task.pk): str(task) for task in Task.objects.filter(pk__in=pks)}
    return {ref: labels[key] for ref, key in keys.items() if key in labels}


@contextmanager
def naming_errors(
    names: Callable[[set[Ref]], Mapping[Ref, str]] = task_names,
) -> Iterator[None]:
    """Name the tasks (through ``names``, resources too) that an engine error raised inside
    refers to by id, before anyone shows or stores its message. Also a decorator."""
    try:
        yield
    except JalonError as exc:
        found = exc.references()
        if found:
            exc.name(dict(names(found)).get)
        raise


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _activity(task: Task, calendars: dict[int, engine.WorkCalendar]) -> engine.Activity:
    return engine.Activity(
        id=str(task.pk),
        name=task.name,
        duration=float(task.duration),
        optimistic=_float(task.optimistic),
        most_likely=_float(task.most_likely),
        pessimistic=_float(task.pessimistic),
        constraint_type=task.constraint_type,
        constraint_date=task.constraint_date,
        deadline=task.deadline,
        percent_complete=float(task.percent_complete),
        actual_start=task.actual_start,
        actual_finish=task.actual_finish,
        parent=str(task.parent_id) if task.parent_id else None,
        is_milestone=task.is_milestone,
        priority=task.priority,
        calendar=calendars[task.calendar_id] if task.calendar_id else None,
    )


@naming_errors()
def project_plan(project: Project) -> engine.Plan:
    """The engine's view of a project: its tasks, the links between them, its calendar."""
    tasks = list(
        Task.objects.filter(project=project)
        .select_related("calendar__base")
        .prefetch_related("calendar__exceptions")
        .order_by("wbs_code", "id")
    )
    calendars = {t.calendar_id: work_calendar(t.calendar) for t in tasks if t.calendar_id}
    links = Dependency.objects.filter(successor__project=project,
                                      predecessor__project=project).order_by()
    return engine.Plan(
        name=project.code,
        activities=[_activity(task, calendars) for task in tasks],
        links=[
            engine.Link(str(link.predecessor_id), str(link.successor_id), link.type,
                        float(link.lag), lag_unit=link.lag_unit)
            for link in links
        ],
        start=project.planned_start,
        calendar=work_calendar(project.calendar),
        status_date=project.status_date,
        constraints_before_start=project.constraints_before_start,
    )


def summary_percent_complete(project_ids: Iterable[int]) -> dict[int, float]:
    """Each summary task's percent complete in the projects ``project_ids`` (task id -> 0-100),
    rolled up from its tasks' stored progress by the schedule's rule, without scheduling: for
    the pages and API outputs that show tasks' records."""
    rows = Task.objects.filter(project__in=list(project_ids)).order_by().values_list(
        "pk", "parent_id", "duration", "optimistic", "most_likely", "pessimistic",
        "percent_complete")
    return engine.summary_percent_complete(
        (pk, parent, engine.scheduled_duration(duration, a, m, b), float(percent))
        for pk, parent, duration, a, m, b, percent in rows)


def linked_id_groups(projects: Iterable[Project]) -> list[set[int]]:
    """The ids of :func:`linked_groups`, without reading the projects linked to those given."""
    projects = list(projects)
    portfolios = {p.portfolio_id for p in projects}
    pairs = remembered(  # a join over every link of the portfolios: 0.15 s at 1,000 projects
        "project-links", digest(inputs_digest(), sorted(portfolios)), lambda: list(
            # a project in the trash is gone, with its links to the others
            Dependency.objects.filter(successor__project__portfolio_id__in=portfolios,
                                      successor__project__deleted_at=None,
                                      predecessor__project__deleted_at=None)
            .exclude(successor__project=models.F("predecessor__project"))
            .order_by()
            .values_list("predecessor__project_id", "successor__project_id")
            .distinct()))
    neighbours: dict[int, set[int]] = {}
    for a, b in pairs:
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    groups: list[set[int]] = []
    seen: set[int] = set()
    for project in projects:
        if project.pk in seen:
            continue
        group, frontier = {project.pk}, [project.pk]
        while frontier:
            for other in neighbours.get(frontier.pop(), ()):
                if other not in group:
                    group.add(other)
                    frontier.append(other)
        seen |= group
        groups.append(group)
    return groups


def linked_groups(projects: Iterable[Project]) -> list[list[Project]]:
    """Split ``projects`` into groups joined by links (directly or through other projects),
    adding the linked projects that were not given, so that each group schedules as one."""
    projects = list(projects)
    groups = linked_id_groups(projects)
    # only the projects linked to those given: a page of one project read every linked project
    # of the portfolio (some 200 rows at 1,000 projects, most of the time of this function)
    known = {p.pk: p for p in projects}
    missing = set().union(*groups) - set(known)
    known.update({p.pk: p for p in Project.objects.filter(pk__in=missing).select_related("calendar")})
    return [[known[pk] for pk in sorted(group, key=lambda pk: known[pk].code)] for group in groups]


def _result(result: engine.Schedule) -> ProjectSchedule:
    tasks = {
        int(activity_id): TaskDates(
            start=r.start_date,
            finish=r.finish_date,
            early_start=r.early_start,
            early_finish=r.early_finish,
            late_start=r.late_start,
            late_finish=r.late_finish,
            total_float=r.total_float,
            free_float=r.free_float,
            critical=r.critical,
            is_summary=r.is_summary,
            duration=r.duration,
            percent_complete=r.percent_complete,
        )
        for activity_id, r in result.activities.items()
    }
    return ProjectSchedule(
        tasks=tasks,
        start=result.start_date,
        finish=result.finish_date,
        duration=result.duration,
        critical_path=[int(i) for i in result.critical_path],
    )


def _engine_schedules(projects: list[Project]) -> dict[int, engine.Schedule]:
    """The engine's schedules of ``projects``, scheduled together (project id -> schedule).

    Projects without a planned start cannot share a date axis with dated ones: each of those
    is scheduled on its own, in working days from 0, and its links to other projects are not
    followed.
    """
    dated = [p for p in projects if p.planned_start]
    schedules = {p.pk: engine.schedule(project_plan(p), retained_logic=p.retained_logic)
                 for p in projects if not p.planned_start}
    if len(dated) == 1:
        schedules[dated[0].pk] = engine.schedule(project_plan(dated[0]),
                                                 retained_logic=dated[0].retained_logic)
    elif dated:
        code = {p.pk: p.code for p in dated}
        cross = Dependency.objects.filter(
            successor__project__in=dated, predecessor__project__in=dated
        ).exclude(successor__project=models.F("predecessor__project")).order_by().values_list(
            "predecessor_id", "predecessor__project_id", "successor_id", "successor__project_id",
            "type", "lag", "lag_unit",
        )
        sep = engine.SEPARATOR
        links = [
            engine.Link(f"{code[pp]}{sep}{pred}", f"{code[sp]}{sep}{succ}", kind, float(lag),
                        lag_unit=unit)
            for pred, pp, succ, sp, kind, lag, unit in cross
        ]
        # One network, one rule: progress override only when every linked project asks for it.
        retained = any(p.retained_logic for p in dated)
        results = engine.schedule_many([project_plan(p) for p in dated], links,
                                       retained_logic=retained)
        schedules.update({p.pk: results[p.code] for p in dated})
    return schedules


@naming_errors()
def schedule_projects(projects: list[Project]) -> dict[int, ProjectSchedule]:
    """Schedule projects together, honouring the links between them (project id -> schedule)."""
    return {pk: _result(result) for pk, result in _engine_schedules(projects).items()}


def project_schedule(project: Project) -> ProjectSchedule:
    """Schedule the project with the engine, following its links to other projects."""
    return schedule_projects(linked_groups([project])[0])[project.pk]


@naming_errors()
def baseline_comparison(project: Project, baseline: Baseline) -> engine.BaselineComparison:
    """Variances of the current schedule against ``baseline``, in working days (positive =
    later or longer than planned), per task (keyed by task id as a string) and for the project."""
    schedule = _engine_schedules(linked_groups([project])[0])[project.pk]
    entries = {
        str(row.task_id): engine.BaselineEntry(row.start, row.finish, float(row.duration))
        for row in baseline.tasks.all()
        if row.task_id
    }
    return engine.compare_to_baseline(schedule, entries)
