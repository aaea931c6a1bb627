"""The bridge from stored plans to ``jalon.engine``: build the engine's plan, schedule it, and
hand back dates keyed by task id. Every date shown anywhere comes from here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from jalon import engine
from jalon.planning.models import Calendar, CalendarException, Dependency, Task
from jalon.portfolios.models import Project


@dataclass(frozen=True)
class TaskDates:
    """One task's computed schedule. Times are in working days from the project start; dates
    are inclusive (finish = last working day), ``None`` when the project has no start date.
    ``duration`` is early finish − early start in working days: for a summary task, the span of
    its children."""

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


@dataclass(frozen=True)
class ProjectSchedule:
    tasks: dict[int, TaskDates]
    start: date | None
    finish: date | None
    duration: float
    critical_path: list[int]


def _exception_days(exceptions: list[CalendarException], working: bool) -> set[date]:
    days: set[date] = set()
    for exception in exceptions:
        if exception.is_working == working:
            span = (exception.finish - exception.start).days
            days.update(exception.start + timedelta(days=i) for i in range(span + 1))
    return days


def work_calendar(calendar: Calendar | None) -> engine.WorkCalendar:
    """The engine calendar for a stored one; a base calendar's holidays and exceptions apply
    too, the derived calendar's own exceptions winning."""
    if calendar is None:
        return engine.WorkCalendar()
    chain: list[Calendar] = []
    node: Calendar | None = calendar
    while node is not None and node not in chain:
        chain.append(node)
        node = node.base
    holidays: set[date] = set()
    working: set[date] = set()
    for cal in reversed(chain):  # base first, so the derived calendar overrides it
        exceptions = list(cal.exceptions.all())
        off, on = _exception_days(exceptions, False), _exception_days(exceptions, True)
        holidays = (holidays - on) | off
        working = (working - off) | on
    public = next((cal.public_holidays for cal in chain if cal.public_holidays), "")
    return engine.WorkCalendar(
        working_weekdays=tuple(calendar.working_weekdays),
        hours_per_day=float(calendar.hours_per_day),
        holidays=frozenset(holidays),
        working_days=frozenset(working),
        public_holidays=public,
    )


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def project_plan(project: Project) -> engine.Plan:
    """The engine's view of a project: its tasks, the links between them, its calendar."""
    tasks = list(Task.objects.filter(project=project).order_by("wbs_code", "id"))
    links = Dependency.objects.filter(successor__project=project, predecessor__project=project)
    activities = [
        engine.Activity(
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
        )
        for task in tasks
    ]
    return engine.Plan(
        name=project.name,
        activities=activities,
        links=[
            engine.Link(str(link.predecessor_id), str(link.successor_id), link.type, float(link.lag))
            for link in links
        ],
        start=project.planned_start,
        calendar=work_calendar(project.calendar),
        status_date=project.status_date,
    )


def project_schedule(project: Project) -> ProjectSchedule:
    """Schedule the project with the engine (links from other projects are not yet followed)."""
    result = engine.schedule(project_plan(project))
    tasks = {
        int(activity_id): TaskDates(
            start=getattr(r, "start_date", None),
            finish=getattr(r, "finish_date", None),
            early_start=r.early_start,
            early_finish=r.early_finish,
            late_start=r.late_start,
            late_finish=r.late_finish,
            total_float=r.total_float,
            free_float=r.free_float,
            critical=r.critical,
            is_summary=r.is_summary,
            duration=r.early_finish - r.early_start,
        )
        for activity_id, r in result.activities.items()
    }
    return ProjectSchedule(
        tasks=tasks,
        start=getattr(result, "start_date", None),
        finish=getattr(result, "finish_date", None),
        duration=result.duration,
        critical_path=[int(i) for i in result.critical_path],
    )
