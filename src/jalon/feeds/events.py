"""What a calendar feed holds: one all-day event per milestone (and, once governance has them,
per stage gate) of the feed's projects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from jalon.planning.selectors import milestones_of
from jalon.portfolios.models import Project


@dataclass(frozen=True)
class FeedEvent:
    """An all-day event. ``uid`` stays the same from one read to the next (calendar
    applications update the event instead of adding a copy when its date moves)."""

    uid: str
    day: date
    summary: str
    description: str


def milestone_events(projects: list[Project]) -> list[FeedEvent]:
    """One event per milestone, on the day of its scheduled finish (inclusive convention: a
    milestone's finish is the day it falls on), titled "CODE — WBS name"."""
    events = []
    for milestone in milestones_of(projects):
        task = milestone.task
        project = task.project
        context = [f"{project.code} {project.name}"]
        if project.programme is not None:
            context.append(f"{project.programme.code} {project.programme.name}")
        events.append(FeedEvent(uid=f"milestone-{task.pk}@jalon", day=milestone.day,
                                summary=milestone.title,
                                description="\n".join(context)))
    return events


# Every source of events, each given the projects the feed's owner may see in its scope.
# Stage gates (jalon.governance, built in parallel) are added here when they exist.
SOURCES: tuple[Callable[[list[Project]], list[FeedEvent]], ...] = (milestone_events,)


def feed_events(projects: list[Project]) -> list[FeedEvent]:
    """The events of every source for ``projects``, by day."""
    events = [event for source in SOURCES for event in source(projects)]
    return sorted(events, key=lambda e: (e.day, e.summary))
