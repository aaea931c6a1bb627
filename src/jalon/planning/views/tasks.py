"""The task table of a project: outline, schedule, and inline edits through htmx.

Every action answers with the whole table (htmx swaps it in place) so that the dates the engine
recomputes after a change show at once; without htmx, it redirects back to the tasks page.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from jalon.accounts import permissions
from jalon.calendars.selectors import calendar_list
from jalon.downloads import download
from jalon.errors import NotFound, StaleVersion, ValidationFailed
from jalon.planning import exports, services
from jalon.planning import selectors as planning_selectors
from jalon.planning.filters import DependencyFilter
from jalon.planning.forms import TaskAddForm, TaskDetailsForm, TaskEditForm, TaskProgressForm
from jalon.planning.models import Task
from jalon.portfolios import selectors
from jalon.portfolios.models import Project
from jalon.web.decorators import is_htmx, page
from jalon.web.editing import form_page
from jalon.web.forms import add_service_errors, carry_version, version_of
from jalon.web.workspace import workspace


def _table(request: HttpRequest, project: Project, *, tasks: list[Task] | None = None,
           editing: Task | None = None, edit_form: TaskProgressForm | None = None,
           add_form: TaskAddForm | None = None, errors: list[str] | None = None,
           status: int = 200) -> HttpResponse:
    """The tasks tab: the whole page, or only the table for htmx."""
    if tasks is None:
        tasks = planning_selectors.tasks_in_outline(user=request.user, project=project)
    schedule, schedule_error = planning_selectors.schedule_or_error(project)
    context = workspace(
        request, project, "tasks",
        tasks=tasks,
        schedule=schedule,
        schedule_error=schedule_error,
        # planners open every row (a summary's name and links too), team members their own tasks
        progress_ids=(set() if permissions.can_change(request.user, project)
                      else permissions.progress_task_ids(request.user, project)),
        editing=editing,
        edit_form=edit_form,
        add_form=add_form or TaskAddForm(),
        errors=errors or [],
    )
    template = "planning/_task_table.html" if is_htmx(request) else "planning/tasks.html"
    return render(request, template, context, status=status)


def _done(request: HttpRequest, project: Project) -> HttpResponse:
    if is_htmx(request):
        return _table(request, project)
    return redirect("project-tasks", pk=project.pk)


def _task_in(tasks: list[Task], pk: Any) -> Task:
    for task in tasks:
        if str(task.pk) == str(pk):
            return task
    raise NotFound("task not found")


def _edit_form(request: HttpRequest, project: Project, task: Task,
               data: Any = None) -> TaskProgressForm:
    """Planners edit the row; team members record progress on their own tasks only."""
    form: TaskProgressForm
    if permissions.can_change(request.user, project):
        form = TaskEditForm(data, task=task)
    else:
        permissions.require_progress_on(request.user, task)
        form = TaskProgressForm(data, task=task)
    carry_version(form, task)
    return form


@page
def task_table(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    tasks = planning_selectors.tasks_in_outline(user=request.user, project=project)
    if "edit" in request.GET:  # the row form without htmx
        task = _task_in(tasks, request.GET["edit"])
        form = _edit_form(request, project, task)
        return _table(request, project, tasks=tasks, editing=task, edit_form=form)
    return _table(request, project, tasks=tasks)


@page
def task_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The task table as XLSX or CSV (``?format=``), with the figures the page shows."""
    project = selectors.project_get(user=request.user, pk=pk)
    tasks = planning_selectors.tasks_in_outline(user=request.user, project=project)
    schedule, _reason = planning_selectors.schedule_or_error(project)
    return download(exports.task_table(tasks, schedule), format=request.GET.get("format", ""),
                    name=f"{project.code} {_('Tasks')}")


@page
def dependency_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's links (also those with another project) as XLSX or CSV (``?format=``)."""
    project = selectors.project_get(user=request.user, pk=pk)
    links = DependencyFilter({"project": project.pk}, request=request,
                             queryset=planning_selectors.dependency_list(user=request.user)).qs
    return download(exports.dependency_table(links), format=request.GET.get("format", ""),
                    name=f"{project.code} {_('Dependencies')}")


@page
def task_edit(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    tasks = planning_selectors.tasks_in_outline(user=request.user, project=project)
    task = _task_in(tasks, task_pk)
    if request.method != "POST":
        if not is_htmx(request):
            return redirect(f"{reverse('project-tasks', args=[project.pk])}?edit={task.pk}")
        form = _edit_form(request, project, task)
        return _table(request, project, tasks=tasks, editing=task, edit_form=form)
    form = _edit_form(request, project, task, request.POST)
    stale = ""
    if form.is_valid():
        try:
            # One change of the row is all or nothing: fields and links together. The version
            # is checked even when only the links change, so that a stale row saves nothing.
            with transaction.atomic():
                services.task_update(actor=request.user, task=task, version=version_of(form),
                                     **form.task_changes())
                if "predecessors" in form.changed_data:
                    services.predecessors_set_from_text(
                        actor=request.user, task=task, text=form.cleaned_data["predecessors"])
        except StaleVersion as exc:
            stale = exc.message
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, project)
    # Show the row as it is stored: with the refused input still in the form, or, when someone
    # changed the task meanwhile, with the task's current values.
    tasks = planning_selectors.tasks_in_outline(user=request.user, project=project)
    editing = _task_in(tasks, task.pk)
    if stale:
        form = _edit_form(request, project, editing)
    return _table(request, project, tasks=tasks, editing=editing, edit_form=form,
                  errors=[stale] if stale else None,
                  status=200 if is_htmx(request) else 409 if stale else 400)


@page
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect("project-tasks", pk=project.pk)
    form = TaskAddForm(request.POST)
    if form.is_valid():
        try:
            services.task_create(actor=request.user, project=project, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, project)
    return _table(request, project, add_form=form, status=200 if is_htmx(request) else 400)


ACTIONS = {
    "indent": lambda actor, task: services.task_indent(actor=actor, task=task),
    "outdent": lambda actor, task: services.task_outdent(actor=actor, task=task),
    "up": lambda actor, task: services.task_move(actor=actor, task=task, offset=-1),
    "down": lambda actor, task: services.task_move(actor=actor, task=task, offset=1),
    "delete": lambda actor, task: services.task_delete(actor=actor, task=task),
}


@page
def task_action(request: HttpRequest, pk: int, task_pk: int, action: str) -> HttpResponse:
    """Indent, outdent, move up or down, or delete one task (POST only)."""
    project = selectors.project_get(user=request.user, pk=pk)
    if request.method != "POST" or action not in ACTIONS:
        return redirect("project-tasks", pk=project.pk)
    task = planning_selectors.task_get(user=request.user, pk=task_pk)
    if task.project_id != project.pk:
        raise NotFound("task not found")
    try:
        ACTIONS[action](request.user, task)
    except ValidationFailed as exc:
        return _table(request, project, errors=[m for ms in exc.errors.values() for m in ms],
                      status=200 if is_htmx(request) else 400)
    return _done(request, project)


@page
def task_details(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    """The task editor: constraint, deadline, three-point estimate, calendar and notes."""
    project = selectors.project_get(user=request.user, pk=pk)
    task = planning_selectors.task_get(user=request.user, pk=task_pk)
    if task.project_id != project.pk:
        raise NotFound("task not found")
    permissions.require_change(request.user, project)  # 403 before showing a form

    def details_form(data: Any = None) -> TaskDetailsForm:
        form = TaskDetailsForm(data, task=task, calendars=calendar_list(user=request.user))
        carry_version(form, task)
        return form

    form = details_form(request.POST or None)
    back = f"{reverse('project-tasks', args=[project.pk])}#task-{task.pk}"
    return form_page(
        request, form,
        lambda data: services.task_update(actor=request.user, task=task,
                                          version=version_of(form), **form.task_changes()),
        current=details_form,  # the task, reloaded by the refusal
        success_url=back,
        context={"title": _("Task %(task)s") % {"task": task}, "cancel_url": back,
                 "crumbs": [(project.code, reverse("project-overview", args=[project.pk])),
                            (_("Tasks"), reverse("project-tasks", args=[project.pk]))]},
    )
