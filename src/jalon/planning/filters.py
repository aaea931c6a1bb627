"""The filters of the plans' lists (``GET /tasks``, ``/dependencies``, ``/baselines``)."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q, QuerySet

from jalon.planning.models import Dependency
from jalon.portfolios.filters import project_filter


class TaskFilter(filters.FilterSet):
    """Tasks, of one project."""

    project = project_filter()


class DependencyFilter(filters.FilterSet):
    """Links, of one project: those with a task of the project at either end (a link between
    two projects belongs to both)."""

    project = project_filter(method="at_either_end")

    def at_either_end(self, queryset: QuerySet[Dependency], name: str,
                       value: object) -> QuerySet[Dependency]:
        return queryset.filter(Q(successor__project=value) | Q(predecessor__project=value))


class BaselineFilter(filters.FilterSet):
    """Baselines, of one project."""

    project = project_filter()
