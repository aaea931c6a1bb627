"""A plan file becomes a stored project, in two steps so that a large plan never holds the
database's write lock for long.

1. :func:`import_prepare` checks the actor's right, then turns the document into unsaved rows
   (tasks with their WBS codes, links, calendars, resources, assignments, baselines, costs),
   checking every rule a stored plan obeys: values, unknown parents and tasks, dependency
   cycles. It only reads the database (the pool's calendars and resources, the users), with no
   transaction open: other people keep working while a 20,000-task file is checked.
2. :func:`import_write` writes them in one short transaction: the project, then each kind of
   row in as few statements as the database allows, their history copied from them
   (:mod:`jalon.interchange.bulk`), and raises the project's inputs version once. Its number
   of queries grows with the outline's depth and by one per statement's worth of values
   (about 32,000 on SQLite), not per task.

A refusal in either step leaves nothing behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jalon import io
from jalon.accounts import permissions as perms
from jalon.calendars.models import Calendar
from jalon.calendars.selectors import work_calendar
from jalon.engine.limits import FIRST_DATE, LAST_DATE, MAX_DURATION
from jalon.errors import ValidationFailed
from jalon.interchange.bulk import (
    create_values_with_history,
    create_with_history,
    insert_rows,
    insert_values,
)
from jalon.interchange.calendars import ImportedCalendar, prepare_calendars, write_calendars
from jalon.interchange.costs import ImportedCosts, prepare_costs, write_costs
from jalon.interchange.gc_paused import gc_paused
from jalon.interchange.managers import user_named
from jalon.interchange.risks import import_risks
from jalon.planning.models import Baseline, BaselineTask, Dependency, Task
from jalon.planning.services import check_network
from jalon.portfolios.models import Portfolio, Programme, Project
from jalon.portfolios.services import inputs_changed, project_create
from jalon.resources.models import Assignment, Resource
from jalon.validation import validate

KINDS = {"person": Resource.Kind.PERSON, "equipment": Resource.Kind.EQUIPMENT,
         "material": Resource.Kind.MATERIAL}


@dataclass
class ImportReport:
    """What an import did: the new project, and what it created or had to leave out."""

    project: Project
    created_resources: list[str] = field(default_factory=list)
    reused_calendars: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# A task's values in the order of its columns, then the columns set when it is written.
TASK_VALUES = ("name", "is_milestone", "duration", "optimistic", "most_likely", "pessimistic",
               "constraint_type", "constraint_date", "deadline", "percent_complete",
               "actual_start", "actual_finish", "priority", "notes")
TASK_COLUMNS = (*TASK_VALUES, "project_id", "parent_id", "position", "wbs_code", "calendar_id")
LINK_COLUMNS = ("predecessor_id", "successor_id", "type", "lag", "lag_unit")
ASSIGNMENT_COLUMNS = ("task_id", "resource_id", "units", "work")
BASELINE_TASK_COLUMNS = ("baseline_id", "task_id", "wbs_code", "name", "start", "finish",
                         "duration", "work", "cost")


@dataclass(slots=True)
class TaskRow:
    """A task of the file, checked and not saved: its values as ``TASK_VALUES`` names them,
    its calendar, its place in the outline (parent's id in the file, position, WBS code) and,
    once written, its primary key."""

    ident: str
    values: tuple[Any, ...]
    calendar: Calendar | None
    parent: str | None = None
    position: int = 0
    wbs_code: str = ""
    pk: int | None = None

    @property
    def name(self) -> str:
        return str(self.values[0])


@dataclass
class PreparedImport:
    """A document checked and turned into rows of plain values, ready for :func:`import_write`.

    ``levels`` holds the tasks by outline depth (summaries before their subtasks), each task
    with its parent, position and WBS code already set as the stored plan numbers them. Links,
    assignments and baseline rows name their tasks by their id in the file.
    """

    actor: Any
    document: io.ProjectDocument
    project_fields: dict[str, Any]
    calendars: dict[str, ImportedCalendar]
    rows: dict[str, TaskRow]
    levels: list[list[TaskRow]]
    links: list[tuple[str, str, str, Decimal, str]]
    resources: list[Resource]
    assignments: list[tuple[str, Resource, Decimal, Decimal]]
    baselines: list[tuple[Baseline, list[tuple[Any, ...]]]]
    costs: ImportedCosts
    warnings: list[str]


# --- step 1: check, with no transaction open ---------------------------------------------------

def _date(value: Any, task: io.TaskDef, what: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    raise ValidationFailed(
        _("Task “%(task)s”: %(field)s is given in working days, but the project has no start "
          "date to turn it into a date.") % {"task": task.name or task.id, "field": what},
        field="file",
    )


def _decimal(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))


_ZERO, _MOST = Decimal(0), Decimal(MAX_DURATION)
_CONSTRAINTS = frozenset(Task.Constraint.values)
_UNDATED = frozenset({"ASAP", "ALAP"})


def _plainly_valid(values: tuple[Any, ...]) -> bool:
    """Whether a task's values obey every rule its model checks (the fields' types, limits,
    choices and validators, and ``Task.clean``), tested on the values directly: a few
    comparisons instead of a model object and its ``full_clean``. False also for values these
    tests do not settle (another type, a number that is not finite): the model then decides.

    Durations come as ``Decimal(str(round(x, 2)))``: at most two decimal places, and within
    ``_MOST`` at most nine digits.
    """
    (name, milestone, duration, optimistic, most_likely, pessimistic, constraint_type,
     constraint_date, deadline, percent, actual_start, actual_finish, priority, notes) = values
    dates = (constraint_date, deadline, actual_start, actual_finish)
    return bool(
        type(name) is str and name and type(notes) is str and type(milestone) is bool
        and duration.is_finite() and _ZERO <= duration <= _MOST
        and (optimistic is None
             or (optimistic.is_finite() and most_likely.is_finite() and pessimistic.is_finite()
                 and _ZERO <= optimistic <= most_likely <= pessimistic <= _MOST))
        and constraint_type in _CONSTRAINTS
        and (constraint_date is not None or constraint_type in _UNDATED)
        and all(d is None or (type(d) is date and FIRST_DATE <= d <= LAST_DATE) for d in dates)
        and type(percent) is int and 0 <= percent <= 100
        and type(priority) is int and 0 <= priority <= 1000
        and (actual_finish is None
             or (percent == 100 and (actual_start is None or actual_start <= actual_finish))))


def _checked_by_model(values: tuple[Any, ...], calendar: Calendar | None) -> tuple[Any, ...]:
    """The values as the task model cleans them, or its first problem, naming the task."""
    row = Task(**dict(zip(TASK_VALUES, values, strict=True)), calendar=calendar)
    try:
        # A task has no unique field, and its constraints repeat its validators and clean();
        # its calendar is the file's. Checking them in the database would cost queries per task.
        validate(row, exclude=["project", "parent", "position", "wbs_code", "calendar"],
                 database=False)
    except ValidationFailed as exc:
        raise ValidationFailed(
            _("Task “%(task)s”: %(problem)s") % {"task": row.name, "problem": exc.message},
            field="file",
        ) from None
    return tuple(getattr(row, name) for name in TASK_VALUES)


def _task_row(task: io.TaskDef, calendar: Calendar | None) -> TaskRow:
    estimates = (task.optimistic, task.most_likely, task.pessimistic)
    optimistic = most_likely = pessimistic = None
    if None not in estimates:
        optimistic, most_likely, pessimistic = (
            _decimal(e) for e in estimates  # type: ignore[arg-type]
        )
    constraint_date = _date(task.constraint_date, task, "the constraint date")
    deadline = _date(task.deadline, task, "the deadline")
    actual_start = _date(task.actual_start, task, "the actual start")
    actual_finish = _date(task.actual_finish, task, "the actual finish")
    values = ((task.name or task.id)[:250], task.milestone and not task.duration,
              _decimal(task.duration), optimistic, most_likely, pessimistic,
              task.constraint_type,
              None if task.constraint_type in _UNDATED else constraint_date, deadline,
              round(task.percent_complete), actual_start, actual_finish,
              min(max(task.priority, 0), 1000), task.notes)
    if not _plainly_valid(values):
        values = _checked_by_model(values, calendar)
    return TaskRow(task.id, values, calendar)


def _outline(document: io.ProjectDocument, rows: dict[str, TaskRow]) -> list[list[TaskRow]]:
    """Set each task's parent, position and WBS code (siblings in the file's order, numbered
    1, 1.1, 1.2, 2... as ``planning.services.renumber`` numbers them) and return the tasks by
    depth, summaries first."""
    children: dict[str | None, list[str]] = {}
    for task in document.tasks:
        if task.parent is not None and task.parent not in rows:
            raise ValidationFailed(_("Task “%(task)s”: unknown parent %(parent)s.")
                                   % {"task": task.name, "parent": task.parent}, field="file")
        children.setdefault(task.parent, []).append(task.id)
    levels: list[list[TaskRow]] = []
    level: list[tuple[str | None, str]] = [(None, "")]
    while level:
        found: list[TaskRow] = []
        below: list[tuple[str | None, str]] = []
        for parent, prefix in level:
            for position, ident in enumerate(children.get(parent, []), start=1):
                row = rows[ident]
                row.parent = parent
                row.position, row.wbs_code = position, f"{prefix}{position}"
                found.append(row)
                below.append((ident, f"{row.wbs_code}."))
        if found:
            levels.append(found)
        level = below
    if sum(map(len, levels)) < len(rows):  # the rest hang under each other, never a root
        lost = next(t for t in document.tasks if not rows[t.id].wbs_code)
        raise ValidationFailed(_("Task “%(task)s”: unknown parent %(parent)s.")
                               % {"task": lost.name, "parent": lost.parent}, field="file")
    return levels


def _links(document: io.ProjectDocument, rows: dict[str, TaskRow],
           code: str) -> list[tuple[str, str, str, Decimal, str]]:
    links = []
    for link in document.links:
        if link.predecessor not in rows or link.successor not in rows:
            raise ValidationFailed(
                _("A link names an unknown task (%(a)s → %(b)s).")
                % {"a": link.predecessor, "b": link.successor}, field="file")
        links.append((link.predecessor, link.successor, link.type, _decimal(link.lag),
                      link.lag_unit))
    # The rules planning.services.check_plan applies once a plan is stored; a file's links
    # stay inside the new project, so its own network is the whole story.
    check_network(parent_of={task.id: task.parent for task in document.tasks},
                  labels=lambda: {ident: f"{code} {row.wbs_code} {row.name}"
                                  for ident, row in rows.items()},
                  links=[(link.predecessor, link.successor) for link in document.links])
    return links


def _manager_fields(document: io.ProjectDocument) -> tuple[dict[str, Any], list[str]]:
    """The project's manager as the file names them: the Jalon user of that name, login or
    e-mail address, else the name kept in the description, with a warning that says so."""
    if not document.manager:
        return {}, []
    user = user_named(document.manager)
    if user is not None:
        return {"project_manager": user}, []
    warning = _("The file names “%(name)s” as the project manager, who is not one Jalon user: "
                "the name is kept in the project's description; choose the manager on the "
                "project.") % {"name": document.manager}
    return {"description": _("Project manager in the imported file: %(name)s")
            % {"name": document.manager}}, [warning]


def _resources(actor: Any, document: io.ProjectDocument,
               warnings: list[str]) -> tuple[dict[str, Resource | None], list[Resource]]:
    """Each of the file's resources as the pool's of that name, or a new one (coded when
    written) when the actor may change the pool, or None (its assignments left out)."""
    pool = {r.name.casefold(): r for r in Resource.objects.all()}
    may_create = perms.can_manage_pool(actor)
    resources: dict[str, Resource | None] = {}
    new: list[Resource] = []
    for definition in document.resources:
        label = definition.name or definition.id
        resource = pool.get(label.casefold())
        if resource is None and may_create:
            resource = Resource(code=definition.id[:30], name=label[:200],
                                kind=KINDS.get(definition.kind, "person"),
                                standard_rate=Decimal(str(round(definition.standard_rate, 2))),
                                cost_per_use=Decimal(str(round(definition.cost_per_use, 2))),
                                capacity=Decimal(str(round(definition.max_units, 2))))
            validate(resource, exclude=["code"])  # the code is made unique when written
            pool[label.casefold()] = resource
            new.append(resource)
        elif resource is None:
            warnings.append(
                _("%(name)s is not in the resource pool: its assignments were left out.")
                % {"name": label})
        resources[definition.id] = resource
    return resources, new


def _assignments(document: io.ProjectDocument, rows: dict[str, TaskRow],
                 resources: dict[str, Resource | None], hours_per_day: float
                 ) -> list[tuple[str, Resource, Decimal, Decimal]]:
    """The file's assignments of known tasks and resources (task's id in the file, resource,
    units, hours of work); a task takes a resource once (the file's first assignment of it)."""
    assignments: dict[tuple[str, int], tuple[str, Resource, Decimal, Decimal]] = {}
    for assignment in document.assignments:
        resource = resources.get(assignment.resource)
        task = rows.get(assignment.task)
        if resource is None or task is None or (assignment.task, id(resource)) in assignments:
            continue
        work = assignment.work
        if work is None:
            work = float(task.values[2]) * hours_per_day
        assignments[(assignment.task, id(resource))] = (
            assignment.task, resource, _decimal(max(assignment.units, 0.01)),
            _decimal(max(work, 0.0)))
    return list(assignments.values())


def _baselines(actor: Any, document: io.ProjectDocument, rows: dict[str, TaskRow]
               ) -> list[tuple[Baseline, list[tuple[Any, ...]]]]:
    """Each baseline, with its tasks' rows as ``BASELINE_TASK_COLUMNS`` names them after the
    first (the baseline's): the task's id in the file instead of its key."""
    created_by = actor if getattr(actor, "pk", None) else None
    baselines = []
    for name, values in document.baselines.items():
        baseline = Baseline(name=name[:100], created_by=created_by)
        baselines.append((baseline, [
            (task_id, rows[task_id].wbs_code, rows[task_id].name, v.start, v.finish,
             _decimal(v.duration or 0), _decimal(v.work or 0), _decimal(v.cost or 0))
            for task_id, v in values.items() if task_id in rows
        ]))
    return baselines


def require_import_right(*, actor: Any, portfolio: Portfolio | None,
                         programme: Programme | None) -> None:
    """Refuse an import into neither a portfolio nor a programme, or by someone who may not
    add projects to it: checked before the file is read, so that a refused user's file is
    never parsed."""
    if programme is None and portfolio is None:
        raise ValidationFailed(_("Give a portfolio or a programme."), field="portfolio")
    perms.require_change(actor, programme if programme is not None else portfolio)


@gc_paused()
def import_prepare(*, actor: Any, document: io.ProjectDocument, code: str,
                   portfolio: Portfolio | None = None, programme: Programme | None = None,
                   name: str | None = None) -> PreparedImport:
    """Check ``document`` as a new project ``code`` and turn it into unsaved rows, reading the
    database only (no transaction). Raises as :func:`project_import` does, the right first."""
    require_import_right(actor=actor, portfolio=portfolio, programme=programme)
    manager, warnings = _manager_fields(document)
    status_date = document.status_date if isinstance(document.status_date, date) else None
    calendars = prepare_calendars(document.calendars)
    project_calendar = calendars.get(document.calendar) if document.calendar else None
    rows = {task.id: _task_row(task, calendars[task.calendar].calendar
                               if task.calendar in calendars else None)
            for task in document.tasks}
    levels = _outline(document, rows)
    links = _links(document, rows, code)
    resources, new_resources = _resources(actor, document, warnings)
    # as work_calendar gives it, without reading a calendar that is not stored yet
    hours = (float(project_calendar.calendar.hours_per_day) if project_calendar is not None
             else work_calendar(None).hours_per_day)
    return PreparedImport(
        actor=actor, document=document,
        project_fields={"portfolio": portfolio, "programme": programme, "code": code,
                        "name": (name or document.name or code)[:200],
                        "planned_start": document.start, "status_date": status_date,
                        "constraints_before_start": document.constraints_before_start,
                        **({"status": document.status} if document.status else {}), **manager},
        calendars=calendars, rows=rows, levels=levels, links=links, resources=new_resources,
        assignments=_assignments(document, rows, resources, hours),
        baselines=_baselines(actor, document, rows),
        costs=prepare_costs(document, rows, day=status_date or document.start),
        warnings=warnings)


# --- step 2: write, in one short transaction ---------------------------------------------------

def _code_resources(resources: list[Resource], project: Project) -> None:
    """Code each new resource ``PROJECT-ID`` (cut to 30 characters), numbered when taken."""
    taken = set(Resource.objects.values_list("code", flat=True))
    for resource in resources:
        code, n = f"{project.code}-{resource.code}"[:30], 1
        while code in taken:
            n += 1
            code = f"{code[:26]}-{n}"
        taken.add(code)
        resource.code = code


@gc_paused()
@transaction.atomic
def import_write(prepared: PreparedImport) -> ImportReport:
    """Write a prepared import: the project, its calendars, tasks, links, resources,
    assignments, baselines, costs and risks, in one transaction. The tasks' keys are set on
    ``prepared.rows``."""
    actor = prepared.actor
    project = project_create(actor=actor, **prepared.project_fields)
    report = ImportReport(project, warnings=prepared.warnings)
    write_calendars(prepared.calendars.values(), project, actor=actor)
    report.reused_calendars = [c.calendar.name for c in prepared.calendars.values()
                               if not c.created]
    project_calendar = prepared.calendars.get(prepared.document.calendar or "")
    if project_calendar is not None:
        project.calendar = project_calendar.calendar
        project.save(update_fields=["calendar"])

    keys: dict[str, int] = {}
    for level in prepared.levels:  # summaries first: their subtasks need their keys
        written = create_values_with_history(Task, TASK_COLUMNS, [
            (*row.values, project.pk, keys[row.parent] if row.parent is not None else None,
             row.position, row.wbs_code, row.calendar.pk if row.calendar is not None else None)
            for row in level], actor=actor)
        for row, key in zip(level, written, strict=True):
            row.pk = keys[row.ident] = key
    create_values_with_history(Dependency, LINK_COLUMNS, [
        (keys[predecessor], keys[successor], kind, lag, unit)
        for predecessor, successor, kind, lag, unit in prepared.links], actor=actor)
    _code_resources(prepared.resources, project)
    create_with_history(Resource, prepared.resources, actor=actor)
    report.created_resources = [r.name for r in prepared.resources]
    create_values_with_history(Assignment, ASSIGNMENT_COLUMNS, [
        (keys[task], resource.pk, units, work)
        for task, resource, units, work in prepared.assignments], actor=actor)
    for baseline, _tasks in prepared.baselines:
        baseline.project = project
    insert_rows(Baseline, [b for b, _tasks in prepared.baselines])  # no history kept
    insert_values(BaselineTask, BASELINE_TASK_COLUMNS, [
        (baseline.pk, keys[task], *values)
        for baseline, rows in prepared.baselines for task, *values in rows])
    write_costs(prepared.costs, project, keys, actor=actor)
    report.warnings.extend(prepared.costs.warnings)
    if prepared.document.risks:
        hit = {task for event in prepared.document.risks for task in event.tasks}
        stored = Task.objects.in_bulk([keys[task] for task in hit if task in keys])
        import_risks(prepared.document, project,
                     {task: stored[keys[task]] for task in hit if task in keys}, actor=actor)
    inputs_changed(projects=[project])
    return report


def project_import(*, actor: Any, document: io.ProjectDocument, code: str,
                   portfolio: Portfolio | None = None, programme: Programme | None = None,
                   name: str | None = None) -> ImportReport:
    """Create a project from a document: its manager and status, outline, links, calendars,
    assignments, baselines, fixed and actual costs, risks.

    The programme, when given, puts the project in it (and in its portfolio). Resources are
    matched by name in the shared pool; missing ones are created (with the file's rates) when
    the actor may change the pool, otherwise their assignments are left out and reported. A
    calendar identical to one of the pool is that one; any other is created and belongs to the
    project (deleted with it). The document is checked first with no transaction open, then
    written in one short transaction (:func:`import_prepare`, :func:`import_write`). Any error
    leaves nothing behind.
    """
    return import_write(import_prepare(actor=actor, document=document, code=code,
                                       portfolio=portfolio, programme=programme, name=name))
