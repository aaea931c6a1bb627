"""Projects in and out of files: import a plan file or a task list into a portfolio or
programme, a task list into an empty project, export a project."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jalon.accounts import permissions
from jalon.downloads import download
from jalon.errors import ValidationFailed
from jalon.interchange import services as interchange
from jalon.interchange import task_list_import as task_lists
from jalon.interchange.forms import ProjectImportForm, TaskListImportForm
from jalon.portfolios import selectors
from jalon.portfolios.models import Portfolio, Programme
from jalon.tabular import MAX_BYTES
from jalon.web.decorators import page
from jalon.web.forms import add_service_errors
from jalon.web.workspace import workspace

EXPORT_FORMATS = ("mspdi", "json", "yaml")


def _import(request: HttpRequest, container: Portfolio | Programme) -> HttpResponse:
    permissions.require_change(request.user, container)  # 403 before showing a form
    # Into a portfolio, the project may join one of its programmes; the service checks the right.
    programmes = (selectors.programme_list(user=request.user, portfolio=container)
                  if isinstance(container, Portfolio) else None)
    form = ProjectImportForm(request.POST or None, request.FILES or None, programmes=programmes)
    if isinstance(container, Portfolio):
        back = reverse("portfolio-detail", args=[container.pk])
    else:
        back = reverse("programme-detail", args=[container.pk])
    context = {"form": form, "container": container, "cancel_url": back,
               "crumbs": [(_("Dashboard"), reverse("home")), (container.code, back)]}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if _is_task_list(upload):
            return _import_task_list(request, form, context)
        try:
            document = interchange.read_upload(name=upload.name, content=upload.read())
            report = interchange.project_import(
                actor=request.user, document=document, code=form.cleaned_data["code"],
                name=form.cleaned_data["name"] or None,
                portfolio=container if isinstance(container, Portfolio) else None,
                programme=(container if isinstance(container, Programme)
                           else form.cleaned_data.get("programme")))
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return render(request, "interchange/import_report.html", {**context, "report": report})
    return render(request, "interchange/import.html", context,
                  status=400 if form.is_bound and form.errors else 200)


def _is_task_list(upload: Any) -> bool:
    return str(upload.name).lower().endswith((".xlsx", ".csv"))


def _import_task_list(request: HttpRequest, form: ProjectImportForm,
                      context: dict[str, Any]) -> HttpResponse:
    """A new project from a task list: its tasks tab, or the form with the rows refused."""
    container = context["container"]
    upload = form.cleaned_data["file"]
    try:
        result = task_lists.project_from_task_list(
            actor=request.user, file_name=upload.name,
            content=upload.read(MAX_BYTES + 1),  # one byte over the limit tells a larger file
            code=form.cleaned_data["code"], name=form.cleaned_data["name"] or None,
            portfolio=container if isinstance(container, Portfolio) else None,
            programme=(container if isinstance(container, Programme)
                       else form.cleaned_data.get("programme")))
    except task_lists.TaskListImportFailed as exc:
        form.add_error("file", exc.message)
        context["problems"] = exc.problems
    except ValidationFailed as exc:
        add_service_errors(form, exc)
    else:
        messages.success(request, ngettext("%(count)s task imported.",
                                           "%(count)s tasks imported.", result.tasks)
                         % {"count": result.tasks})
        return redirect("project-tasks", pk=result.project.pk)
    return render(request, "interchange/import.html", context, status=400)


@page
def portfolio_import(request: HttpRequest, pk: int) -> HttpResponse:
    return _import(request, selectors.portfolio_get(user=request.user, pk=pk))


@page
def programme_import(request: HttpRequest, pk: int) -> HttpResponse:
    return _import(request, selectors.programme_get(user=request.user, pk=pk))


@page
def project_export(request: HttpRequest, pk: int, format: str) -> HttpResponse:  # noqa: A002
    """Download the project as MS Project XML (``mspdi``) or a Jalon ``json``/``yaml`` file."""
    if format not in EXPORT_FORMATS:
        raise Http404("unknown format")
    project = selectors.project_get(user=request.user, pk=pk)
    content, mime, filename = interchange.export_bytes(user=request.user, project=project,
                                                       format=format)
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@page
def task_list_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill a project's empty plan from a task list (XLSX or CSV), or show why not, row by row."""
    project = selectors.project_get(user=request.user, pk=pk)
    permissions.require_change(request.user, project)  # 403 before showing a form
    form = TaskListImportForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = task_lists.task_list_import(actor=request.user, project=project,
                                                 file_name=upload.name,
                                                 content=upload.read(MAX_BYTES + 1))
        except task_lists.TaskListImportFailed as exc:
            form.add_error("file", exc.message)
            problems = exc.problems
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, ngettext("%(count)s task imported.",
                                               "%(count)s tasks imported.", result.tasks)
                             % {"count": result.tasks})
            return redirect("project-tasks", pk=project.pk)
    context = workspace(request, project, "tasks", form=form, problems=problems,
                        has_tasks=project.tasks.exists())
    return render(request, "interchange/task_list_import.html", context,
                  status=400 if form.is_bound and form.errors else 200)


@page
def task_list_template(request: HttpRequest) -> HttpResponse:
    """The task list template as XLSX (``?format=xlsx``, the default) or CSV."""
    return download(task_lists.task_list_template(), format=request.GET.get("format", "xlsx"),
                    name=_("task list"))
