"""Reads of the resource pool and assignments."""

from __future__ import annotations

from typing import Any

from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet

from jalon.accounts import permissions as perms
from jalon.portfolios.models import Project
from jalon.querying import get_visible
from jalon.resources.models import Assignment, Resource, Skill


def skill_list(*, user: Any) -> QuerySet[Skill]:
    if not perms.has_any_role(user):
        return Skill.objects.none()
    return Skill.objects.order_by("name")


def skill_get(*, user: Any, pk: Any) -> Skill:
    return get_visible(skill_list(user=user), pk)


def resource_list(*, user: Any, active_only: bool = False) -> QuerySet[Resource]:
    """The pool is shared across projects: anyone with a role may read it."""
    if not perms.has_any_role(user):
        return Resource.objects.none()
    qs = Resource.objects.select_related("calendar").prefetch_related("skills").order_by("name")
    return qs.filter(is_active=True) if active_only else qs


def resource_get(*, user: Any, pk: Any) -> Resource:
    return get_visible(resource_list(user=user), pk)


def assignment_list(*, user: Any, project: Project | None = None) -> QuerySet[Assignment]:
    """Assignments the user may see, each with ``cost`` = work × standard rate + cost per use
    (the rule ``baseline_create`` snapshots), in the resource's currency."""
    qs = Assignment.objects.filter(
        task__project__in=perms.visible_projects(user)
    ).select_related("task__project", "resource").annotate(
        cost=ExpressionWrapper(
            F("work") * F("resource__standard_rate") + F("resource__cost_per_use"),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        )
    )
    if project is not None:
        qs = qs.filter(task__project=project)
    return qs.order_by("task__project__code", "task__wbs_code", "resource__name")


def assignment_get(*, user: Any, pk: Any) -> Assignment:
    return get_visible(assignment_list(user=user), pk)
