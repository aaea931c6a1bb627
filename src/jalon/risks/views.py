"""The risk pages: a project's register, risk detail (actions, linked tasks, history), the
probability x impact matrix of a project and of a portfolio, escalated risks of programmes and
portfolios, the issue log, and the Monte Carlo simulation. Thin: permission, form, one service
or selector call, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jalon.accounts import permissions
from jalon.downloads import download
from jalon.errors import PermissionDenied, ValidationFailed
from jalon.portfolios import selectors as portfolio_selectors
from jalon.portfolios.models import Portfolio, Programme, Project
from jalon.risks import charts, exports, selectors, services, simulation
from jalon.risks.filters import IssueFilter, RiskFilter
from jalon.risks.forms import (
    ActionForm,
    ActionStatusForm,
    IssueForm,
    MatrixConfigForm,
    RiskForm,
    SimulationForm,
    TaskLinkDelayForm,
    TaskLinkForm,
)
from jalon.risks.models import Risk, SimulationRun
from jalon.web.decorators import is_htmx, page
from jalon.web.editing import changes, delete_page, form_page
from jalon.web.forms import add_service_errors, carry_version, version_of
from jalon.web.workspace import workspace


def _project(request: HttpRequest, pk: int) -> Project:
    return portfolio_selectors.project_get(user=request.user, pk=pk)


def _register_url(project: Project) -> str:
    return reverse("risk-register", args=[project.pk])


def _crumbs(project: Project, *more: tuple[str, str]) -> list[tuple[str, str]]:
    return [(project.code, reverse("project-overview", args=[project.pk])),
            (_("Risks"), _register_url(project)), *more]


def _cell(request: HttpRequest) -> tuple[int | None, int | None]:
    def number(name: str) -> int | None:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() else None

    return number("probability"), number("impact")


# --- the register ----------------------------------------------------------------------------

def _register_filters(request: HttpRequest, project: Project) -> RiskFilter:
    return RiskFilter(request.GET or None, request=request,
                      queryset=selectors.risk_list(user=request.user, project=project))


@page
def register(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    filters = _register_filters(request, project)
    return render(request, "risks/register.html", workspace(
        request, project, "risks", section="register", filters=filters.form, risks=filters.qs,
        config=services.matrix_config_for(project.portfolio),
        export_url=reverse("risk-register-export", args=[project.pk])))


@page
def register_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The register as the page filters it, as XLSX or CSV (``?format=``)."""
    project = _project(request, pk)
    return download(exports.risk_table(_register_filters(request, project).qs),
                    format=request.GET.get("format", ""),
                    name=f"{project.code} {_('Risk register')}")


@page
def risk_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    permissions.require_change(request.user, project)
    form = RiskForm(request.POST or None, config=services.matrix_config_for(project.portfolio))
    return form_page(
        request, form,
        lambda data: services.risk_create(actor=request.user, project=project, **data),
        success_url=lambda risk: reverse("risk-detail", args=[risk.pk]),
        context={"title": _("New risk"), "cancel_url": _register_url(project),
                 "crumbs": _crumbs(project), "submit": _("Add the risk")})


@page
def risk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    risk = selectors.risk_get(user=request.user, pk=pk)
    return _detail(request, risk)


def _detail(request: HttpRequest, risk: Risk, status: int = 200,
            **forms: Any) -> HttpResponse:
    project = risk.project
    can_change = permissions.can_change(request.user, project)
    actions = [(a, services.can_update_action(request.user, a))
               for a in risk.actions.select_related("owner")]
    return render(request, "risks/risk_detail.html", workspace(
        request, project, "risks", section="register", risk=risk,
        config=services.matrix_config_for(project.portfolio), actions=actions,
        links=risk.task_links.select_related("task"),
        history=risk.history.select_related("actor")[:100],
        action_form=forms.get("action_form") or ActionForm() if can_change else None,
        link_form=(forms.get("link_form") or TaskLinkForm(project=project))
        if can_change else None,
        link_edit_form=forms.get("link_edit_form"), link_edit_pk=forms.get("link_edit_pk"),
        status_form=ActionStatusForm()), status=status)


@page
def risk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    risk = selectors.risk_get(user=request.user, pk=pk)
    permissions.require_change(request.user, risk.project)

    def risk_form(data: Any = None) -> RiskForm:
        form = RiskForm(data, initial=RiskForm.initial_of(risk),
                        config=services.matrix_config_for(risk.project.portfolio))
        carry_version(form, risk)
        return form

    form = risk_form(request.POST or None)
    return form_page(
        request, form,
        lambda data: services.risk_update(actor=request.user, risk=risk,
                                          version=version_of(form), **changes(form)),
        current=risk_form,  # the risk, reloaded by the refusal
        success_url=reverse("risk-detail", args=[risk.pk]),
        context={"title": _("Edit %(risk)s") % {"risk": risk.reference},
                 "cancel_url": reverse("risk-detail", args=[risk.pk]),
                 "crumbs": _crumbs(risk.project)})


@page
def risk_delete(request: HttpRequest, pk: int) -> HttpResponse:
    risk = selectors.risk_get(user=request.user, pk=pk)
    permissions.require_change(request.user, risk.project)
    return delete_page(
        request, lambda: services.risk_delete(actor=request.user, risk=risk),
        success_url=_register_url(risk.project),
        context={"title": _("Delete %(risk)s") % {"risk": risk},
                 "question": _("Delete this risk, its actions and its history?"),
                 "cancel_url": reverse("risk-detail", args=[risk.pk]),
                 "crumbs": _crumbs(risk.project)})


@page
@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    risk = selectors.risk_get(user=request.user, pk=pk)
    permissions.require_change(request.user, risk.project)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            services.action_create(actor=request.user, risk=risk, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect(reverse("risk-detail", args=[risk.pk]) + "#actions")
    return _detail(request, risk, status=400, action_form=form)


@page
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.risk_action_get(user=request.user, pk=pk)
    back = reverse("risk-detail", args=[action.risk_id]) + "#actions"
    if not permissions.can_change(request.user, action.risk.project):
        # the owner (a team member) may change the status only
        if not services.can_update_action(request.user, action):
            raise PermissionDenied(_("You may not change this action."))
        form: Any = ActionStatusForm(request.POST or None, initial={"status": action.status})
    else:
        form = ActionForm(request.POST or None, initial={
            "description": action.description, "owner": action.owner,
            "due_date": action.due_date, "status": action.status})
    return form_page(
        request, form,
        lambda data: services.action_update(actor=request.user, action=action, **changes(form)),
        success_url=back,
        context={"title": _("Action of %(risk)s") % {"risk": action.risk.reference},
                 "cancel_url": back, "crumbs": _crumbs(action.risk.project)})


@page
@require_POST
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.risk_action_get(user=request.user, pk=pk)
    services.action_delete(actor=request.user, action=action)
    return redirect(reverse("risk-detail", args=[action.risk_id]) + "#actions")


@page
@require_POST
def link_add(request: HttpRequest, pk: int) -> HttpResponse:
    risk = selectors.risk_get(user=request.user, pk=pk)
    permissions.require_change(request.user, risk.project)
    form = TaskLinkForm(request.POST, project=risk.project)
    if form.is_valid():
        try:
            services.task_link_create(actor=request.user, risk=risk, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect(reverse("risk-detail", args=[risk.pk]) + "#tasks")
    return _detail(request, risk, status=400, link_form=form)


@page
@require_POST
def link_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Set or clear a linked task's own delay."""
    link = selectors.risk_link_get(user=request.user, pk=pk)
    permissions.require_change(request.user, link.risk.project)
    form = TaskLinkDelayForm(request.POST)
    if form.is_valid():
        try:
            services.task_link_update(actor=request.user, link=link, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect(reverse("risk-detail", args=[link.risk_id]) + "#tasks")
    return _detail(request, link.risk, status=400, link_edit_form=form, link_edit_pk=link.pk)


@page
@require_POST
def link_delete(request: HttpRequest, pk: int) -> HttpResponse:
    link = selectors.risk_link_get(user=request.user, pk=pk)
    services.task_link_delete(actor=request.user, link=link)
    return redirect(reverse("risk-detail", args=[link.risk_id]) + "#tasks")


# --- matrices and escalated risks ------------------------------------------------------------

def _matrix_context(request: HttpRequest, risks: Any, portfolio: Portfolio) -> dict[str, Any]:
    residual = request.GET.get("residual") == "1"
    probability, impact = _cell(request)
    chosen = None
    if probability is not None and impact is not None and not residual:
        chosen = risks.filter(status=Risk.Status.OPEN, probability=probability, impact=impact)
    return {"matrix": selectors.matrix(user=request.user, risks=risks, portfolio=portfolio,
                                       residual=residual),
            "residual": residual, "chosen": chosen, "chosen_probability": probability,
            "chosen_impact": impact}


@page
def project_matrix(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    risks = selectors.risk_list(user=request.user, project=project)
    return render(request, "risks/project_matrix.html", workspace(
        request, project, "risks", section="matrix",
        **_matrix_context(request, risks, project.portfolio)))


def _scope_risks(request: HttpRequest, scope: Portfolio | Programme) -> HttpResponse:
    """The heat map of the open risks of a portfolio's or a programme's projects (on the
    portfolio's matrix), with the risks and issues its projects escalated."""
    level = permissions.scope_level(scope)
    if isinstance(scope, Portfolio):
        portfolio, risks = scope, selectors.risk_list(user=request.user, portfolio=scope)
    else:
        portfolio, risks = scope.portfolio, selectors.risk_list(user=request.user, programme=scope)
    return render(request, "risks/scope.html", {
        "scope": scope, "level": level,
        "can_configure": level == "portfolio" and permissions.can_change(request.user, scope),
        "escalated": selectors.escalated_risks(user=request.user, scope=scope),
        "escalated_issues": selectors.escalated_issues(user=request.user, scope=scope),
        **_matrix_context(request, risks, portfolio)})


@page
def portfolio_risks(request: HttpRequest, pk: int) -> HttpResponse:
    return _scope_risks(request, portfolio_selectors.portfolio_get(user=request.user, pk=pk))


@page
def programme_risks(request: HttpRequest, pk: int) -> HttpResponse:
    return _scope_risks(request, portfolio_selectors.programme_get(user=request.user, pk=pk))


@page
def matrix_config(request: HttpRequest, pk: int) -> HttpResponse:
    portfolio = portfolio_selectors.portfolio_get(user=request.user, pk=pk)
    permissions.require_change(request.user, portfolio)
    config = services.matrix_config_for(portfolio)
    form = MatrixConfigForm(request.POST or None, initial=MatrixConfigForm.initial_of(config))
    back = reverse("portfolio-risks", args=[portfolio.pk])
    return form_page(
        request, form,
        lambda data: services.matrix_config_update(actor=request.user, portfolio=portfolio,
                                                   **data),
        success_url=back,
        context={"title": _("Risk matrix of %(portfolio)s") % {"portfolio": portfolio.code},
                 "cancel_url": back,
                 "crumbs": [(portfolio.code, reverse("portfolio-detail", args=[portfolio.pk])),
                            (_("Risks"), back)]})


# --- the issue log ---------------------------------------------------------------------------

def _issue_filters(request: HttpRequest, project: Project) -> IssueFilter:
    return IssueFilter(request.GET or None, request=request,
                       queryset=selectors.issue_list(user=request.user, project=project))


@page
def issues(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    filters = _issue_filters(request, project)
    return render(request, "risks/issues.html", workspace(
        request, project, "risks", section="issues", filters=filters.form, issues=filters.qs,
        export_url=reverse("issue-log-export", args=[project.pk])))


@page
def issues_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The issue log as the page filters it, as XLSX or CSV (``?format=``)."""
    project = _project(request, pk)
    return download(exports.issue_table(_issue_filters(request, project).qs),
                    format=request.GET.get("format", ""), name=f"{project.code} {_('Issue log')}")


def _issues_url(project: Project) -> str:
    return reverse("issue-log", args=[project.pk])


@page
def issue_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    permissions.require_change(request.user, project)
    form = IssueForm(request.POST or None, project=project)
    return form_page(
        request, form,
        lambda data: services.issue_create(actor=request.user, project=project, **data),
        success_url=_issues_url(project),
        context={"title": _("New issue"), "cancel_url": _issues_url(project),
                 "crumbs": _crumbs(project, (_("Issues"), _issues_url(project)))})


@page
def issue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue_get(user=request.user, pk=pk)
    project = issue.project
    permissions.require_change(request.user, project)
    form = IssueForm(request.POST or None, project=project, initial={
        name: getattr(issue, name) for name in
        ("title", "severity", "status", "owner", "due_date", "escalated", "risk",
         "description", "resolution")})
    return form_page(
        request, form,
        lambda data: services.issue_update(actor=request.user, issue=issue, **changes(form)),
        success_url=_issues_url(project),
        context={"title": _("Edit the issue"), "cancel_url": _issues_url(project),
                 "crumbs": _crumbs(project, (_("Issues"), _issues_url(project)))})


@page
def issue_delete(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue_get(user=request.user, pk=pk)
    permissions.require_change(request.user, issue.project)
    return delete_page(
        request, lambda: services.issue_delete(actor=request.user, issue=issue),
        success_url=_issues_url(issue.project),
        context={"title": _("Delete the issue %(issue)s") % {"issue": issue.title},
                 "question": _("Delete this issue?"), "cancel_url": _issues_url(issue.project),
                 "crumbs": _crumbs(issue.project)})


# --- simulation ------------------------------------------------------------------------------

@page
def project_simulation(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    form = SimulationForm(request.POST or None)
    if request.method == "POST":
        permissions.require_change(request.user, project)
        if form.is_valid():
            try:
                run = simulation.simulation_start(actor=request.user, project=project,
                                                  **form.cleaned_data)
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                return redirect("simulation-run", run.pk)
    return render(request, "risks/simulation.html", workspace(
        request, project, "risks", section="simulation", form=form,
        runs=simulation.simulation_run_list(user=request.user, project=project),
        events=simulation.risk_events(project)), status=400 if form.errors else 200)


@page
def simulation_run(request: HttpRequest, pk: int) -> HttpResponse:
    """The run: progress while it waits or runs (htmx polls the fragment), then the results."""
    run = simulation.simulation_run_get(user=request.user, pk=pk)
    return _run_page(request, run)


def _run_page(request: HttpRequest, run: SimulationRun) -> HttpResponse:
    context = {"run": run, "result": run.result or {},
               "can_cancel": permissions.can_change(request.user, run.project),
               "can_see_costs": permissions.can_see_costs(request.user, run.project),
               "charts": charts.simulation_charts(run.result) if run.result else None,
               "risk_titles": selectors.risk_titles(user=request.user, project=run.project)
               if run.result else {}}
    if is_htmx(request):
        return render(request, "risks/_run.html", context)
    return render(request, "risks/simulation_run.html", workspace(
        request, run.project, "risks", section="simulation", **context))


@page
@require_POST
def simulation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a queued or running simulation (the polling page's Cancel button)."""
    run = simulation.simulation_run_get(user=request.user, pk=pk)
    run = simulation.simulation_cancel(actor=request.user, run=run)
    if is_htmx(request):
        return _run_page(request, run)
    return redirect("simulation-run", run.pk)

