"""Projects in and out of files: a :class:`jalon.io.ProjectDocument` (read from MS Project XML,
a Jalon JSON/YAML file, PSPLIB or MPXJ formats) becomes a stored project, and a stored project
becomes a document to write. The file formats themselves live in :mod:`jalon.io`."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jalon import io
from jalon.accounts import permissions as perms
from jalon.accounts.history import record_created
from jalon.accounts.people import name_of
from jalon.calendars.models import Calendar
from jalon.calendars.selectors import work_calendar
from jalon.errors import ValidationFailed
from jalon.interchange.calendars import import_calendar
from jalon.interchange.costs import import_costs
from jalon.interchange.managers import user_named
from jalon.interchange.risks import import_risks
from jalon.planning.models import (
    Baseline,
    BaselineTask,
    Dependency,
    Task,
)
from jalon.planning.scheduling import naming_errors
from jalon.planning.services import check_plan, renumber
from jalon.portfolios.models import Portfolio, Programme, Project
from jalon.portfolios.services import project_create
from jalon.resources.models import Assignment, Resource
from jalon.validation import validate

KINDS = {"person": Resource.Kind.PERSON, "equipment": Resource.Kind.EQUIPMENT,
         "material": Resource.Kind.MATERIAL}
IMPORT_SUFFIXES = (".xml", ".json", ".yaml", ".yml", ".sm", ".mpp", ".mpx", ".xer", ".pod",
                   ".gan", ".planner", ".pp")


@dataclass
class ImportReport:
    """What an import did: the new project, and what it created or had to leave out."""

    project: Project
    created_resources: list[str] = field(default_factory=list)
    reused_calendars: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_upload(*, name: str, content: bytes) -> io.ProjectDocument:
    """Read an uploaded file (its format from its name) with the safe readers of ``jalon.io``."""
    suffix = Path(name).suffix.lower()
    if suffix not in IMPORT_SUFFIXES:
        raise ValidationFailed(
            _("%(name)s: unsupported file type; use MS Project XML (.xml), a Jalon file "
              "(.json, .yaml) or PSPLIB (.sm).") % {"name": name},
            field="file",
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        try:
            return io.load_document(path)
        except ValidationFailed as exc:
            # Name the user's file, never the server's temporary folder.
            message = exc.message.replace(str(path), name).replace(path.name, name)
            raise ValidationFailed(message, field="file") from None


# --- import -------------------------------------------------------------------------------------

def _date(value: Any, task: io.TaskDef, what: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    raise ValidationFailed(
        _("Task “%(task)s”: %(field)s is given in working days, but the project has no start "
          "date to turn it into a date.") % {"task": task.name or task.id, "field": what},
        field="file",
    )


def _task_row(project: Project, task: io.TaskDef, calendar: Calendar | None) -> Task:
    estimates = (task.optimistic, task.most_likely, task.pessimistic)
    row = Task(
        project=project,
        name=(task.name or task.id)[:250],
        is_milestone=task.milestone and not task.duration,
        duration=Decimal(str(round(task.duration, 2))),
        constraint_type=task.constraint_type,
        constraint_date=_date(task.constraint_date, task, "the constraint date"),
        deadline=_date(task.deadline, task, "the deadline"),
        percent_complete=round(task.percent_complete),
        actual_start=_date(task.actual_start, task, "the actual start"),
        actual_finish=_date(task.actual_finish, task, "the actual finish"),
        calendar=calendar,
        priority=min(max(task.priority, 0), 1000),
        notes=task.notes,
    )
    if None not in estimates:
        row.optimistic, row.most_likely, row.pessimistic = (
            Decimal(str(round(e, 2))) for e in estimates  # type: ignore[arg-type]
        )
    if row.constraint_type in ("ASAP", "ALAP"):
        row.constraint_date = None
    try:
        validate(row, exclude=["project", "parent", "position", "wbs_code"])
    except ValidationFailed as exc:
        raise ValidationFailed(
            _("Task “%(task)s”: %(problem)s") % {"task": row.name, "problem": exc.message},
            field="file",
        ) from None
    return row


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


@transaction.atomic
def project_import(*, actor: Any, document: io.ProjectDocument, code: str,
                   portfolio: Portfolio | None = None, programme: Programme | None = None,
                   name: str | None = None) -> ImportReport:
    """Create a project from a document: its manager and status, outline, links, calendars,
    assignments, baselines, fixed and actual costs, risks.

    The programme, when given, puts the project in it (and in its portfolio). Resources are
    matched by name in the shared pool; missing ones are created (with the file's rates) when
    the actor may change the pool, otherwise their assignments are left out and reported. A
    calendar identical to one of the pool is that one; any other is created and belongs to the
    project (deleted with it). Any error leaves nothing behind.
    """
    manager, warnings = _manager_fields(document)
    status: dict[str, Any] = {"status": document.status} if document.status else {}
    project = project_create(actor=actor, portfolio=portfolio, programme=programme, code=code,
                             name=(name or document.name or code)[:200],
                             planned_start=document.start,
                             status_date=document.status_date
                             if isinstance(document.status_date, date) else None,
                             constraints_before_start=document.constraints_before_start,
                             **status, **manager)
    report = ImportReport(project, warnings=warnings)
    calendars: dict[str, Calendar] = {}
    for definition in document.calendars:
        calendars[definition.id], created = import_calendar(definition, project, actor=actor)
        if not created:
            report.reused_calendars.append(calendars[definition.id].name)
    if document.calendar in calendars:
        project.calendar = calendars[document.calendar]
        project.save(update_fields=["calendar"])

    rows: dict[str, Task] = {}
    positions: dict[str | None, int] = {}
    for task in document.tasks:
        row = _task_row(project, task, calendars.get(task.calendar) if task.calendar else None)
        positions[task.parent] = position = positions.get(task.parent, 0) + 1
        row.position = position
        rows[task.id] = row
    Task.objects.bulk_create(rows.values())
    for task in document.tasks:  # parents exist now
        if task.parent is not None:
            if task.parent not in rows:
                raise ValidationFailed(_("Task “%(task)s”: unknown parent %(parent)s.")
                                       % {"task": task.name, "parent": task.parent}, field="file")
            rows[task.id].parent = rows[task.parent]
    Task.objects.bulk_update([r for r in rows.values() if r.parent_id], ["parent"])
    renumber(project)
    # recorded once the tasks have their parents and WBS codes, as users first see them
    record_created(Task, Task.objects.filter(project=project), actor=actor)

    links = []
    for link in document.links:
        if link.predecessor not in rows or link.successor not in rows:
            raise ValidationFailed(
                _("A link names an unknown task (%(a)s → %(b)s).")
                % {"a": link.predecessor, "b": link.successor}, field="file")
        links.append(Dependency(predecessor=rows[link.predecessor], successor=rows[link.successor],
                                type=link.type, lag=Decimal(str(round(link.lag, 2))),
                                lag_unit=link.lag_unit))
    Dependency.objects.bulk_create(links)
    record_created(Dependency, links, actor=actor)
    check_plan(project)

    _import_assignments(actor, document, project, rows, report)
    _import_baselines(actor, document, project, rows)
    report.warnings.extend(import_costs(document, project, rows, actor=actor))
    import_risks(document, project, rows, actor=actor)
    return report


def _import_assignments(actor: Any, document: io.ProjectDocument, project: Project,
                        rows: dict[str, Task], report: ImportReport) -> None:
    pool = {r.name.casefold(): r for r in Resource.objects.all()}
    may_create = perms.can_manage_pool(actor)
    resources: dict[str, Resource | None] = {}
    for definition in document.resources:
        label = definition.name or definition.id
        resource = pool.get(label.casefold())
        if resource is None and may_create:
            code, n = f"{project.code}-{definition.id}"[:30], 1
            while Resource.objects.filter(code=code).exists():
                n += 1
                code = f"{code[:26]}-{n}"
            resource = Resource(code=code, name=label[:200], kind=KINDS.get(definition.kind, "person"),
                                standard_rate=Decimal(str(round(definition.standard_rate, 2))),
                                cost_per_use=Decimal(str(round(definition.cost_per_use, 2))),
                                capacity=Decimal(str(round(definition.max_units, 2))))
            validate(resource)
            resource.save()
            pool[label.casefold()] = resource
            report.created_resources.append(resource.name)
        elif resource is None:
            report.warnings.append(
                _("%(name)s is not in the resource pool: its assignments were left out.")
                % {"name": label})
        resources[definition.id] = resource
    assignments = []
    for assignment in document.assignments:
        resource = resources.get(assignment.resource)
        task = rows.get(assignment.task)
        if resource is None or task is None:
            continue
        work = assignment.work
        if work is None:
            work = float(task.duration) * work_calendar(project.calendar).hours_per_day
        assignments.append(Assignment(task=task, resource=resource,
                                      units=Decimal(str(round(max(assignment.units, 0.01), 2))),
                                      work=Decimal(str(round(max(work, 0.0), 2)))))
    Assignment.objects.bulk_create(assignments, ignore_conflicts=True)
    # ignore_conflicts leaves the new rows without their keys: read them back
    record_created(Assignment, Assignment.objects.filter(task__project=project), actor=actor)


def _import_baselines(actor: Any, document: io.ProjectDocument, project: Project,
                      rows: dict[str, Task]) -> None:
    for name, values in document.baselines.items():
        baseline = Baseline.objects.create(project=project, name=name[:100],
                                           created_by=actor if getattr(actor, "pk", None) else None)
        BaselineTask.objects.bulk_create(
            BaselineTask(baseline=baseline, task=rows[task_id], wbs_code=rows[task_id].wbs_code,
                         name=rows[task_id].name, start=v.start, finish=v.finish,
                         duration=Decimal(str(round(v.duration or 0, 2))),
                         work=Decimal(str(round(v.work or 0, 2))),
                         cost=Decimal(str(round(v.cost or 0, 2))))
            for task_id, v in values.items() if task_id in rows
        )


# --- export -------------------------------------------------------------------------------------

def _calendar_def(calendar: Calendar) -> io.CalendarDef:
    return io.CalendarDef(id=str(calendar.pk), name=calendar.name, calendar=work_calendar(calendar))


def _costs(project: Project) -> tuple[dict[str, float], dict[str, float], float]:
    """Each task's fixed costs and actual cost, and the actual cost of no task (currency),
    actual costs cumulative to the status date (every cost when there is none), so that
    ``jalon evm`` measures the file as the platform measures the project."""
    # File import and export belong above finance (jalon.interchange in the target layers),
    # where this module is moving; until then finance is imported here, when exporting only.
    from jalon.finance.actuals import actual_costs
    from jalon.planning.costing import project_costs

    costs = project_costs(project)
    fixed = {ident: float(amount) for ident, amount in zip(costs.ids, costs.fixed, strict=True)}
    actual: dict[str, float] = {}
    unallocated = 0.0
    for cost in actual_costs(project, project.status_date):
        if cost.task_id is None:
            unallocated += float(cost.amount)
        else:
            key = str(cost.task_id)
            actual[key] = actual.get(key, 0.0) + float(cost.amount)
    return fixed, actual, unallocated


def project_document(*, user: Any, project: Project) -> io.ProjectDocument:
    """The stored project as a document, ready for any writer of :mod:`jalon.io`, with its
    costs (each task's fixed costs and actual cost, the project's actual cost of no task, and
    baseline costs including the fixed costs the baseline recorded) and its open risks as the
    Monte Carlo simulation draws them. For a user who may not see the project's costs (a team
    member), without rates and costs."""
    from jalon.risks.simulation import risk_events  # above planning too: see _costs

    perms.require_view(user, project)
    fixed, actual, unallocated = _costs(project)
    tasks = list(Task.objects.filter(project=project).select_related("calendar")
                 .order_by("wbs_code", "id"))
    tasks.sort(key=lambda t: [int(part) for part in t.wbs_code.split(".") if part.isdigit()])
    calendars = {c.pk: c for c in [project.calendar, *(t.calendar for t in tasks)] if c}
    assignments = list(Assignment.objects.filter(task__project=project).select_related("resource"))
    resources = {a.resource_id: a.resource for a in assignments}
    children = {t.parent_id for t in tasks if t.parent_id}
    document = io.ProjectDocument(
        name=project.name,
        manager=name_of(project.project_manager),
        status=str(project.status),  # a plain string: YAML cannot write the enumeration
        start=project.planned_start,
        status_date=project.status_date,
        constraints_before_start=project.constraints_before_start,
        calendar=str(project.calendar_id) if project.calendar_id else None,
        calendars=[_calendar_def(c) for c in calendars.values()],
        tasks=[
            io.TaskDef(
                id=str(t.pk), name=t.name, parent=str(t.parent_id) if t.parent_id else None,
                outline_level=t.wbs_code.count(".") + 1, wbs=t.wbs_code,
                duration=float(t.duration), milestone=t.is_milestone, summary=t.pk in children,
                optimistic=float(t.optimistic) if t.optimistic is not None else None,
                most_likely=float(t.most_likely) if t.most_likely is not None else None,
                pessimistic=float(t.pessimistic) if t.pessimistic is not None else None,
                constraint_type=t.constraint_type, constraint_date=t.constraint_date,
                deadline=t.deadline, percent_complete=float(t.percent_complete),
                actual_start=t.actual_start, actual_finish=t.actual_finish,
                calendar=str(t.calendar_id) if t.calendar_id else None, priority=t.priority,
                notes=t.notes, fixed_cost=fixed[str(t.pk)],
                actual_cost=actual.get(str(t.pk), 0.0),
            )
            for t in tasks
        ],
        links=[
            io.LinkDef(str(d.predecessor_id), str(d.successor_id), d.type, float(d.lag), d.lag_unit)
            for d in Dependency.objects.filter(successor__project=project,
                                               predecessor__project=project)
        ],
        resources=[
            io.ResourceDef(id=str(r.pk), name=r.name, kind=r.kind,
                           standard_rate=float(r.standard_rate), cost_per_use=float(r.cost_per_use),
                           max_units=float(r.capacity))
            for r in resources.values()
        ],
        assignments=[
            io.AssignmentDef(task=str(a.task_id), resource=str(a.resource_id), units=float(a.units),
                             work=float(a.work))
            for a in assignments
        ],
        baselines={
            b.name: {
                str(row.task_id): io.BaselineValues(row.start, row.finish, float(row.duration),
                                                    float(row.work),
                                                    float(row.cost + row.fixed_cost))
                for row in b.tasks.all() if row.task_id
            }
            for b in Baseline.objects.filter(project=project).order_by("created_at", "pk")
            .prefetch_related("tasks")
        },
        actual_cost=unallocated,
        risks=risk_events(project),
    )
    return document if perms.can_see_costs(user, project) else _without_money(document)


def _without_money(document: io.ProjectDocument) -> io.ProjectDocument:
    """``document`` with no rate and no cost: the file formats' values for "none given"."""
    return replace(
        document,
        tasks=[replace(t, fixed_cost=0.0, actual_cost=0.0) for t in document.tasks],
        resources=[replace(r, standard_rate=0.0, cost_per_use=0.0) for r in document.resources],
        baselines={name: {task: replace(values, cost=None) for task, values in rows.items()}
                   for name, rows in document.baselines.items()},
        actual_cost=0.0,
    )


@naming_errors()  # the engine knows the exported tasks by their primary keys
def export_bytes(*, user: Any, project: Project, format: str) -> tuple[bytes, str, str]:  # noqa: A002
    """The project written as ``format`` (mspdi, json or yaml): content, MIME type, file name."""
    document = project_document(user=user, project=project)
    if format == "mspdi":
        from jalon.io.mspdi_writer import mspdi_bytes

        # MS Project numbers its baselines 0..10 ("Baseline", "Baseline 1"...): oldest first.
        document.baselines = {
            ("Baseline" if n == 0 else f"Baseline {n}"): values
            for n, values in enumerate(list(document.baselines.values())[:11])
        }
        return mspdi_bytes(document), "application/xml", f"{project.code}.xml"
    if format in ("json", "yaml"):
        from jalon.io.jalon_file import dumps

        mime = "application/json" if format == "json" else "application/yaml"
        return dumps(document, format=format).encode(), mime, f"{project.code}.{format}"
    raise ValidationFailed(_("Unknown export format: %(format)s.") % {"format": format},
                           field="format")


__all__ = ["ImportReport", "export_bytes", "project_document", "project_import",
           "read_upload"]
