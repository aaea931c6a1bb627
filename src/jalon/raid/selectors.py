"""Reads of the RAID log, always limited to the projects the user may see. Lists are annotated
with ``overdue`` (an open assumption past its validation date, a dependency neither delivered
nor cancelled past the date it is needed by), today being the server's date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from jalon.accounts import permissions as perms
from jalon.portfolios.models import Project
from jalon.querying import get_visible
from jalon.raid.models import Assumption, Decision, ExternalDependency
from jalon.risks.selectors import issue_list, risk_list

__all__ = ["RaidCounts", "assumption_get", "assumption_list", "decision_get", "decision_list",
           "dependency_get", "dependency_list", "raid_counts"]


def _overdue(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


# "is not null" first: a date compared with NULL is NULL, not false, and overdue must be a yes
# or a no for an entry without a date.
def _assumption_overdue(day: date) -> Q:
    return Q(status=Assumption.Status.OPEN, validate_by__isnull=False, validate_by__lt=day)


def _dependency_overdue(day: date) -> Q:
    return (Q(needed_by__isnull=False, needed_by__lt=day)
            & ~Q(status__in=ExternalDependency.CLOSED))


def decision_list(*, user: Any, project: Project | None = None) -> QuerySet[Decision]:
    qs = Decision.objects.filter(project__in=perms.visible_projects(user)).select_related(
        "project", "decided_by", "superseded_by").prefetch_related(
        "risks", "issues", "gates__phase", "tasks")
    return qs.filter(project=project) if project is not None else qs


def decision_get(*, user: Any, pk: Any) -> Decision:
    return get_visible(decision_list(user=user), pk)


def assumption_list(*, user: Any, project: Project | None = None,
                    today: date | None = None) -> QuerySet[Assumption]:
    day = today or date.today()
    qs = Assumption.objects.filter(project__in=perms.visible_projects(user)).select_related(
        "project", "owner").annotate(overdue=_overdue(_assumption_overdue(day)))
    return qs.filter(project=project) if project is not None else qs


def assumption_get(*, user: Any, pk: Any) -> Assumption:
    return get_visible(assumption_list(user=user), pk)


def dependency_list(*, user: Any, project: Project | None = None,
                    today: date | None = None) -> QuerySet[ExternalDependency]:
    day = today or date.today()
    qs = ExternalDependency.objects.filter(
        project__in=perms.visible_projects(user)).select_related(
        "project", "owner", "other_project", "task").annotate(overdue=_overdue(_dependency_overdue(day)))
    return qs.filter(project=project) if project is not None else qs


def dependency_get(*, user: Any, pk: Any) -> ExternalDependency:
    return get_visible(dependency_list(user=user), pk)


@dataclass(frozen=True)
class RaidCounts:
    """What the RAID tab counts of each register: open entries, and overdue ones where a date
    can pass."""

    risks_open: int
    issues_open: int
    assumptions_open: int
    assumptions_overdue: int
    decisions: int
    dependencies_open: int
    dependencies_overdue: int


def raid_counts(*, user: Any, project: Project, today: date | None = None) -> RaidCounts:
    day = today or date.today()
    assumptions = assumption_list(user=user, project=project)
    dependencies = dependency_list(user=user, project=project)
    return RaidCounts(
        risks_open=risk_list(user=user, project=project).filter(status="open").count(),
        issues_open=issue_list(user=user, project=project)
        .exclude(status__in=["resolved", "closed"]).count(),
        assumptions_open=assumptions.filter(status=Assumption.Status.OPEN).count(),
        assumptions_overdue=assumptions.filter(_assumption_overdue(day)).count(),
        decisions=decision_list(user=user, project=project).count(),
        dependencies_open=dependencies.exclude(status__in=ExternalDependency.CLOSED).count(),
        dependencies_overdue=dependencies.filter(_dependency_overdue(day)).count())
