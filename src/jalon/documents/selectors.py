"""Reads of the document libraries, limited to what the user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib.auth import get_user_model
from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.accounts.models import RoleGrant
from jalon.documents.models import Approval, Document, DocumentVersion
from jalon.errors import NotFound
from jalon.governance.models import ProjectDocument, ProjectRole
from jalon.portfolios.models import Portfolio, Programme, Project

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

Scope = Project | Programme | Portfolio


class Latest(TypedDict):
    latest: int | None


def document_list(*, user: Any, scope: Scope) -> QuerySet[WithAnnotations[Document, Latest]]:
    """The documents of the library of ``scope``, with their latest version's number."""
    perms.require_view(user, scope)
    level = perms.scope_level(scope)
    return (Document.objects.filter(**{str(level): scope})
            .select_related("owner", "deliverable")
            .annotate(latest=Max("versions__number")))


def document_get(*, user: Any, pk: Any) -> Document:
    """A document whose library ``user`` sees (NotFound otherwise: we don't reveal it exists)."""
    document = (Document.objects.select_related(
        "owner", "deliverable__phase", "gate", "project__portfolio", "project__programme",
        "programme__portfolio", "portfolio").filter(pk=pk).first())
    if document is None:
        raise NotFound(_("Not found."))
    perms.require_view(user, document.scope)
    return document


def version_list(*, document: Document) -> QuerySet[DocumentVersion]:
    """Every version of a document already read through :func:`document_get`, newest first."""
    return document.versions.select_related("uploaded_by").prefetch_related(
        Prefetch("approvals", queryset=Approval.objects.select_related("approver")))


def version_get(*, user: Any, document: Document, number: int) -> DocumentVersion:
    perms.require_view(user, document.scope)
    version = document.versions.filter(number=number).first()
    if version is None:
        raise NotFound(_("Not found."))
    return version


def awaited(*, document: Document) -> list[Approval]:
    """The approvals the review in progress still awaits."""
    return list(Approval.objects.filter(version__document=document,
                                        decision=Approval.Decision.PENDING)
                .select_related("approver"))


def board_members(*, project: Project) -> list[Any]:
    """The holders of the project's approving roles (its board), each once."""
    roles = (ProjectRole.objects.filter(project=project, approver=True, holder__isnull=False)
             .select_related("holder").order_by("pk"))
    return list({role.holder_id: role.holder for role in roles}.values())


def approver_choices(*, scope: Scope) -> QuerySet[Any]:
    """The active users who may approve the documents of ``scope``: those whose role manages
    it, wherever the role is granted above it."""
    level = str(perms.scope_level(scope))
    roles = [role for role, levels in perms.MANAGES.items() if level in levels]
    where = Q(portfolio=None, programme=None, project=None)
    if isinstance(scope, Project):
        where |= Q(project=scope) | Q(portfolio_id=scope.portfolio_id)
        if scope.programme_id:
            where |= Q(programme_id=scope.programme_id)
    elif isinstance(scope, Programme):
        where |= Q(programme=scope) | Q(portfolio_id=scope.portfolio_id)
    else:
        where |= Q(portfolio=scope)
    grants = RoleGrant.objects.filter(where, role__in=roles).values("user_id")
    return (get_user_model().objects.filter(is_active=True, pk__in=grants)
            .order_by("first_name", "last_name", "username"))


def deliverables(*, user: Any, project: Project) -> QuerySet[ProjectDocument]:
    """The documents the project's phases must produce, with the library's documents standing
    for them."""
    perms.require_view(user, project)
    return (ProjectDocument.objects.filter(phase__project=project)
            .select_related("phase").prefetch_related("library")
            .order_by("phase__position", "pk"))
