"""Levelling pages: start a levelling of a project, a programme or a portfolio, follow it (htmx
polls the run), read the preview with the reasons, apply it, cancel it, clear it. Thin: the work
is in :mod:`jalon.resources.levelling`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jalon.accounts import permissions
from jalon.errors import ValidationFailed
from jalon.planning import selectors as planning_selectors
from jalon.portfolios import selectors as portfolio_selectors
from jalon.resources import levelling
from jalon.resources.explaining import sentence
from jalon.resources.forms import LevellingForm
from jalon.resources.levelling import Scope
from jalon.resources.levelling_chart import has_chart
from jalon.resources.models import LevellingRun
from jalon.web.decorators import is_htmx, page
from jalon.web.forms import add_service_errors


def _scope_url(scope: Scope) -> str:
    return reverse(f"{permissions.scope_level(scope)}-levelling", args=[scope.pk])


def _scope_page(request: HttpRequest, scope: Scope) -> HttpResponse:
    permissions.require_change(request.user, scope)
    form = LevellingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = levelling.levelling_start(actor=request.user, scope=scope,
                                            **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect("levelling-run", run.pk)
    return render(request, "resources/levelling.html", {
        "scope": scope, "level": permissions.scope_level(scope), "form": form,
        "runs": levelling.levelling_run_list(user=request.user, scope=scope),
        "levelled": levelling.levelled_count(scope=scope),
    }, status=400 if form.errors else 200)


@page
def project_levelling(request: HttpRequest, pk: int) -> HttpResponse:
    return _scope_page(request, portfolio_selectors.project_get(user=request.user, pk=pk))


@page
def programme_levelling(request: HttpRequest, pk: int) -> HttpResponse:
    return _scope_page(request, portfolio_selectors.programme_get(user=request.user, pk=pk))


@page
def portfolio_levelling(request: HttpRequest, pk: int) -> HttpResponse:
    return _scope_page(request, portfolio_selectors.portfolio_get(user=request.user, pk=pk))


def _clear(request: HttpRequest, scope: Scope) -> HttpResponse:
    count = levelling.levelling_clear(actor=request.user, scope=scope)
    messages.success(request, ngettext("Levelling cleared: %(count)s task is free again.",
                                       "Levelling cleared: %(count)s tasks are free again.",
                                       count) % {"count": count})
    return redirect(_scope_url(scope))


@page
@require_POST
def project_levelling_clear(request: HttpRequest, pk: int) -> HttpResponse:
    return _clear(request, portfolio_selectors.project_get(user=request.user, pk=pk))


@page
@require_POST
def programme_levelling_clear(request: HttpRequest, pk: int) -> HttpResponse:
    return _clear(request, portfolio_selectors.programme_get(user=request.user, pk=pk))


@page
@require_POST
def portfolio_levelling_clear(request: HttpRequest, pk: int) -> HttpResponse:
    return _clear(request, portfolio_selectors.portfolio_get(user=request.user, pk=pk))


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _run_context(request: HttpRequest, run: LevellingRun) -> dict[str, Any]:
    """The run and its preview, dates as dates (the templates format them per language), and
    the projects it left out; the chart reads its data from the API."""
    result = run.result or {}
    moves = [{**m, "sentences": [sentence(r) for r in m["reasons"]],
              **{key: _day(m[key]) for key in ("before_start", "after_start", "after_finish")}}
             for m in result.get("moves", [])]
    remaining = [{**o, "first": _day(o["first"]), "last": _day(o["last"])}
                 for o in result.get("over_allocations", [])]
    return {"run": run, "result": result, "moves": moves, "remaining": remaining,
            "finish_before": _day(result.get("finish_before")),
            "finish_after": _day(result.get("finish_after")),
            "chart": has_chart(run), "scope_url": _scope_url(run.scope),
            "left_out": planning_selectors.left_out_of(result.get("left_out", [])),
            # several projects: the chart folds each under its summary row
            "collapsible": run.project_id is None}


@page
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The run: progress while it runs (htmx polls this page's fragment), then the preview."""
    run = levelling.levelling_run_get(user=request.user, pk=pk)
    template = "resources/_run.html" if is_htmx(request) else "resources/levelling_run.html"
    return render(request, template, _run_context(request, run))


@page
@require_POST
def run_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    run = levelling.levelling_run_get(user=request.user, pk=pk)
    run = levelling.levelling_cancel(actor=request.user, run=run)
    if is_htmx(request):
        return render(request, "resources/_run.html", _run_context(request, run))
    return redirect("levelling-run", run.pk)


@page
@require_POST
def run_apply(request: HttpRequest, pk: int) -> HttpResponse:
    run = levelling.levelling_run_get(user=request.user, pk=pk)
    try:
        count = levelling.levelling_apply(actor=request.user, run=run)
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect("levelling-run", run.pk)
    messages.success(request, ngettext(
        "Levelling applied: %(count)s task starts no earlier than its levelled date.",
        "Levelling applied: %(count)s tasks start no earlier than their levelled dates.",
        count) % {"count": count})
    return redirect(_scope_url(run.scope))
