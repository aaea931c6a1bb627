"""The project's overview tab: its fields, its schedule, its baselines and the comparison
with one of them; setting a baseline."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jalon.errors import JalonError, ValidationFailed
from jalon.planning import selectors as planning_selectors
from jalon.planning import services as planning_services
from jalon.planning.forms import BaselineChoiceForm, BaselineForm
from jalon.planning.scheduling import baseline_comparison
from jalon.portfolios import selectors
from jalon.portfolios.models import Project
from jalon.web.decorators import page
from jalon.web.forms import add_service_errors
from jalon.web.workspace import workspace


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
    schedule, schedule_error = planning_selectors.schedule_or_error(project)
    baselines = planning_selectors.baseline_list(user=request.user, project=project)
    return render(request, "planning/overview.html", workspace(
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
