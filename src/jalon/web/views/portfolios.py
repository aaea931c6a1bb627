"""Portfolio and programme pages, and creating a project in one of them."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jalon.accounts import permissions
from jalon.errors import ValidationFailed
from jalon.portfolios import selectors, services
from jalon.portfolios.models import Portfolio, Programme
from jalon.web.decorators import page
from jalon.web.forms import ObjectiveForm, ProjectForm, add_service_errors
from jalon.web.schedules import schedules_for


def portfolio_page(request: HttpRequest, portfolio: Portfolio, *,
                   objective_form: ObjectiveForm | None = None, status: int = 200) -> HttpResponse:
    """The portfolio page, with the new objective form as the user left it after a refusal."""
    projects = list(selectors.project_list(user=request.user, portfolio=portfolio).filter(programme=None))
    objectives = selectors.objective_list(user=request.user, portfolio=portfolio).prefetch_related(
        Prefetch("projects", queryset=selectors.project_list(user=request.user))
    )
    return render(request, "web/portfolio.html", {
        "portfolio": portfolio,
        "programmes": selectors.programme_list(user=request.user, portfolio=portfolio),
        "projects": projects,
        "schedules": schedules_for(projects),
        "objectives": objectives,
        "objective_form": objective_form or ObjectiveForm(prefix="objective"),
        "can_change": permissions.can_change(request.user, portfolio),
        "can_delete": permissions.can_create_portfolio(request.user),
    }, status=status)


@page
def portfolio_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return portfolio_page(request, selectors.portfolio_get(user=request.user, pk=pk))


@page
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, pk=pk)
    projects = list(selectors.project_list(user=request.user, programme=programme))
    return render(request, "web/programme.html", {
        "programme": programme,
        "projects": projects,
        "schedules": schedules_for(projects),
        "can_change": permissions.can_change(request.user, programme),
        "can_delete": permissions.can_change(request.user, programme.portfolio),
        "portfolio_visible": permissions.can_view(request.user, programme.portfolio),
    })


def _project_create(request: HttpRequest, container: Portfolio | Programme) -> HttpResponse:
    permissions.require_change(request.user, container)  # 403 before showing a form
    portfolio = container if isinstance(container, Portfolio) else container.portfolio
    form = ProjectForm(request.POST or None, user=request.user, portfolio=portfolio)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                actor=request.user, **form.cleaned_data,
                portfolio=container if isinstance(container, Portfolio) else None,
                programme=container if isinstance(container, Programme) else None)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect("project-overview", pk=project.pk)
    return render(request, "web/project/form.html", {"form": form, "container": container})


@page
def project_create_in_portfolio(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_create(request, selectors.portfolio_get(user=request.user, pk=pk))


@page
def project_create_in_programme(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_create(request, selectors.programme_get(user=request.user, pk=pk))
