"""Writes to the shared resource pool and to assignments of resources to tasks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.errors import ValidationFailed
from jalon.planning.models import Task
from jalon.portfolios.services import inputs_changed
from jalon.resources import notices
from jalon.resources.models import Assignment, Resource, Skill
from jalon.validation import assign_fields, validate

RESOURCE_FIELDS = {
    "code", "name", "kind", "standard_rate", "cost_per_use", "currency", "capacity", "calendar",
    "user", "email", "is_active",
}


@transaction.atomic
def skill_create(*, actor: Any, name: str, description: str = "") -> Skill:
    perms.require_pool(actor)
    skill = Skill(name=name, description=description)
    validate(skill)
    skill.save()
    return skill


@transaction.atomic
def skill_update(*, actor: Any, skill: Skill, **changes: Any) -> Skill:
    perms.require_pool(actor)
    assign_fields(skill, changes, {"name", "description"})
    validate(skill)
    skill.save()
    return skill


@transaction.atomic
def skill_delete(*, actor: Any, skill: Skill) -> None:
    perms.require_pool(actor)
    skill.delete()


@transaction.atomic
def resource_create(*, actor: Any, code: str, name: str, skills: list[Skill] | None = None,
                    **fields: Any) -> Resource:
    perms.require_pool(actor)
    resource = Resource(code=code, name=name)
    assign_fields(resource, fields, RESOURCE_FIELDS)
    validate(resource)
    resource.save()
    if skills:
        resource.skills.set(skills)
    return resource


@transaction.atomic
def resource_update(*, actor: Any, resource: Resource, skills: list[Skill] | None = None,
                    **changes: Any) -> Resource:
    perms.require_pool(actor)
    assign_fields(resource, changes, RESOURCE_FIELDS)
    validate(resource)
    resource.save()
    if skills is not None:
        resource.skills.set(skills)
    if changes:  # its rate, capacity or calendar count in every project it works on
        inputs_changed(projects=set(Assignment.objects.filter(resource=resource)
                                    .values_list("task__project_id", flat=True)))
    return resource


@transaction.atomic
def resource_delete(*, actor: Any, resource: Resource) -> None:
    perms.require_pool(actor)
    if resource.assignments.exists():
        raise ValidationFailed(
            _("%(name)s is assigned to tasks: remove the assignments or deactivate the resource.")
            % {"name": resource.name}
        )
    if resource.timesheet_entries.exists():
        raise ValidationFailed(
            _("%(name)s has recorded time on timesheets: deactivate the resource instead.")
            % {"name": resource.name}
        )
    resource.delete()


def default_work(task: Task, resource: Resource, units: Decimal) -> Decimal:
    """Work in hours for a task's whole duration at ``units``, on the resource's working day."""
    calendar = resource.calendar or task.project.calendar
    hours = calendar.hours_per_day if calendar else Decimal("8")
    if resource.kind == Resource.Kind.MATERIAL:
        return Decimal("0")
    return (task.duration * hours * units).quantize(Decimal("0.01"))


@transaction.atomic
def assignment_create(*, actor: Any, task: Task, resource: Resource,
                      units: Decimal | float = Decimal("1"),
                      work: Decimal | float | None = None) -> Assignment:
    """Assign ``resource`` to ``task``; ``work`` defaults to duration × hours per day × units."""
    perms.require_change(actor, task.project)
    if not resource.is_active:
        raise ValidationFailed(_("%(name)s is not active.") % {"name": resource.name},
                               field="resource")
    if Assignment.objects.filter(task=task, resource=resource).exists():
        raise ValidationFailed(
            _("%(name)s is already assigned to this task.") % {"name": resource.name},
            field="resource",
        )
    units = Decimal(str(units))
    if units <= 0:
        raise ValidationFailed(_("Units must be greater than zero."), field="units")
    work = default_work(task, resource, units) if work is None else Decimal(str(work))
    assignment = Assignment(task=task, resource=resource, units=units, work=work)
    validate(assignment, exclude=["task", "resource"])
    assignment.save()
    inputs_changed(projects=[task.project_id])
    notices.assigned(assignment, actor=actor)
    return assignment


@transaction.atomic
def assignment_update(*, actor: Any, assignment: Assignment, **changes: Any) -> Assignment:
    perms.require_change(actor, assignment.task.project)
    assign_fields(assignment, changes, {"units", "work"})
    validate(assignment, exclude=["task", "resource"])
    assignment.save()
    inputs_changed(projects=[assignment.task.project_id])
    return assignment


@transaction.atomic
def assignment_delete(*, actor: Any, assignment: Assignment) -> None:
    perms.require_change(actor, assignment.task.project)
    assignment.delete()
    inputs_changed(projects=[assignment.task.project_id])
