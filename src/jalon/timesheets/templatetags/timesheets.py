"""Display of hours: 7, 7.5, 7.25 (no trailing zeros), in the user's language."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def hours(value: Any) -> str:
    """Hours without trailing zeros (7, 7.5, 7.25); empty when there are none."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    number = number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()
    return number_format(number)
