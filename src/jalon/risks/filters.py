"""The filters of the risk register and the issue log: one definition each, rendered by the
page and read by the API (``GET /projects/{id}/risks``, ``/issues``) under the same names."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django import forms
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jalon.risks.models import Issue, MatrixConfig, Risk
from jalon.web.forms import active_users

LEVELS = [("low", _("Low")), ("medium", _("Medium")), ("high", _("High"))]
YES_NO = [("", _("All")), ("true", _("Yes")), ("false", _("No"))]


def _people(request: Any) -> QuerySet[Any]:
    return active_users()


def _threshold(name: str) -> Coalesce:
    """A risk's portfolio's threshold ``name``, or the default where the portfolio kept the
    default matrix (it then has none stored: ``services.matrix_config_for``)."""
    return Coalesce(F(f"project__portfolio__risk_matrix__{name}"),
                    Value(getattr(MatrixConfig(), name)))


class RiskFilter(filters.FilterSet):
    """The register's filters (all optional); ``level`` reads each risk's portfolio's
    thresholds."""

    q = filters.CharFilter(label=_("Search"), method="search",
                           help_text=_("Words of the title or the description."))
    status = filters.ChoiceFilter(label=_("Status"), choices=Risk.Status.choices,
                                  empty_label=_("All"))
    category = filters.ChoiceFilter(label=_("Category"), choices=Risk.Category.choices,
                                    empty_label=_("All"))
    kind = filters.ChoiceFilter(label=_("Kind"), choices=Risk.Kind.choices, empty_label=_("All"))
    level = filters.ChoiceFilter(label=pgettext_lazy("risk level", "Level"), choices=LEVELS,
                                 empty_label=_("All"), method="at_level")
    owner = filters.ModelChoiceFilter(label=_("Owner"), queryset=_people)
    escalated = filters.BooleanFilter(label=_("Escalated"),
                                      widget=forms.Select(choices=YES_NO))

    def search(self, queryset: QuerySet[Risk], name: str, value: str) -> QuerySet[Risk]:
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def at_level(self, queryset: QuerySet[Risk], name: str, value: str) -> QuerySet[Risk]:
        """Low below the medium threshold, high from the high one, medium between
        (``MatrixConfig.level``)."""
        queryset = queryset.alias(medium_from=_threshold("medium_from"),
                                  high_from=_threshold("high_from"))
        bounds = {"low": Q(score__lt=F("medium_from")),
                  "medium": Q(score__gte=F("medium_from"), score__lt=F("high_from")),
                  "high": Q(score__gte=F("high_from"))}
        return queryset.filter(bounds[value])


class IssueFilter(filters.FilterSet):
    """The issue log's filters (all optional)."""

    status = filters.ChoiceFilter(label=_("Status"), choices=Issue.Status.choices,
                                  empty_label=_("All"))
    severity = filters.ChoiceFilter(label=_("Severity"), choices=Issue.Severity.choices,
                                    empty_label=_("All"))
