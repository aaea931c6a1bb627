"""Template filters of the risk pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template

from jalon.web import charts

register = template.Library()


@register.filter
def level_of(config: Any, score: int | None) -> str:
    """``low``, ``medium`` or ``high`` for a score on the portfolio's matrix."""
    return config.level(score) if config is not None else ""


@register.filter
def percent(value: float | None) -> str:
    """A probability (0-1) as a whole percentage."""
    return "—" if value is None else f"{value * 100:.0f} %"


@register.filter
def stored_date(value: str | None) -> str:
    """A date a stored result keeps as ISO text (``2026-11-06``), written as the reader writes
    dates (``06/11/2026``); a dash when there is none."""
    return charts.short_date(date.fromisoformat(value)) if value else "—"
