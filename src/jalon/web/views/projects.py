"""The project workspace: overview (fields, schedule, baselines), editing and deleting."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jalon.accounts import permissions
from jalon.errors import JalonError, ValidationFailed
from jalon.planning import selectors as planning_selectors
from jalon.planning import services as planning_services
from jalon.planning.scheduling import baseline_comparison
from jalon.portfolios import selectors, services
from jalon.portfolios.models import Project
from jalon.web.decorators import page
from jalon.web.forms import BaselineChoiceForm, BaselineForm, ProjectForm, add_service_errors
from jalon.web.schedules import schedule_or_error


def workspace(request: HttpRequest, project: Project, tab: str, **context: Any) -> dict[str, Any]:
    """What every tab of the project workspace shows around its own content."""
    return {
        "project": project,
        "tab": tab,
        "can_change": permissions.can_change(request.user, project),
        "can_progress": permissions.can_record_progress(request.user, project),
        "container_visible": permissions.can_view(request.user, project.programme or project.portfolio),
        # deleting a project is for those who manage its programme (or portfolio)
        "can_delete": permissions.can_change(request.user, project.programme or project.portfolio),
        **context,
    }


def _variances(request: HttpRequest, project: Project, baselines: Any) -> dict[str, Any]:
    """The comparison with the baseline chosen in the query string: the project's start and
    finish variances, and per task its baseline and current dates with their variances."""
    form = BaselineChoiceForm(request.GET if "baseline" in request.GET else None,
                              baselines=baselines)
    baseline = form.cleaned_data["baseline"] if form.is_valid() else None
    if baseline is None:
        return {"choice_form": form}
    try:
        comparison = baseline_comparison(project, baseline)
    except JalonError as exc:
        return {"choice_form": form, "comparison_error": exc.message}
    planned = {row.task_id: row for row in baseline.tasks.all()}
    rows = [
        {"task": task, "baseline": planned.get(task.pk),
         "variance": comparison.activities.get(str(task.pk))}
        for task in planning_selectors.tasks_in_outline(user=request.user, project=project)
    ]
    return {"choice_form": form, "compared": baseline, "comparison": comparison,
            "comparison_rows": rows}


def _overview(request: HttpRequest, project: Project, baseline_form: BaselineForm | None = None,
              status: int = 200) -> HttpResponse:
    schedule, schedule_error = schedule_or_error(project)
    baselines = planning_selectors.baseline_list(user=request.user, project=project)
    return render(request, "web/project/overview.html", workspace(
        request, project, "overview",
        schedule=schedule,
        schedule_error=schedule_error,
        baselines=baselines,
        baseline_form=baseline_form or BaselineForm(),
        objectives=project.objectives.all(),
        **_variances(request, project, baselines),
    ), status=status)


@page
def project_overview(request: HttpRequest, pk: int) -> HttpResponse:
    return _overview(request, selectors.project_get(user=request.user, pk=pk))


@page
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    permissions.require_change(request.user, project)
    form = ProjectForm(request.POST or None, user=request.user, portfolio=project.portfolio,
                       initial=ProjectForm.initial_for(project))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.project_update(actor=request.user, project=project, **changes)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
            project.refresh_from_db()  # the service may have set fields before refusing
        else:
            return redirect("project-overview", pk=project.pk)
    return render(request, "web/project/form.html", workspace(request, project, "overview", form=form))


@page
def project_delete(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    if request.method == "POST":
        services.project_delete(actor=request.user, project=project)
        if project.programme_id:
            return redirect("programme-detail", pk=project.programme_id)
        return redirect("portfolio-detail", pk=project.portfolio_id)
    return render(request, "web/project/delete.html", workspace(request, project, "overview"))


@page
def baseline_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect("project-overview", pk=project.pk)
    form = BaselineForm(request.POST)
    if form.is_valid():
        try:
            planning_services.baseline_create(actor=request.user, project=project, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect("project-overview", pk=project.pk)
    return _overview(request, project, baseline_form=form, status=400)
