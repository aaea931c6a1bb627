"""Pages of the document libraries: a project's *Documents* tab (with its phases' deliverables
and the generate buttons), a programme's and a portfolio's library, a document with its
versions and its review, the download of a version. Thin: permission, form, one service or
selector call, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jalon.accounts import permissions
from jalon.documents import access, selectors, services
from jalon.documents.files import file_response
from jalon.documents.forms import (
    DocumentForm,
    GenerateForm,
    ReviewForm,
    SubmitForm,
    VersionForm,
)
from jalon.documents.generation import TEMPLATE_OF
from jalon.documents.models import Document
from jalon.errors import ValidationFailed
from jalon.portfolios import selectors as portfolio_selectors
from jalon.web.decorators import page
from jalon.web.forms import add_service_errors
from jalon.web.workspace import workspace

LIBRARY_URLS = {"project": "project-documents", "programme": "programme-documents",
                "portfolio": "portfolio-documents"}
DETAIL_URLS = {"programme": "programme-detail", "portfolio": "portfolio-detail"}


def library_url(scope: Any) -> str:
    return reverse(LIBRARY_URLS[str(permissions.scope_level(scope))], args=[scope.pk])


def _library(request: HttpRequest, scope: Any) -> HttpResponse:
    """The library of ``scope``; a POST uploads a new document."""
    if request.method != "POST":
        return _library_page(request, scope)
    access.require_contribute(request.user, scope)
    form = DocumentForm(request.POST, request.FILES, scope=scope)
    if form.is_valid():
        try:
            document = services.document_create(actor=request.user, scope=scope,
                                                **form.service_arguments())
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect("document-detail", pk=document.pk)
    return _library_page(request, scope, form=form, status=400)


def _library_page(request: HttpRequest, scope: Any, *, form: DocumentForm | None = None,
                  error: str = "", status: int = 200) -> HttpResponse:
    level = str(permissions.scope_level(scope))
    contributing = access.can_contribute(request.user, scope)
    context: dict[str, Any] = {
        "scope": scope, "level": level, "error": error,
        "form": form or (DocumentForm(scope=scope) if contributing else None),
        "documents": selectors.document_list(user=request.user, scope=scope)}
    if level == "project":
        context.update(
            deliverables=[(d, TEMPLATE_OF.get(d.key)) for d in
                          selectors.deliverables(user=request.user, project=scope)],
            generate_form=GenerateForm(project=scope) if contributing else None)
        return render(request, "documents/library.html",
                      workspace(request, scope, "documents", **context), status=status)
    context["scope_url"] = reverse(DETAIL_URLS[level], args=[scope.pk])
    return render(request, "documents/library.html", context, status=status)


@page
def project_documents(request: HttpRequest, pk: int) -> HttpResponse:
    return _library(request, portfolio_selectors.project_get(user=request.user, pk=pk))


@page
def programme_documents(request: HttpRequest, pk: int) -> HttpResponse:
    return _library(request, portfolio_selectors.programme_get(user=request.user, pk=pk))


@page
def portfolio_documents(request: HttpRequest, pk: int) -> HttpResponse:
    return _library(request, portfolio_selectors.portfolio_get(user=request.user, pk=pk))


@page
@require_POST
def generate(request: HttpRequest, pk: int) -> HttpResponse:
    project = portfolio_selectors.project_get(user=request.user, pk=pk)
    form = GenerateForm(request.POST, project=project)
    if not form.is_valid():
        return _library_page(request, project, status=400,
                             error=str(next(iter(form.errors.values()))[0]))
    try:
        document = services.document_generate(actor=request.user, project=project,
                                              **form.cleaned_data)
    except ValidationFailed as exc:
        return _library_page(request, project, status=400, error=exc.message)
    return redirect("document-detail", pk=document.pk)


def _detail(request: HttpRequest, document: Document, *, status: int = 200,
            **forms: Any) -> HttpResponse:
    user = request.user
    scope = document.scope
    awaited = selectors.awaited(document=document)
    mine = any(a.approver_id == user.pk for a in awaited)
    context: dict[str, Any] = {
        "document": document, "scope": scope, "library_url": library_url(scope),
        "versions": selectors.version_list(document=document), "awaited": awaited,
        "version_form": forms.get("version_form") or (
            VersionForm() if access.can_contribute(user, scope) else None),
        "submit_form": forms.get("submit_form") or (
            SubmitForm(scope=scope) if access.can_submit(user, document)
            and document.status != Document.Status.IN_REVIEW else None),
        "review_form": forms.get("review_form") or (ReviewForm() if mine else None),
    }
    if permissions.scope_level(scope) == "project":
        return render(request, "documents/document.html",
                      workspace(request, scope, "documents", **context), status=status)
    return render(request, "documents/document.html", context, status=status)


@page
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.document_get(user=request.user, pk=pk))


@page
@require_POST
def version_add(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    access.require_contribute(request.user, document.scope)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.version_add(actor=request.user, document=document,
                                 upload=form.cleaned_data["file"])
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect("document-detail", pk=document.pk)
    return _detail(request, document, status=400, version_form=form)


@page
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    form = SubmitForm(request.POST, scope=document.scope)
    if form.is_valid():
        try:
            services.document_submit(actor=request.user, document=document,
                                     **form.service_arguments())
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect("document-detail", pk=document.pk)
    return _detail(request, document, status=400, submit_form=form)


@page
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve, or return with the comment, as the button pressed says."""
    document = selectors.document_get(user=request.user, pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if request.POST.get("decision") == "return":
                services.document_return(actor=request.user, document=document, comment=comment)
            else:
                services.document_approve(actor=request.user, document=document,
                                          comment=comment)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect("document-detail", pk=document.pk)
    return _detail(request, document, status=400, review_form=form)


@page
def download(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    return file_response(selectors.version_get(user=request.user, document=document,
                                               number=number))
