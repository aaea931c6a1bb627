"""Baselines and progress of the started demo projects, derived from their computed schedule.

Each started project gets its baseline first (the plan as approved), then progress as of its
status date: tasks planned to finish by then are complete with actual dates equal to the planned
ones; tasks under way are started, with a percent complete that follows the time elapsed,
scaled by the project's pace (below 1: late) and a small jitter from a seeded generator.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from jalon.demo.catalogue import STATUS_DATE, ProjectSpec
from jalon.planning import services as planning
from jalon.planning.models import Task
from jalon.planning.scheduling import TaskDates, project_schedule
from jalon.portfolios import services as portfolios
from jalon.portfolios.models import Project

BASELINE_NAME = "Référence initiale"
SEED = 2026


@dataclass(frozen=True)
class Progress:
    """Progress to record on one task (percent 0-100, actual dates inclusive)."""

    percent: int
    actual_start: date | None = None
    actual_finish: date | None = None


def task_progress(dates: TaskDates, *, as_of: date, pace: float, closed: bool,
                  rng: random.Random) -> Progress | None:
    """The progress of a task planned on ``dates`` as of ``as_of`` (end of that day), or None
    when it has not started."""
    start, finish = dates.start, dates.finish
    if start is None or finish is None:
        return None
    if closed or finish <= as_of:
        return Progress(100, start, finish)
    if start > as_of:
        return None
    elapsed = ((as_of - start).days + 1) / ((finish - start).days + 1)
    percent = round(100 * elapsed * pace + rng.uniform(-5, 5))
    return Progress(max(5, min(95, percent)), start)


def record_progress(*, actor: Any, project: Project, spec: ProjectSpec,
                    rng: random.Random) -> int:
    """Baseline the project, then record its progress; returns the number of tasks updated."""
    planning.baseline_create(actor=actor, project=project, name=BASELINE_NAME)
    schedule = project_schedule(project)
    closed = spec.status == Project.Status.CLOSED
    as_of = spec.frozen_on or STATUS_DATE
    updated = 0
    for task in Task.objects.filter(project=project).order_by("wbs_code", "id"):
        dates = schedule.tasks[task.pk]
        if dates.is_summary:
            continue  # a summary's progress is rolled up from its tasks
        progress = task_progress(dates, as_of=as_of, pace=spec.pace, closed=closed, rng=rng)
        if progress is None:
            continue
        planning.task_update(actor=actor, task=task, percent_complete=progress.percent,
                             actual_start=progress.actual_start,
                             actual_finish=progress.actual_finish)
        updated += 1
    status_date = STATUS_DATE
    if closed:  # the day the last task (or milestone) was done
        status_date = max(d.finish for d in schedule.tasks.values() if d.finish is not None)
    portfolios.project_update(actor=actor, project=project, status_date=status_date)
    return updated


def new_generator() -> random.Random:
    """The generator of the progress jitter: the same numbers on every load."""
    return random.Random(SEED)
