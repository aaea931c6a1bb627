"""The pool's capacity by skill and month, and what running projects already load on it, in
hours: what the portfolio selection may still give new projects, and the capacity-against-
demand page.

Both come from :mod:`jalon.resources.loading`: capacity is each resource's units on the
working days of its calendar (:func:`~jalon.resources.loading.pool_capacity`), the load the
stored runs of working days of the projects' assignments (:class:`~jalon.resources.loading.Load`);
units of a day become hours with the hours per day of the resource's calendar. A resource
having several skills counts in each of them, as the loading pages count it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from jalon.calendars.selectors import work_calendar
from jalon.portfolios.models import Project
from jalon.resources.loading import Load, pool_capacity, project_segments
from jalon.resources.models import Resource, Skill

__all__ = ["RUNNING", "SkillMonths", "month_starts", "skill_months"]

RUNNING = (Project.Status.APPROVED, Project.Status.IN_PROGRESS, Project.Status.ON_HOLD)
"""The projects whose plans hold the pool: decided and not finished."""


def month_starts(first: date, months: int) -> list[date]:
    """The first day of each of ``months`` months from ``first``'s month."""
    base = first.year * 12 + first.month - 1
    return [date((base + i) // 12, (base + i) % 12 + 1, 1) for i in range(months + 1)][:months]


@dataclass(frozen=True)
class SkillMonths:
    """Hours per skill (rows, in ``skills`` order) and month (columns, from ``months[0]``):
    the pool's ``capacity`` and the ``load`` of the running projects on it."""

    skills: list[Skill]
    months: list[date]
    capacity: np.ndarray
    load: np.ndarray

    def row(self, skill: Skill) -> int:
        return next(i for i, s in enumerate(self.skills) if s.pk == skill.pk)

    @property
    def left(self) -> np.ndarray:
        """What the running projects leave, never below 0 (an over-allocation takes nothing
        more from the proposals)."""
        return np.maximum(self.capacity - self.load, 0.0)


def _month_of_day(first: date, days: int) -> np.ndarray:
    day = np.datetime64(first, "D") + np.arange(days)
    return (day.astype("datetime64[M]") - np.datetime64(first, "M")).astype(np.int64)


def skill_months(*, skills: Iterable[Skill], first: date, months: int,
                 projects: Iterable[Project] | None = None) -> SkillMonths:
    """Capacity and running load of ``skills`` in hours, for ``months`` months from ``first``'s
    month. ``projects`` load the pool (default: every running project, :data:`RUNNING`: the
    pool is shared, and only totals by skill are shown)."""
    skills = list(skills)
    starts = month_starts(first, months)
    if projects is None:
        projects = Project.objects.filter(status__in=RUNNING, planned_start__isnull=False)
    end = month_starts(starts[-1], 2)[1]
    days = (end - starts[0]).days
    pool = list(Resource.objects.filter(skills__in=skills).exclude(kind=Resource.Kind.MATERIAL)
                .distinct().select_related("calendar__base")
                .prefetch_related("calendar__exceptions", "skills").order_by("name", "pk"))
    hours = np.array([work_calendar(r.calendar).hours_per_day for r in pool], dtype=float)
    daily_capacity = pool_capacity(pool, starts[0], days) * hours[:, None]
    load = Load.of(project_segments(list(projects)))
    origin = (starts[0] - date.min).days  # the load counts days from date.min
    daily_load = load.demand(pool, origin, days) * hours[:, None]
    month = _month_of_day(starts[0], days)
    capacity = np.zeros((len(skills), months))
    loaded = np.zeros((len(skills), months))
    for s, skill in enumerate(skills):
        rows = [i for i, r in enumerate(pool) if any(k.pk == skill.pk for k in r.skills.all())]
        if rows:
            np.add.at(capacity[s], month, daily_capacity[rows].sum(axis=0))
            np.add.at(loaded[s], month, daily_load[rows].sum(axis=0))
    return SkillMonths(skills, starts, capacity, loaded)
