"""Template filters of the status report pages: a report's figures are JSON (dates as ISO
strings, statuses by dimension code)."""

from __future__ import annotations

from datetime import date

from django import template

from jalon.finance.models import Dimension

register = template.Library()


@register.filter
def isodate(value: str | None) -> date | None:
    """An ISO date of a report's figures as a date, for the ``date`` filter."""
    return date.fromisoformat(value) if value else None


@register.filter
def dimension_label(key: str) -> str:
    """A RAG dimension's name in the reader's language (``overall`` included)."""
    return str(Dimension(key).label) if key in Dimension.values else key
