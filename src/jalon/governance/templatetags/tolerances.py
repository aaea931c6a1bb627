"""Display of a tolerance measure in its unit (days, amount, percent, score). No arithmetic."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jalon.web.charts import number

register = template.Library()


@register.filter
def in_unit(value: Any, unit: str) -> str:
    """``value`` of a measure in ``unit``: ``14 days``, ``4 091``, ``12.5 %``, ``16``; a dash
    when there is none."""
    if value is None:
        return "—"
    if unit == "days":
        return ngettext("%(count)s day", "%(count)s days", round(value)) % {
            "count": number(value)}
    if unit == "percent":
        return _("%(number)s %%") % {"number": number(value, 1, trim=True)}
    return number(value, 0)
