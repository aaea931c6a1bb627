"""Template filters of the planning pages."""

from __future__ import annotations

from typing import Any

from django import template

from jalon.planning.predecessors import format_predecessors

register = template.Library()


@register.filter
def predecessors(task: Any) -> str:
    """The task's predecessors as MS Project writes them (``3FS+2, 5SS``)."""
    return format_predecessors(task)
