"""REST endpoints of the document libraries (thin: lookup, validation, one service or selector
call, response).

``POST .../documents`` takes either a multipart upload (``title``, ``file``, and optionally
``category``, ``description``, ``deliverable``, ``gate``) or, on a project, a JSON body asking
Jalon to write a document from the project's data (``{"generate": "charter"|"business_case",
"format": "docx"|"pdf"}``).
"""

from __future__ import annotations

import datetime
import json
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, UploadedFile
from pydantic import ValidationError as SchemaError

from jalon.accounts.people import name_of
from jalon.api.lookups import person
from jalon.documents import selectors, services
from jalon.documents.files import file_response
from jalon.documents.forms import DocumentForm, VersionForm
from jalon.documents.models import Approval, Document, DocumentVersion
from jalon.errors import ValidationFailed
from jalon.governance.models import ProjectDocument
from jalon.portfolios import selectors as portfolio_selectors

router = Router(tags=["Documents"])


class ApprovalOut(Schema):
    approver: int
    approver_name: str
    decision: str
    comment: str
    decided_at: datetime.datetime | None

    @staticmethod
    def of(approval: Approval) -> ApprovalOut:
        return ApprovalOut(approver=approval.approver_id, approver_name=name_of(approval.approver),
                           decision=approval.decision, comment=approval.comment,
                           decided_at=approval.decided_at)


class VersionOut(Schema):
    number: int
    filename: str
    size: int
    uploaded_by: str
    uploaded_at: datetime.datetime
    url: str
    approvals: list[ApprovalOut]

    @staticmethod
    def of(version: DocumentVersion) -> VersionOut:
        return VersionOut(
            number=version.number, filename=version.filename, size=version.size,
            uploaded_by=name_of(version.uploaded_by), uploaded_at=version.uploaded_at,
            url=f"/api/v1/documents/{version.document_id}/versions/{version.number}/file",
            approvals=[ApprovalOut.of(a) for a in version.approvals.all()])


class DocumentOut(Schema):
    id: int
    title: str
    category: str
    description: str
    status: str
    return_comment: str
    owner: str
    project: int | None
    programme: int | None
    portfolio: int | None
    deliverable: int | None
    deliverable_name: str | None
    gate: int | None
    template: str
    latest_version: int | None
    created_at: datetime.datetime

    @classmethod
    def fields_of(cls, document: Document, latest: int | None) -> dict[str, Any]:
        deliverable = document.deliverable
        return {
            "id": document.pk, "title": document.title, "category": document.category,
            "description": document.description, "status": document.status,
            "return_comment": document.return_comment, "owner": name_of(document.owner),
            "project": document.project_id, "programme": document.programme_id,
            "portfolio": document.portfolio_id, "deliverable": document.deliverable_id,
            "deliverable_name": deliverable.name if deliverable is not None else None,
            "gate": document.gate_id, "template": document.template, "latest_version": latest,
            "created_at": document.created_at}


class DocumentDetailOut(DocumentOut):
    versions: list[VersionOut]


def _detail(document: Document) -> DocumentDetailOut:
    versions = [VersionOut.of(v) for v in selectors.version_list(document=document)]
    return DocumentDetailOut(**DocumentOut.fields_of(
        document, versions[0].number if versions else None), versions=versions)


class GenerateIn(Schema):
    generate: Literal["charter", "business_case"]
    format: Literal["docx", "pdf"] = "docx"
    deliverable: int | None = None


#: The two bodies ``POST .../documents`` accepts, for the OpenAPI description.
ADD_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {
        "type": "object", "required": ["title", "file"],
        "properties": {"title": {"type": "string"}, "file": {"type": "string", "format": "binary"},
                       "category": {"type": "string"}, "description": {"type": "string"},
                       "deliverable": {"type": "integer"}, "gate": {"type": "integer"}}}},
    "application/json": {"schema": GenerateIn.model_json_schema()},
}}}


def _form_errors(form: Any) -> ValidationFailed:
    errors = {field: [str(m) for m in messages] for field, messages in form.errors.items()}
    field, messages = next(iter(errors.items()))
    return ValidationFailed(f"{field}: {messages[0]}", field=field, errors=errors)


def _upload(request: HttpRequest, scope: Any) -> Document:
    form = DocumentForm(request.POST, request.FILES, scope=scope)
    if not form.is_valid():
        raise _form_errors(form)
    return services.document_create(actor=request.user, scope=scope, **form.service_arguments())


def _generate(request: HttpRequest, project: Any) -> Document:
    try:
        payload = GenerateIn.model_validate(json.loads(request.body or b"null"))
    except (ValueError, SchemaError):
        raise ValidationFailed(
            _('Send a multipart upload (title, file) or {"generate": "charter" or '
              '"business_case", "format": "docx" or "pdf"}.'), field="generate") from None
    deliverable = None
    if payload.deliverable is not None:
        deliverable = ProjectDocument.objects.filter(pk=payload.deliverable,
                                                     phase__project=project).first()
        if deliverable is None:
            raise ValidationFailed(_("deliverable: %(project)s has no deliverable %(pk)s.")
                                   % {"project": project.code, "pk": payload.deliverable},
                                   field="deliverable")
    return services.document_generate(actor=request.user, project=project,
                                      template=payload.generate, file_format=payload.format,
                                      deliverable=deliverable)


def _add(request: HttpRequest, scope: Any, *, generating: bool) -> tuple[int, DocumentDetailOut]:
    if (request.content_type or "").startswith("multipart/"):
        document = _upload(request, scope)
    elif generating:
        document = _generate(request, scope)
    else:
        raise ValidationFailed(_("Send a multipart upload: title and file."), field="file")
    return 201, _detail(selectors.document_get(user=request.user, pk=document.pk))


def _listing(request: HttpRequest, scope: Any) -> list[DocumentOut]:
    return [DocumentOut(**DocumentOut.fields_of(d, d.latest))
            for d in selectors.document_list(user=request.user, scope=scope)]


@router.get("/projects/{int:pk}/documents", response=list[DocumentOut])
def list_project_documents(request: HttpRequest, pk: int):
    """The project's library."""
    return _listing(request, portfolio_selectors.project_get(user=request.user, pk=pk))


@router.post("/projects/{int:pk}/documents", response={201: DocumentDetailOut},
             openapi_extra=ADD_BODY)
def add_project_document(request: HttpRequest, pk: int):
    """Upload a document (multipart), or generate one from the project's data (JSON)."""
    project = portfolio_selectors.project_get(user=request.user, pk=pk)
    return _add(request, project, generating=True)


@router.get("/programmes/{int:pk}/documents", response=list[DocumentOut])
def list_programme_documents(request: HttpRequest, pk: int):
    """The programme's library."""
    return _listing(request, portfolio_selectors.programme_get(user=request.user, pk=pk))


@router.post("/programmes/{int:pk}/documents", response={201: DocumentDetailOut},
             openapi_extra=ADD_BODY)
def add_programme_document(request: HttpRequest, pk: int):
    """Upload a document to the programme's library (multipart)."""
    programme = portfolio_selectors.programme_get(user=request.user, pk=pk)
    return _add(request, programme, generating=False)


@router.get("/portfolios/{int:pk}/documents", response=list[DocumentOut])
def list_portfolio_documents(request: HttpRequest, pk: int):
    """The portfolio's library."""
    return _listing(request, portfolio_selectors.portfolio_get(user=request.user, pk=pk))


@router.post("/portfolios/{int:pk}/documents", response={201: DocumentDetailOut},
             openapi_extra=ADD_BODY)
def add_portfolio_document(request: HttpRequest, pk: int):
    """Upload a document to the portfolio's library (multipart)."""
    portfolio = portfolio_selectors.portfolio_get(user=request.user, pk=pk)
    return _add(request, portfolio, generating=False)


@router.get("/documents/{int:pk}", response=DocumentDetailOut)
def get_document(request: HttpRequest, pk: int):
    """A document with its versions (newest first) and their approvals."""
    return _detail(selectors.document_get(user=request.user, pk=pk))


@router.post("/documents/{int:pk}/versions", response={201: VersionOut})
def add_version(request: HttpRequest, pk: int, file: File[UploadedFile]):
    """A new version (multipart ``file``); the document goes back to draft."""
    document = selectors.document_get(user=request.user, pk=pk)
    form = VersionForm(files=MultiValueDict({"file": [file]}))
    if not form.is_valid():
        raise _form_errors(form)
    version = services.version_add(actor=request.user, document=document,
                                   upload=form.cleaned_data["file"])
    return 201, VersionOut.of(version)


@router.get("/documents/{int:pk}/versions/{int:number}/file")
def download_version(request: HttpRequest, pk: int, number: int):
    """The version's file, as an attachment."""
    document = selectors.document_get(user=request.user, pk=pk)
    return file_response(selectors.version_get(user=request.user, document=document,
                                               number=number))


class SubmitIn(Schema):
    approvers: list[int] | None = None


class ReviewIn(Schema):
    comment: str = ""


@router.post("/documents/{int:pk}/submit", response=DocumentDetailOut)
def submit(request: HttpRequest, pk: int, payload: SubmitIn | None = None):
    """Ask the approvers (user ids; by default the project's board) to approve the latest
    version."""
    document = selectors.document_get(user=request.user, pk=pk)
    approvers = (None if payload is None or payload.approvers is None
                 else person(request.user)(payload.approvers, "approvers"))
    services.document_submit(actor=request.user, document=document, approvers=approvers)
    return _detail(selectors.document_get(user=request.user, pk=pk))


@router.post("/documents/{int:pk}/approve", response=DocumentDetailOut)
def approve(request: HttpRequest, pk: int, payload: ReviewIn | None = None):
    """The caller approves the version in review; the last approval approves the document."""
    document = selectors.document_get(user=request.user, pk=pk)
    services.document_approve(actor=request.user, document=document,
                              comment=payload.comment if payload else "")
    return _detail(selectors.document_get(user=request.user, pk=pk))


@router.post("/documents/{int:pk}/return", response=DocumentDetailOut)
def return_document(request: HttpRequest, pk: int, payload: ReviewIn):
    """The caller returns the version in review with a comment saying what should change."""
    document = selectors.document_get(user=request.user, pk=pk)
    services.document_return(actor=request.user, document=document, comment=payload.comment)
    return _detail(selectors.document_get(user=request.user, pk=pk))
