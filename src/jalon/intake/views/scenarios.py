"""The scenarios' pages: the list (with the choice of scenarios to compare), the form, the
scenario with its runs, a run (polled while it runs: the selection with its reasons and the
use of each resource, or the frontier), the promotion, the comparison, and capacity against
demand. Thin: the work is in :mod:`jalon.intake.scenarios` and :mod:`jalon.intake.outcomes`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jalon.errors import ValidationFailed
from jalon.intake import outcomes, scenarios, selectors
from jalon.intake import permissions as rules
from jalon.intake.forms import ScenarioForm
from jalon.intake.frontier_chart import frontier_chart
from jalon.intake.models import OptimisationRun, Scenario
from jalon.portfolios.models import Portfolio
from jalon.resources.charts import heat_cells
from jalon.web.decorators import is_htmx, page
from jalon.web.editing import delete_page, form_page

MAX_COMPARED = 4


def crumbs(portfolio: Portfolio) -> list[tuple[str, str]]:
    return [(_("Dashboard"), reverse("home")),
            (portfolio.code, reverse("portfolio-detail", args=[portfolio.pk])),
            (_("Scenarios"), reverse("scenario-list", args=[portfolio.pk]))]


@page
def scenario_list(request: HttpRequest, pk: int) -> HttpResponse:
    portfolio = selectors.scenario_portfolio(user=request.user, pk=pk)
    items = list(selectors.scenario_list(portfolio=portfolio))
    return render(request, "intake/scenario_list.html", {
        "portfolio": portfolio, "section": "scenarios", "crumbs": crumbs(portfolio)[:-1],
        "rows": [(s, selectors.latest_selection(scenario=s)) for s in items],
        "can_change": rules.can_decide(request.user, portfolio)})


@page
def scenario_create(request: HttpRequest, pk: int) -> HttpResponse:
    portfolio = selectors.scenario_portfolio(user=request.user, pk=pk)
    rules.require_scenario_change(request.user, portfolio)
    form = ScenarioForm(request.POST or None, user=request.user, portfolio=portfolio)
    return form_page(
        request, form,
        lambda data: scenarios.scenario_create(actor=request.user, portfolio=portfolio, **data),
        success_url=lambda scenario: reverse("scenario-detail", args=[scenario.pk]),
        context={"title": _("New scenario"), "submit": _("Save"),
                 "cancel_url": reverse("scenario-list", args=[portfolio.pk]),
                 "crumbs": crumbs(portfolio)})


@page
def scenario_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = selectors.scenario_get(user=request.user, pk=pk)
    rules.require_scenario_change(request.user, scenario.portfolio)
    form = ScenarioForm(request.POST or None, initial=ScenarioForm.initial_for(scenario),
                        user=request.user, portfolio=scenario.portfolio)
    url = reverse("scenario-detail", args=[scenario.pk])
    return form_page(
        request, form,
        lambda data: scenarios.scenario_update(actor=request.user, scenario=scenario, **data),
        success_url=url,
        context={"title": _("Scenario “%(name)s”") % {"name": scenario.name},
                 "submit": _("Save"), "cancel_url": url,
                 "crumbs": crumbs(scenario.portfolio)})


@page
def scenario_delete(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = selectors.scenario_get(user=request.user, pk=pk)
    return delete_page(
        request, lambda: scenarios.scenario_delete(actor=request.user, scenario=scenario),
        success_url=reverse("scenario-list", args=[scenario.portfolio_id]),
        context={"title": _("Delete the scenario “%(name)s”") % {"name": scenario.name},
                 "question": _("Delete this scenario and its runs?"),
                 "cancel_url": reverse("scenario-detail", args=[scenario.pk]),
                 "crumbs": crumbs(scenario.portfolio)})


@page
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = selectors.scenario_get(user=request.user, pk=pk)
    return render(request, "intake/scenario_detail.html", {
        "scenario": scenario, "portfolio": scenario.portfolio, "section": "scenarios",
        "runs": scenario.runs.select_related("created_by")[:20],
        "can_change": rules.can_decide(request.user, scenario.portfolio),
        "crumbs": crumbs(scenario.portfolio)})


@page
@require_POST
def scenario_optimise(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = selectors.scenario_get(user=request.user, pk=pk)
    kind = request.POST.get("kind", OptimisationRun.Kind.SELECT)
    try:
        run = scenarios.optimisation_start(actor=request.user, scenario=scenario, kind=kind)
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect("scenario-detail", scenario.pk)
    return redirect("optimisation-run", run.pk)


def _run_context(request: HttpRequest, run: OptimisationRun) -> dict[str, Any]:
    scenario = run.scenario
    context: dict[str, Any] = {
        "run": run, "scenario": scenario, "portfolio": scenario.portfolio,
        "section": "scenarios", "crumbs": crumbs(scenario.portfolio),
        "can_change": rules.can_decide(request.user, scenario.portfolio)}
    if run.state == OptimisationRun.State.DONE:
        if run.kind == OptimisationRun.Kind.FRONTIER:
            context["frontier"] = frontier_chart(run.result or {})
        else:
            context["outcome"] = outcomes.outcome(run)
    return context


@page
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The run: its progress while it runs (htmx polls this page's fragment), then its
    result."""
    run = selectors.optimisation_run_get(user=request.user, pk=pk)
    template = "intake/_optimisation.html" if is_htmx(request) else "intake/optimisation.html"
    return render(request, template, _run_context(request, run))


@page
@require_POST
def run_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.optimisation_run_get(user=request.user, pk=pk)
    scenarios.optimisation_cancel(actor=request.user, run=run)
    return redirect("optimisation-run", run.pk)


@page
@require_POST
def run_promote(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.optimisation_run_get(user=request.user, pk=pk)
    try:
        approved = scenarios.scenario_promote(actor=request.user, run=run)
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect("optimisation-run", run.pk)
    messages.success(request, ngettext(
        "Scenario promoted: %(count)s proposal approved, its project created.",
        "Scenario promoted: %(count)s proposals approved, their projects created.",
        len(approved)) % {"count": len(approved)})
    return redirect("scenario-detail", run.scenario_id)


@page
def scenario_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two to four scenarios side by side (``?scenario=`` repeated), each by its latest
    selection."""
    portfolio = selectors.scenario_portfolio(user=request.user, pk=pk)
    wanted = request.GET.getlist("scenario")
    chosen = list(selectors.scenario_list(portfolio=portfolio).filter(
        pk__in=[w for w in wanted if w.isdigit()]))
    error = "" if 2 <= len(chosen) <= MAX_COMPARED else _(
        "Choose two to four scenarios to compare.")
    comparison = None if error else outcomes.compare(
        chosen, [selectors.latest_selection(scenario=s) for s in chosen])
    return render(request, "intake/scenario_compare.html", {
        "portfolio": portfolio, "section": "scenarios", "comparison": comparison,
        "error": error, "crumbs": crumbs(portfolio)}, status=400 if error else 200)


@page
def scenario_capacity(request: HttpRequest, pk: int) -> HttpResponse:
    """Capacity against demand by skill and month: running projects plus the scenario's latest
    selection."""
    scenario: Scenario = selectors.scenario_get(user=request.user, pk=pk)
    run = selectors.latest_selection(scenario=scenario)
    demand = outcomes.demand(scenario, run)
    return render(request, "intake/scenario_capacity.html", {
        "scenario": scenario, "portfolio": scenario.portfolio, "section": "scenarios",
        "run": run, "demand": demand,
        "rows": [(skill, heat_cells(buckets)) for skill, buckets in demand.rows],
        "crumbs": crumbs(scenario.portfolio)})
