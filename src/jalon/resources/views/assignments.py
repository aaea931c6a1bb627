"""The resources tab of a project: who works on which task, for how much work and cost."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from jalon.downloads import download
from jalon.errors import NotFound, ValidationFailed
from jalon.portfolios import selectors
from jalon.portfolios.models import Project
from jalon.resources import exports, services
from jalon.resources import selectors as resource_selectors
from jalon.resources.forms import AssignmentForm
from jalon.web.decorators import page
from jalon.web.forms import add_service_errors
from jalon.web.workspace import workspace


def _page(request: HttpRequest, project: Project, form: AssignmentForm, status: int = 200) -> HttpResponse:
    return render(request, "resources/project_resources.html", workspace(
        request, project, "resources",
        assignments=resource_selectors.assignment_list(user=request.user, project=project),
        pool=resource_selectors.resource_list(user=request.user, active_only=True),
        form=form,
        export_url=reverse("assignment-export", args=[project.pk]),
    ), status=status)


@page
def assignment_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's assignments as XLSX or CSV (``?format=``), costs as the page shows them."""
    project = selectors.project_get(user=request.user, pk=pk)
    return download(
        exports.assignment_table(
            resource_selectors.assignment_list(user=request.user, project=project),
            user=request.user, project=project),
        format=request.GET.get("format", ""), name=f"{project.code} {_('Assignments')}")


@page
def project_resources(request: HttpRequest, pk: int) -> HttpResponse:
    """The assignments, and (POST) a new one."""
    project = selectors.project_get(user=request.user, pk=pk)
    form = AssignmentForm(request.POST or None, user=request.user, project=project)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.assignment_create(actor=request.user, **form.cleaned_data)
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                return redirect("project-resources", pk=project.pk)
        return _page(request, project, form, status=400)
    return _page(request, project, form)


@page
def assignment_delete(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    if request.method == "POST":
        assignment = resource_selectors.assignment_get(user=request.user, pk=assignment_pk)
        if assignment.task.project_id != project.pk:
            raise NotFound("assignment not found")
        services.assignment_delete(actor=request.user, assignment=assignment)
    return redirect("project-resources", pk=project.pk)
