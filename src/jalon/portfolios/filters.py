"""The filters of the portfolio structure's lists (``GET /programmes``, ``/objectives``,
``/projects``), and the ``project`` filter every app's lists share."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jalon.accounts import permissions as perms
from jalon.portfolios.models import Portfolio, Programme, Project


def visible_portfolios(request: Any) -> QuerySet[Portfolio]:
    return perms.visible_portfolios(request.user)


def visible_programmes(request: Any) -> QuerySet[Programme]:
    return perms.visible_programmes(request.user)


def visible_projects(request: Any) -> QuerySet[Project]:
    return perms.visible_projects(request.user)


def project_filter(field_name: str = "project", method: str | None = None
                   ) -> filters.ModelChoiceFilter:
    """The objects of one project the user may see, through ``field_name`` (or the filter
    set's ``method``)."""
    return filters.ModelChoiceFilter(label=_("Project"), queryset=visible_projects,
                                     field_name=field_name, method=method, empty_label=_("All"))


class ProgrammeFilter(filters.FilterSet):
    """Programmes, of one portfolio."""

    portfolio = filters.ModelChoiceFilter(label=_("Portfolio"), queryset=visible_portfolios,
                                          empty_label=_("All"))


class ObjectiveFilter(filters.FilterSet):
    """Strategic objectives, of one portfolio."""

    portfolio = filters.ModelChoiceFilter(label=_("Portfolio"), queryset=visible_portfolios,
                                          empty_label=_("All"))


class ProjectFilter(filters.FilterSet):
    """Projects, of a portfolio or a programme, in a status, or by words of their code or
    name."""

    portfolio = filters.ModelChoiceFilter(label=_("Portfolio"), queryset=visible_portfolios,
                                          empty_label=_("All"))
    programme = filters.ModelChoiceFilter(label=_("Programme"), queryset=visible_programmes,
                                          empty_label=_("All"))
    status = filters.ChoiceFilter(label=_("Status"), choices=Project.Status.choices,
                                  empty_label=_("All"))
    search = filters.CharFilter(label=_("Search"), method="by_words",
                                help_text=_("Words of the code or the name."))

    def by_words(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))
