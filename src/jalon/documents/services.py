"""Writes of the document libraries, each in a transaction, each checking the actor's rights
first: documents and their versions, reviews (submit, approve, return) and documents generated
from a project's data.

A review names its approvers for the latest version; each approves, and when all have the
document is approved — and so is the phase's deliverable it stands for, through governance, which
makes the gate criterion "documents approved" pass. Approvers are told through notifications
that stay on their "to do" list (``ref`` ``document:<id>:<user id>``) until they decide or the
review ends; the owner hears of the outcome. A new version ends a review in progress: what was
reviewed is no longer the latest.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jalon.accounts import permissions as perms
from jalon.accounts.people import name_of
from jalon.documents import access, generation, selectors
from jalon.documents.models import Approval, Category, Document, DocumentVersion, Template
from jalon.documents.uploads import Upload, checked
from jalon.errors import PermissionDenied, ValidationFailed
from jalon.governance import services as governance
from jalon.governance.models import Gate, ProjectDocument
from jalon.notifications.services import notifications_resolve, notify
from jalon.portfolios.models import Portfolio, Programme, Project
from jalon.validation import validate

Scope = Project | Programme | Portfolio

REVIEW_ASKED = gettext_noop("Please review “%(document)s” (version %(version)s) of %(scope)s.")
APPROVED = gettext_noop("“%(document)s” of %(scope)s is approved.")
RETURNED = gettext_noop("%(approver)s returned “%(document)s” of %(scope)s: %(comment)s")


def _scope_field(scope: Scope) -> str:
    level = perms.scope_level(scope)
    if level is None:
        raise ValidationFailed(_("Documents belong to a project, a programme or a portfolio."))
    return level


def _scope_name(scope: Scope) -> str:
    return f"{scope.code} {scope.name}"


def _url(document: Document) -> str:
    return reverse("document-detail", args=[document.pk])


def _store(document: Document, upload: Upload, actor: Any) -> DocumentVersion:
    """Save ``upload`` (already checked) as the document's next version; the file is removed
    again if the record cannot be saved, so a refusal leaves nothing behind."""
    latest = document.versions.aggregate(n=Max("number"))["n"] or 0
    version = DocumentVersion(document=document, number=latest + 1, filename=upload.name,
                              size=len(upload.content), uploaded_by=actor)
    version.file.save(upload.name, ContentFile(upload.content), save=False)
    try:
        version.save()
    except Exception:
        version.file.delete(save=False)
        raise
    return version


def _links(scope: Scope, deliverable: ProjectDocument | None, gate: Gate | None) -> None:
    """A deliverable or a gate belongs to a phase of the project whose library it is."""
    if deliverable is None and gate is None:
        return
    if perms.scope_level(scope) != "project":
        raise ValidationFailed(_("Only a project's documents stand for a phase's deliverable or "
                                 "go with a stage gate."), field="deliverable")
    if deliverable is not None and deliverable.phase.project_id != scope.pk:
        raise ValidationFailed(_("“%(deliverable)s” is a deliverable of another project.")
                               % {"deliverable": deliverable.name}, field="deliverable")
    if gate is not None and gate.phase.project_id != scope.pk:
        raise ValidationFailed(_("“%(gate)s” is a gate of another project.")
                               % {"gate": gate.name}, field="gate")


@transaction.atomic
def document_create(*, actor: Any, scope: Scope, title: str, upload: Upload,
                    category: str = Category.OTHER, description: str = "",
                    deliverable: ProjectDocument | None = None, gate: Gate | None = None,
                    template: str = "") -> Document:
    """A new document of the library of ``scope``, owned by ``actor``, with ``upload`` as its
    version 1, in draft."""
    access.require_contribute(actor, scope)
    upload = checked(upload)
    _links(scope, deliverable, gate)
    document = Document(title=title.strip(), category=category, description=description,
                        owner=actor, deliverable=deliverable, gate=gate, template=template,
                        **{_scope_field(scope): scope})
    validate(document)
    document.save()
    _store(document, upload, actor)
    return document


def _end_review(document: Document) -> None:
    """Withdraw the approvals still awaited and take them off the approvers' lists."""
    pending = Approval.objects.filter(version__document=document,
                                      decision=Approval.Decision.PENDING)
    for approval in pending:
        notifications_resolve(ref=f"document:{document.pk}:{approval.approver_id}")
    pending.update(decision=Approval.Decision.WITHDRAWN, decided_at=timezone.now())


@transaction.atomic
def version_add(*, actor: Any, document: Document, upload: Upload) -> DocumentVersion:
    """A new version of ``document``; the earlier ones stay. The document goes back to draft
    (a review in progress is withdrawn): the new version needs its own review."""
    access.require_contribute(actor, document.scope)
    upload = checked(upload)
    _end_review(document)
    version = _store(document, upload, actor)
    if document.status != Document.Status.DRAFT:
        document.status, document.return_comment = Document.Status.DRAFT, ""
        document.save(update_fields=["status", "return_comment"])
    return version


def _default_approvers(document: Document) -> list[Any]:
    """The holders of the project's approving roles (its board), for a project's document."""
    project = document.project
    if project is None:
        return []
    return selectors.board_members(project=project)


@transaction.atomic
def document_submit(*, actor: Any, document: Document,
                    approvers: Iterable[Any] | None = None) -> Document:
    """Ask ``approvers`` (by default the project's board) to approve the latest version."""
    scope = document.scope
    perms.require_view(actor, scope)
    if not access.can_submit(actor, document):
        raise PermissionDenied(_("Only the document's owner or those who manage %(scope)s "
                                 "submit it for review.") % {"scope": scope})
    if document.status == Document.Status.IN_REVIEW:
        raise ValidationFailed(_("“%(document)s” is already in review.")
                               % {"document": document.title}, field="approvers")
    chosen = list({u.pk: u for u in (approvers if approvers is not None
                                     else _default_approvers(document))}.values())
    if not chosen:
        raise ValidationFailed(_("Name the approvers of “%(document)s”: %(scope)s has no board "
                                 "member to ask by default.")
                               % {"document": document.title, "scope": scope},
                               field="approvers")
    refused = [name_of(u) for u in chosen if not access.can_approve(u, scope)]
    if refused:
        raise ValidationFailed(_("Only those who manage %(scope)s approve its documents, not: "
                                 "%(users)s.") % {"scope": scope, "users": ", ".join(refused)},
                               field="approvers")
    version = document.versions.order_by("-number").first()
    assert version is not None  # a document is created with its first version
    Approval.objects.bulk_create(Approval(version=version, approver=u) for u in chosen)
    document.status, document.return_comment = Document.Status.IN_REVIEW, ""
    document.save(update_fields=["status", "return_comment"])
    params = {"document": document.title, "version": version.number,
              "scope": _scope_name(scope)}
    for user in chosen:
        notify(recipients=[user], kind="document_review", message=REVIEW_ASKED, params=params,
               url=_url(document), project=document.project, action=True,
               ref=f"document:{document.pk}:{user.pk}")
    return document


def _my_approval(actor: Any, document: Document) -> Approval:
    perms.require_view(actor, document.scope)
    approval = Approval.objects.filter(version__document=document, approver=actor,
                                       decision=Approval.Decision.PENDING).first()
    if document.status != Document.Status.IN_REVIEW or approval is None:
        raise PermissionDenied(_("“%(document)s” awaits no decision of yours.")
                               % {"document": document.title})
    return approval


def _decide(approval: Approval, decision: str, comment: str) -> None:
    approval.decision, approval.comment, approval.decided_at = decision, comment, timezone.now()
    approval.save(update_fields=["decision", "comment", "decided_at"])
    notifications_resolve(ref=f"document:{approval.version.document_id}:{approval.approver_id}")


@transaction.atomic
def document_approve(*, actor: Any, document: Document, comment: str = "") -> Document:
    """``actor`` approves the version in review; the last approval approves the document and
    the deliverable it stands for."""
    approval = _my_approval(actor, document)
    _decide(approval, Approval.Decision.APPROVED, comment)
    if approval.version.approvals.filter(decision=Approval.Decision.PENDING).exists():
        return document
    document.status = Document.Status.APPROVED
    document.save(update_fields=["status"])
    if document.deliverable is not None:
        governance.document_set_status(actor=actor, document=document.deliverable,
                                       status=ProjectDocument.Status.APPROVED)
    notify(recipients=[document.owner], kind="document_approved", message=APPROVED,
           params={"document": document.title, "scope": _scope_name(document.scope)},
           url=_url(document), project=document.project)
    return document


@transaction.atomic
def document_return(*, actor: Any, document: Document, comment: str) -> Document:
    """``actor`` returns the version in review with what should change; the review ends."""
    approval = _my_approval(actor, document)
    if not comment.strip():
        raise ValidationFailed(_("Say what should change in the comment."), field="comment")
    _decide(approval, Approval.Decision.RETURNED, comment)
    _end_review(document)
    document.status, document.return_comment = Document.Status.RETURNED, comment
    document.save(update_fields=["status", "return_comment"])
    notify(recipients=[document.owner], kind="document_returned", message=RETURNED,
           params={"document": document.title, "scope": _scope_name(document.scope),
                   "approver": name_of(actor), "comment": comment},
           url=_url(document), project=document.project)
    return document


@transaction.atomic
def document_generate(*, actor: Any, project: Project, template: str, file_format: str = "docx",
                      deliverable: ProjectDocument | None = None) -> Document:
    """Write ``template`` (charter or business case) from the project's data in the active
    language as a new draft version: of the document standing for ``deliverable`` (or, without
    one, of the project's document last generated from the same template), else of a new one.
    The money is in it only when ``actor`` may see the project's money."""
    access.require_contribute(actor, project)
    if template not in Template.values:
        raise ValidationFailed(_("Generate a project charter or a business case."),
                               field="generate")
    if file_format not in generation.FORMATS:
        raise ValidationFailed(_("Generate as DOCX or PDF."), field="format")
    _links(project, deliverable, None)
    content = generation.content(user=actor, project=project, template=template)
    upload = Upload(name=f"{project.code} {content.title}.{file_format}",
                    content=generation.render(content, file_format))
    found = Document.objects.filter(project=project)
    found = (found.filter(deliverable=deliverable) if deliverable is not None
             else found.filter(template=template))
    document = found.order_by("-pk").first()
    if document is None:
        return document_create(actor=actor, scope=project, upload=upload, template=template,
                               title=deliverable.name if deliverable else content.title,
                               category=Category.MANAGEMENT, deliverable=deliverable)
    version_add(actor=actor, document=document, upload=upload)
    return document
