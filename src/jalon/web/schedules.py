"""Schedules for pages: the engine's results for each project shown, never computed here.

A project whose plan the engine refuses (a broken constraint, say) must not take the whole page
down: its entry is ``None`` and the page shows a dash instead of dates.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from jalon.errors import JalonError
from jalon.planning.scheduling import (
    ProjectSchedule,
    linked_groups,
    project_schedule,
    schedule_projects,
)
from jalon.portfolios.models import Project

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

logger = logging.getLogger(__name__)


def schedule_or_error(project: Project) -> tuple[ProjectSchedule | None, str]:
    """The project's schedule, or ``None`` and the engine's message when it cannot be computed."""
    try:
        return project_schedule(project), ""
    except JalonError as exc:
        logger.info("Schedule of %s refused: %s", project.code, exc.message)
        return None, exc.message


def schedules_for(projects: Iterable[Project]) -> dict[int, ProjectSchedule | None]:
    """Each project's schedule by id: one engine run per group of linked projects."""
    schedules: dict[int, ProjectSchedule | None] = {}
    for group in linked_groups(projects):
        try:
            schedules.update(schedule_projects(group))
        except JalonError as exc:
            logger.info("Schedule of %s refused: %s", ", ".join(p.code for p in group), exc.message)
            schedules.update(dict.fromkeys((p.pk for p in group), None))
    return schedules


def status_counts(projects: Iterable[Project]) -> list[tuple[str, StrOrPromise, int]]:
    """(status, label, number of projects) for every status, in the model's order."""
    counts = Counter(project.status for project in projects)
    return [(value, label, counts.get(value, 0)) for value, label in Project.Status.choices]
