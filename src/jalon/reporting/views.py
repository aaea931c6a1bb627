"""The Reports pages: generate a pack of a portfolio, programme or project in the task queue,
follow it, download it; subscribe to it by e-mail and manage one's subscriptions. Thin: the
rules are the services' and selectors'."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jalon.accounts import permissions
from jalon.errors import ValidationFailed
from jalon.portfolios import selectors as portfolios
from jalon.reporting import selectors, services
from jalon.reporting.downloads import pack_file_response
from jalon.reporting.forms import PackForm, SubscriptionForm
from jalon.reporting.models import PackRun
from jalon.web.decorators import is_htmx, page
from jalon.web.forms import add_service_errors

BACK = {"portfolio": "portfolio-detail", "programme": "programme-detail",
        "project": "project-overview"}
PAGE = {"portfolio": "report-packs", "programme": "programme-report-packs",
        "project": "project-report-packs"}


def _reports(request: HttpRequest, scope: Any, level: str) -> HttpResponse:
    user = request.user
    pack_form = PackForm(request.POST if request.POST.get("action") == "pack" else None)
    subscription_form = SubscriptionForm(
        request.POST if request.POST.get("action") == "subscribe" else None)
    if pack_form.is_bound and pack_form.is_valid():
        try:
            run = services.pack_start(actor=user, scope=scope, **pack_form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(pack_form, exc)
        else:
            return redirect("pack-run", run.pk)
    if subscription_form.is_bound and subscription_form.is_valid():
        try:
            services.subscription_create(actor=user, scope=scope,
                                         **subscription_form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(subscription_form, exc)
        else:
            return redirect(PAGE[level], scope.pk)
    invalid = pack_form.errors or subscription_form.errors
    return render(request, "reporting/reports.html", {
        "scope": scope, "level": level, "back": reverse(BACK[level], args=[scope.pk]),
        "pack_form": pack_form, "subscription_form": subscription_form,
        "runs": selectors.pack_run_list(user=user, scope=scope),
        "subscriptions": selectors.subscription_list(user=user, scope=scope),
        "has_email": bool(getattr(user, "email", "")),
    }, status=400 if invalid else 200)


@page
def portfolio_reports(request: HttpRequest, pk: int) -> HttpResponse:
    return _reports(request, portfolios.portfolio_get(user=request.user, pk=pk), "portfolio")


@page
def programme_reports(request: HttpRequest, pk: int) -> HttpResponse:
    return _reports(request, portfolios.programme_get(user=request.user, pk=pk), "programme")


@page
def project_reports(request: HttpRequest, pk: int) -> HttpResponse:
    return _reports(request, portfolios.project_get(user=request.user, pk=pk), "project")


def _run_page(request: HttpRequest, run: PackRun) -> HttpResponse:
    level = permissions.scope_level(run.scope) or "portfolio"
    context = {"run": run, "scope": run.scope, "level": level,
               "reports": reverse(PAGE[level], args=[run.scope.pk]),
               "can_cancel": run.created_by_id == request.user.pk
               or permissions.can_change(request.user, run.scope)}
    if is_htmx(request):
        return render(request, "reporting/_pack_run.html", context)
    return render(request, "reporting/pack_run.html", context)


@page
def pack_run(request: HttpRequest, pk: int) -> HttpResponse:
    """A pack: its progress while it waits or runs (htmx polls the fragment), then its file."""
    return _run_page(request, selectors.pack_run_get(user=request.user, pk=pk))


@page
@require_POST
def pack_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    run = services.pack_cancel(actor=request.user,
                               run=selectors.pack_run_get(user=request.user, pk=pk))
    if is_htmx(request):
        return _run_page(request, run)
    return redirect("pack-run", run.pk)


@page
def pack_download(request: HttpRequest, pk: int) -> HttpResponse:
    return pack_file_response(selectors.pack_run_get(user=request.user, pk=pk))


@page
def subscriptions(request: HttpRequest) -> HttpResponse:
    """The user's own subscriptions, to stop any of them."""
    return render(request, "reporting/subscriptions.html",
                  {"subscriptions": selectors.subscription_list(user=request.user)})


@page
@require_POST
def subscription_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.subscription_delete(actor=request.user, subscription=selectors.subscription_get(
        user=request.user, pk=pk))
    back = request.POST.get("next", "")
    # only a path of this site: never an open redirect
    return redirect(back if back.startswith("/") and not back.startswith("//")
                    else "pack-subscriptions")
