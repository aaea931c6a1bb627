"""Who timesheets tell, through ``jalon.notifications``: time submitted goes on the "to do" list
of the project's manager, who approves it, until no submitted time of that person, project and
week is left; the person is told when his time is approved or rejected."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_noop

from jalon.notifications.recipients import project_managers
from jalon.notifications.services import as_date, notifications_resolve, notify
from jalon.portfolios.models import Project
from jalon.resources.models import Resource
from jalon.timesheets.models import TimesheetEntry
from jalon.timesheets.selectors import week_start

SUBMITTED = gettext_noop("%(resource)s submitted %(hours)s h of time on %(project)s for the "
                         "week of %(week)s: approve or reject it.")
APPROVED = gettext_noop("Your time on %(project)s for the week of %(week)s was approved "
                        "(%(hours)s h).")
REJECTED = gettext_noop("Your time on %(project)s for the week of %(week)s was rejected "
                        "(%(hours)s h): %(reason)s")

Key = tuple[Project, Resource, date]


def _weeks(entries: Iterable[TimesheetEntry]) -> dict[Key, list[TimesheetEntry]]:
    """The entries by project, resource and week (its Monday)."""
    weeks: dict[Key, list[TimesheetEntry]] = defaultdict(list)
    for entry in entries:
        weeks[(entry.task.project, entry.resource, week_start(entry.date))].append(entry)
    return weeks


def _ref(project: Project, resource: Resource, monday: date) -> str:
    return f"timesheet:{project.pk}:{resource.pk}:{monday.isoformat()}"


def _params(project: Project, resource: Resource, monday: date,
            entries: list[TimesheetEntry]) -> dict[str, Any]:
    hours = sum((e.hours for e in entries), Decimal("0"))
    return {"resource": resource.name, "project": f"{project.code} {project.name}",
            "week": as_date(monday), "hours": f"{hours.normalize():f}"}


def time_submitted(entries: Iterable[TimesheetEntry], *, actor: Any) -> None:
    for (project, resource, monday), week in _weeks(entries).items():
        notify(recipients=[u for u in project_managers(project) if u != actor],
               kind="timesheet.submitted", message=SUBMITTED,
               params=_params(project, resource, monday, week),
               url=reverse("project-timesheets", args=[project.pk]), project=project,
               action=True, ref=_ref(project, resource, monday))


def time_reviewed(entries: Iterable[TimesheetEntry], *, actor: Any, reason: str = "") -> None:
    """Tell each person his time was approved (or rejected, with ``reason``); a week with no
    submitted time left leaves the approvers' "to do" lists."""
    for (project, resource, monday), week in _weeks(entries).items():
        message = REJECTED if reason else APPROVED
        notify(recipients=[resource.user] if resource.user != actor else [],
               kind="timesheet.rejected" if reason else "timesheet.approved", message=message,
               params={**_params(project, resource, monday, week), "reason": reason},
               url=reverse("my-timesheet") + f"?week={monday.isoformat()}", project=project)
        if not TimesheetEntry.objects.filter(
                task__project=project, resource=resource, status=TimesheetEntry.Status.SUBMITTED,
                date__range=(monday, monday + timedelta(days=6))).exists():
            notifications_resolve(ref=_ref(project, resource, monday))
