"""The lessons suggested at a stage gate, for the gate review page: governance's template
includes them through this tag, so that its Python imports nothing of the lessons app."""

from __future__ import annotations

from typing import Any

from django import template

from jalon.accounts import permissions
from jalon.lessons.suggestions import suggested_lessons

register = template.Library()


@register.inclusion_tag("lessons/_gate_suggestions.html", takes_context=True)
def gate_lessons(context: Any, gate: Any) -> dict[str, Any]:
    """The lessons of other projects suggested at ``gate``, and the action that records one."""
    request = context["request"]
    project = gate.phase.project
    return {"request": request, "project": project, "gate": gate,
            "suggestions": suggested_lessons(user=request.user, project=project, gate=gate),
            "can_record": permissions.can_change(request.user, project),
            "csrf_token": context.get("csrf_token")}
