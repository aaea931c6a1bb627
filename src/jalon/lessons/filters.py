"""The filters of the lessons base: one definition, rendered by ``/lessons/`` and read by
``GET /api/v1/lessons`` under the same names."""

from __future__ import annotations

from functools import reduce
from operator import and_

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jalon.lessons.models import Lesson


class LessonFilter(filters.FilterSet):
    """Words (each must appear in the title, what happened or the recommendation), a tag
    (any of phase, category, method or sector) and each tag on its own."""

    q = filters.CharFilter(label=_("Search"), method="search",
                           help_text=_("Words of the title, what happened or the "
                                       "recommendation."))
    tag = filters.CharFilter(label=_("Tag"), method="tagged",
                             help_text=_("A phase, category, method or sector."))
    category = filters.ChoiceFilter(label=_("Category"), choices=Lesson.Category.choices,
                                    empty_label=_("All"))
    method = filters.ChoiceFilter(label=_("Method"), choices=Lesson.Method.choices,
                                  empty_label=_("All"))
    impact = filters.ChoiceFilter(label=_("Impact"), choices=Lesson.Impact.choices,
                                  empty_label=_("All"))
    phase = filters.CharFilter(label=_("Phase"), lookup_expr="iexact")
    sector = filters.CharFilter(label=_("Sector"), lookup_expr="iexact")

    def search(self, queryset: QuerySet[Lesson], name: str, value: str) -> QuerySet[Lesson]:
        words = value.split()
        if not words:
            return queryset
        return queryset.filter(reduce(and_, (
            Q(title__icontains=w) | Q(what_happened__icontains=w)
            | Q(recommendation__icontains=w) for w in words)))

    def tagged(self, queryset: QuerySet[Lesson], name: str, value: str) -> QuerySet[Lesson]:
        value = value.strip()
        return queryset.filter(Q(phase__iexact=value) | Q(category__iexact=value)
                               | Q(method__iexact=value) | Q(sector__iexact=value))
