"""The interchange document: everything a project file holds, independent of its format.

Every reader in :mod:`jalon.io` produces a :class:`ProjectDocument` and every writer takes one.
It holds more than the engine needs (resources, assignments, baselines, notes, WBS codes) so
that an import into the database or an export to MS Project loses nothing;
:func:`to_plan` keeps what the scheduler uses and returns an :class:`jalon.engine.Plan`.

Units
-----
- Durations, lags and three-point estimates: **working days** of the task's calendar (hours are
  converted with the calendar's ``hours_per_day``). A lag in elapsed days has ``lag_unit``
  ``"edays"``.
- Points in time: a ``datetime.date`` when the project has a ``start``, otherwise abstract time
  (a number of working days from 0), as in the engine.
- Work: hours. Rates: currency per hour. Costs: currency. Units: 1.0 = 100 % of one resource.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, time

from jalon.engine import Activity, Plan, WorkCalendar
from jalon.engine.columns import LinkTable
from jalon.engine.model import TimeValue
from jalon.engine.montecarlo import DurationDistribution, RiskEvent

__all__ = [
    "RESOURCE_KINDS",
    "PROJECT_STATUSES",
    "AssignmentDef",
    "BaselineValues",
    "CalendarDef",
    "LinkDef",
    "ProjectDocument",
    "ResourceDef",
    "TaskDef",
    "to_plan",
]

RESOURCE_KINDS = ("person", "equipment", "material")
PROJECT_STATUSES = ("proposed", "approved", "in_progress", "on_hold", "closed", "cancelled")

DEFAULT_WORKING_TIMES: tuple[tuple[time, time], ...] = (
    (time(8), time(12)),
    (time(13), time(17)),
)


@dataclass
class CalendarDef:
    """A named working-time calendar.

    ``working_times`` are the hours of a working day (used to write MS Project dates such as
    ``2026-01-05T08:00:00``); the engine itself only counts whole working days.
    """

    id: str
    name: str
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    working_times: tuple[tuple[time, time], ...] = DEFAULT_WORKING_TIMES
    base: str | None = None


@dataclass
class LinkDef:
    """A dependency: ``type`` FS/SS/FF/SF, ``lag`` in working days (or elapsed days)."""

    predecessor: str
    successor: str
    type: str = "FS"
    lag: float = 0.0
    lag_unit: str = "days"


@dataclass
class TaskDef:
    """One row of the project outline: a task, a milestone or a summary.

    ``duration`` is in working days; ``start`` and ``finish`` are the dates the source tool saved
    (informational: Jalon recomputes them). ``manual`` marks a manually scheduled task.
    ``fixed_cost`` is what the task costs besides its assignments (currency) and
    ``actual_cost`` what it has cost so far, cumulative to the status date (currency).
    """

    id: str
    name: str = ""
    parent: str | None = None
    outline_level: int = 1
    wbs: str = ""
    duration: float = 0.0
    milestone: bool = False
    summary: bool = False
    optimistic: float | None = None
    most_likely: float | None = None
    pessimistic: float | None = None
    constraint_type: str = "ASAP"
    constraint_date: TimeValue | None = None
    deadline: TimeValue | None = None
    percent_complete: float = 0.0
    actual_start: TimeValue | None = None
    actual_finish: TimeValue | None = None
    calendar: str | None = None
    priority: int = 500
    notes: str = ""
    manual: bool = False
    start: date | None = None
    finish: date | None = None
    distribution: DurationDistribution | None = None  # Monte Carlo; None: the default
    fixed_cost: float = 0.0
    actual_cost: float = 0.0

    @property
    def has_estimate(self) -> bool:
        """Whether a three-point estimate is given."""
        return self.optimistic is not None


@dataclass
class ResourceDef:
    """A resource: ``kind`` person, equipment or material; ``standard_rate`` per hour."""

    id: str
    name: str = ""
    kind: str = "person"
    standard_rate: float = 0.0
    cost_per_use: float = 0.0
    max_units: float = 1.0
    calendar: str | None = None


@dataclass
class AssignmentDef:
    """A resource working on a task: ``units`` (1.0 = 100 %) and ``work`` in hours."""

    task: str
    resource: str
    units: float = 1.0
    work: float | None = None


@dataclass
class BaselineValues:
    """One task's values in a baseline (dates, duration in working days, work in hours, cost)."""

    start: date | None = None
    finish: date | None = None
    duration: float | None = None
    work: float | None = None
    cost: float | None = None


@dataclass
class ProjectDocument:
    """A whole project file.

    ``calendar`` is the id of the project calendar in ``calendars`` (``None``: Monday-Friday,
    8 hours). ``baselines`` maps a baseline name (``"Baseline"``, ``"Baseline 1"`` ... for MS
    Project numbers 0..10) to per-task values. ``risks`` are the risk events a Monte Carlo
    simulation draws (see :class:`jalon.engine.montecarlo.RiskEvent`). ``actual_cost`` is what was
    spent on the project without being booked to a task, cumulative to the status date
    (currency). ``constraints_before_start`` lets a task's date constraint place it before the
    project start, as MS Project does (see :class:`jalon.engine.Plan`): MS Project files set it.
    ``manager`` is the project manager as the file names them (a name, a login or
    an e-mail address; MS Project's ``<Manager>``), ``status`` the project's status, one of
    :data:`PROJECT_STATUSES` (Jalon files only; empty when the file says nothing).
    """

    name: str
    manager: str = ""
    status: str = ""
    start: date | None = None
    status_date: TimeValue | None = None
    constraints_before_start: bool = False
    calendar: str | None = None
    calendars: list[CalendarDef] = field(default_factory=list)
    tasks: list[TaskDef] = field(default_factory=list)
    links: list[LinkDef] = field(default_factory=list)
    resources: list[ResourceDef] = field(default_factory=list)
    assignments: list[AssignmentDef] = field(default_factory=list)
    baselines: dict[str, dict[str, BaselineValues]] = field(default_factory=dict)
    risks: list[RiskEvent] = field(default_factory=list)
    actual_cost: float = 0.0

    def calendar_def(self, calendar_id: str | None = None) -> CalendarDef | None:
        """Return the calendar ``calendar_id`` (the project calendar when ``None``)."""
        wanted = self.calendar if calendar_id is None else calendar_id
        for calendar in self.calendars:
            if calendar.id == wanted:
                return calendar
        return None

    @property
    def work_calendar(self) -> WorkCalendar:
        """The project's :class:`WorkCalendar` (Monday-Friday, 8 hours when none is set)."""
        found = self.calendar_def()
        return found.calendar if found else WorkCalendar()

    @property
    def has_estimates(self) -> bool:
        """Whether some task has a three-point estimate."""
        return any(task.has_estimate for task in self.tasks)


def _field_names(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


_ACTIVITY_FIELDS = _field_names(Activity)


def to_plan(document: ProjectDocument) -> Plan:
    """Build the engine's :class:`~jalon.engine.Plan` from a document.

    Summaries are the tasks named as another task's parent; their own duration, progress and
    constraints other than ASAP/SNET/FNLT are not scheduled (the engine rolls them up). A task
    flagged as milestone but with a duration is scheduled as an ordinary task. Lags in elapsed
    days and task calendars are passed to the engine as they are. The plan holds its links as a
    :class:`~jalon.engine.columns.LinkTable` (arrays) and has read its :attr:`~Plan.columns`:
    its first schedule does not read objects.

    Raises
    ------
    jalon.errors.ValidationFailed
        When the document breaks an engine rule (the message names the task and field).
    """
    calendar = document.work_calendar
    parents = {task.parent for task in document.tasks if task.parent is not None}
    by_id = {calendar_def.id: calendar_def.calendar for calendar_def in document.calendars}
    activities = []
    for task in document.tasks:
        summary = task.id in parents
        extra: dict[str, object] = {}
        own = by_id.get(task.calendar) if task.calendar else None
        if "calendar" in _ACTIVITY_FIELDS and own is not None and own != calendar:
            extra["calendar"] = own
        constraint_type = task.constraint_type
        constraint_date = task.constraint_date
        if summary and constraint_type not in ("ASAP", "SNET", "FNLT"):
            constraint_type, constraint_date = "ASAP", None
        if constraint_type in ("ASAP", "ALAP"):
            constraint_date = None
        activities.append(
            Activity(
                task.id,
                task.name,
                duration=0.0 if summary else float(task.duration),
                optimistic=None if summary else task.optimistic,
                most_likely=None if summary else task.most_likely,
                pessimistic=None if summary else task.pessimistic,
                constraint_type=constraint_type,
                constraint_date=constraint_date,
                deadline=task.deadline,
                percent_complete=0.0 if summary else float(task.percent_complete),
                actual_start=None if summary else task.actual_start,
                actual_finish=None if summary else task.actual_finish,
                parent=task.parent,
                is_milestone=task.milestone and task.duration == 0 and not summary,
                priority=task.priority,
                **extra,  # type: ignore[arg-type]
            )
        )
    # The links go to the engine as columns, never as 10^5 Link objects (see LinkTable).
    defs = document.links
    links = LinkTable.from_names(
        [activity.id for activity in activities],
        [link.predecessor for link in defs],
        [link.successor for link in defs],
        [link.type for link in defs],
        [float(link.lag) for link in defs],
        [link.lag_unit for link in defs],
    )
    plan = Plan(
        document.name,
        activities,
        links,
        start=document.start,
        calendar=calendar if document.start is not None or document.calendars else None,
        status_date=document.status_date,
        constraints_before_start=document.constraints_before_start,
    )
    plan.columns  # noqa: B018 - read now, with the file, rather than at the first schedule
    return plan
