"""The filters of the proposals' ranked list, shared by the page and ``GET
/portfolios/{id}/proposals``."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jalon.intake.models import Proposal


class ProposalFilter(filters.FilterSet):
    """Proposals in a state, of a category, mandatory or not, by MoSCoW class, or by words of
    their code or title."""

    state = filters.ChoiceFilter(label=_("State"), choices=Proposal.State.choices,
                                 empty_label=_("All"))
    category = filters.CharFilter(label=_("Category"), lookup_expr="iexact")
    moscow = filters.ChoiceFilter(label=_("MoSCoW"), choices=Proposal.Moscow.choices,
                                  empty_label=_("All"))
    mandatory = filters.BooleanFilter(label=_("Mandatory or regulatory"))
    search = filters.CharFilter(label=_("Search"), method="by_words",
                                help_text=_("Words of the code or the title."))

    def by_words(self, queryset: QuerySet[Proposal], name: str, value: str
                 ) -> QuerySet[Proposal]:
        return queryset.filter(Q(title__icontains=value) | Q(code__icontains=value))
