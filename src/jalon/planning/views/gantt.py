"""Gantt charts: the project's (bars can be dragged to move or stretch a task) and the
portfolio's (every project it holds, links between projects drawn).

The pages are shells; the chart fetches its data as JSON and, after a drag, posts the change
and redraws from the answer, which carries the whole recomputed schedule.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jalon.accounts import permissions
from jalon.errors import JalonError, NotFound, PermissionDenied
from jalon.planning import gantt, services
from jalon.planning import selectors as planning_selectors
from jalon.planning.models import Baseline
from jalon.portfolios import selectors
from jalon.portfolios.models import Project
from jalon.web.decorators import page
from jalon.web.workspace import workspace


def _baseline(request: HttpRequest, project: Project) -> Baseline | None:
    chosen = request.GET.get("baseline") or request.POST.get("baseline")
    if not chosen:
        return None
    baseline = planning_selectors.baseline_get(user=request.user, pk=chosen)
    if baseline.project_id != project.pk:
        raise NotFound("baseline not found")
    return baseline


def _chart(request: HttpRequest, project: Project) -> dict:
    return gantt.project_chart(user=request.user, project=project,
                               baseline=_baseline(request, project),
                               editable=permissions.can_change(request.user, project))


@page
def project_gantt(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    baselines = planning_selectors.baseline_list(user=request.user, project=project)
    return render(request, "planning/gantt.html", workspace(
        request, project, "gantt", baselines=baselines,
    ))


@page
@require_GET
def project_gantt_data(request: HttpRequest, pk: int) -> JsonResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    return JsonResponse(_chart(request, project))


def _date(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise JalonError(_("%(value)s is not a date.") % {"value": value}, field=field) from None


@page
@require_POST
def project_gantt_task(request: HttpRequest, pk: int, task_pk: int) -> JsonResponse:
    """Move (``start``) or stretch (``finish``) one task; answer the recomputed chart, or a
    message and status 400 (403 for a user who may not change the plan) with nothing saved."""
    project = selectors.project_get(user=request.user, pk=pk)
    task = planning_selectors.task_get(user=request.user, pk=task_pk)
    if task.project_id != project.pk:
        return JsonResponse({"message": _("This task belongs to another project.")}, status=404)
    try:
        services.task_reschedule(actor=request.user, task=task,
                                 start=_date(request.POST.get("start"), "start"),
                                 finish=_date(request.POST.get("finish"), "finish"))
    except PermissionDenied:
        return JsonResponse({"message": _("You may not change this project's plan.")}, status=403)
    except JalonError as exc:
        return JsonResponse({"message": exc.message}, status=400)
    return JsonResponse(_chart(request, project))


@page
def portfolio_gantt(request: HttpRequest, pk: int) -> HttpResponse:
    portfolio = selectors.portfolio_get(user=request.user, pk=pk)
    return render(request, "planning/portfolio_gantt.html", {"portfolio": portfolio})


@page
@require_GET
def portfolio_gantt_data(request: HttpRequest, pk: int) -> JsonResponse:
    portfolio = selectors.portfolio_get(user=request.user, pk=pk)
    projects = list(selectors.project_list(user=request.user, portfolio=portfolio))
    return JsonResponse(gantt.portfolio_chart(user=request.user, projects=projects))
