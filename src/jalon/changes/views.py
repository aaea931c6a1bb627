"""Pages of change requests: a project's change log (its *Changes* tab) and a request with its
edits, its impact beside the plan as it is, who decides and the decision. Thin: permission,
form, one service or selector call, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jalon.accounts import permissions
from jalon.changes import selectors, services
from jalon.changes.forms import ApproveForm, ChangeForm, EditForm, RejectForm
from jalon.changes.models import ChangeRequest
from jalon.errors import ValidationFailed
from jalon.portfolios import selectors as portfolio_selectors
from jalon.portfolios.models import Project
from jalon.web.decorators import is_htmx, page
from jalon.web.forms import add_service_errors
from jalon.web.workspace import workspace


def _detail_url(change: ChangeRequest) -> str:
    return reverse("change-detail", args=[change.pk])


@page
def project_changes(request: HttpRequest, pk: int) -> HttpResponse:
    project = portfolio_selectors.project_get(user=request.user, pk=pk)
    return _log(request, project)


def _log(request: HttpRequest, project: Project, form: ChangeForm | None = None,
         status: int = 200) -> HttpResponse:
    changes = selectors.change_list(user=request.user, project=project)
    can_change = permissions.can_change(request.user, project)
    return render(request, "changes/log.html", workspace(
        request, project, "changes",
        rows=[(c, selectors.shown_impact(request.user, c)) for c in changes],
        form=(form or ChangeForm()) if can_change else None), status=status)


@page
@require_POST
def change_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = portfolio_selectors.project_get(user=request.user, pk=pk)
    permissions.require_change(request.user, project)
    form = ChangeForm(request.POST)
    if form.is_valid():
        try:
            change = services.change_create(actor=request.user, project=project,
                                            **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect(_detail_url(change))
    return _log(request, project, form=form, status=400)


@page
def change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.change_get(user=request.user, pk=pk))


def _detail(request: HttpRequest, change: ChangeRequest, *, edit_form: EditForm | None = None,
            reject_form: RejectForm | None = None, error: str = "",
            status: int = 200) -> HttpResponse:
    view = selectors.change_view(user=request.user, change=change)
    drafting = view.can_edit and change.status == ChangeRequest.Status.DRAFT
    return render(request, "changes/detail.html", workspace(
        request, change.project, "changes", view=view, change=change, error=error,
        edit_form=(edit_form or EditForm(project=change.project, costs=view.can_see_costs))
        if drafting else None,
        approve_form=ApproveForm() if view.can_decide else None,
        reject_form=(reject_form or RejectForm()) if view.can_decide else None), status=status)


@page
@require_POST
def change_edit_add(request: HttpRequest, pk: int) -> HttpResponse:
    change = selectors.change_get(user=request.user, pk=pk)
    permissions.require_change(request.user, change.project)
    form = EditForm(request.POST, project=change.project,
                    costs=permissions.can_see_costs(request.user, change.project))
    if form.is_valid():
        try:
            services.change_edit_add(actor=request.user, change=change, edit=form.edit())
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect(_detail_url(change) + "#edits")
    return _detail(request, change, edit_form=form, status=400)


@page
@require_POST
def change_edit_remove(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    change = selectors.change_get(user=request.user, pk=pk)
    return _act(request, change, lambda: services.change_edit_remove(
        actor=request.user, change=change, index=index), anchor="#edits")


def _act(request: HttpRequest, change: ChangeRequest, act: Callable[[], Any],
         anchor: str = "") -> HttpResponse:
    """Do ``act``; a refusal is shown on the request's page. htmx gets the page at once (it
    swaps the part it asked for), and only swaps a success, so a refusal answers 200 there."""
    try:
        act()
    except ValidationFailed as exc:
        change.refresh_from_db()
        return _detail(request, change, error=exc.message,
                       status=200 if is_htmx(request) else 400)
    if is_htmx(request):
        return _detail(request, change)
    return redirect(_detail_url(change) + anchor)


@page
@require_POST
def change_impact(request: HttpRequest, pk: int) -> HttpResponse:
    change = selectors.change_get(user=request.user, pk=pk)
    return _act(request, change, lambda: services.change_impact_compute(
        actor=request.user, change=change), anchor="#impact")


@page
@require_POST
def change_submit(request: HttpRequest, pk: int) -> HttpResponse:
    change = selectors.change_get(user=request.user, pk=pk)
    return _act(request, change, lambda: services.change_submit(actor=request.user,
                                                                change=change))


@page
@require_POST
def change_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    change = selectors.change_get(user=request.user, pk=pk)
    return _act(request, change, lambda: services.change_withdraw(actor=request.user,
                                                                  change=change))


@page
@require_POST
def change_approve(request: HttpRequest, pk: int) -> HttpResponse:
    change = selectors.change_get(user=request.user, pk=pk)
    form = ApproveForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    return _act(request, change, lambda: services.change_approve(
        actor=request.user, change=change, baseline=form.cleaned_data["baseline"]))


@page
@require_POST
def change_reject(request: HttpRequest, pk: int) -> HttpResponse:
    change = selectors.change_get(user=request.user, pk=pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.change_reject(actor=request.user, change=change,
                                   reason=form.cleaned_data["reason"])
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect(_detail_url(change))
    return _detail(request, change, reject_form=form, status=400)
