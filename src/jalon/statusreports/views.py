"""The pages of status reports: a project's reports (its workspace tab), one report with the
previous period beside it and its actions, the commentary form, and a portfolio's reports due
with its cadence. Thin: permission, form, one service or selector call, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jalon.accounts import permissions as perms
from jalon.errors import ValidationFailed
from jalon.portfolios import selectors as portfolio_selectors
from jalon.risks.models import Issue, Risk
from jalon.statusreports import permissions as rules
from jalon.statusreports import selectors, services
from jalon.statusreports.forms import CadenceForm, CommentaryForm, NewReportForm, TransitionForm
from jalon.statusreports.models import StatusReport
from jalon.web.decorators import page
from jalon.web.editing import form_page
from jalon.web.forms import add_service_errors
from jalon.web.workspace import workspace

FIGURES = [("ev", gettext_lazy("EV — earned value"), "money"),
           ("pv", gettext_lazy("PV — planned value"), "money"),
           ("ac", gettext_lazy("AC — actual cost"), "money"),
           ("cpi", gettext_lazy("CPI = EV / AC"), "ratio"),
           ("spi", gettext_lazy("SPI = EV / PV"), "ratio"),
           ("spi_t", gettext_lazy("SPI(t) = ES / AT"), "ratio"),
           ("eac", gettext_lazy("EAC = BAC / CPI"), "money"),
           ("vac", gettext_lazy("VAC = BAC − EAC"), "money")]
"""The key figures a report shows, in order, with the finance tab's labels."""
ACTIONS = {"submit": gettext_lazy("Submit to the PMO"),
           "return": gettext_lazy("Return to the project manager"),
           "publish": gettext_lazy("Publish")}


def _list(request: HttpRequest, pk: int, form: NewReportForm | None = None,
          status: int = 200) -> HttpResponse:
    project = portfolio_selectors.project_get(user=request.user, pk=pk)
    return render(request, "statusreports/project_reports.html", workspace(
        request, project, "statusreports",
        reports=selectors.report_list(user=request.user, project=project),
        can_write=rules.can_write(request.user, project),
        new_form=form or NewReportForm(),
        cadence=selectors.cadence_of(project.portfolio)), status=status)


@page
def project_reports(request: HttpRequest, pk: int) -> HttpResponse:
    return _list(request, pk)


@page
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    """POST only: start the report of the period holding the day given, then open it."""
    project = portfolio_selectors.project_get(user=request.user, pk=pk)
    form = NewReportForm(request.POST or None)
    if request.method != "POST":
        return redirect("project-status-reports", pk=project.pk)
    if form.is_valid():
        try:
            report = services.report_create(actor=request.user, project=project,
                                            day=form.cleaned_data["day"])
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect("status-report", pk=report.pk)
    return _list(request, pk, form, status=400)


def _labels(figures: dict[str, Any]) -> dict[str, Any]:
    """The risks' kinds and the issues' severities in the reader's language (a snapshot keeps
    codes)."""
    kinds, severities = dict(Risk.Kind.choices), dict(Issue.Severity.choices)
    return {"risks": [{**r, "kind_label": kinds.get(r["kind"], r["kind"])}
                      for r in figures.get("risks", [])],
            "issues": [{**i, "severity_label": severities.get(i["severity"], i["severity"])}
                       for i in figures.get("issues", [])]}


def _detail(request: HttpRequest, report: StatusReport, *, status: int = 200,
            errors: list[str] | None = None) -> HttpResponse:
    figures = selectors.report_figures(report)
    previous = selectors.previous_published(report)
    before = previous.snapshot if previous is not None and previous.snapshot else {}
    rows = [(key, label, kind, figures["figures"].get(key), before.get("figures", {}).get(key))
            for key, label, kind in FIGURES]
    rag = [(key, figures["rag"][key], figures.get("trend", {}).get(key, ""),
            before.get("rag", {}).get(key, "")) for key in figures["rag"]]
    return render(request, "statusreports/report.html", workspace(
        request, report.project, "statusreports",
        report=report, figures=figures, previous=previous, figure_rows=rows, rag_rows=rag,
        **_labels(figures),
        can_edit=report.is_open and rules.can_write(request.user, report.project),
        actions=[(a, ACTIONS[a]) for a in services.allowed_actions(request.user, report)],
        transition_form=TransitionForm(), errors=errors or []), status=status)


@page
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.report_get(user=request.user, pk=pk))


@page
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    rules.require_write(request.user, report)
    form = CommentaryForm(request.POST or None, initial=CommentaryForm.initial_for(report))
    url = reverse("status-report", args=[report.pk])
    return form_page(
        request, form,
        lambda data: services.report_update(actor=request.user, report=report, **data),
        success_url=url,
        context={"title": _("Commentary of the status report %(report)s") % {"report": report},
                 "cancel_url": url,
                 "crumbs": [(report.project.code, reverse("project-overview",
                                                          args=[report.project.pk])),
                            (_("Status reports"), reverse("project-status-reports",
                                                          args=[report.project.pk]))]})


@page
def report_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """POST only: make one transition, then back to the report (or its refusal shown there)."""
    report = selectors.report_get(user=request.user, pk=pk)
    form = TransitionForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return redirect("status-report", pk=report.pk)
    try:
        services.report_transition(actor=request.user, report=report, **form.cleaned_data)
    except ValidationFailed as exc:
        report = selectors.report_get(user=request.user, pk=pk)
        return _detail(request, report, status=400, errors=[exc.message])
    return redirect("status-report", pk=report.pk)


@page
def portfolio_due(request: HttpRequest, pk: int) -> HttpResponse:
    """The portfolio's reports due, those awaiting review, and its cadence (set by its
    managers)."""
    portfolio = portfolio_selectors.portfolio_get(user=request.user, pk=pk)
    can_set = perms.can_change(request.user, portfolio)
    form = CadenceForm(request.POST or None,
                       initial={"cadence": selectors.cadence_of(portfolio)})
    status = 200
    if request.method == "POST":
        rules.require_cadence(request.user, portfolio)
        if form.is_valid():
            services.cadence_set(actor=request.user, portfolio=portfolio,
                                 cadence=form.cleaned_data["cadence"])
            return redirect("portfolio-status-reports", pk=portfolio.pk)
        status = 400
    return render(request, "statusreports/portfolio_due.html", {
        "portfolio": portfolio, "can_set": can_set, "form": form,
        "due": selectors.due_in_portfolio(user=request.user, portfolio=portfolio,
                                          today=timezone.localdate()),
        "to_review": selectors.awaiting_review(user=request.user, portfolio=portfolio),
        "crumbs": [(_("Dashboard"), reverse("home")),
                   (portfolio.code, reverse("portfolio-detail", args=[portfolio.pk]))]},
        status=status)
