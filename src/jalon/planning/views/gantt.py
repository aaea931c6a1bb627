"""Gantt charts: the project's (bars can be dragged to move or stretch a task), and the
portfolio's and the programme's (every project it holds, links between projects drawn).

The pages are shells: the chart reads its data from the API (``GET /api/v1/projects/{id}/gantt``,
``/portfolios/{id}/gantt``, ``/programmes/{id}/gantt``) and a drag posts to
``/api/v1/tasks/{id}/reschedule``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jalon.accounts.permissions import scope_level
from jalon.planning import selectors as planning_selectors
from jalon.portfolios import selectors
from jalon.portfolios.models import Portfolio, Programme
from jalon.web.decorators import page
from jalon.web.workspace import workspace


@page
def project_gantt(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    baselines = planning_selectors.baseline_list(user=request.user, project=project)
    return render(request, "planning/gantt.html", workspace(
        request, project, "gantt", baselines=baselines,
    ))


def _scope_gantt(request: HttpRequest, scope: Portfolio | Programme) -> HttpResponse:
    """The chart of every project of a portfolio or a programme the user may see, and which of
    them have no dates because their plan cannot be scheduled."""
    projects = selectors.project_list(
        user=request.user, portfolio=scope if isinstance(scope, Portfolio) else None,
        programme=scope if isinstance(scope, Programme) else None)
    return render(request, "planning/portfolio_gantt.html", {
        "scope": scope, "level": scope_level(scope),
        "left_out": planning_selectors.unschedulable(projects)})


@page
def portfolio_gantt(request: HttpRequest, pk: int) -> HttpResponse:
    return _scope_gantt(request, selectors.portfolio_get(user=request.user, pk=pk))


@page
def programme_gantt(request: HttpRequest, pk: int) -> HttpResponse:
    return _scope_gantt(request, selectors.programme_get(user=request.user, pk=pk))
