"""Writes to a project's plan: tasks (the WBS tree), dependencies, baselines, calendars.

Each service owns its transaction and checks the actor's rights. Any change that would leave the
plan unschedulable (a dependency cycle, a link between a summary and its own subtask) raises a
Jalon error and is rolled back whole.
"""

from __future__ import annotations

import graphlib
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.calendars.selectors import work_calendar
from jalon.errors import CycleError, StaleVersion, ValidationFailed
from jalon.planning import selectors
from jalon.planning.models import (
    Baseline,
    BaselineTask,
    Dependency,
    Task,
)
from jalon.planning.predecessors import PredecessorRef, PredecessorSyntaxError, parse_predecessors
from jalon.portfolios.concurrency import fingerprint, lock_current, save_changed
from jalon.portfolios.models import Project
from jalon.portfolios.services import inputs_changed
from jalon.validation import assign_fields, validate

TASK_FIELDS = {
    "name", "is_milestone", "duration", "optimistic", "most_likely", "pessimistic",
    "constraint_type", "constraint_date", "deadline", "percent_complete", "actual_start",
    "actual_finish", "calendar", "priority", "notes",
}
PROGRESS_FIELDS = {"percent_complete", "actual_start", "actual_finish"}
Key = TypeVar("Key", bound=Hashable)  # a task as check_network knows it: a key or a file's id


# --- the WBS tree -------------------------------------------------------------------------------

def _siblings(project: Project, parent: Task | None) -> list[Task]:
    return list(Task.objects.filter(project=project, parent=parent).order_by("position", "id"))


def renumber(project: Project) -> None:
    """Give every task its outline WBS code (1, 1.1, 1.2, 2...) and dense sibling positions."""
    tasks = list(Task.objects.filter(project=project).order_by("position", "id"))
    children: dict[int | None, list[Task]] = {}
    for task in tasks:
        children.setdefault(task.parent_id, []).append(task)
    changed: list[Task] = []

    def walk(parent_id: int | None, prefix: str) -> None:
        for index, task in enumerate(children.get(parent_id, []), start=1):
            code = f"{prefix}{index}"
            if task.wbs_code != code or task.position != index:
                task.wbs_code, task.position = code, index
                changed.append(task)
            walk(task.pk, f"{code}.")

    walk(None, "")
    Task.objects.bulk_update(changed, ["wbs_code", "position"])


def _place(task: Task, parent: Task | None, index: int | None) -> None:
    """Put ``task`` under ``parent`` at sibling ``index`` (0-based; None appends)."""
    siblings = [t for t in _siblings(task.project, parent) if t.pk != task.pk]
    index = len(siblings) if index is None else max(0, min(index, len(siblings)))
    siblings.insert(index, task)
    task.parent = parent
    for position, sibling in enumerate(siblings, start=1):
        sibling.position = position
    Task.objects.bulk_update([t for t in siblings if t.pk], ["position", "parent"])


def _normalise(task: Task) -> None:
    """A milestone lasts no time; a task as soon or as late as possible has no constraint date
    (choosing either is how a constraint is cleared, as in MS Project)."""
    if task.is_milestone:
        task.duration = Decimal("0")
    if task.constraint_type in (Task.Constraint.ASAP, Task.Constraint.ALAP):
        task.constraint_date = None


def _check_deadline(task: Task, changed: Collection[str]) -> None:
    """Refuse a new deadline before the project start: the work cannot even begin by then, so
    it is a slip of the keyboard, not a target. (A deadline before the task's own start is a
    real target missed: it shows as negative float. Constraint dates may precede the project
    start, as in MS Project.)"""
    start, deadline = task.project.planned_start, task.deadline
    if "deadline" in changed and start is not None and deadline is not None and deadline < start:
        raise ValidationFailed(
            _("The deadline (%(date)s) is before the project start (%(start)s).")
            % {"date": formats.date_format(deadline, "SHORT_DATE_FORMAT"),
               "start": formats.date_format(start, "SHORT_DATE_FORMAT")},
            field="deadline")


@transaction.atomic
def task_create(*, actor: Any, project: Project, name: str, parent: Task | None = None,
                index: int | None = None, **fields: Any) -> Task:
    """Add a task under ``parent`` (top level when None), at sibling ``index`` or last."""
    perms.require_change(actor, project)
    if parent is not None and parent.project_id != project.pk:
        raise ValidationFailed(_("The parent task belongs to another project."), field="parent")
    task = Task(project=project, name=name, parent=parent)
    assign_fields(task, fields, TASK_FIELDS)
    _normalise(task)
    validate(task, exclude=["position", "wbs_code"])
    _check_deadline(task, fields)
    task.position = 10**6
    task.save()
    _place(task, parent, index)
    renumber(project)
    check_plan(project, actor=actor)
    inputs_changed(projects=[project])
    task.refresh_from_db()
    return task


@transaction.atomic
def task_update(*, actor: Any, task: Task, version: int | None = None, **changes: Any) -> Task:
    """Change a task's fields (only those given: the others keep their stored value, whoever
    changed them meanwhile). Team members may change the progress fields of their own tasks
    only; nobody changes a summary's, which are rolled up from its subtasks.

    ``version`` is the one the editor read: an older one is refused (StaleVersion, with the
    task as it is now); None does not check it (:mod:`jalon.portfolios.concurrency`).
    """
    fields = set(changes)
    if fields <= PROGRESS_FIELDS:
        perms.require_progress(actor, task.project)
    else:
        perms.require_change(actor, task.project)
    if fields & PROGRESS_FIELDS:
        perms.require_progress_on(actor, task)
    before = lock_current(task, version=version)
    assign_fields(task, changes, TASK_FIELDS)
    _normalise(task)
    validate(task)
    _check_deadline(task, changes)
    if save_changed(task, before):
        check_plan(task.project, actor=actor)
        inputs_changed(projects=[task.project])
    return task


@transaction.atomic
def task_reschedule(*, actor: Any, task: Task, start: date | None = None,
                    finish: date | None = None) -> Task:
    """Move or stretch a task as a Gantt chart does, then check that the plan still schedules.

    ``start`` moves the task: it gets a "start no earlier than" constraint at that date (as MS
    Project does when a bar is dragged). ``finish`` stretches it: its duration becomes the
    number of working days of its calendar (the project's when it has none) from its scheduled
    start to ``finish``, both included. Summary tasks follow their subtasks and cannot be moved;
    milestones have no duration to stretch.
    """
    from jalon.planning.scheduling import project_schedule

    project = task.project
    perms.require_change(actor, project)
    if (start is None) == (finish is None):
        raise ValidationFailed(_("Give either a new start or a new finish."), field="start")
    if Task.objects.filter(parent=task).exists():
        raise ValidationFailed(
            _("“%(name)s” is a summary task: its dates follow its subtasks.") % {"name": task.name},
            field="start")
    if project.planned_start is None:
        raise ValidationFailed(_("The project has no planned start: give it one first."),
                               field="start")
    if start is not None:
        if start < project.planned_start:
            raise ValidationFailed(
                _("“%(name)s” cannot start on %(date)s, before the project start (%(start)s).")
                % {"name": task.name, "date": start.isoformat(),
                   "start": project.planned_start.isoformat()},
                field="start")
        task = task_update(actor=actor, task=task, constraint_type=Task.Constraint.SNET,
                           constraint_date=start)
    else:
        assert finish is not None
        if task.is_milestone:
            raise ValidationFailed(
                _("“%(name)s” is a milestone: it has no duration to stretch.") % {"name": task.name},
                field="finish")
        scheduled = project_schedule(project).tasks[task.pk].start
        assert scheduled is not None  # the project has a start date
        if finish < scheduled:
            raise ValidationFailed(
                _("“%(name)s” cannot finish on %(date)s, before it starts (%(start)s): a duration "
                  "cannot be negative.")
                % {"name": task.name, "date": finish.isoformat(), "start": scheduled.isoformat()},
                field="finish")
        calendar = work_calendar(task.calendar or project.calendar)
        days = calendar.working_days_between(scheduled, finish)
        task = task_update(actor=actor, task=task, duration=Decimal(days))
    project_schedule(project)  # a plan the engine refuses is rolled back whole
    task.refresh_from_db()
    return task


@transaction.atomic
def task_delete(*, actor: Any, task: Task, version: int | None = None) -> None:
    """Delete a task with its subtasks, links and assignments; refused (StaleVersion) when
    ``version``, the one the editor read, is no longer the task's."""
    project = task.project
    perms.require_change(actor, project)
    lock_current(task, version=version)
    task.delete()
    renumber(project)
    inputs_changed(projects=[project])


@transaction.atomic
def task_indent(*, actor: Any, task: Task) -> Task:
    """Make the task the last child of the sibling just above it (which becomes a summary)."""
    perms.require_change(actor, task.project)
    siblings = _siblings(task.project, task.parent)
    at = next(i for i, t in enumerate(siblings) if t.pk == task.pk)
    if at == 0:
        raise ValidationFailed(_("There is no task above to indent under."), field="parent")
    _place(task, siblings[at - 1], None)
    task.save(update_fields=["parent", "position"])
    renumber(task.project)
    check_plan(task.project, actor=actor)
    inputs_changed(projects=[task.project])
    task.refresh_from_db()
    return task


@transaction.atomic
def task_outdent(*, actor: Any, task: Task) -> Task:
    """Move the task up one outline level, just after its former summary task."""
    perms.require_change(actor, task.project)
    parent = task.parent
    if parent is None:
        raise ValidationFailed(_("The task is already at the top level."), field="parent")
    grand_siblings = _siblings(task.project, parent.parent)
    at = next(i for i, t in enumerate(grand_siblings) if t.pk == parent.pk)
    _place(task, parent.parent, at + 1)
    task.save(update_fields=["parent", "position"])
    renumber(task.project)
    check_plan(task.project, actor=actor)
    inputs_changed(projects=[task.project])
    task.refresh_from_db()
    return task


@transaction.atomic
def task_move(*, actor: Any, task: Task, offset: int) -> Task:
    """Move the task ``offset`` places among its siblings (-1: up, +1: down)."""
    perms.require_change(actor, task.project)
    siblings = _siblings(task.project, task.parent)
    at = next(i for i, t in enumerate(siblings) if t.pk == task.pk)
    _place(task, task.parent, at + offset)
    renumber(task.project)
    inputs_changed(projects=[task.project])
    task.refresh_from_db()
    return task


# --- dependencies -------------------------------------------------------------------------------

def check_plan(project: Project, *, actor: Any = None, field: str = "predecessor") -> None:
    """Refuse a plan whose links loop, or link a summary task with one of its own subtasks,
    naming ``field`` (the input that made the link) as the one at fault.

    Links may cross projects of one portfolio, so the whole portfolio's network is checked. The
    message names the tasks of ``project`` and of the projects ``actor`` may see; a task of
    another project is "a task of another project", so that a refusal never reveals what an
    invisible plan holds.
    """
    # No ordering: the models' default orderings would add joins and a sort to hot queries.
    rows = Task.objects.filter(project__portfolio_id=project.portfolio_id).order_by().values_list(
        "id", "parent_id", "wbs_code", "name", "project__code", "project_id"
    )
    parent_of = {row[0]: row[1] for row in rows}
    links = Dependency.objects.filter(
        successor__project__portfolio_id=project.portfolio_id
    ).order_by().values_list("predecessor_id", "successor_id")

    def labels() -> dict[int, str]:
        """Read only once a refusal has to name tasks."""
        seen = {project.pk}
        if actor is not None:
            seen |= set(perms.visible_projects(actor).filter(
                portfolio_id=project.portfolio_id).values_list("pk", flat=True))
        hidden = _("a task of another project")
        return {row[0]: f"{row[4]} {row[2]} {row[3]}" if row[5] in seen else hidden
                for row in rows}

    check_network(parent_of=parent_of, labels=labels, links=links, field=field)


def check_network(*, parent_of: Mapping[Key, Key | None], labels: Callable[[], Mapping[Key, str]],
                  links: Iterable[tuple[Key, Key]], field: str = "predecessor") -> None:
    """The rules of :func:`check_plan` on a network held in memory (a plan about to be written
    in bulk): tasks by any key, each one's summary task (``parent_of``), the names that the
    messages show (``labels()``: "CODE WBS name", called only when a refusal names tasks) and
    the links as (predecessor, successor)."""

    def ancestors(task_id: Key) -> set[Key]:
        found: set[Key] = set()
        node = parent_of.get(task_id)
        while node is not None and node not in found:
            found.add(node)
            node = parent_of.get(node)
        return found

    graph: dict[Key, set[Key]] = {}
    for pred, succ in links:
        if pred in ancestors(succ) or succ in ancestors(pred):
            label = labels()
            raise ValidationFailed(
                _("“%(a)s” and “%(b)s” cannot be linked: one is a summary of the other.")
                % {"a": label[pred], "b": label[succ]},
                field=field,
            )
        graph.setdefault(succ, set()).add(pred)
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as exc:
        label = labels()
        # graphlib gives the cycle from successor to predecessor; show it as the work flows.
        cycle = [label[node] for node in reversed(exc.args[1])][:-1]
        raise CycleError(
            _("Dependency cycle: %(cycle)s.") % {"cycle": " → ".join([*cycle, cycle[0]])},
            cycle=cycle,
            field=field,
        ) from None


def _check_link(predecessor: Task, successor: Task, *, field: str = "predecessor") -> None:
    if predecessor.pk == successor.pk:
        raise ValidationFailed(
            _("A task cannot be linked to itself (“%(name)s”).") % {"name": successor.name},
            field=field,
        )
    if predecessor.project.portfolio_id != successor.project.portfolio_id:
        raise ValidationFailed(
            _("Links between projects are allowed only within the same portfolio."),
            field=field,
        )


@transaction.atomic
def dependency_create(*, actor: Any, predecessor: Task, successor: Task,
                      type: str = Dependency.Type.FS, lag: Decimal | float | int = 0,
                      lag_unit: str = Dependency.LagUnit.WORKING_DAYS) -> Dependency:
    """Link two tasks. The actor must be able to change the successor's project and see the
    predecessor's; cycles are refused with the tasks that form them."""
    perms.require_change(actor, successor.project)
    perms.require_view(actor, predecessor.project)
    _check_link(predecessor, successor)
    if Dependency.objects.filter(predecessor=predecessor, successor=successor).exists():
        raise ValidationFailed(
            _("“%(a)s” is already a predecessor of “%(b)s”.")
            % {"a": predecessor.name, "b": successor.name},
            field="predecessor",
        )
    link = Dependency(predecessor=predecessor, successor=successor, type=type,
                      lag=Decimal(str(lag)), lag_unit=lag_unit)
    validate(link, exclude=["predecessor", "successor"])
    link.save()
    check_plan(successor.project, actor=actor)
    inputs_changed(projects=[predecessor.project_id, successor.project_id])
    return link


@transaction.atomic
def dependency_update(*, actor: Any, dependency: Dependency, **changes: Any) -> Dependency:
    perms.require_change(actor, dependency.successor.project)
    assign_fields(dependency, changes, {"type", "lag", "lag_unit"})
    validate(dependency, exclude=["predecessor", "successor"])
    dependency.save()
    inputs_changed(projects=[dependency.predecessor.project_id,
                             dependency.successor.project_id])
    return dependency


@transaction.atomic
def dependency_delete(*, actor: Any, dependency: Dependency) -> None:
    perms.require_change(actor, dependency.successor.project)
    ends = [dependency.predecessor.project_id, dependency.successor.project_id]
    dependency.delete()
    inputs_changed(projects=ends)


@transaction.atomic
def predecessors_set(*, actor: Any, task: Task,
                     links: list[tuple[Task, str, Decimal]]) -> list[Dependency]:
    """Replace all the predecessors of ``task`` by ``links`` (predecessor, type, lag) at once."""
    perms.require_change(actor, task.project)
    before = set(Dependency.objects.filter(successor=task)
                 .values_list("predecessor__project_id", flat=True))
    Dependency.objects.filter(successor=task).delete()
    seen: set[int] = set()
    created = []
    for predecessor, link_type, lag in links:
        if predecessor.pk in seen:
            raise ValidationFailed(
                _("“%(name)s” is listed twice.") % {"name": predecessor.name}, field="predecessors"
            )
        seen.add(predecessor.pk)
        perms.require_view(actor, predecessor.project)
        _check_link(predecessor, task, field="predecessors")
        link = Dependency(predecessor=predecessor, successor=task, type=link_type, lag=lag)
        validate(link, exclude=["predecessor", "successor"])
        link.save()
        created.append(link)
    check_plan(task.project, actor=actor, field="predecessors")
    inputs_changed(projects={task.project_id, *before,
                             *(link.predecessor.project_id for link in created)})
    return created


def _predecessor_links(actor: Any, project: Project,
                       refs: list[PredecessorRef]) -> list[tuple[Task, str, Decimal]]:
    """The tasks ``refs`` name: WBS codes in ``project``, ``CODE:WBS`` in the projects
    ``actor`` may see. Every code that names no task is refused at once."""
    here = {t.wbs_code: t for t in Task.objects.filter(project=project).select_related("project")}
    codes = {ref.project_code for ref in refs if ref.project_code not in (None, project.code)}
    elsewhere = {(t.project.code, t.wbs_code): t for t in
                 selectors.task_list(user=actor).filter(project__code__in=codes)} if codes else {}
    links, unknown = [], []
    for ref in refs:
        if ref.project_code in (None, project.code):
            found = here.get(ref.wbs)
        else:
            found = elsewhere.get((ref.project_code, ref.wbs))
        if found is None:
            unknown.append(ref.label())
        else:
            links.append((found, ref.type, ref.lag))
    if unknown:
        raise ValidationFailed(
            _("Unknown predecessor: %(codes)s.") % {"codes": ", ".join(unknown)},
            field="predecessors")
    return links


@transaction.atomic
def predecessors_fingerprint(task: Task) -> str:
    """What the task's predecessors are now, as a short digest (:func:`concurrency.fingerprint`):
    every link into it, hidden projects' included, since the set is replaced whole."""
    return fingerprint(Dependency.objects.filter(successor=task).order_by().values_list(
        "predecessor_id", "type", "lag", "lag_unit"))


@transaction.atomic
def predecessors_set_from_text(*, actor: Any, task: Task, text: str,
                               seen: str | None = None) -> list[Dependency]:
    """Replace the predecessors of ``task`` by those ``text`` lists as MS Project writes them
    (``3FS+2, 5SS, PRJ2:1.4FF-0.5``, see :mod:`jalon.planning.predecessors`): WBS codes of the
    task's project, ``CODE:WBS`` for a task of another project of the portfolio that the actor
    may see. An empty text removes every predecessor. All or nothing.

    Raises ValidationFailed on ``predecessors`` naming the item that cannot be read, every
    code that names no task, a task linked to itself or listed twice, or the tasks of a cycle
    (CycleError); StaleVersion (with the task) when ``seen``, the fingerprint of the
    predecessors the editor read (:func:`predecessors_fingerprint`; None: not checked), is no
    longer theirs.
    """
    perms.require_change(actor, task.project)
    if seen is not None:
        Task.objects.select_for_update().filter(pk=task.pk).first()  # one writer at a time
        if predecessors_fingerprint(task) != seen:
            raise StaleVersion(_("The predecessors of “%(task)s” were changed after you read "
                                 "them. Here they are now; nothing was saved.")
                               % {"task": task}, current=task)
    try:
        refs = parse_predecessors(text)
    except PredecessorSyntaxError as exc:
        raise ValidationFailed(str(exc), field="predecessors") from None
    return predecessors_set(actor=actor, task=task,
                            links=_predecessor_links(actor, task.project, refs))


# --- baselines ----------------------------------------------------------------------------------

@transaction.atomic
def baseline_create(*, actor: Any, project: Project, name: str) -> Baseline:
    """Snapshot the project's current schedule: dates, durations, work, cost and fixed costs of
    every task (their costs by the engine's rule, :mod:`jalon.planning.costing`)."""
    from jalon.planning.costing import costed_tasks, project_costs
    from jalon.planning.scheduling import project_schedule

    perms.require_change(actor, project)
    if Baseline.objects.filter(project=project, name=name).exists():
        raise ValidationFailed(_("A baseline with this name already exists."), field="name")
    schedule = project_schedule(project)
    baseline = Baseline(project=project, name=name,
                        created_by=actor if getattr(actor, "pk", None) else None)
    validate(baseline, exclude=["created_by"])
    baseline.save()
    rows = []
    tasks = costed_tasks(project)
    costs = project_costs(project, tasks)
    for task in tasks:
        result = schedule.tasks.get(task.pk)
        rows.append(BaselineTask(
            baseline=baseline, task=task, wbs_code=task.wbs_code, name=task.name,
            start=result.start if result else None, finish=result.finish if result else None,
            duration=(Decimal(str(round(result.duration, 2))) if result and result.is_summary
                      else task.duration),
            work=sum((a.work for a in task.assignments.all()), Decimal("0")),
            cost=Decimal(str(round(costs.assignment_cost(str(task.pk)), 2))),
            fixed_cost=sum((f.amount for f in task.fixed_costs.all()), Decimal("0")),
        ))
    BaselineTask.objects.bulk_create(rows)
    inputs_changed(projects=[project])
    return baseline


@transaction.atomic
def baseline_delete(*, actor: Any, baseline: Baseline) -> None:
    perms.require_change(actor, baseline.project)
    baseline.delete()
    inputs_changed(projects=[baseline.project_id])

