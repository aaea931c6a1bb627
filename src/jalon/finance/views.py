"""The finance pages: a project's finance tab and the KPI dashboard. Thin: permission, form,
one service or selector call, render. The figures come from ``jalon.finance.evm``."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jalon.accounts import permissions
from jalon.downloads import download
from jalon.engine.kpis import registry
from jalon.errors import ValidationFailed
from jalon.finance import exports, selectors, services
from jalon.finance.bubbles import BubbleInput, bubble_chart
from jalon.finance.charts import s_curve, trend_chart
from jalon.finance.evm import Performance
from jalon.finance.filters import DIMENSIONS, KpiDashboardFilter, dashboard_rows
from jalon.finance.forms import (
    BaselinePickForm,
    BudgetLineForm,
    BudgetMonthsForm,
    CostEntryForm,
    CostImportForm,
    FixedCostForm,
    OverrideForm,
    ThresholdsForm,
)
from jalon.finance.services import CostImportFailed
from jalon.portfolios import selectors as portfolio_selectors
from jalon.portfolios.models import Portfolio, Programme, Project
from jalon.portfolios.results import digest, remembered
from jalon.web.decorators import page
from jalon.web.editing import changes, form_page
from jalon.web.forms import add_service_errors, carry_version, version_of
from jalon.web.paging import paged
from jalon.web.workspace import workspace

RECENT_COSTS = 50
PER_PAGE = 100
"""Projects a page of the KPI dashboard shows, and places on its bubble chart: at a thousand
projects, drawing every row took seconds. The roll-ups and the export cover every project."""


def _finance(request: HttpRequest, project: Project, *, status: int = 200,
             **forms: Any) -> HttpResponse:
    user = request.user
    pick = BaselinePickForm(request.GET if "baseline" in request.GET else None, project=project)
    baseline = pick.cleaned_data["baseline"] if pick.is_valid() else None
    performance = selectors.performance(user=user, project=project, baseline=baseline)
    costs = selectors.cost_entry_list(user=user, project=project)
    history = list(selectors.kpi_history(user=user, project=project))
    return render(request, "finance/project.html", workspace(
        request, project, "finance",
        performance=performance,
        chart=s_curve(performance.curve) if performance.curve else None,
        kpi_rows=[(kpi.key, _(kpi.label)) for kpi in registry().kpis],
        dimensions=DIMENSIONS,
        budget=selectors.budget_summary(user=user, project=project),
        phasing=selectors.budget_phasing(
            user=user, project=project,
            curve_labels=performance.curve.labels if performance.curve else None,
            curve_pv=performance.curve.pv if performance.curve else None),

        costs=costs[:RECENT_COSTS],
        cost_count=costs.count(),
        history=history,
        trends=trend_chart([(s.status_date, s.figures) for s in history]),
        pick_form=pick,
        budget_form=forms.get("budget_form") or BudgetLineForm(),
        cost_form=forms.get("cost_form") or CostEntryForm(project=project),
        import_form=forms.get("import_form") or CostImportForm(),
        fixed_costs=selectors.fixed_cost_list(user=user, project=project),
        fixed_form=forms.get("fixed_form") or FixedCostForm(project=project),
        override_form=forms.get("override_form") or OverrideForm(),
        problems=forms.get("problems"),
    ), status=status)


def _project(request: HttpRequest, pk: int) -> Project:
    return portfolio_selectors.project_get(user=request.user, pk=pk)


def _back(project: Project, anchor: str = "") -> HttpResponse:
    return redirect(reverse("project-finance", args=[project.pk]) + anchor)


@page
def project_finance(request: HttpRequest, pk: int) -> HttpResponse:
    return _finance(request, _project(request, pk))


@page
def budget_line_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    permissions.require_change(request.user, project)
    form = BudgetLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_line_create(actor=request.user, project=project, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return _back(project, "#budget")
    return _finance(request, project, budget_form=form, status=400 if form.is_bound else 200)


@page
def budget_line_edit(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    project = _project(request, pk)
    line = selectors.budget_line_get(user=request.user, pk=line_pk)
    if line.project_id != project.pk:
        return _back(project)
    permissions.require_change(request.user, project)

    def line_form(data: Any = None) -> BudgetLineForm:
        form = BudgetLineForm(data, initial={
            name: getattr(line, name) for name in services.BUDGET_LINE_FIELDS})
        carry_version(form, line)
        return form

    form = line_form(request.POST or None)
    back = reverse("project-finance", args=[project.pk]) + "#budget"
    return form_page(
        request, form,
        lambda _data: services.budget_line_update(actor=request.user, line=line,
                                                  version=version_of(form), **changes(form)),
        current=line_form,  # the line, reloaded by the refusal
        success_url=back,
        context={"title": _("Budget line: %(line)s") % {"line": line}, "cancel_url": back,
                 "submit": _("Save"), "crumbs": [(project.code, back)]})


@page
def budget_months_edit(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    """The line's spread over months, each month's planned amount and forecast."""
    project = _project(request, pk)
    line = selectors.budget_line_get(user=request.user, pk=line_pk)
    if line.project_id != project.pk:
        return _back(project)
    permissions.require_change(request.user, project)
    curve = selectors.performance(user=request.user, project=project).curve
    months = selectors.budget_months_shown(line=line,
                                           curve_labels=curve.labels if curve else None)
    initial: dict[str, Any] = {}
    for row in line.months.all():
        initial[f"planned_{row.month:%Y-%m}"] = row.planned
        initial[f"forecast_{row.month:%Y-%m}"] = row.forecast
    form = BudgetMonthsForm(request.POST or None, initial=initial, months=months)
    back = reverse("project-finance", args=[project.pk]) + "#phasing"
    return form_page(
        request, form,
        lambda data: services.budget_months_set(actor=request.user, line=line,
                                                months=data["months"]),
        success_url=back, template="finance/budget_months.html",
        context={"title": _("Budget by month: %(line)s") % {"line": line}, "line": line,
                 "spread": sum((m.planned for m in line.months.all()), Decimal("0")),
                 "cancel_url": back, "crumbs": [(project.code, back)]})


@page
def budget_line_delete(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    project = _project(request, pk)
    line = selectors.budget_line_get(user=request.user, pk=line_pk)
    if request.method == "POST" and line.project_id == project.pk:
        services.budget_line_delete(actor=request.user, line=line)
    return _back(project, "#budget")


@page
def cost_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    permissions.require_change(request.user, project)
    form = CostEntryForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.cost_entry_create(actor=request.user, project=project, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The cost was recorded."))
            return _back(project, "#costs")
    return _finance(request, project, cost_form=form, status=400 if form.is_bound else 200)


@page
def fixed_cost_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    permissions.require_change(request.user, project)
    form = FixedCostForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.fixed_cost_create(actor=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The fixed cost was added to the task's budget."))
            return _back(project, "#fixed-costs")
    return _finance(request, project, fixed_form=form, status=400 if form.is_bound else 200)


@page
def fixed_cost_delete(request: HttpRequest, pk: int, cost_pk: int) -> HttpResponse:
    project = _project(request, pk)
    cost = selectors.fixed_cost_get(user=request.user, pk=cost_pk)
    if request.method == "POST" and cost.task.project_id == project.pk:
        services.fixed_cost_delete(actor=request.user, cost=cost)
    return _back(project, "#fixed-costs")


@page
def cost_delete(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    project = _project(request, pk)
    entry = selectors.cost_entry_get(user=request.user, pk=entry_pk)
    if request.method == "POST" and entry.project_id == project.pk:
        services.cost_entry_delete(actor=request.user, entry=entry)
    return _back(project, "#costs")


@page
def cost_import(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    permissions.require_change(request.user, project)
    form = CostImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _back(project, "#import")
    problems = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.cost_entries_import(actor=request.user, project=project,
                                                  name=upload.name, content=upload.read())
        except CostImportFailed as exc:
            form.add_error("file", exc.message)
            problems = exc.problems
        else:
            count = len(result.entries)
            messages.success(request, ngettext("%(count)s cost imported.",
                                               "%(count)s costs imported.", count)
                             % {"count": count})
            return _back(project, "#costs")
    return _finance(request, project, import_form=form, problems=problems, status=400)


@page
def override_set(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    permissions.require_change(request.user, project)
    if request.method != "POST":
        return _back(project, "#rag")
    if "clear" in request.POST:
        services.rag_override_clear(actor=request.user, project=project,
                                    dimension=request.POST.get("clear", ""))
        return _back(project, "#rag")
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.rag_override_set(actor=request.user, project=project, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return _back(project, "#rag")
    return _finance(request, project, override_form=form, status=400)


@page
def snapshot_take(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    if request.method == "POST":
        if services.kpi_snapshot_take(actor=request.user, project=project) is None:
            messages.error(request, _("No snapshot: the project's figures cannot be computed."))
        else:
            messages.success(request, _("The KPIs were recorded at the status date."))
    return _back(project, "#history")


# --- the KPI dashboard -------------------------------------------------------------------------

def _board(request: HttpRequest, *, portfolio: Portfolio | None = None,
           programme: Programme | None = None, version: str | None = None) -> tuple[
        selectors.Dashboard, KpiDashboardFilter, list[Performance]]:
    """The dashboard of every project, or of a portfolio's or a programme's, and its rows as
    filtered."""
    board = selectors.dashboard(user=request.user, portfolio=portfolio, programme=programme,
                                version=version)
    filters = KpiDashboardFilter(request.GET or None)
    return board, filters, dashboard_rows(board.projects, **filters.choice())


def _dashboard(request: HttpRequest, *, portfolio: Portfolio | None = None,
               programme: Programme | None = None) -> HttpResponse:
    user = request.user
    version = selectors.dashboard_version(user=user, portfolio=portfolio, programme=programme)

    def drawn() -> dict[str, str]:
        return _drawn(request, portfolio=portfolio, programme=programme, version=version)

    # Drawing a hundred rows and the bubble chart was half the page: the HTML below the heading
    # is kept under the figures' version (which holds the reader's roles and language) and the
    # query (filters, order, page). The heading holds the CSRF token and stays out of it.
    parts = remembered("kpi-dashboard-html", digest(
        version, portfolio and portfolio.pk, programme and programme.pk,
        sorted(request.GET.lists())), drawn, objects=False)
    return render(request, "finance/dashboard.html", {
        "portfolio": portfolio,
        "programme": programme,
        "parts": parts,
        "can_change": portfolio is not None and permissions.can_change(user, portfolio),
    })


def _drawn(request: HttpRequest, *, portfolio: Portfolio | None, programme: Programme | None,
           version: str) -> dict[str, str]:
    """The KPI dashboard's HTML but its heading: the projects left out, and the body."""
    board, filters, every_row = _board(request, portfolio=portfolio, programme=programme,
                                       version=version)
    rows, query = paged(request, every_row, per_page=PER_PAGE)
    values, by_objectives = selectors.strategic_values([p.project for p in rows])
    bubbles = bubble_chart([
        BubbleInput(reverse("project-finance", args=[p.project.pk]), p.project.code,
                    p.project.name, p.kpis.get("cpi", math.nan), values.get(p.project.pk, 0.0),
                    float(p.evm.bac) if p.evm is not None else 0.0,
                    p.effective.get("overall", ""), p.risk_exposure, p.project.currency)
        for p in rows], by_objectives=by_objectives)
    columns = [(k.key, _(k.short or k.label), _(k.label)) for k in registry().kpis
               if k.dashboard]
    if programme is not None:
        export_url = reverse("programme-kpis-export", args=[programme.pk])
    elif portfolio is not None:
        export_url = reverse("portfolio-kpis-export", args=[portfolio.pk])
    else:
        export_url = reverse("kpi-dashboard-export")
    context = {
        "bubbles": bubbles,
        "portfolio": portfolio,
        "programme": programme,
        "rows": rows,
        "query": query,
        "left_out": board.left_out,
        "programmes": board.programmes,
        "portfolios": board.portfolios,
        "dimensions": DIMENSIONS,
        "columns": columns,
        "column_count": len(columns) + len(DIMENSIONS) + 4,  # project, programme, EAC, overall
        "filters": filters,
        "export_url": export_url,
    }
    return {"left_out": render_to_string("web/_left_out.html", context, request),
            "body": render_to_string("finance/_dashboard_body.html", context, request)}


@page
def dashboard(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    portfolio = (portfolio_selectors.portfolio_get(user=request.user, pk=pk)
                 if pk is not None else None)
    return _dashboard(request, portfolio=portfolio)


@page
def programme_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """The KPI dashboard of a programme's projects, for its programme manager too."""
    return _dashboard(request,
                      programme=portfolio_selectors.programme_get(user=request.user, pk=pk))


def _export(request: HttpRequest, scope: Portfolio | Programme | None,
            board: selectors.Dashboard, rows: list[Performance]) -> HttpResponse:
    name = f"{scope.code} {_('KPI dashboard')}" if scope is not None else _("KPI dashboard")
    return download(exports.kpi_table(board, rows), format=request.GET.get("format", ""),
                    name=name)


@page
def dashboard_export(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The dashboard as the page filters and orders it, as XLSX or CSV (``?format=``)."""
    portfolio = (portfolio_selectors.portfolio_get(user=request.user, pk=pk)
                 if pk is not None else None)
    board, _filters, rows = _board(request, portfolio=portfolio)
    return _export(request, portfolio, board, rows)


@page
def programme_dashboard_export(request: HttpRequest, pk: int) -> HttpResponse:
    """A programme's dashboard as the page filters and orders it, as XLSX or CSV."""
    programme = portfolio_selectors.programme_get(user=request.user, pk=pk)
    board, _filters, rows = _board(request, programme=programme)
    return _export(request, programme, board, rows)


@page
def budget_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's budget table as XLSX or CSV (``?format=``): for those who see costs."""
    project = _project(request, pk)
    return download(
        exports.budget_table(selectors.budget_summary(user=request.user, project=project)),
        format=request.GET.get("format", ""), name=f"{project.code} {_('Budget')}")


@page
def cost_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Every cost entry of the project as XLSX or CSV (``?format=``): for those who see costs."""
    project = _project(request, pk)
    permissions.require_costs(request.user, project)
    return download(
        exports.cost_entry_table(selectors.cost_entry_list(user=request.user, project=project)),
        format=request.GET.get("format", ""), name=f"{project.code} {_('Actual costs')}")


@page
def thresholds_edit(request: HttpRequest, pk: int) -> HttpResponse:
    portfolio = portfolio_selectors.portfolio_get(user=request.user, pk=pk)
    permissions.require_change(request.user, portfolio)
    current = selectors.thresholds_get(user=request.user, portfolio=portfolio)
    form = ThresholdsForm(request.POST or None, thresholds=current)
    back = reverse("portfolio-kpis", args=[portfolio.pk])
    return form_page(
        request, form,
        lambda data: services.thresholds_update(actor=request.user, portfolio=portfolio, **data),
        success_url=back,
        context={"title": _("KPI thresholds of %(portfolio)s") % {"portfolio": portfolio.code},
                 "cancel_url": back, "submit": _("Save"), "crumbs": [(portfolio.code, back)]})


@page
def portfolio_snapshots(request: HttpRequest, pk: int) -> HttpResponse:
    portfolio = portfolio_selectors.portfolio_get(user=request.user, pk=pk)
    permissions.require_change(request.user, portfolio)
    if request.method == "POST":
        projects = list(portfolio_selectors.project_list(user=request.user, portfolio=portfolio))
        count = len(services.kpi_snapshots_take(actor=request.user, projects=projects))
        messages.success(request, ngettext("KPIs recorded for %(count)s project.",
                                           "KPIs recorded for %(count)s projects.", count)
                         % {"count": count})
    return redirect("portfolio-kpis", pk=portfolio.pk)
