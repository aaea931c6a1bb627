"""Template helpers for display only: they format what the engine and services computed, and
tell the frame which links to show (``sees_costs``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import floatformat

from jalon.accounts import permissions
from jalon.accounts.people import name_of

register = template.Library()


@register.filter
def sees_costs(user: Any) -> bool:
    """Whether ``user`` sees money anywhere (rates, costs, KPIs): the menu's KPI link."""
    return permissions.can_see_costs(user)


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """``mapping[key]``, or None (schedules by project id, task dates by task id)."""
    if not mapping:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def days(value: Any) -> str:
    """A number of working days in the page's language, without needless decimals (2; 1,5)."""
    if value is None:
        return ""
    text = floatformat(value, "-2")
    return "0" if text in ("-0", "-0,00", "-0.00") else text


@register.filter
def person(user: Any) -> str:
    """A user's full name, else their user name; a dash for nobody."""
    return name_of(user) or "—"


@register.filter
def variance(value: Any) -> str:
    """A variance in working days with its sign (+2; −1,5; 0), a dash when unknown."""
    if value is None:
        return "—"
    text = days(value)
    if text == "0":
        return text
    return f"+{text}" if float(value) > 0 else f"−{text.lstrip('-')}"
