"""Template filters of the calendar pages."""

from __future__ import annotations

from typing import Any

from django import template

from jalon.calendars.models import WEEKDAY_NAMES

register = template.Library()


@register.filter
def weekday_names(days: Any) -> str:
    """ISO weekday numbers (Monday = 0) as names in the page's language."""
    return ", ".join(str(WEEKDAY_NAMES[d]) for d in sorted(days or []) if 0 <= d < 7)
