"""The pages of management by exception: a project's and a portfolio's tolerances, an exception
with its report and the board's decision, and a project saved as a template. Thin: permission,
form, one service or selector call, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jalon.accounts import permissions
from jalon.errors import PermissionDenied, ValidationFailed
from jalon.governance import exceptions, packs, project_templates, selectors
from jalon.governance.forms import (
    ExceptionReportForm,
    ExceptionResolveForm,
    TemplateSaveForm,
    TolerancesForm,
)
from jalon.governance.models import PortfolioTolerances, ProjectTolerances, ToleranceException
from jalon.governance.services import can_decide
from jalon.governance.tolerances import UNITS
from jalon.portfolios import selectors as portfolio_selectors
from jalon.web.decorators import page
from jalon.web.editing import form_page
from jalon.web.forms import add_service_errors
from jalon.web.workspace import workspace


def _initial(record: ProjectTolerances | PortfolioTolerances | None) -> dict[str, Any]:
    return {name: getattr(record, name) for name in packs.TOLERANCE_FIELDS} if record else {}


def _tolerances_url(pk: int) -> str:
    return reverse("project-governance", args=[pk]) + "#tolerances"


@page
def project_tolerances(request: HttpRequest, pk: int) -> HttpResponse:
    project = portfolio_selectors.project_get(user=request.user, pk=pk)
    if not exceptions.can_set_tolerances(request.user, project):
        raise PermissionDenied(_("Only the PMO and portfolio managers set tolerances."))
    form = TolerancesForm(request.POST or None,
                          initial=_initial(ProjectTolerances.objects.filter(
                              project=project).first()))
    return form_page(
        request, form,
        lambda data: exceptions.tolerances_set(actor=request.user, project=project, **data),
        success_url=_tolerances_url(project.pk),
        context={"title": _("Tolerances of %(project)s") % {"project": project.code},
                 "intro": _("An empty field takes the portfolio's tolerance, else the "
                            "methodology's. The project is checked against them right after."),
                 "cancel_url": _tolerances_url(project.pk),
                 "crumbs": [(project.code, _tolerances_url(project.pk))], "submit": _("Save")})


@page
def portfolio_tolerances(request: HttpRequest, pk: int) -> HttpResponse:
    portfolio = portfolio_selectors.portfolio_get(user=request.user, pk=pk)
    if not exceptions.can_set_tolerances(request.user, portfolio):
        raise PermissionDenied(_("Only the PMO and portfolio managers set tolerances."))
    back = reverse("portfolio-detail", args=[portfolio.pk])
    form = TolerancesForm(request.POST or None, initial=_initial(
        PortfolioTolerances.objects.filter(portfolio=portfolio).first()))
    return form_page(
        request, form,
        lambda data: exceptions.portfolio_tolerances_set(actor=request.user,
                                                         portfolio=portfolio, **data),
        success_url=back,
        context={"title": _("Default tolerances of %(portfolio)s")
                 % {"portfolio": portfolio.code},
                 "intro": _("The tolerances of the portfolio's projects, over their "
                            "methodology's; a project may set its own. An empty field takes "
                            "the methodology's."),
                 "cancel_url": back, "crumbs": [(portfolio.code, back)], "submit": _("Save")})


@page
def exception_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _exception(request, selectors.exception_get(user=request.user, pk=pk))


def _exception(request: HttpRequest, exception: ToleranceException,
               report_form: ExceptionReportForm | None = None,
               resolve_form: ExceptionResolveForm | None = None,
               status: int = 200) -> HttpResponse:
    project = exception.project
    reporting = exception.is_open and permissions.can_change(request.user, project)
    deciding = exception.is_open and exception.reported and can_decide(request.user, project)
    return render(request, "governance/exception.html", workspace(
        request, project, "governance", exception=exception,
        unit=UNITS[exception.measure],
        money_hidden=(exception.measure == ToleranceException.Measure.COST
                      and not permissions.can_see_costs(request.user, project)),
        report_form=(report_form or ExceptionReportForm(initial={
            "cause": exception.cause, "consequences": exception.consequences,
            "options": exception.options, "recommendation": exception.recommendation}))
        if reporting else None,
        resolve_form=(resolve_form or ExceptionResolveForm()) if deciding else None),
        status=status)


@page
@require_POST
def exception_report(request: HttpRequest, pk: int) -> HttpResponse:
    exception = selectors.exception_get(user=request.user, pk=pk)
    form = ExceptionReportForm(request.POST)
    if form.is_valid():
        try:
            exceptions.exception_report(actor=request.user, exception=exception,
                                        **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect("tolerance-exception", pk=exception.pk)
    return _exception(request, exception, report_form=form, status=400)


@page
@require_POST
def exception_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    exception = selectors.exception_get(user=request.user, pk=pk)
    form = ExceptionResolveForm(request.POST)
    if form.is_valid():
        try:
            exceptions.exception_resolve(actor=request.user, exception=exception,
                                         **form.service_arguments())
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect("tolerance-exception", pk=exception.pk)
    return _exception(request, exception, resolve_form=form, status=400)


@page
def template_save(request: HttpRequest, pk: int) -> HttpResponse:
    project = portfolio_selectors.project_get(user=request.user, pk=pk)
    if not project_templates.can_save_template(request.user, project):
        raise PermissionDenied(_("Only the PMO and portfolio managers save projects as "
                                 "templates."))
    back = reverse("project-governance", args=[project.pk])
    form = TemplateSaveForm(request.POST or None,
                            initial={"name": f"{project.code} {project.name}"})
    return form_page(
        request, form,
        lambda data: project_templates.template_save(actor=request.user, project=project,
                                                     **data),
        success_url=back,
        context={"title": _("Save %(project)s as a template") % {"project": project.code},
                 "intro": _("New projects of the portfolio may start from it: its tasks with "
                            "their durations and links, phases and gates with their criteria, "
                            "documents, roles and risk titles. No people, dates, progress or "
                            "money are kept."),
                 "cancel_url": back, "crumbs": [(project.code, back)],
                 "submit": _("Save as a template")})
