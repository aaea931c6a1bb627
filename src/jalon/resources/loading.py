"""Resource loading across projects: demand against capacity per resource and per skill, by
day, week or month, and the over-allocations (who, when, by how much, on which tasks).

Demand comes from assignments: ``units`` of the resource on every working day of the task's
scheduled span (the stored schedules, :func:`jalon.planning.selectors.schedules_for`; working
days of the task's calendar, else its project's). Each project's load is stored until its plan
changes (:func:`project_segments`, ``jalon.portfolios.results``), as runs of consecutive working
days. Capacity is the resource's ``capacity`` on each working day of its own calendar (the
standard calendar when it has none) and 0 on the others. Materials are consumed, not renewed
each day: they are not loaded. Summary tasks and milestones carry no load.

The runs are summed as arrays (:class:`Load`: a few numpy operations for the whole pool, however
many projects), and the over-allocations come from the engine: each run becomes one activity of
a :class:`jalon.engine.levelling.Instance` whose periods are calendar days, and
:func:`~jalon.engine.levelling.over_allocations` finds the runs of excess and the tasks in them.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

import numpy as np
from django.db.models import QuerySet

from jalon import engine
from jalon.accounts import permissions as perms
from jalon.calendars.selectors import work_calendar
from jalon.engine.levelling import Instance, over_allocations
from jalon.engine.levelling.instance import NO_DEADLINE
from jalon.planning.models import Task
from jalon.planning.selectors import Unschedulable, linked_ids, schedules_for, unschedulable
from jalon.portfolios.models import Portfolio, Programme, Project
from jalon.portfolios.results import digest, remembered, scope_digest, stored
from jalon.resources.models import Assignment, Resource, Skill

__all__ = ["GRAINS", "Bucket", "Load", "Loading", "OverAllocationRow", "TaskRef", "compute_loading",
           "loading_for", "pool_capacity", "project_segments"]

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
    load: Load | None = None
    """The runs of working days summed in ``demand``."""

    @property
    def days(self) -> int:
        return int(self.demand.shape[1])

    @property
    def last(self) -> date:
        return self.first + timedelta(days=max(self.days - 1, 0))

    @cached_property
    def rows(self) -> dict[int, int]:
        """The row of each resource by id."""
        return {r.pk: i for i, r in enumerate(self.resources)}

    def row_of(self, resource: Resource) -> int:
        return self.rows[resource.pk]

    def demand_of(self, project_id: int) -> tuple[np.ndarray, np.ndarray]:
        """The rows of the resources one project loads (ascending) and its demand on them on
        these days, in units: only those rows, since a portfolio-wide page asks it of every
        project and a whole pool's days for each took seconds at a thousand projects."""
        if self.load is None:
            return np.zeros(0, dtype=np.int64), np.zeros((0, self.days))
        own = self.load.where(self.load.project == project_id)
        rows = np.unique(np.fromiter((self.rows.get(pk, -1) for pk in own.resource.tolist()),
                                     dtype=np.int64, count=len(own)))
        rows = rows[rows >= 0]
        return rows, own.demand([self.resources[i] for i in rows.tolist()],
                                self.first.toordinal() - ORDINAL_OFFSET, self.days)

    def _bucket_edges(self, grain: str) -> list[tuple[int, int]]:
        """``(first column, stop column)`` of each bucket."""
        if grain not in GRAINS:
            raise ValueError(grain)
        day = np.datetime64(self.first, "D") + np.arange(1, self.days)  # columns 1 ...
        if grain == "day":
            cut = np.ones(len(day), dtype=bool)
        elif grain == "week":  # 1970-01-01, day 0 of datetime64, was a Thursday
            cut = (day.astype(np.int64) + 3) % 7 == 0
        else:
            cut = day.astype("datetime64[M]") != (day - 1).astype("datetime64[M]")
        starts = [0, *(np.flatnonzero(cut) + 1).tolist()]
        return list(zip(starts, [*starts[1:], self.days], strict=True))

    def _bounds(self, grain: str) -> tuple[list[int], list[tuple[date, date]]]:
        """Each bucket's first column and its first and last days, by ``grain``: computed once
        per loading, not for each of the heat map's rows."""
        known = self.__dict__.setdefault("_bounds_by_grain", {})
        if grain not in known:
            edges = self._bucket_edges(grain)
            known[grain] = ([a for a, _ in edges],
                            [(self.first + timedelta(days=a), self.first + timedelta(days=b - 1))
                             for a, b in edges])
        return known[grain]

    def _buckets(self, demand: np.ndarray, capacity: np.ndarray, grain: str) -> list[Bucket]:
        starts, days = self._bounds(grain)
        demands, capacities = np.add.reduceat(demand, starts), np.add.reduceat(capacity, starts)
        return [Bucket(first, last, d, c)
                for (first, last), d, c in zip(days, demands.tolist(), capacities.tolist(),
                                               strict=True)]

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

    def loaded(self) -> list[Resource]:
        """The resources some demand falls on, in the pool's order."""
        return [r for i, r in enumerate(self.resources) if self.demand[i].any()]

    def heat_map(self, grain: str = "week", resources: Iterable[Resource] | None = None
                 ) -> list[tuple[Resource, list[Bucket]]]:
        """Every resource some demand falls on (or each of ``resources``: a page of
        :meth:`loaded`) with its buckets."""
        if resources is None:
            resources = self.loaded()
        return [(r, self._buckets(self.demand[self.rows[r.pk]], self.capacity[self.rows[r.pk]],
                                  grain))
                for r in resources]

    def skill_heat_map(self, grain: str = "week") -> list[tuple[Skill, list[Bucket]]]:
        rows = [(s, self.skill_rows(s)) for s in self.skills]
        return [(s, self._buckets(self.demand[r].sum(axis=0), self.capacity[r].sum(axis=0),
                                  grain)) for s, r in rows if r and self.demand[r].any()]

    def bucket_starts(self, grain: str) -> list[date]:
        return [first for first, _last in self._bounds(grain)[1]]


@dataclass(frozen=True)
class Load:
    """The stored load of some projects (:func:`project_segments`), one entry per run of
    consecutive working days of an assignment; ``start`` counts days from ``date.min`` (day 0)."""

    project: np.ndarray
    task: np.ndarray
    resource: np.ndarray
    units: np.ndarray
    start: np.ndarray
    length: np.ndarray
    names: list[str]

    @classmethod
    def of(cls, stored: dict[int, dict[str, list[Any]]]) -> Load:
        """The stored columns of some projects (:func:`project_segments`), end to end."""
        def column(name: str, dtype: type) -> np.ndarray:
            return np.concatenate([np.asarray(c[name], dtype=dtype) for c in stored.values()]
                                  or [np.zeros(0, dtype=dtype)])

        return cls(np.repeat(np.fromiter(stored, dtype=np.int64, count=len(stored)),
                             [len(c["task"]) for c in stored.values()]),
                   column("task", np.int64), column("resource", np.int64),
                   column("units", np.float64), column("start", np.int64) - ORDINAL_OFFSET,
                   column("length", np.int64),
                   [name for c in stored.values() for name in c["name"]])

    def __len__(self) -> int:
        return len(self.task)

    def where(self, mask: np.ndarray) -> Load:
        """The entries where ``mask`` holds."""
        kept = np.flatnonzero(mask)
        return Load(self.project[kept], self.task[kept], self.resource[kept], self.units[kept],
                    self.start[kept], self.length[kept], [self.names[i] for i in kept.tolist()])

    def rows_in(self, resources: list[Resource]) -> np.ndarray:
        """The row of each entry's resource in ``resources`` (-1 when not there)."""
        row = {r.pk: i for i, r in enumerate(resources)}
        return np.fromiter((row.get(pk, -1) for pk in self.resource.tolist()), dtype=np.int64,
                           count=len(self))

    def demand(self, resources: list[Resource], origin: int, days: int) -> np.ndarray:
        """Units asked of each of ``resources`` on each of ``days`` days from ``origin``;
        what falls outside is left out."""
        rows = self.rows_in(resources)
        first = np.clip(self.start - origin, 0, days)
        stop = np.clip(self.start - origin + self.length, 0, days)
        kept = (rows >= 0) & (first < stop)
        change = np.zeros((len(resources), days + 1))
        np.add.at(change, (rows[kept], first[kept]), self.units[kept])
        np.add.at(change, (rows[kept], stop[kept]), -self.units[kept])
        return np.cumsum(change, axis=1)[:, :days]


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


COLUMNS = ("task", "name", "resource", "units", "start", "length")


def _segments(projects: list[Project]) -> dict[int, dict[str, list[Any]]]:
    """Each project's load as JSON columns (``COLUMNS``), an entry per run of consecutive
    working days of an assignment: task id and name, resource id, units, first day (ordinal),
    days. Columns rather than rows: a large portfolio has tens of thousands of runs, and a list
    per run is that many objects to decode on every read."""
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

    rows: dict[int, dict[str, list[Any]]] = {p.pk: {c: [] for c in COLUMNS} for p in projects}
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
        columns = rows[task.project_id]
        for day, length in runs[task.pk]:
            for name, value in zip(COLUMNS, (task.pk, task.name, assignment.resource_id,
                                             float(assignment.units), day.toordinal(), length),
                                   strict=True):
                columns[name].append(value)
    return rows


def project_segments(projects: Iterable[Project]) -> dict[int, dict[str, list[Any]]]:
    """Each project's load as stored (computed again when its plan or assignments changed),
    by project id; see :func:`_segments` for the columns."""
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
    load = Load.of(project_segments(projects))
    if exclude_tasks:
        load = load.where(~np.isin(load.task, np.fromiter(exclude_tasks, dtype=np.int64)))
    resources = (Resource.objects.select_related("calendar__base")
                 .prefetch_related("calendar__exceptions")
                 .in_bulk(set(load.resource.tolist())))
    pool = sorted(resources.values(), key=lambda r: (r.name, r.pk))
    if first is None:
        first = date.min + timedelta(days=int(load.start.min())) if len(load) else date.today()
    if last is None:
        last = (date.min + timedelta(days=int((load.start + load.length).max()) - 1)
                if len(load) else first)
    days = max((last - first).days + 1, 1)
    origin = (first - date.min).days
    capacity = pool_capacity(pool, first, days)
    if not len(load):
        return Loading(first, pool, np.zeros((len(pool), days)), capacity, load=load)
    demand = load.demand(pool, origin, days)
    overs = (_rows(pool, capacity, demand, load, {p.pk: p.code for p in projects}, origin,
                   days, first) if details else [])
    return Loading(first, pool, demand, capacity, overs, load=load)


def pool_capacity(pool: list[Resource], first: date, days: int) -> np.ndarray:
    """The units each of ``pool`` has on each of ``days`` days from ``first`` (its capacity on
    the working days of its calendar, 0 on the others)."""
    capacity = np.zeros((len(pool), days))
    calendars: dict[int | None, engine.WorkCalendar] = {}
    for r, resource in enumerate(pool):
        if resource.calendar_id not in calendars:
            calendars[resource.calendar_id] = work_calendar(resource.calendar)
        calendar = calendars[resource.calendar_id]
        capacity[r] = np.where(calendar.working_mask(first, days), float(resource.capacity), 0.0)
    return capacity


def _instance(load: Load, rows: np.ndarray, capacity: np.ndarray, origin: int,
              days: int) -> Instance:
    """The runs as engine activities on a calendar-day axis, capacity as its changes.

    Runs outside the window are clipped to it (the engine counts periods from 0)."""
    n, resources = len(load), capacity.shape[0]
    demand = np.zeros((n, resources))
    demand[np.arange(n), rows] = load.units
    start = load.start - origin
    duration = np.maximum(0, np.minimum(start + load.length, days) - np.maximum(start, 0))
    changes = []
    for r in range(resources):
        steps = np.flatnonzero(np.diff(capacity[r])) + 1
        changes.append({int(t): float(capacity[r, t]) for t in steps.tolist()})
    empty = np.zeros(0, dtype=np.int64)
    return Instance(
        ids=[str(i) for i in range(n)], names=load.names, duration=duration.astype(np.int64),
        demand=demand, resource_ids=[str(r) for r in range(resources)],
        base_capacity=capacity[:, 0].copy() if days else np.zeros(resources),
        changes=changes, pred=empty, succ=empty, kind=empty, lag=empty,
        release=np.zeros(n, dtype=np.int64), deadline=np.full(n, NO_DEADLINE, dtype=np.int64),
        fixed=np.zeros(n, dtype=bool), rank=np.zeros(n, dtype=np.int64))


def _rows(pool: list[Resource], capacity: np.ndarray, demand: np.ndarray, load: Load,
          codes: dict[int, str], origin: int, days: int, first: date) -> list[OverAllocationRow]:
    """The engine's over-allocations as rows; runs split only by days off are joined."""
    rows = load.rows_in(pool)
    instance = _instance(load, rows, capacity, origin, days)
    starts = np.clip(load.start - origin, 0, days)
    merged: list[list[Any]] = []  # [resource row, first, last, excess, entry positions]
    for over in over_allocations(instance, starts):
        r = int(over.resource)
        previous = merged[-1] if merged else None
        if previous is not None and previous[0] == r and not (
                capacity[r, previous[2] + 1:over.first].any()
                or demand[r, previous[2] + 1:over.first].any()):
            previous[2] = over.last
            previous[3] = max(previous[3], over.excess)
            previous[4].extend(map(int, over.activities))
        else:
            merged.append([r, over.first, over.last, over.excess, list(map(int, over.activities))])
    found = []
    for r, start, stop, excess, positions in merged:
        entries = np.asarray(positions, dtype=np.int64)
        _, seen = np.unique(load.task[entries], return_index=True)  # each task once, in order
        tasks = tuple(TaskRef(int(load.task[i]), load.names[i], int(load.project[i]),
                              codes[int(load.project[i])], float(load.units[i]))
                      for i in entries[np.sort(seen)].tolist())
        found.append(OverAllocationRow(pool[r], first + timedelta(days=start),
                                       first + timedelta(days=stop), round(excess, 6), tasks))
    return found


def _chosen(user: Any, portfolio: Portfolio | None, programme: Programme | None,
            project: Project | None) -> QuerySet[Project]:
    projects = perms.visible_projects(user)
    if portfolio is not None:
        projects = projects.filter(portfolio=portfolio)
    if programme is not None:
        projects = projects.filter(programme=programme)
    if project is not None:
        projects = projects.filter(pk=project.pk)
    return projects  # in the model's order, the codes'


def loading_version(*, user: Any, portfolio: Portfolio | None = None,
                    programme: Programme | None = None, project: Project | None = None,
                    details: bool = True) -> str:
    """A digest of what :func:`loading_for` computes the loading from, read without
    computing it: the projects' inputs (``inputs_digest``) and their rows as read (with their
    calendar's and portfolio's), both read by ``scope_digest``, and the pool's rows. The skills are not in it: they are read on
    every call (see :func:`skills_version`)."""
    return digest(scope_digest(_chosen(user, portfolio, programme, project), *RELATED), details,
                  list(Resource.objects.order_by("pk").values_list()))


def skills_version() -> str:
    """A digest of the skills and of who has each, which the loading's rows by skill show."""
    return digest(list(Skill.objects.order_by("pk").values_list()),
                  list(Skill.resources.through.objects.order_by("pk").values_list()))


RELATED = ("calendar", "portfolio")
"""The rows read with each project for its loading."""


def loading_for(*, user: Any, portfolio: Portfolio | None = None,
                programme: Programme | None = None, project: Project | None = None,
                details: bool = True, version: str | None = None) -> Loading:
    """The pool's loading by the projects ``user`` may see (of one portfolio, programme or
    project);
    without ``details``, the figures only (no over-allocation rows).

    Only visible projects count, so that nothing is revealed about the others. Computed once
    while :func:`loading_version` stays the same (``version``: the caller's, read just
    before)."""
    if version is None:
        version = loading_version(user=user, portfolio=portfolio, programme=programme,
                                  project=project, details=details)

    def computed() -> Loading:
        chosen = list(_chosen(user, portfolio, programme, project).select_related(*RELATED))
        loading = compute_loading(chosen, details=details)
        loading.left_out = unschedulable([p for p in chosen if p.planned_start])
        return loading

    loading = copy.copy(remembered("loading", version, computed))
    loading.skills = list(Skill.objects.prefetch_related("resources").order_by("name"))
    return loading
