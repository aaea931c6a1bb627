"""Resource loading across projects: demand against capacity per resource and per skill, by
day, week or month, and the over-allocations (who, when, by how much, on which tasks).

Demand comes from assignments: ``units`` of the resource on every working day of the task's
scheduled span (the stored schedules, :func:`jalon.planning.selectors.schedules_for`; working
days of the task's calendar, else its project's). Each project's load is stored until its plan
changes (:func:`project_segments`, ``jalon.portfolios.results``). Capacity is the resource's ``capacity`` on each
working day of its own calendar (the standard calendar when it has none) and 0 on the others.
Materials are consumed, not renewed each day: they are not loaded. Summary tasks and milestones
carry no load.

The figures come from the engine: each task's run of consecutive working days becomes one
activity of a :class:`jalon.engine.levelling.Instance` whose periods are calendar days, and
:func:`~jalon.engine.levelling.resource_loading` and
:func:`~jalon.engine.levelling.over_allocations` do the sums.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from jalon import engine
from jalon.accounts import permissions as perms
from jalon.calendars.selectors import work_calendar
from jalon.engine.levelling import Instance, over_allocations, resource_loading
from jalon.engine.levelling.instance import NO_DEADLINE
from jalon.planning.models import Task
from jalon.planning.selectors import Unschedulable, linked_ids, schedules_for, unschedulable
from jalon.portfolios.models import Portfolio, Project
from jalon.portfolios.results import stored
from jalon.resources.models import Assignment, Resource, Skill

__all__ = ["GRAINS", "Bucket", "Loading", "OverAllocationRow", "TaskRef", "compute_loading",
           "loading_for"]

GRAINS = ("day", "week", "month")
# Segments count days from date.min, as date.toordinal() does from its day 1.
ORDINAL_OFFSET = date.min.toordinal()


@dataclass(frozen=True)
class TaskRef:
    """A task named in an over-allocation."""

    task_id: int
    name: str
    project_id: int
    project_code: str
    units: float


@dataclass(frozen=True)
class OverAllocationRow:
    """A resource asked for more than it has from ``first`` to ``last`` (dates, inclusive;
    days off inside the run do not break it). ``excess`` is the largest excess in units."""

    resource: Resource
    first: date
    last: date
    excess: float
    tasks: tuple[TaskRef, ...]


@dataclass(frozen=True)
class Bucket:
    """One day, week (from its Monday) or month of a loading row; demand and capacity in
    unit-days (person-days for people)."""

    first: date
    last: date
    demand: float
    capacity: float

    @property
    def ratio(self) -> float | None:
        """Demand / capacity; None when there is no capacity (and infinite load if demanded)."""
        if self.capacity > 0:
            return self.demand / self.capacity
        return None if self.demand <= 0 else float("inf")

    @property
    def over(self) -> bool:
        return self.demand > self.capacity + 1e-9


@dataclass
class Loading:
    """Demand and capacity per resource (rows) and calendar day (columns), ``first`` ... on."""

    first: date
    resources: list[Resource]
    demand: np.ndarray
    capacity: np.ndarray
    over_allocations: list[OverAllocationRow] = field(default_factory=list)
    skills: list[Skill] = field(default_factory=list)
    left_out: list[Unschedulable] = field(default_factory=list)
    """The projects whose plan cannot be scheduled: they load nobody (:func:`loading_for`)."""

    @property
    def days(self) -> int:
        return int(self.demand.shape[1])

    @property
    def last(self) -> date:
        return self.first + timedelta(days=max(self.days - 1, 0))

    def row_of(self, resource: Resource) -> int:
        return next(i for i, r in enumerate(self.resources) if r.pk == resource.pk)

    def demand_of(self, segments: Iterable[list[Any]]) -> np.ndarray:
        """The demand of some projects' load (stored rows, :func:`project_segments`) on these
        resources and days, in units; what falls outside is left out."""
        demand = np.zeros_like(self.demand)
        row = {r.pk: i for i, r in enumerate(self.resources)}
        origin = self.first.toordinal()
        for _task, _name, resource, units, start, length in segments:
            if resource in row:
                a, b = max(start - origin, 0), min(start - origin + length, self.days)
                if a < b:
                    demand[row[resource], a:b] += units
        return demand

    def _bucket_edges(self, grain: str) -> list[tuple[int, int]]:
        """``(first column, stop column)`` of each bucket."""
        if grain not in GRAINS:
            raise ValueError(grain)
        edges: list[tuple[int, int]] = []
        start = 0
        for column in range(1, self.days + 1):
            if column == self.days:
                edges.append((start, column))
                break
            day = self.first + timedelta(days=column)
            if grain == "day" or (grain == "week" and day.weekday() == 0) or (
                    grain == "month" and day.day == 1):
                edges.append((start, column))
                start = column
        return edges

    def _buckets(self, demand: np.ndarray, capacity: np.ndarray, grain: str) -> list[Bucket]:
        return [Bucket(self.first + timedelta(days=a), self.first + timedelta(days=b - 1),
                       float(demand[a:b].sum()), float(capacity[a:b].sum()))
                for a, b in self._bucket_edges(grain)]

    def resource_buckets(self, resource: Resource, grain: str) -> list[Bucket]:
        """The loading of one resource by ``grain``."""
        row = self.row_of(resource)
        return self._buckets(self.demand[row], self.capacity[row], grain)

    def skill_rows(self, skill: Skill) -> list[int]:
        ids = {r.pk for r in skill.resources.all()}
        return [i for i, r in enumerate(self.resources) if r.pk in ids]

    def skill_buckets(self, skill: Skill, grain: str) -> list[Bucket]:
        """Demand on and capacity of every resource having ``skill``, summed, by ``grain``."""
        rows = self.skill_rows(skill)
        return self._buckets(self.demand[rows].sum(axis=0), self.capacity[rows].sum(axis=0),
                             grain)

    def heat_map(self, grain: str = "week") -> list[tuple[Resource, list[Bucket]]]:
        """Every resource with its buckets (resources without any demand left out)."""
        return [(r, self._buckets(self.demand[i], self.capacity[i], grain))
                for i, r in enumerate(self.resources) if self.demand[i].any()]

    def skill_heat_map(self, grain: str = "week") -> list[tuple[Skill, list[Bucket]]]:
        rows = [(s, self.skill_rows(s)) for s in self.skills]
        return [(s, self._buckets(self.demand[r].sum(axis=0), self.capacity[r].sum(axis=0),
                                  grain)) for s, r in rows if r and self.demand[r].any()]

    def bucket_starts(self, grain: str) -> list[date]:
        return [self.first + timedelta(days=a) for a, _ in self._bucket_edges(grain)]


@dataclass(frozen=True)
class _Segment:
    """A run of consecutive working days of one task (calendar-day columns ``start``..)."""

    task: TaskRef
    start: int
    length: int


def _working_runs(calendar: engine.WorkCalendar, first: date, last: date) -> list[tuple[date, int]]:
    runs: list[tuple[date, int]] = []
    day, run_start, length = first, None, 0
    while day <= last:
        if calendar.is_working(day):
            if run_start is None:
                run_start, length = day, 0
            length += 1
        elif run_start is not None:
            runs.append((run_start, length))
            run_start = None
        day += timedelta(days=1)
    if run_start is not None:
        runs.append((run_start, length))
    return runs


LOADING = "loading"


def _segments(projects: list[Project]) -> dict[int, list[list[Any]]]:
    """Each project's load as JSON rows, one per run of consecutive working days of an
    assignment: ``[task id, task name, resource id, units, first day (ordinal), days]``."""
    schedules = schedules_for(projects)  # stored, like every schedule
    tasks = {t.pk: t for t in Task.objects.filter(project__in=projects)
             .select_related("calendar__base", "project__calendar__base")
             .prefetch_related("calendar__exceptions", "project__calendar__exceptions")}
    assignments = (Assignment.objects.filter(task_id__in=set(tasks))
                   .exclude(resource__kind=Resource.Kind.MATERIAL).order_by("task_id", "pk"))
    calendars: dict[tuple[str, int], engine.WorkCalendar] = {}

    def calendar_of(task: Task) -> engine.WorkCalendar:
        owner = ("task", task.calendar_id) if task.calendar_id else ("project", task.project_id)
        if owner not in calendars:
            calendars[owner] = work_calendar(task.calendar if task.calendar_id
                                             else task.project.calendar)
        return calendars[owner]

    rows: dict[int, list[list[Any]]] = {p.pk: [] for p in projects}
    runs: dict[int, list[tuple[date, int]]] = {}
    for assignment in assignments:
        task = tasks[assignment.task_id]
        dates = schedules.get(task.project_id)
        when = dates.tasks.get(task.pk) if dates else None
        if when is None or when.is_summary or task.is_milestone or when.duration <= 0 \
                or when.start is None or when.finish is None:
            continue
        if task.pk not in runs:
            runs[task.pk] = _working_runs(calendar_of(task), when.start, when.finish)
        rows[task.project_id].extend(
            [task.pk, task.name, assignment.resource_id, float(assignment.units),
             day.toordinal(), length] for day, length in runs[task.pk])
    return rows


def project_segments(projects: Iterable[Project]) -> dict[int, list[list[Any]]]:
    """Each project's load as stored (computed again when its plan or assignments changed),
    by project id; see :func:`_segments` for a row."""
    return stored(LOADING, [p for p in projects if p.planned_start], compute=_segments,
                  depends_on=linked_ids)


def compute_loading(projects: Iterable[Project], *, exclude_tasks: Iterable[int] = (),
                    first: date | None = None, last: date | None = None,
                    details: bool = True) -> Loading:
    """The loading of the pool by the tasks of ``projects`` (all of them: no permission here).

    ``exclude_tasks`` leaves tasks out (levelling takes the load of the others off the
    capacity); ``first``/``last`` bound the days covered (default: the span of the load);
    without ``details`` only the figures are computed, not the over-allocations.
    """
    projects = [p for p in projects if p.planned_start]
    codes = {p.pk: p.code for p in projects}
    excluded = set(exclude_tasks)
    segments: list[tuple[_Segment, int]] = []
    for project_id, rows in project_segments(projects).items():
        for task_id, name, resource_id, units, start, length in rows:
            if task_id not in excluded:
                ref = TaskRef(task_id, name, project_id, codes[project_id], units)
                segments.append((_Segment(ref, start - ORDINAL_OFFSET, length), resource_id))
    resources = (Resource.objects.select_related("calendar__base")
                 .prefetch_related("calendar__exceptions")
                 .in_bulk({resource for _, resource in segments}))
    pool = sorted(resources.values(), key=lambda r: (r.name, r.pk))
    if first is None:
        first = (date.min + timedelta(days=min((s.start for s, _ in segments), default=0))
                 if segments else date.today())
    if last is None:
        last = (date.min + timedelta(days=max(s.start + s.length - 1 for s, _ in segments))
                if segments else first)
    days = max((last - first).days + 1, 1)
    origin = (first - date.min).days
    column = {r.pk: i for i, r in enumerate(pool)}
    capacity = _capacity(pool, first, days)
    if not segments:
        zeros = np.zeros((len(pool), days))
        return Loading(first, pool, zeros, capacity)
    instance = _instance(segments, column, capacity, origin, days)
    starts = np.clip([s.start - origin for s, _ in segments], 0, days).astype(np.int64)
    loaded = resource_loading(instance, starts, periods=days)
    overs = (_rows(pool, loaded.capacity, loaded.demand, over_allocations(instance, starts),
                   segments, first) if details else [])
    return Loading(first, pool, loaded.demand, loaded.capacity, overs)


def _capacity(pool: list[Resource], first: date, days: int) -> np.ndarray:
    capacity = np.zeros((len(pool), days))
    calendars: dict[int | None, engine.WorkCalendar] = {}
    for r, resource in enumerate(pool):
        if resource.calendar_id not in calendars:
            calendars[resource.calendar_id] = work_calendar(resource.calendar)
        calendar = calendars[resource.calendar_id]
        working = [calendar.is_working(first + timedelta(days=d)) for d in range(days)]
        capacity[r] = np.where(working, float(resource.capacity), 0.0)
    return capacity


def _instance(segments: list[tuple[_Segment, int]], column: dict[int, int],
              capacity: np.ndarray, origin: int, days: int) -> Instance:
    """The segments as engine activities on a calendar-day axis, capacity as its changes.

    Segments outside the window are clipped to it (the engine counts periods from 0)."""
    n, resources = len(segments), capacity.shape[0]
    demand = np.zeros((n, resources))
    duration = np.zeros(n, dtype=np.int64)
    for i, (segment, resource) in enumerate(segments):
        demand[i, column[resource]] = segment.task.units
        start = segment.start - origin
        stop = min(start + segment.length, days)
        duration[i] = max(0, stop - max(start, 0))
    changes = []
    for r in range(resources):
        steps = np.flatnonzero(np.diff(capacity[r])) + 1
        changes.append({int(t): float(capacity[r, t]) for t in steps.tolist()})
    ids = [str(i) for i in range(n)]
    empty = np.zeros(0, dtype=np.int64)
    return Instance(
        ids=ids, names=[s.task.name for s, _ in segments], duration=duration, demand=demand,
        resource_ids=[str(r) for r in range(resources)],
        base_capacity=capacity[:, 0].copy() if days else np.zeros(resources),
        changes=changes, pred=empty, succ=empty, kind=empty, lag=empty,
        release=np.zeros(n, dtype=np.int64), deadline=np.full(n, NO_DEADLINE, dtype=np.int64),
        fixed=np.zeros(n, dtype=bool), rank=np.zeros(n, dtype=np.int64))


def _rows(pool: list[Resource], capacity: np.ndarray, demand: np.ndarray, found: list[Any],
          segments: list[tuple[_Segment, int]], first: date) -> list[OverAllocationRow]:
    """Engine over-allocations as rows; runs split only by days off are joined."""
    merged: list[list[Any]] = []  # [resource row, first, last, excess, segment positions]
    for over in found:
        r = int(over.resource)
        previous = merged[-1] if merged else None
        if previous is not None and previous[0] == r and not (
                capacity[r, previous[2] + 1:over.first].any()
                or demand[r, previous[2] + 1:over.first].any()):
            previous[2] = over.last
            previous[3] = max(previous[3], over.excess)
            previous[4].extend(int(a) for a in over.activities)
        else:
            merged.append([r, over.first, over.last, over.excess,
                           [int(a) for a in over.activities]])
    rows = []
    for r, start, stop, excess, positions in merged:
        tasks: dict[int, TaskRef] = {}
        for position in positions:
            ref = segments[position][0].task
            tasks.setdefault(ref.task_id, ref)
        rows.append(OverAllocationRow(pool[r], first + timedelta(days=start),
                                      first + timedelta(days=stop), round(excess, 6),
                                      tuple(tasks.values())))
    return rows


def loading_for(*, user: Any, portfolio: Portfolio | None = None,
                project: Project | None = None) -> Loading:
    """The pool's loading by the projects ``user`` may see (of one portfolio, or one project).

    Only visible projects count, so that nothing is revealed about the others."""
    projects = perms.visible_projects(user).select_related("calendar", "portfolio")
    if portfolio is not None:
        projects = projects.filter(portfolio=portfolio)
    if project is not None:
        projects = projects.filter(pk=project.pk)
    chosen = list(projects)
    loading = compute_loading(chosen)
    loading.skills = list(Skill.objects.prefetch_related("resources").order_by("name"))
    loading.left_out = unschedulable([p for p in chosen if p.planned_start])
    return loading
