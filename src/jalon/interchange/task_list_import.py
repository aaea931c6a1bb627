"""A plan imported from a task list (CSV or XLSX, read by :mod:`jalon.interchange.task_list`)
into a new project, or into an existing project whose plan is still empty.

All or nothing, as the cost import: the file is read and every row checked before the
database is touched; a single bad row refuses the whole file with a report naming each
problem's row and column. Then the tasks, links and assignments are written in bulk in one
short transaction.

Into an existing project, only an empty plan is filled: appending under the existing tasks
would shift every WBS code of the file, and a file imported twice would double the plan;
replacing the tasks would lose the progress, costs and time recorded against them. A project
that has tasks refuses the file and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jalon.accounts import permissions as perms
from jalon.errors import ValidationFailed
from jalon.interchange.task_list import ListedTask, TaskList, column_label, parse_task_list
from jalon.io.tables import Column, Kind, Table
from jalon.planning.models import Dependency, Task
from jalon.portfolios.models import Portfolio, Programme, Project
from jalon.portfolios.services import inputs_changed, project_create
from jalon.resources.models import Assignment, Resource
from jalon.resources.services import default_work
from jalon.tabular import ImportFailed, RowProblem

__all__ = ["TaskListImport", "TaskListImportFailed", "project_from_task_list",
           "task_list_import", "task_list_template"]


class TaskListImportFailed(ImportFailed):
    """The task list has bad rows (see :class:`jalon.tabular.ImportFailed`); nothing was saved."""


@dataclass(frozen=True)
class TaskListImport:
    """What an import saved: the project, and how many tasks, links and assignments."""

    project: Project
    tasks: int
    links: int
    assignments: int


# Model fields as the file's columns name them, for a problem a task's own rules find.
_COLUMN_OF_FIELD = {"name": "name", "duration": "duration", "percent_complete": "percent",
                    "actual_start": "actual_start", "actual_finish": "actual_finish",
                    "constraint_date": "start", "is_milestone": "milestone"}


def _pool() -> dict[str, Resource]:
    """Every resource by its name and by its code, case-folded (a name wins over a code)."""
    resources = list(Resource.objects.select_related("calendar"))
    pool = {r.code.casefold(): r for r in resources}
    pool.update({r.name.casefold(): r for r in resources})
    return pool


def _read(name: str, content: bytes) -> TaskList:
    parsed = parse_task_list(name=name, content=content, pool=_pool())
    if not parsed.problems and not parsed.tasks:
        parsed.problems.append(RowProblem(2, _("file"), _("The file has no task rows.")))
    if parsed.problems:
        raise TaskListImportFailed(parsed.problems)
    return parsed


def _driven(tasks: list[ListedTask], index: int) -> bool:
    """Whether the task, or one of its summaries, has a predecessor (its start follows it)."""
    node: int | None = index
    while node is not None:
        if tasks[node].links:
            return True
        node = tasks[node].parent
    return False


def _task_rows(parsed: TaskList, project: Project) -> list[Task]:
    """The unsaved tasks (parents set after they are saved); a task's own rules checked."""
    tasks, problems = parsed.tasks, []
    start = project.planned_start
    positions: dict[int | None, int] = {}
    rows: list[Task] = []
    for index, listed in enumerate(tasks):
        positions[listed.parent] = positions.get(listed.parent, 0) + 1
        row = Task(project=project, name=listed.name, wbs_code=listed.wbs,
                   position=positions[listed.parent], is_milestone=listed.milestone,
                   duration=listed.duration or Decimal("0"),
                   percent_complete=listed.percent_complete, actual_start=listed.actual_start,
                   actual_finish=listed.actual_finish)
        # As MS Project: a start typed on a task that nothing drives holds it there.
        if (listed.start is not None and not listed.summary and not _driven(tasks, index)
                and (start is None or listed.start > start)):
            if start is None:
                problems.append(RowProblem(listed.row, column_label("start"), _(
                    "the project has no start date: give it one before importing dates.")))
            row.constraint_type, row.constraint_date = Task.Constraint.SNET, listed.start
        try:
            # The constraints repeat clean()'s rules and would cost a query per task.
            row.full_clean(exclude=["project", "parent", "calendar"], validate_unique=False,
                           validate_constraints=False)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                problems.extend(RowProblem(listed.row, column_label(
                    _COLUMN_OF_FIELD.get(field, "name")), message) for message in messages)
        rows.append(row)
    if problems:
        raise TaskListImportFailed(problems)
    return rows


def _write(parsed: TaskList, rows: list[Task]) -> TaskListImport:
    """Save the tasks, their links and assignments (in the caller's transaction)."""
    project = rows[0].project
    Task.objects.bulk_create(rows)
    for listed, row in zip(parsed.tasks, rows, strict=True):
        if listed.parent is not None:
            row.parent = rows[listed.parent]
    Task.objects.bulk_update([r for r in rows if r.parent is not None], ["parent"])
    links = [Dependency(predecessor=rows[link.predecessor], successor=row, type=link.type,
                        lag=link.lag)
             for listed, row in zip(parsed.tasks, rows, strict=True) for link in listed.links]
    Dependency.objects.bulk_create(links)
    assignments = [Assignment(task=row, resource=resource, units=units,
                              work=default_work(row, resource, units))
                   for listed, row in zip(parsed.tasks, rows, strict=True)
                   for resource, units in listed.resources]
    Assignment.objects.bulk_create(assignments)
    inputs_changed(projects=[project])
    return TaskListImport(project, len(rows), len(links), len(assignments))


def _refuse_a_plan(project: Project) -> None:
    count = Task.objects.filter(project=project).count()
    if count:
        raise ValidationFailed(
            ngettext("%(project)s already has %(count)s task: a task list is imported into a new "
                     "project or a project without tasks.",
                     "%(project)s already has %(count)s tasks: a task list is imported into a "
                     "new project or a project without tasks.", count)
            % {"project": project.code, "count": count},
            field="file")


def task_list_import(*, actor: Any, project: Project, file_name: str,
                     content: bytes) -> TaskListImport:
    """Fill the empty plan of ``project`` with the task list in ``content`` (a CSV or XLSX
    file called ``file_name``): all of its rows, or none.

    Raises
    ------
    PermissionDenied
        The actor may not change the project's plan.
    ValidationFailed
        The project already has tasks (field ``file``).
    TaskListImportFailed
        Some rows are bad: the report names every one; nothing is saved.
    """
    perms.require_change(actor, project)
    _refuse_a_plan(project)
    parsed = _read(file_name, content)
    rows = _task_rows(parsed, project)
    with transaction.atomic():
        _refuse_a_plan(project)  # again, in case someone added a task meanwhile
        return _write(parsed, rows)


def project_from_task_list(*, actor: Any, file_name: str, content: bytes, code: str,
                           name: str | None = None, portfolio: Portfolio | None = None,
                           programme: Programme | None = None) -> TaskListImport:
    """Create project ``code`` in ``programme`` (or directly in ``portfolio``) with the plan of
    the task list in ``content``. Its start is the earliest start in the file, if any (else
    the project is planned in working days from its start, without dates).

    Raises as :func:`task_list_import`, and as ``portfolios.services.project_create`` for the
    project itself.
    """
    container = programme if programme is not None else portfolio
    if container is not None:
        perms.require_change(actor, container)  # before reading anything
    parsed = _read(file_name, content)
    starts = [t.start for t in parsed.tasks if t.start is not None]
    project = Project(code=code, planned_start=min(starts) if starts else None)
    rows = _task_rows(parsed, project)
    with transaction.atomic():
        project = project_create(actor=actor, portfolio=portfolio, programme=programme,
                                 code=code, name=(name or code)[:200],
                                 planned_start=project.planned_start)
        for row in rows:
            row.project = project
        return _write(parsed, rows)


def task_list_template() -> Table:
    """The downloadable template: the columns the import reads most (in the reader's language)
    and two example rows, a task then a milestone two days after it (imported as they are,
    they make a plan)."""
    columns = [Column(column_label(c), kind) for c, kind in (
        ("id", Kind.INTEGER), ("wbs", Kind.TEXT), ("name", Kind.TEXT),
        ("duration", Kind.TEXT), ("predecessors", Kind.TEXT), ("resources", Kind.TEXT),
        ("start", Kind.DATE), ("percent", Kind.PERCENT), ("milestone", Kind.TEXT))]
    return Table(_("Tasks"), columns, [
        [1, "1", _("Design"), _("5d"), None, None, None, 0, _("no")],
        [2, "2", _("Design approved"), "0", "1FS+2", None, None, 0, _("yes")],
    ])
