"""What a calendar feed holds: one all-day event per milestone of the feed's projects (a stage
gate with its milestone in the plan is one of them), and one per open stage gate that has only
an expected date (a project that adopted a methodology pack after its plan was made)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from jalon.governance.models import Gate
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


def gate_events(projects: list[Project]) -> list[FeedEvent]:
    """One event per open gate without a milestone in the plan, on its expected date, titled
    "CODE — gate name" (gates with a milestone come with the milestones)."""
    gates = (Gate.objects.filter(phase__project__in=projects, milestone__isnull=True,
                                 planned_date__isnull=False,
                                 status__in=[Gate.Status.PENDING, Gate.Status.ON_HOLD,
                                             Gate.Status.RECYCLED])
             .select_related("phase__project"))
    return [FeedEvent(uid=f"gate-{gate.pk}@jalon", day=gate.planned_date,
                      summary=f"{gate.phase.project.code} — {gate.name}",
                      description=f"{gate.phase.project.code} {gate.phase.project.name}")
            for gate in gates if gate.planned_date is not None]


# Every source of events, each given the projects the feed's owner may see in its scope.
SOURCES: tuple[Callable[[list[Project]], list[FeedEvent]], ...] = (milestone_events, gate_events)


def feed_events(projects: list[Project]) -> list[FeedEvent]:
    """The events of every source for ``projects``, by day."""
    events = [event for source in SOURCES for event in source(projects)]
    return sorted(events, key=lambda e: (e.day, e.summary))
