"""How the History tab writes a changed value: in the reader's language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def changed_value(value: Any) -> str:
    """A value of ``audit.selectors.Change``: yes/no, a date or a number as the reader writes
    them, a dash for nothing; text (names, choices) as it is."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal | int | float):
        return str(floatformat(value, "-2"))
    return str(value)
