"""Reads of timesheets, limited to what the user may see, and the labour actuals finance needs.

A week runs from Monday to Sunday. Hours are worked hours; amounts are hours × the rate
captured on each entry, rounded to the cent per entry, in the resource's currency.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from jalon.accounts import permissions as perms
from jalon.planning.models import Task
from jalon.portfolios.models import Project
from jalon.querying import get_visible
from jalon.resources.models import Resource
from jalon.timesheets.models import TimesheetEntry, amount_of

Status = TimesheetEntry.Status
ACTIVE_PROJECTS = (Project.Status.APPROVED, Project.Status.IN_PROGRESS)
CLOSED_PROJECTS = (Project.Status.CLOSED, Project.Status.CANCELLED)
ZERO = Decimal("0")


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def week_days(day: date) -> list[date]:
    """Monday to Sunday of ``day``'s week."""
    start = week_start(day)
    return [start + timedelta(days=i) for i in range(7)]


def wbs_key(task: Task) -> tuple[Any, ...]:
    """Tasks in WBS order (1.2 before 1.10), then by id."""
    parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p)
                  for p in (task.wbs_code or "").split("."))
    return (parts, task.pk)


def own_resource(*, user: Any) -> Resource | None:
    """The resource of the pool linked to ``user``'s account, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Resource.objects.filter(user=user).first()


def project_team(*, project: Project) -> QuerySet[Resource]:
    """The people and equipment assigned to the project's tasks (materials log no time)."""
    return (Resource.objects.filter(assignments__task__project=project)
            .exclude(kind=Resource.Kind.MATERIAL).distinct().order_by("name"))


def timesheet_list(*, user: Any, project: Project | None = None) -> QuerySet[TimesheetEntry]:
    """Entries on the projects the user may see (of one of them), newest first. The page and
    the API filter them with ``jalon.timesheets.filters.TimesheetFilter``."""
    qs = TimesheetEntry.objects.filter(
        task__project__in=perms.visible_projects(user)
    ).select_related("resource", "task__project", "reviewed_by")
    if project is not None:
        qs = qs.filter(task__project=project)
    return qs.order_by("-date", "resource__name", "task__wbs_code", "id")


def timesheet_get(*, user: Any, pk: Any) -> TimesheetEntry:
    return get_visible(timesheet_list(user=user), pk)


def labour_actuals(*, project: Project, until: date) -> list[tuple[date, Decimal, int]]:
    """The approved time of ``project`` dated on or before ``until``, as actual costs.

    One ``(date, amount, task_id)`` per day and task, by date; ``amount`` is the sum of the
    entries' hours × captured hourly rate (each rounded to the cent), in the resources'
    currency. Drafts, submitted and rejected entries are not costs yet. No permission is
    checked: finance calls it for a project whose figures the user may already see.
    """
    totals: dict[tuple[date, int], Decimal] = defaultdict(Decimal)
    rows = (TimesheetEntry.objects
            .filter(task__project=project, status=Status.APPROVED, date__lte=until)
            .order_by().values_list("date", "task_id", "hours", "rate"))
    for day, task_id, hours, rate in rows:
        totals[(day, task_id)] += amount_of(hours, rate)
    return [(day, amount, task_id) for (day, task_id), amount in sorted(totals.items())]


# --- totals --------------------------------------------------------------------------------------

@dataclass
class StatusTotal:
    status: str
    label: str
    entries: int = 0
    hours: Decimal = ZERO
    amount: Decimal = ZERO


@dataclass
class TimesheetTotals:
    """Hours and amounts of a set of entries, per status and in all."""

    by_status: list[StatusTotal]
    hours: Decimal = ZERO
    amount: Decimal = ZERO

    def of(self, status: str) -> StatusTotal:
        return next(t for t in self.by_status if t.status == status)


def totals_of(entries: Any) -> TimesheetTotals:
    """Totals of ``entries`` (a queryset or a list of entries)."""
    rows = {value: StatusTotal(value, str(label)) for value, label in Status.choices}
    values: Iterable[tuple[str, Decimal, Decimal]]
    if isinstance(entries, QuerySet):
        values = entries.order_by().values_list("status", "hours", "rate")
    else:
        values = [(e.status, e.hours, e.rate) for e in entries]
    for status, hours, rate in values:
        row = rows[status]
        row.entries += 1
        row.hours += hours
        row.amount += amount_of(hours, rate)
    by_status = list(rows.values())
    return TimesheetTotals(by_status, sum((r.hours for r in by_status), ZERO),
                           sum((r.amount for r in by_status), ZERO))


# --- a resource's week ---------------------------------------------------------------------------

@dataclass
class GridCell:
    """One day of one task: the entry, if any, and whether the user may still change it."""

    task: Task
    day: date
    entry: TimesheetEntry | None
    editable: bool

    @property
    def name(self) -> str:
        """The name of the cell's input in the week form."""
        return cell_name(self.task.pk, self.day)

    @property
    def hours(self) -> Decimal | None:
        return self.entry.hours if self.entry is not None else None


def cell_name(task_id: int, day: date) -> str:
    return f"h-{task_id}-{day:%Y%m%d}"


@dataclass
class GridRow:
    task: Task
    cells: list[GridCell]

    @property
    def total(self) -> Decimal:
        return sum((c.hours or ZERO for c in self.cells), ZERO)


@dataclass
class WeekGrid:
    """A resource's week: a row per task (those it is assigned to on active projects, and
    those it has time on this week), a column per day from Monday to Sunday."""

    resource: Resource
    start: date
    days: list[date]
    rows: list[GridRow]
    totals: TimesheetTotals
    own: bool = True  # the user's own resource (else a manager records for someone else)

    @property
    def previous(self) -> date:
        return self.start - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.start + timedelta(days=7)

    @property
    def end(self) -> date:
        return self.days[-1]

    @property
    def day_totals(self) -> list[Decimal]:
        return [sum((row.cells[i].hours or ZERO for row in self.rows), ZERO)
                for i in range(len(self.days))]

    @property
    def editable_cells(self) -> list[GridCell]:
        return [cell for row in self.rows for cell in row.cells if cell.editable]

    @property
    def drafts(self) -> int:
        return self.totals.of(Status.DRAFT).entries

    @property
    def rejected(self) -> list[TimesheetEntry]:
        return [c.entry for row in self.rows for c in row.cells
                if c.entry is not None and c.entry.status == Status.REJECTED]


def week_grid(*, user: Any, resource: Resource, week: date) -> WeekGrid:
    """The week of ``week`` (any day of it) for ``resource``, on the projects the user sees.

    The user's own resource's cells are editable on the projects open to them; another
    resource's only on the projects the user may change (its managers record time for others).
    """
    days = week_days(week)
    start, end = days[0], days[-1]
    visible = perms.visible_projects(user)
    entries = list(TimesheetEntry.objects.filter(
        resource=resource, date__range=(start, end), task__project__in=visible,
    ).select_related("task__project"))
    tasks: dict[int, Task] = {e.task_id: e.task for e in entries}
    assigned = (Task.objects.filter(assignments__resource=resource, project__in=visible,
                                    project__status__in=ACTIVE_PROJECTS,
                                    children__isnull=True)
                .exclude(actual_finish__lt=start).select_related("project").distinct())
    for task in assigned:
        tasks.setdefault(task.pk, task)
    by_cell = {(e.task_id, e.date): e for e in entries}
    managed: dict[int, bool] = {}
    own = resource.user_id is not None and resource.user_id == getattr(user, "pk", None)

    def open_to_user(project: Project) -> bool:
        """A person writes their own time on open projects; a manager anyone's on the
        projects they may change (closed ones included)."""
        if project.pk not in managed:
            managed[project.pk] = ((own and project.status not in CLOSED_PROJECTS)
                                   or perms.can_change(user, project))
        return managed[project.pk]

    rows = []
    for task in sorted(tasks.values(), key=lambda t: (t.project.code, wbs_key(t))):
        cells = []
        for day in days:
            entry = by_cell.get((task.pk, day))
            editable = (entry is None or entry.editable) and open_to_user(task.project)
            cells.append(GridCell(task, day, entry, editable))
        rows.append(GridRow(task, cells))
    return WeekGrid(resource, start, days, rows, totals_of(entries), own)


@dataclass
class WeekSummary:
    """A week with time recorded: its Monday, hours in all and hours per status."""

    start: date
    hours: Decimal = ZERO
    by_status: dict[str, Decimal] = field(default_factory=dict)


def recent_weeks(*, user: Any, resource: Resource, limit: int = 8) -> list[WeekSummary]:
    """The latest weeks in which ``resource`` has time on projects the user sees."""
    rows = (TimesheetEntry.objects
            .filter(resource=resource, task__project__in=perms.visible_projects(user))
            .order_by().values("date", "status").annotate(total=Sum("hours"))
            .order_by("-date")[: limit * 7 * len(Status.choices)])
    weeks: dict[date, WeekSummary] = {}
    for row in rows:
        start = week_start(row["date"])
        if start not in weeks:
            if len(weeks) == limit:
                break
            weeks[start] = WeekSummary(start)
        summary = weeks[start]
        summary.hours += row["total"]
        summary.by_status[row["status"]] = summary.by_status.get(row["status"], ZERO) \
            + row["total"]
    return list(weeks.values())
