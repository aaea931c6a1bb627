"""Creating a project in a portfolio or programme, editing its own fields, deleting it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jalon.accounts import permissions
from jalon.errors import StaleVersion, ValidationFailed
from jalon.portfolios import selectors, services
from jalon.portfolios.forms import ProjectForm
from jalon.portfolios.models import Portfolio, Programme
from jalon.web.decorators import page
from jalon.web.editing import changes
from jalon.web.forms import add_service_errors, carry_version, version_of
from jalon.web.workspace import workspace


def _project_create(request: HttpRequest, container: Portfolio | Programme) -> HttpResponse:
    permissions.require_change(request.user, container)  # 403 before showing a form
    portfolio = container if isinstance(container, Portfolio) else container.portfolio
    form = ProjectForm(request.POST or None, user=request.user, portfolio=portfolio,
                       creating=True)
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
    return render(request, "portfolios/project_form.html", {"form": form, "container": container})


@page
def project_create_in_portfolio(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_create(request, selectors.portfolio_get(user=request.user, pk=pk))


@page
def project_create_in_programme(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_create(request, selectors.programme_get(user=request.user, pk=pk))


@page
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    permissions.require_change(request.user, project)

    def project_form(data: Any = None) -> ProjectForm:
        form = ProjectForm(data, user=request.user, portfolio=project.portfolio,
                           initial=ProjectForm.initial_for(project))
        carry_version(form, project)
        return form

    form, stale = project_form(request.POST or None), ""
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(actor=request.user, project=project,
                                    version=version_of(form), **changes(form))
        except StaleVersion as exc:  # the project, reloaded: show it as it is now
            form, stale = project_form(), exc.message
        except ValidationFailed as exc:
            add_service_errors(form, exc)
            project.refresh_from_db()  # the service may have set fields before refusing
        else:
            return redirect("project-overview", pk=project.pk)
    return render(request, "portfolios/project_form.html",
                  workspace(request, project, "overview", form=form, stale=stale),
                  status=409 if stale else 200)


@page
def project_delete(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    # the confirmation lists the contents: only those who may delete see it
    services.require_project_deletable(actor=request.user, project=project)
    if request.method == "POST":
        services.project_delete(actor=request.user, project=project)
        if project.programme_id:
            return redirect("programme-detail", pk=project.programme_id)
        return redirect("portfolio-detail", pk=project.portfolio_id)
    return render(request, "portfolios/project_delete.html", workspace(
        request, project, "overview", contents=selectors.deletion_preview(obj=project),
        trash_days=settings.JALON_TRASH_DAYS))
