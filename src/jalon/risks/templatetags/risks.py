"""Template filters of the risk pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def level_of(config: Any, score: int | None) -> str:
    """``low``, ``medium`` or ``high`` for a score on the portfolio's matrix."""
    return config.level(score) if config is not None else ""


@register.filter
def percent(value: float | None) -> str:
    """A probability (0-1) as a whole percentage."""
    return "—" if value is None else f"{value * 100:.0f} %"
