"""The portfolio and programme pages: what they hold, with their projects' dates."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jalon.accounts import permissions
from jalon.portfolios import selectors
from jalon.portfolios.figures import figures_of
from jalon.portfolios.forms import ObjectiveForm
from jalon.portfolios.models import Portfolio
from jalon.web.decorators import page


def portfolio_page(request: HttpRequest, portfolio: Portfolio, *,
                   objective_form: ObjectiveForm | None = None, status: int = 200) -> HttpResponse:
    """The portfolio page, with the new objective form as the user left it after a refusal."""
    projects = list(selectors.project_list(user=request.user, portfolio=portfolio).filter(programme=None))
    objectives = selectors.objective_list(user=request.user, portfolio=portfolio).prefetch_related(
        Prefetch("projects", queryset=selectors.project_list(user=request.user))
    )
    return render(request, "portfolios/portfolio.html", {
        "portfolio": portfolio,
        "programmes": selectors.programme_list(user=request.user, portfolio=portfolio),
        "projects": projects,
        "schedules": figures_of("schedule", projects),
        # every project's, programmes' included: governance provides them (open, oldest first)
        "exceptions": [e for found in figures_of("exceptions", selectors.project_list(
            user=request.user, portfolio=portfolio)).values() for e in found],
        "objectives": objectives,
        "objective_form": objective_form or ObjectiveForm(prefix="objective"),
        "can_change": permissions.can_change(request.user, portfolio),
        "can_see_costs": permissions.can_see_costs(request.user, portfolio),
        "can_delete": permissions.can_create_portfolio(request.user),
    }, status=status)


@page
def portfolio_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return portfolio_page(request, selectors.portfolio_get(user=request.user, pk=pk))


@page
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, pk=pk)
    projects = list(selectors.project_list(user=request.user, programme=programme))
    return render(request, "portfolios/programme.html", {
        "programme": programme,
        "projects": projects,
        "schedules": figures_of("schedule", projects),
        "can_change": permissions.can_change(request.user, programme),
        "can_see_costs": permissions.can_see_costs(request.user, programme),
        "can_delete": permissions.can_change(request.user, programme.portfolio),
        "portfolio_visible": permissions.can_view(request.user, programme.portfolio),
    })
