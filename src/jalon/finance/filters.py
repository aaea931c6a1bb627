"""The filters of the finance lists: budget lines, fixed costs and cost entries (``GET
/budget-lines``, ``/fixed-costs``, ``/cost-entries``), and the KPI dashboard's filters and
order, shared by its page and ``GET /portfolios/{id}/kpis``.

The dashboard's rows are figures computed per project, not stored objects: its definition is
a form, and :func:`dashboard_rows` applies it to the rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import django_filters as filters
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jalon.engine.kpis import registry
from jalon.finance.models import Dimension
from jalon.portfolios.filters import project_filter

if TYPE_CHECKING:
    from jalon.finance.evm import Performance


class BudgetLineFilter(filters.FilterSet):
    """Budget lines, of one project."""

    project = project_filter()


class FixedCostFilter(filters.FilterSet):
    """Fixed costs, on the tasks of one project."""

    project = project_filter("task__project")


class CostEntryFilter(filters.FilterSet):
    """Cost entries, of one project."""

    project = project_filter()


# --- the KPI dashboard ---------------------------------------------------------------------------

NOT_ASSESSED = "none"
RANKS = {"red": 0, "amber": 1, "green": 2}
"""Statuses in the dashboard's ascending order: the worst first."""


DIMENSIONS = [(d.value, d.label) for d in Dimension if d != Dimension.OVERALL]


def _orders() -> list[tuple[str, Any]]:
    """By code, by a status, or by a KPI the dashboard shows (those of the registry in force)."""
    return [("code", _("Code")), ("overall", _("Overall status")),
            *DIMENSIONS,
            *[(k.key, gettext(k.short or k.label)) for k in registry().kpis if k.dashboard]]


class KpiDashboardFilter(forms.Form):
    """The dashboard's projects: those in a status on a dimension, in an order."""

    dimension = forms.ChoiceField(
        label=_("Dimension"), required=False,
        choices=[(Dimension.OVERALL.value, Dimension.OVERALL.label), *DIMENSIONS],
        help_text=_("The dimension whose status is filtered."))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("All")), ("red", _("Red")), ("amber", _("Amber")), ("green", _("Green")),
        (NOT_ASSESSED, _("Not assessed"))])
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=_orders)
    direction = forms.ChoiceField(
        label=_("Order"), required=False,
        choices=[("asc", _("Ascending")), ("desc", _("Descending"))],
        help_text=_("Ascending: the worst first for a status or a KPI, A to Z for the code. "
                    "Projects without a value come last either way."))

    DEFAULTS = {"dimension": Dimension.OVERALL.value, "status": "", "sort": "code",
                "direction": "asc"}

    def choice(self) -> dict[str, str]:
        """The keyword arguments of :func:`dashboard_rows`: each value chosen, or its default
        when it is left out or refused (the page still lists the projects)."""
        chosen: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()  # cleans the data; the values refused stay out of cleaned_data
            chosen = self.cleaned_data
        return {name: chosen.get(name) or default for name, default in self.DEFAULTS.items()}


def dashboard_rows(rows: Iterable[Performance], *, dimension: str = "overall", status: str = "",
                   sort: str = "code", direction: str = "asc") -> list[Performance]:
    """The projects of ``rows`` whose effective status on ``dimension`` is ``status`` (any when
    empty; ``none``: not assessed), in the order of ``sort``.

    Ascending is by code A to Z; by status red, amber, green; by KPI the worst value first
    (the lowest of a higher-is-better KPI). Projects without a value (not assessed, a KPI
    that cannot be computed) come last in both directions, in the order ``rows`` gives them.
    """
    if status:
        wanted = "" if status == NOT_ASSESSED else status
        rows = [p for p in rows if p.effective.get(dimension, "") == wanted]
    key = _sort_key(sort)
    valued = [p for p in rows if key(p) is not None]
    unvalued = [p for p in rows if key(p) is None]
    return sorted(valued, key=key, reverse=direction == "desc") + unvalued


def _sort_key(sort: str) -> Callable[[Performance], Any]:
    """The value a project is sorted on, None when it has none."""
    if sort == "code":
        return lambda p: p.project.code
    kpi = next((k for k in registry().kpis if k.key == sort), None)
    if kpi is not None:
        sign = 1.0 if kpi.higher_is_better else -1.0

        def kpi_value(p: Performance) -> float | None:
            value = p.kpis.get(sort, math.nan)
            return None if math.isnan(value) else sign * value

        return kpi_value
    return lambda p: RANKS.get(p.effective.get(sort) or "")
