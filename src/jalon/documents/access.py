"""Who may do what in a document library.

Whoever sees a project, programme or portfolio reads its library. Those who manage it (project
managers and above, as for the rest of its content) add documents and versions, generate, submit
for review and are the approvers one may name; team members contribute to the libraries of the
projects they are on (add documents and versions, generate, submit their own documents), as
they produce much of a project's documentation; executives only read.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.accounts.models import Role
from jalon.documents.models import Document
from jalon.errors import PermissionDenied


def can_contribute(user: Any, scope: Any) -> bool:
    """May ``user`` add documents and versions to the library of ``scope``?"""
    if perms.can_change(user, scope):
        return True
    return perms.scope_level(scope) == "project" and Role.TEAM_MEMBER in perms.roles_on(user,
                                                                                      scope)


def require_contribute(user: Any, scope: Any) -> None:
    perms.require_view(user, scope)
    if not can_contribute(user, scope):
        raise PermissionDenied(_("You may not add documents to the library of %(scope)s.")
                               % {"scope": scope})


def can_approve(user: Any, scope: Any) -> bool:
    """May ``user`` be named an approver of the documents of ``scope``? Those who manage it."""
    return perms.can_change(user, scope)


def can_submit(user: Any, document: Document) -> bool:
    """Managers submit any document of their scope; a contributor submits his own."""
    scope = document.scope
    return perms.can_change(user, scope) or (
        document.owner_id == getattr(user, "pk", None) and can_contribute(user, scope))
