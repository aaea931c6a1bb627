"""Levelling stored plans: build the engine's problem from projects, run it (inline or from the
task queue), keep the preview (:mod:`jalon.resources.levelling_preview`), apply it as "start no
earlier than" constraints, clear it.

Periods of the engine are working days of the plan calendar counted from the (earliest) project
start; the preview turns them back into dates. See ``docs/decisions/levelling-apply.md`` for how
a levelled schedule is stored.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jalon import engine, runs
from jalon.accounts import permissions as perms
from jalon.engine.levelling import LevellingProblem, Resource, level
from jalon.engine.levelling.instance import whole_periods
from jalon.errors import NotFound, ValidationFailed
from jalon.i18n import MessageCode, Ref, gettext_noop
from jalon.planning.models import Dependency, Task
from jalon.planning.scheduling import naming_errors, project_plan, task_names, work_calendar
from jalon.planning.selectors import Unschedulable, unschedulable
from jalon.portfolios.models import Portfolio, Programme, Project
from jalon.portfolios.services import inputs_changed
from jalon.resources.levelling_preview import preview
from jalon.resources.loading import compute_loading
from jalon.resources.models import Assignment, LevelledTask, LevellingRun
from jalon.resources.models import Resource as PoolResource

__all__ = ["levelled_count", "levelling_apply", "levelling_cancel",
           "levelling_clear", "levelling_execute", "levelling_run_get", "levelling_run_list",
           "levelling_run_projects", "levelling_start"]

# constraints a levelling may not replace: the task keeps its date (fixed in the problem)
HARD = frozenset({Task.Constraint.MSO, Task.Constraint.MFO, Task.Constraint.SNLT,
                  Task.Constraint.FNLT})
MOVABLE = frozenset({Task.Constraint.ASAP, Task.Constraint.ALAP, Task.Constraint.SNET,
                     Task.Constraint.FNET})


# Refusals a queued run can meet too: stored with the run, so declared (see jalon.i18n).
NO_PLANNED_START = MessageCode(
    "levelling.no_planned_start",
    gettext_noop("Give the project a planned start before levelling it."))
NO_DATED_PROJECT = MessageCode(
    "levelling.no_dated_project",
    gettext_noop("No project of this portfolio has a planned start."))
NO_DATED_PROGRAMME_PROJECT = MessageCode(
    "levelling.no_dated_programme_project",
    gettext_noop("No project of this programme has a planned start."))
NOTHING_SCHEDULABLE = MessageCode(
    "levelling.nothing_schedulable",
    gettext_noop("No project left to level: the plans of %(projects)s cannot be scheduled (each "
                 "project's page says why)."))

Scope = Project | Programme | Portfolio
"""What a levelling covers: one project, or the dated projects of a programme or portfolio."""


# --- scope and permissions -------------------------------------------------------------------

def _level_of(scope: Scope) -> str:
    """``"project"``, ``"programme"`` or ``"portfolio"``: the run's field naming the scope."""
    level = perms.scope_level(scope)
    assert level is not None
    return level


def _levelled_tasks(scope: Scope) -> QuerySet[LevelledTask]:
    """The levelling constraints held by the tasks of ``scope``."""
    level = _level_of(scope)
    field = "task__project" if level == "project" else f"task__project__{level}"
    return LevelledTask.objects.filter(**{field: scope})


def _scope_projects(scope: Scope) -> list[Project]:
    if isinstance(scope, Project):
        if not scope.planned_start:
            raise ValidationFailed(NO_PLANNED_START(), field="planned_start")
        return [scope]
    projects = list(Project.objects.filter(**{_level_of(scope): scope},
                                           planned_start__isnull=False)
                    .select_related("calendar").order_by("code"))
    if not projects:
        none = NO_DATED_PROGRAMME_PROJECT if isinstance(scope, Programme) else NO_DATED_PROJECT
        raise ValidationFailed(none(), field="planned_start")
    return projects


def _levelled_projects(scope: Scope) -> tuple[list[Project], list[Unschedulable]]:
    """The projects a run of ``scope`` levels, and those it leaves out.

    In a programme or a portfolio, the projects whose plan cannot be scheduled (with the
    projects linked to them, which are scheduled with them) are left out so that the others
    are levelled; no link to them remains, since only links between levelled projects are
    kept. A project levelled alone is never left out: its run fails with the engine's reason.
    """
    projects = _scope_projects(scope)
    if isinstance(scope, Project):
        return projects, []
    left_out = unschedulable(projects)
    refused = {item.project.pk for item in left_out}
    levelled = [p for p in projects if p.pk not in refused]
    if not levelled:
        raise ValidationFailed(NOTHING_SCHEDULABLE(projects=[p.code for p in projects]),
                               field="planned_start")
    return levelled, left_out


def _names(refs: set[Ref]) -> dict[Ref, str]:
    """What users call the tasks and resources of a levelling problem (resources are
    ``R<pk>`` there, see :func:`_resources`)."""
    keys = {ref: ref.id.removeprefix("R") for ref in refs if ref.kind == "resource"}
    names = dict(PoolResource.objects.filter(
        pk__in=[int(key) for key in keys.values() if key.isdigit()]).values_list("pk", "name"))
    return {**task_names(refs), **{ref: names[int(key)] for ref, key in keys.items()
                                   if key.isdigit() and int(key) in names}}


def levelling_run_get(*, user: Any, pk: Any) -> LevellingRun:
    """A run of a project, programme or portfolio the user may change (404 if not visible,
    else 403)."""
    run = LevellingRun.objects.select_related(
        "project", "programme", "portfolio").filter(pk=pk).first() \
        if str(pk).isdigit() else None
    if run is None:
        raise NotFound(_("Levelling run %(pk)s: not found.") % {"pk": pk})
    perms.require_change(user, run.scope)
    return run


def levelling_run_projects(*, run: LevellingRun) -> list[Project]:
    """The projects a run levelled (a programme's or portfolio's dated projects at the time),
    by code."""
    if run.project is not None:
        return [run.project]
    levelled = [p["project"] for p in (run.result or {}).get("projects", [])]
    return list(Project.objects.filter(pk__in=levelled).order_by("code"))


def levelling_run_list(*, user: Any, scope: Scope) -> list[LevellingRun]:
    """The scope's last ten runs, newest first: for whoever sees the scope (executives and team
    members read how their plan was levelled; starting or applying a run needs the right to
    change it)."""
    perms.require_view(user, scope)
    return list(LevellingRun.objects.filter(**{_level_of(scope): scope})[:10])


# --- the problem -----------------------------------------------------------------------------

@dataclass
class _Built:
    problem: LevellingProblem
    line: engine.Timeline
    tasks: dict[int, Task]
    projects: list[Project]


def _plan(projects: list[Project]) -> tuple[engine.Plan, set[str]]:
    """One plan of the scope's projects (task ids are unique across projects), with the
    constraints levelling replaced put back, and the ids of tasks with hard constraints."""
    previous = {str(t): (c, d) for t, c, d in LevelledTask.objects.filter(
        task__project__in=projects).values_list("task_id", "previous_constraint_type",
                                                "previous_constraint_date")}
    plans = [project_plan(p) for p in projects]
    origin = min(p.planned_start for p in projects)  # type: ignore[type-var]
    calendar = plans[0].calendar
    activities, hard = [], set()
    links: list[engine.Link] = []
    for project, plan in zip(projects, plans, strict=True):
        for activity in plan.activities:
            changes: dict[str, Any] = {}
            if activity.id in previous:
                changes["constraint_type"], changes["constraint_date"] = previous[activity.id]
            kind = changes.get("constraint_type", activity.constraint_type)
            if kind in HARD:
                hard.add(activity.id)
            elif project.planned_start != origin and kind in ("ASAP", "ALAP"):
                changes.update(constraint_type="SNET", constraint_date=project.planned_start)
            if activity.calendar is None and plan.calendar != calendar:
                changes["calendar"] = plan.calendar
            activities.append(replace(activity, **changes) if changes else activity)
        links.extend(plan.links)
    if len(projects) > 1:
        cross = Dependency.objects.filter(successor__project__in=projects,
                                          predecessor__project__in=projects).exclude(
            successor__project_id=F("predecessor__project_id"))
        links.extend(engine.Link(str(d.predecessor_id), str(d.successor_id), d.type,
                                 float(d.lag), lag_unit=d.lag_unit) for d in cross)
    status = projects[0].status_date if len(projects) == 1 else None
    name = "+".join(p.code for p in projects)
    return engine.Plan(name, activities, links, start=origin, calendar=calendar,
                       status_date=status), hard


def build_problem(projects: list[Project], *, within_float: bool = False) -> _Built:
    """The levelling problem of ``projects`` (one project, or a programme's or portfolio's dated
    projects: :func:`_levelled_projects`).

    Demands are the assignments' units (materials left out) on leaf tasks; capacity is each
    resource's capacity on the working days of its calendar, less the load of the projects
    outside the scope (at their current dates); started tasks and tasks with a hard date
    constraint do not move; project priorities rank competing tasks. ``within_float`` keeps
    every task within its total float (the finish does not move; what cannot be fixed that
    way stays over-allocated).
    """
    plan, hard = _plan(projects)
    tasks = {t.pk: t for t in Task.objects.filter(project__in=projects).select_related("project")}
    parents = set(Task.objects.filter(project__in=projects, parent__isnull=False)
                  .values_list("parent_id", flat=True))
    demands: dict[str, dict[str, float]] = {}
    pool: dict[int, PoolResource] = {}
    for a in (Assignment.objects.filter(task__project__in=projects)
              .exclude(resource__kind=PoolResource.Kind.MATERIAL).select_related("resource")):
        if a.task_id in parents:
            continue
        pool[a.resource_id] = a.resource
        demands.setdefault(str(a.task_id), {})[f"R{a.resource_id}"] = float(a.units)
    assert plan.start is not None and plan.calendar is not None
    line = plan.calendar.timeline(plan.start)
    horizon = sum(whole_periods(float(t.duration)) for t in tasks.values()) + \
        max(line.start_time(p.planned_start) for p in projects) + 20  # type: ignore[arg-type]
    resources = _resources(list(pool.values()), projects, line, horizon)
    problem = LevellingProblem(
        plan, resources, demands, fixed=hard,
        project_of={str(t.pk): t.project.code for t in tasks.values()},
        project_priorities={p.code: int(p.priority) for p in projects},
        within_float=within_float)
    return _Built(problem, line, tasks, projects)


def _resources(pool: list[PoolResource], projects: list[Project], line: engine.Timeline,
               horizon: int) -> list[Resource]:
    """Engine resources: capacity per period (working day of the plan), 0 on the resource's
    days off, less the load of the other projects; full capacity after the horizon."""
    if not pool:
        return []
    dates = line.dates_of(np.arange(horizon)).astype(object)
    others = Project.objects.filter(planned_start__isnull=False).exclude(
        pk__in=[p.pk for p in projects]).select_related("calendar")
    load = compute_loading(list(others), first=dates[0], last=dates[-1])
    resources = []
    for resource in pool:
        calendar = work_calendar(resource.calendar)
        full = float(resource.capacity)
        row = next((i for i, r in enumerate(load.resources) if r.pk == resource.pk), None)
        profile = []
        for day in dates:
            value = full if calendar.is_working(day) else 0.0
            if row is not None:
                value -= float(load.demand[row, (day - load.first).days])
            profile.append(max(0.0, round(value, 6)))
        changes: dict[int, float] = {}
        current = profile[0]
        for t, value in enumerate(profile[1:], start=1):
            if value != current:
                changes[t], current = value, value
        if current != full:
            changes[horizon] = full
        # "R" keeps resource ids apart from task ids (both are primary keys)
        resources.append(Resource(f"R{resource.pk}", profile[0], changes, name=resource.name))
    return resources


# --- running ---------------------------------------------------------------------------------

@transaction.atomic
def _create_run(actor: Any, scope: Scope, method: str, time_limit: float,
                within_float: bool) -> LevellingRun:
    perms.require_change(actor, scope)
    if method not in LevellingRun.Method.values:
        raise ValidationFailed(_("Choose the heuristic or the optimal method."), field="method")
    if not isinstance(within_float, bool):
        raise ValidationFailed(_("“Within float only” is yes or no."), field="within_float")
    if not 0 < time_limit <= 3600:
        raise ValidationFailed(_("The time limit is between 1 second and 1 hour."),
                               field="time_limit")
    _scope_projects(scope)
    return LevellingRun.objects.create(**{_level_of(scope): scope}, method=method,
                                       time_limit=time_limit, within_float=within_float,
                                       created_by=actor if getattr(actor, "pk", None) else None)


def levelling_start(*, actor: Any, scope: Scope, method: str = "heuristic",
                    time_limit: float = 10.0, within_float: bool = False) -> LevellingRun:
    """Queue a levelling of ``scope`` for the task queue (``jalon worker``; ``jalon demo`` runs
    one): the page polls the run and never waits for it. ``time_limit`` is in seconds (the
    optimal method); ``within_float`` moves tasks only within their total float."""
    from jalon.resources.tasks import run_levelling

    run = _create_run(actor, scope, method, time_limit, within_float)
    run_levelling.enqueue(run.pk)
    run.refresh_from_db()  # a worker may already have taken it
    return run


def _recorder(run_id: int) -> Callable[[Any], bool]:
    """The solver's progress callback: store the progress (the page polls it), read the
    cancel flag. OR-Tools calls it from its own threads."""

    def record(progress: Any) -> bool:
        carry_on = runs.record_progress(
            LevellingRun, run_id, progress.elapsed / progress.time_limit,
            elapsed=round(progress.elapsed, 2), best_makespan=progress.makespan,
            best_bound=progress.lower_bound)
        if threading.current_thread() is not threading.main_thread():
            connection.close()
        return carry_on  # False stops the solver at once when the user cancelled

    return record


def _level(run: LevellingRun) -> dict[str, Any]:
    """The work of a run: the preview of the levelled plan, with the projects it left out
    (``left_out``: :meth:`~jalon.planning.selectors.Unschedulable.to_json`)."""
    with naming_errors(_names):
        projects, left_out = _levelled_projects(run.scope)
        built = build_problem(projects, within_float=run.within_float)
        optimal = run.method == LevellingRun.Method.OPTIMAL
        result = level(built.problem, method=run.method, time_limit=run.time_limit, seed=0,
                       progress=_recorder(run.pk) if optimal else None)
        done = preview(line=built.line, tasks=built.tasks, projects=built.projects,
                       result=result, within_float=run.within_float)
    LevellingRun.objects.filter(pk=run.pk).update(best_makespan=result.makespan,
                                                  best_bound=result.lower_bound)
    return {**done, "left_out": [item.to_json() for item in left_out]}


def levelling_execute(run_id: int) -> None:
    """Run a queued levelling (the task queue's job) and store its preview, or why it failed."""
    runs.execute(LevellingRun, run_id, _level)


def levelling_cancel(*, actor: Any, run: LevellingRun) -> LevellingRun:
    """Cancel a queued or running levelling: it is marked cancelled now and its result, if the
    solver still finishes, is dropped."""
    perms.require_change(actor, run.scope)
    return runs.cancel(run)


# --- apply and clear -------------------------------------------------------------------------

def _restore(rows: Any) -> int:
    count = 0
    for row in rows.select_related("task"):
        task = row.task
        if task.constraint_type == Task.Constraint.SNET and \
                task.constraint_date == row.levelled_start:
            task.constraint_type = row.previous_constraint_type
            task.constraint_date = row.previous_constraint_date
            task.version = F("version") + 1  # a task form opened before is now stale
            task.save(update_fields=["constraint_type", "constraint_date", "version"])
        row.delete()
        count += 1
    return count


@transaction.atomic
def levelling_apply(*, actor: Any, run: LevellingRun) -> int:
    """Apply a levelling preview: every delayed task gets "start no earlier than" its levelled
    start (its previous constraint kept aside), so the schedule reproduces the levelled dates;
    levelling constraints of earlier runs in the scope are cleared first, except on the projects
    the run left out (it did not level them). Returns the number of tasks constrained."""
    perms.require_change(actor, run.scope)
    run = LevellingRun.objects.select_for_update().get(pk=run.pk)
    if run.state != LevellingRun.State.DONE or not run.result:
        raise ValidationFailed(_("Only a finished levelling can be applied."), field="run")
    if run.applied_at is not None:
        raise ValidationFailed(_("This levelling has already been applied."), field="run")
    left_out = {item["project"] for item in run.result.get("left_out", [])}
    projects = [p for p in _scope_projects(run.scope) if p.pk not in left_out]
    _restore(LevelledTask.objects.filter(task__project__in=projects))
    tasks = Task.objects.select_for_update().in_bulk([int(t) for t in run.result["apply"]])
    for ident, start in run.result["apply"].items():
        task = tasks.get(int(ident))
        if task is None or task.project_id not in {p.pk for p in projects}:
            raise ValidationFailed(_("The plan changed since this levelling: run it again."),
                                   field="run")
        if task.constraint_type not in MOVABLE:
            raise ValidationFailed(
                _("%(task)s now has a fixed date constraint: run the levelling again.")
                % {"task": task.name}, field="run")
        LevelledTask.objects.create(task=task, run=run, levelled_start=date.fromisoformat(start),
                                    previous_constraint_type=task.constraint_type,
                                    previous_constraint_date=task.constraint_date)
        task.constraint_type = Task.Constraint.SNET
        task.constraint_date = date.fromisoformat(start)
        task.version = F("version") + 1  # a task form opened before is now stale
        task.save(update_fields=["constraint_type", "constraint_date", "version"])
    run.applied_at = timezone.now()
    run.save(update_fields=["applied_at"])
    inputs_changed(projects=projects)
    return len(tasks)


@transaction.atomic
def levelling_clear(*, actor: Any, scope: Scope) -> int:
    """Remove the levelling constraints of the scope's tasks, putting back the constraints they
    replaced (unless someone changed the constraint since). Returns how many were removed."""
    perms.require_change(actor, scope)
    rows = _levelled_tasks(scope)
    touched = set(rows.values_list("task__project_id", flat=True))
    cleared = _restore(rows)
    inputs_changed(projects=touched)
    return cleared


def levelled_count(*, scope: Scope) -> int:
    """How many tasks of the scope hold a levelling constraint."""
    return _levelled_tasks(scope).count()
