"""The filters of the decision log, the assumptions and the external dependencies: one
definition each, rendered by the RAID pages and read by the API under the same names."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jalon.raid.models import Assumption, Decision, ExternalDependency
from jalon.web.forms import active_users

YES_NO = [("", _("All")), ("true", _("Yes")), ("false", _("No"))]


def _people(request: Any) -> QuerySet[Any]:
    return active_users()


def _overdue() -> filters.BooleanFilter:
    return filters.BooleanFilter(label=_("Overdue"), widget=forms.Select(choices=YES_NO))


class DecisionFilter(filters.FilterSet):
    """The decision log's filters (all optional)."""

    q = filters.CharFilter(label=_("Search"), method="search",
                           help_text=_("Words of the title, the context or the decision."))
    status = filters.ChoiceFilter(label=_("Status"), choices=Decision.Status.choices,
                                  empty_label=_("All"))
    decided_by = filters.ModelChoiceFilter(label=_("Decided by"), queryset=_people)

    def search(self, queryset: QuerySet[Decision], name: str, value: str) -> QuerySet[Decision]:
        return queryset.filter(Q(title__icontains=value) | Q(context__icontains=value)
                               | Q(decision__icontains=value))


class AssumptionFilter(filters.FilterSet):
    """The assumptions' filters (all optional)."""

    q = filters.CharFilter(label=_("Search"), field_name="description", lookup_expr="icontains")
    status = filters.ChoiceFilter(label=_("Status"), choices=Assumption.Status.choices,
                                  empty_label=_("All"))
    owner = filters.ModelChoiceFilter(label=_("Owner"), queryset=_people)
    overdue = _overdue()


class DependencyFilter(filters.FilterSet):
    """The external dependencies' filters (all optional)."""

    q = filters.CharFilter(label=_("Search"), method="search",
                           help_text=_("Words of the description or the party."))
    status = filters.ChoiceFilter(label=_("Status"), choices=ExternalDependency.Status.choices,
                                  empty_label=_("All"))
    direction = filters.ChoiceFilter(label=_("Direction"),
                                     choices=ExternalDependency.Direction.choices,
                                     empty_label=_("All"))
    owner = filters.ModelChoiceFilter(label=_("Owner"), queryset=_people)
    overdue = _overdue()

    def search(self, queryset: QuerySet[ExternalDependency], name: str,
               value: str) -> QuerySet[ExternalDependency]:
        return queryset.filter(Q(description__icontains=value) | Q(party__icontains=value))
