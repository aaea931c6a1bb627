"""Importing a timesheet file: the rows read by ``timesheet_import`` are checked against the
pool, the plans and the importer's rights, then saved — all of them, or none.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.accounts.history import record_created
from jalon.errors import JalonError
from jalon.planning.models import Task
from jalon.portfolios.models import Project
from jalon.resources.models import Resource
from jalon.tabular import ImportFailed, RowProblem
from jalon.timesheets.models import MAX_DAY_HOURS, TimesheetEntry
from jalon.timesheets.services import check_may_enter, day_label, hidden_time, hours_label, who
from jalon.timesheets.timesheet_import import Parsed, parse_timesheet

Status = TimesheetEntry.Status
ZERO = Decimal("0")


class TimesheetImportFailed(ImportFailed):
    """The timesheet file has bad rows (see :class:`jalon.tabular.ImportFailed`); nothing was
    saved."""


@dataclass(frozen=True)
class TimesheetImport:
    """What an import saved: the entries, their hours, and how many went straight to approved
    (projects the importer manages) or to submitted (awaiting the project manager)."""

    entries: list[TimesheetEntry]
    hours: Decimal
    approved: int
    submitted: int


class _Lookups:
    """The projects, tasks and resources a file names, each looked up once."""

    def __init__(self, actor: Any) -> None:
        self.actor = actor
        self.visible = perms.visible_projects(actor)
        self.projects: dict[str, Project | None] = {}
        self.tasks: dict[int, tuple[dict[str, Task], dict[str, Task], set[int]]] = {}
        self.by_code: dict[str, Resource] = {}
        self.by_name: dict[str, list[Resource]] = defaultdict(list)
        for resource in Resource.objects.order_by("pk"):
            self.by_code[resource.code.casefold()] = resource
            self.by_name[resource.name.strip().casefold()].append(resource)
        self.allowed: dict[tuple[int, int], JalonError | None] = {}

    def project(self, code: str) -> Project | None:
        key = code.casefold()
        if key not in self.projects:
            self.projects[key] = self.visible.filter(code__iexact=code).first()
        return self.projects[key]

    def task(self, project: Project, text: str) -> Task | None:
        if project.pk not in self.tasks:
            tasks = list(Task.objects.filter(project=project).select_related("project"))
            parents = {t.parent_id for t in tasks if t.parent_id}
            self.tasks[project.pk] = ({t.wbs_code: t for t in tasks if t.wbs_code},
                                      {str(t.pk): t for t in tasks}, parents)
        by_wbs, by_id, _parents = self.tasks[project.pk]
        return by_wbs.get(text) or by_id.get(text)

    def is_summary(self, task: Task) -> bool:
        return task.pk in self.tasks[task.project_id][2]

    def resource(self, text: str) -> tuple[Resource | None, str]:
        found = self.by_code.get(text.casefold())
        if found is not None:
            return found, ""
        named = self.by_name.get(text.casefold(), [])
        if len(named) == 1:
            return named[0], ""
        if named:
            return None, _("several resources are called “%(name)s”: give the code.") % {
                "name": text}
        return None, _("no resource with the code or name “%(name)s”.") % {"name": text}

    def may_enter(self, resource: Resource, task: Task) -> JalonError | None:
        key = (resource.pk, task.pk)
        if key not in self.allowed:
            try:
                check_may_enter(self.actor, resource, task)
                self.allowed[key] = None
            except JalonError as exc:
                self.allowed[key] = exc
        return self.allowed[key]


def timesheet_entries_import(*, actor: Any, name: str, content: bytes,
                             project: Project | None = None) -> TimesheetImport:
    """Add the timesheet rows of a CSV or XLSX file — all of them, or none.

    With ``project`` the file is imported into that project (its project column may be left
    out); without, each row names its project. Entries on projects the importer may change go
    straight to approved; the others (a team member importing their own time) to submitted.
    Each is valued at the resource's current standard rate.

    The right on ``project`` is checked before the file is read, and the file is read with no
    transaction open; its rows are checked against the plans and the time already recorded,
    and saved, in one transaction.

    Raises
    ------
    TimesheetImportFailed
        Some rows are bad: the report names every one (row, column, message); nothing is saved.
    """
    if project is not None:
        perms.require_view(actor, project)
    parsed = parse_timesheet(name=name, content=content)
    with transaction.atomic():
        return _import_rows(actor, parsed, project)


def _import_rows(actor: Any, parsed: Parsed, project: Project | None) -> TimesheetImport:
    """Check the rows of a read file and save them (in the caller's transaction)."""
    problems = list(parsed.problems)
    if not problems and project is None and not parsed.has_project_column:
        problems.append(RowProblem(1, "project", _(
            "missing column: name the project of each row, or import from the project's page.")))
    if problems and any(p.row == 1 for p in problems):
        raise TimesheetImportFailed(problems)
    look = _Lookups(actor)
    rows: list[tuple[int, Resource, Task, date, Decimal, str]] = []
    seen: dict[tuple[int, int, date], int] = {}
    for row in parsed.rows:
        target = project
        if row.project:
            target = look.project(row.project)
            if target is None:
                problems.append(RowProblem(row.row, "project", _(
                    "no project with the code “%(code)s” (or you may not see it).")
                    % {"code": row.project}))
                continue
            if project is not None and target.pk != project.pk:
                problems.append(RowProblem(row.row, "project", _(
                    "this file is imported into %(project)s, not %(other)s.")
                    % {"project": project.code, "other": target.code}))
                continue
        if target is None:
            problems.append(RowProblem(row.row, "project", _("the project is missing.")))
            continue
        resource, message = look.resource(row.resource)
        if resource is None:
            problems.append(RowProblem(row.row, "resource", message))
        task = look.task(target, row.task)
        if task is None:
            problems.append(RowProblem(row.row, "task", _(
                "no task with the WBS code “%(task)s” in %(project)s.")
                % {"task": row.task, "project": target.code}))
        if resource is None or task is None:
            continue
        refusal = look.may_enter(resource, task)
        if refusal is not None:
            problems.append(RowProblem(row.row, refusal.field or "resource", refusal.message))
            continue
        if resource.kind == Resource.Kind.MATERIAL:
            problems.append(RowProblem(row.row, "resource", _(
                "%(name)s is a material: record time for people and equipment only.")
                % {"name": resource.name}))
            continue
        if look.is_summary(task):
            problems.append(RowProblem(row.row, "task", _(
                "“%(task)s” is a summary task: record time on its subtasks.") % {"task": task}))
            continue
        key = (resource.pk, task.pk, row.date)
        if key in seen:
            problems.append(RowProblem(row.row, "date", _(
                "row %(other)s already gives time for the same resource, task and day.")
                % {"other": seen[key]}))
            continue
        seen[key] = row.row
        rows.append((row.row, resource, task, row.date, row.hours, row.note))

    if rows:
        days = {r[3] for r in rows}
        resource_ids = {r[1].pk for r in rows}
        taken = set(TimesheetEntry.objects.filter(
            resource_id__in=resource_ids, date__range=(min(days), max(days)),
        ).values_list("resource_id", "task_id", "date"))
        worked: dict[tuple[int, date], Decimal] = defaultdict(Decimal)
        for resource_id, day, total in (TimesheetEntry.objects.filter(
                resource_id__in=resource_ids, date__range=(min(days), max(days)))
                .exclude(status=Status.REJECTED).order_by()
                .values_list("resource_id", "date").annotate(total=Sum("hours"))):
            worked[(resource_id, day)] = total
        hidden = set(hidden_time(actor).filter(
            resource_id__in=resource_ids, date__range=(min(days), max(days)),
        ).values_list("resource_id", "date"))
        rows_of_day: dict[tuple[int, date], list[int]] = defaultdict(list)
        for number, resource, task, day, hours, _note in rows:
            if (resource.pk, task.pk, day) in taken:
                problems.append(RowProblem(number, "date", _(
                    "%(resource)s already has time on “%(task)s” on %(date)s.")
                    % {"resource": resource.name, "task": task, "date": day_label(day)}))
            worked[(resource.pk, day)] += hours
            rows_of_day[(resource.pk, day)].append(number)
            if worked[(resource.pk, day)] > MAX_DAY_HOURS:
                said = {"resource": resource.name, "date": day_label(day),
                        "total": hours_label(worked[(resource.pk, day)]),
                        "rows": ", ".join(map(str, rows_of_day[(resource.pk, day)]))}
                problems.append(RowProblem(number, "hours", _(
                    "%(resource)s would work more than 24 hours on %(date)s (rows %(rows)s), "
                    "counting the time recorded on projects you do not see.") % said
                    if (resource.pk, day) in hidden else _(
                    "%(resource)s would work %(total)s hours on %(date)s (rows %(rows)s): 24 "
                    "hours a day at most.") % said))
    if problems:
        raise TimesheetImportFailed(sorted(problems, key=lambda p: p.row))
    if not rows:
        raise TimesheetImportFailed([RowProblem(2, _("file"), _("The file has no timesheet rows."))])

    now = timezone.now()
    managed: dict[int, bool] = {}
    entries = []
    for _number, resource, task, day, hours, note in rows:
        if task.project_id not in managed:
            managed[task.project_id] = perms.can_change(actor, task.project)
        approved = managed[task.project_id]
        entries.append(TimesheetEntry(
            resource=resource, task=task, date=day, hours=hours, note=note,
            rate=resource.standard_rate, source=TimesheetEntry.Source.IMPORT,
            status=Status.APPROVED if approved else Status.SUBMITTED, created_by=who(actor),
            submitted_at=now, reviewed_by=who(actor) if approved else None,
            reviewed_at=now if approved else None))
    created = TimesheetEntry.objects.bulk_create(entries)
    record_created(TimesheetEntry, created, actor=actor)
    approved_count = sum(1 for e in created if e.status == Status.APPROVED)
    return TimesheetImport(created, sum((e.hours for e in created), ZERO), approved_count,
                           len(created) - approved_count)
