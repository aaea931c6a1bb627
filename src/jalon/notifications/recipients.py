"""Who is told: the users holding some roles on a project, for the apps that notify a project's
managers or approvers rather than one named person."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from jalon.accounts.models import Role
from jalon.portfolios.models import Project


def role_holders(*, project: Project, roles: Iterable[str]) -> QuerySet[Any]:
    """The active users granted one of ``roles`` on ``project`` or on a scope above it (its
    programme, its portfolio, the whole organisation), each once."""
    reach = (Q(grants__project=project) | Q(grants__portfolio_id=project.portfolio_id)
             | Q(grants__portfolio=None, grants__programme=None, grants__project=None))
    if project.programme_id is not None:
        reach |= Q(grants__programme_id=project.programme_id)
    return (get_user_model().objects.filter(reach, is_active=True, grants__role__in=list(roles))
            .distinct().order_by("pk"))


def project_managers(project: Project) -> list[Any]:
    """The project's manager (the project's field), else those granted the project manager's
    role on the project itself."""
    if project.project_manager is not None:
        return [project.project_manager]
    return list(get_user_model().objects.filter(
        is_active=True, grants__project=project, grants__role=Role.PROJECT_MANAGER)
        .distinct().order_by("pk"))
