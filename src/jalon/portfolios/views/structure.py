"""Creating, editing and deleting portfolios, programmes and strategic objectives.

Each view checks the right first (so that a form is never shown to someone who could not save
it), then lets one service do the work. Who may do what is the services' rule
(``accounts.permissions``): PMO administrators create and delete portfolios; those who manage a
portfolio edit it and its programmes and objectives; programme managers edit their programme.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from jalon.accounts import permissions
from jalon.errors import PermissionDenied, ValidationFailed
from jalon.portfolios import selectors, services
from jalon.portfolios.forms import ObjectiveForm, PortfolioForm, ProgrammeForm
from jalon.portfolios.models import Portfolio, Programme
from jalon.portfolios.views.pages import portfolio_page
from jalon.web.decorators import page
from jalon.web.editing import changes, delete_page, form_page
from jalon.web.forms import add_service_errors


def _home() -> list[tuple[str, str]]:
    return [(_("Dashboard"), reverse("home"))]


def _in_portfolio(portfolio: Portfolio) -> list[tuple[str, str]]:
    return [*_home(), (portfolio.code, reverse("portfolio-detail", args=[portfolio.pk]))]


def _require_pmo(user: Any, message: str) -> None:
    if not permissions.can_create_portfolio(user):
        raise PermissionDenied(message)


# --- portfolios ---------------------------------------------------------------------------------

@page
def portfolio_create(request: HttpRequest) -> HttpResponse:
    _require_pmo(request.user, _("Only PMO administrators may create portfolios."))
    return form_page(
        request, PortfolioForm(request.POST or None),
        lambda data: services.portfolio_create(actor=request.user, **data),
        success_url=lambda portfolio: reverse("portfolio-detail", args=[portfolio.pk]),
        context={"title": _("New portfolio"), "submit": _("Create the portfolio"),
                 "cancel_url": reverse("home"), "crumbs": _home()},
    )


@page
def portfolio_edit(request: HttpRequest, pk: int) -> HttpResponse:
    portfolio = selectors.portfolio_get(user=request.user, pk=pk)
    permissions.require_change(request.user, portfolio)
    form = PortfolioForm(request.POST or None, initial=PortfolioForm.initial_for(portfolio))
    url = reverse("portfolio-detail", args=[portfolio.pk])
    return form_page(
        request, form,
        lambda data: services.portfolio_update(actor=request.user, portfolio=portfolio, **changes(form)),
        success_url=url,
        context={"title": _("Edit the portfolio"), "cancel_url": url, "crumbs": _in_portfolio(portfolio)},
    )


@page
def portfolio_delete(request: HttpRequest, pk: int) -> HttpResponse:
    portfolio = selectors.portfolio_get(user=request.user, pk=pk)
    _require_pmo(request.user, _("Only PMO administrators may delete portfolios."))
    return delete_page(
        request, lambda: services.portfolio_delete(actor=request.user, portfolio=portfolio),
        success_url=reverse("home"), template="portfolios/confirm_trash.html",
        context={
            "title": _("Delete the portfolio"),
            "question": _("Move “%(name)s” to the trash with its programmes, projects and "
                          "strategic objectives?") % {"name": portfolio},
            "contents": selectors.deletion_preview(obj=portfolio),
            "trash_days": settings.JALON_TRASH_DAYS,
            "cancel_url": reverse("portfolio-detail", args=[portfolio.pk]),
            "crumbs": _in_portfolio(portfolio),
        },
    )


# --- programmes ---------------------------------------------------------------------------------

@page
def programme_create(request: HttpRequest, pk: int) -> HttpResponse:
    portfolio = selectors.portfolio_get(user=request.user, pk=pk)
    permissions.require_change(request.user, portfolio)
    form = ProgrammeForm(request.POST or None)
    url = reverse("portfolio-detail", args=[portfolio.pk])
    return form_page(
        request, form,
        lambda data: services.programme_create(actor=request.user, portfolio=portfolio, **data),
        success_url=url,
        context={"title": _("New programme"), "submit": _("Create the programme"),
                 "intro": _("In %(where)s") % {"where": portfolio},
                 "cancel_url": url, "crumbs": _in_portfolio(portfolio)},
    )


def _programme_crumbs(request: HttpRequest, programme: Programme) -> list[tuple[str, str]]:
    if permissions.can_view(request.user, programme.portfolio):
        crumbs = _in_portfolio(programme.portfolio)
    else:
        crumbs = _home()
    return [*crumbs, (programme.code, reverse("programme-detail", args=[programme.pk]))]


@page
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, pk=pk)
    permissions.require_change(request.user, programme)
    form = ProgrammeForm(request.POST or None, initial=ProgrammeForm.initial_for(programme))
    url = reverse("programme-detail", args=[programme.pk])
    return form_page(
        request, form,
        lambda data: services.programme_update(actor=request.user, programme=programme, **changes(form)),
        success_url=url,
        context={"title": _("Edit the programme"), "cancel_url": url,
                 "crumbs": _programme_crumbs(request, programme)},
    )


@page
def programme_delete(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, pk=pk)
    # its manager sees the programme, but deleting it is for those who manage the portfolio
    if not permissions.can_change(request.user, programme.portfolio):
        raise PermissionDenied(_("Only the portfolio's managers may delete a programme."))
    return delete_page(
        request, lambda: services.programme_delete(actor=request.user, programme=programme),
        success_url=reverse("portfolio-detail", args=[programme.portfolio_id]),
        template="portfolios/confirm_trash.html",
        context={
            "title": _("Delete the programme"),
            "question": _("Move “%(name)s” to the trash with its projects?") % {"name": programme},
            "contents": selectors.deletion_preview(obj=programme),
            "trash_days": settings.JALON_TRASH_DAYS,
            "cancel_url": reverse("programme-detail", args=[programme.pk]),
            "crumbs": _programme_crumbs(request, programme),
        },
    )


# --- strategic objectives -----------------------------------------------------------------------

@page
def objective_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an objective from the form on the portfolio page (POST only)."""
    portfolio = selectors.portfolio_get(user=request.user, pk=pk)
    permissions.require_change(request.user, portfolio)
    url = reverse("portfolio-detail", args=[portfolio.pk]) + "#objectives"
    if request.method != "POST":
        return redirect(url)
    form = ObjectiveForm(request.POST, prefix="objective")
    if form.is_valid():
        try:
            services.objective_create(actor=request.user, portfolio=portfolio, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect(url)
    return portfolio_page(request, portfolio, objective_form=form, status=400)


@page
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    objective = selectors.objective_get(user=request.user, pk=pk)
    permissions.require_change(request.user, objective.portfolio)
    form = ObjectiveForm(request.POST or None, initial=ObjectiveForm.initial_for(objective))
    url = reverse("portfolio-detail", args=[objective.portfolio_id]) + "#objectives"
    return form_page(
        request, form,
        lambda data: services.objective_update(actor=request.user, objective=objective, **changes(form)),
        success_url=url,
        context={"title": _("Edit the strategic objective"), "cancel_url": url,
                 "crumbs": _in_portfolio(objective.portfolio)},
    )


@page
def objective_delete(request: HttpRequest, pk: int) -> HttpResponse:
    objective = selectors.objective_get(user=request.user, pk=pk)
    permissions.require_change(request.user, objective.portfolio)
    url = reverse("portfolio-detail", args=[objective.portfolio_id]) + "#objectives"
    return delete_page(
        request, lambda: services.objective_delete(actor=request.user, objective=objective),
        success_url=url,
        context={
            "title": _("Delete the strategic objective"),
            "question": _("Delete “%(name)s”? The projects serving it stay; only their link to "
                          "it goes.") % {"name": objective},
            "cancel_url": url,
            "crumbs": _in_portfolio(objective.portfolio),
        },
    )
