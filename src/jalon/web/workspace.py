"""The project workspace frame: the heading and tabs every project page shows around its own
content (``web/project/_head.html``), whichever app the tab belongs to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

from jalon.accounts import permissions

if TYPE_CHECKING:
    from jalon.portfolios.models import Project


def workspace(request: HttpRequest, project: Project, tab: str, **context: Any) -> dict[str, Any]:
    """What every tab of the project workspace shows around its own content."""
    return {
        "project": project,
        "tab": tab,
        "can_change": permissions.can_change(request.user, project),
        "can_progress": permissions.can_record_progress(request.user, project),
        "can_see_costs": permissions.can_see_costs(request.user, project),
        "container_visible": permissions.can_view(request.user, project.programme or project.portfolio),
        # deleting a project is for those who manage its programme (or portfolio)
        "can_delete": permissions.can_change(request.user, project.programme or project.portfolio),
        **context,
    }
