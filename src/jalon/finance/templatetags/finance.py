"""Display of figures computed by the engine: amounts, indices, statuses. No arithmetic here."""

from __future__ import annotations

import math
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from jalon.engine.kpis import registry

register = template.Library()

RAG_LABELS = {"green": _("Green"), "amber": _("Amber"), "red": _("Red"), "": _("Not assessed")}


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return not math.isfinite(float(value))
    except (TypeError, ValueError):
        return True


@register.filter
def money(value: Any) -> str:
    """An amount with thousands grouped and no cents (12 345); a dash when undefined."""
    return "—" if _missing(value) else floatformat(value, "0g")


@register.filter
def ratio(value: Any) -> str:
    """An index with three decimals (0,846); a dash when undefined."""
    return "—" if _missing(value) else floatformat(value, 3)


@register.filter
def number1(value: Any) -> str:
    """A number with one decimal at most (points, periods, days); a dash when undefined."""
    return "—" if _missing(value) else floatformat(value, -1)


@register.filter
def kpi(value: Any, key: str) -> str:
    """A KPI's value as the registry declares it: an index with exactly its decimals, another
    unit with at most its decimals; a dash when undefined."""
    if _missing(value):
        return "—"
    declared = registry()[key]
    return floatformat(value, declared.decimals if declared.unit == "index"
                       else -declared.decimals)


@register.filter
def rag_label(status: str | None) -> str:
    return str(RAG_LABELS.get(status or "", RAG_LABELS[""]))


@register.simple_tag
def rag(status: str | None, title: str = "") -> str:
    """A coloured status badge (with its name, so it is not told by colour alone). Made here,
    not by an included template: a dashboard shows hundreds."""
    status = status or ""
    label = RAG_LABELS.get(status, RAG_LABELS[""])
    if title:
        return format_html('<span class="rag rag-{}" title="{}">{}</span>', status or "none",
                           title, label)
    return format_html('<span class="rag rag-{}">{}</span>', status or "none", label)


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` or None."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
