"""Projects in and out of files: a :class:`jalon.io.ProjectDocument` (read from MS Project XML,
a Jalon JSON/YAML file, PSPLIB or MPXJ formats) becomes a stored project, and a stored project
becomes a document to write. The file formats themselves live in :mod:`jalon.io`."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from jalon import io
from jalon.accounts import permissions as perms
from jalon.accounts.people import name_of
from jalon.calendars.models import Calendar
from jalon.calendars.selectors import work_calendar
from jalon.errors import ValidationFailed
from jalon.interchange.gc_paused import gc_paused
from jalon.interchange.plan_import import (
    ImportReport,
    import_prepare,
    import_write,
    project_import,
    require_import_right,
)
from jalon.planning.models import Baseline, Dependency, Task
from jalon.planning.scheduling import naming_errors
from jalon.portfolios.models import Project
from jalon.resources.models import Assignment

IMPORT_SUFFIXES = (".xml", ".json", ".yaml", ".yml", ".sm", ".mpp", ".mpx", ".xer", ".pod",
                   ".gan", ".planner", ".pp")


def read_upload(*, name: str, content: bytes) -> io.ProjectDocument:
    """Read an uploaded file (its format from its name) with the safe readers of ``jalon.io``."""
    suffix = Path(name).suffix.lower()
    if suffix not in IMPORT_SUFFIXES:
        raise ValidationFailed(
            _("%(name)s: unsupported file type; use MS Project XML (.xml), a Jalon file "
              "(.json, .yaml) or PSPLIB (.sm).") % {"name": name},
            field="file",
        )
    with tempfile.TemporaryDirectory() as folder, gc_paused():
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        try:
            return io.load_document(path)
        except ValidationFailed as exc:
            # Name the user's file, never the server's temporary folder.
            message = exc.message.replace(str(path), name).replace(path.name, name)
            raise ValidationFailed(message, field="file") from None


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


__all__ = ["ImportReport", "export_bytes", "import_prepare", "import_write",
           "project_document", "project_import", "read_upload", "require_import_right"]
