"""Who the resource pool tells, through ``jalon.notifications``: a person assigned to a task,
when the resource is a user of Jalon."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_noop

from jalon.notifications.services import notify
from jalon.resources.models import Assignment

ASSIGNED = gettext_noop("You are assigned to the task %(task)s of %(project)s.")


def assigned(assignment: Assignment, *, actor: Any) -> None:
    user = assignment.resource.user
    if user is None or user == actor:
        return
    task = assignment.task
    project = task.project
    notify(recipients=[user], kind="assignment.created", message=ASSIGNED,
           params={"task": str(task), "project": f"{project.code} {project.name}"},
           url=reverse("project-tasks", args=[project.pk]), project=project)
