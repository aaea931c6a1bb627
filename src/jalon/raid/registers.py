"""The three registers of the RAID log described once, so that the pages of each (list,
export, new, edit, delete) are the same few views: what each lists, filters, edits and
exports, and how its pages name it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from django_filters import FilterSet

from jalon.io.tables import Table
from jalon.raid import exports, selectors, services
from jalon.raid.filters import AssumptionFilter, DecisionFilter, DependencyFilter
from jalon.raid.forms import AssumptionForm, DecisionForm, DependencyForm, RaidForm


@dataclass(frozen=True)
class Register:
    """One register: its selectors, filters, form, services, table and page words."""

    key: str
    title: Any
    new: Any
    edit: Any
    delete: Any
    field: str  # the keyword its services take the entry by
    required: str  # the field its create service takes first
    list: Callable[..., Any]
    get: Callable[..., Any]
    filters: type[FilterSet]
    form: type[RaidForm]
    create: Callable[..., Any]
    update: Callable[..., Any]
    remove: Callable[..., Any]
    table: Callable[[Any], Table]


REGISTERS: dict[str, Register] = {r.key: r for r in (
    Register("decisions", _("Decision log"), _("New decision"), _("Edit the decision %(ref)s"),
             _("Delete the decision %(ref)s"), "decision", "title",
             selectors.decision_list, selectors.decision_get, DecisionFilter, DecisionForm,
             services.decision_create, services.decision_update, services.decision_delete,
             exports.decision_table),
    Register("assumptions", _("Assumptions"), _("New assumption"),
             _("Edit the assumption %(ref)s"), _("Delete the assumption %(ref)s"),
             "assumption", "description",
             selectors.assumption_list, selectors.assumption_get, AssumptionFilter,
             AssumptionForm, services.assumption_create, services.assumption_update,
             services.assumption_delete, exports.assumption_table),
    Register("dependencies", _("External dependencies"), _("New external dependency"),
             _("Edit the external dependency %(ref)s"),
             _("Delete the external dependency %(ref)s"), "dependency", "description",
             selectors.dependency_list, selectors.dependency_get, DependencyFilter,
             DependencyForm, services.dependency_create, services.dependency_update,
             services.dependency_delete, exports.dependency_table),
)}
