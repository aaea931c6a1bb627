"""The filters of the resource pool (its page and ``GET /resources``) and of
``GET /assignments``."""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jalon.portfolios.filters import project_filter
from jalon.resources.models import Resource


class ResourceFilter(filters.FilterSet):
    """The pool: every resource, or only those still active."""

    active = filters.BooleanFilter(label=_("Active only"), method="active_only",
                                   widget=forms.CheckboxInput)

    def active_only(self, queryset: QuerySet[Resource], name: str,
                    value: bool) -> QuerySet[Resource]:
        # Unticked (false) lists every resource, as leaving it out does: not the inactive ones.
        return queryset.filter(is_active=True) if value else queryset


class AssignmentFilter(filters.FilterSet):
    """Assignments, on the tasks of one project."""

    project = project_filter("task__project")
