"""The governance pages: a project's life cycle (phases, gates, documents, roles, overrides), the
gate review with its decision, the PMO's override, a portfolio's gate calendar and its adapted
methodologies. Thin: permission, form, one service or selector call, render."""

from __future__ import annotations

from typing import Any

import yaml
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jalon.accounts import permissions
from jalon.engine.kpis import registry
from jalon.errors import PermissionDenied, ValidationFailed
from jalon.finance.selectors import performance
from jalon.governance import selectors, services
from jalon.governance.exceptions import can_set_tolerances
from jalon.governance.forms import (
    AdoptForm,
    DecisionForm,
    DocumentStatusForm,
    OverrideForm,
    PackForm,
    RoleForm,
    TickForm,
)
from jalon.governance.models import Gate, MethodPack
from jalon.governance.project_templates import can_save_template
from jalon.governance.tolerances import tolerance_sheet
from jalon.portfolios import selectors as portfolio_selectors
from jalon.portfolios.models import Project
from jalon.web.decorators import page
from jalon.web.editing import form_page
from jalon.web.forms import add_service_errors
from jalon.web.workspace import workspace


def _governance_url(project: Project) -> str:
    return reverse("project-governance", args=[project.pk])


@page
def project_governance(request: HttpRequest, pk: int) -> HttpResponse:
    project = portfolio_selectors.project_get(user=request.user, pk=pk)
    return _governance(request, project)


def _governance(request: HttpRequest, project: Project, adopt_form: AdoptForm | None = None,
                status: int = 200) -> HttpResponse:
    gates = list(selectors.gate_list(user=request.user, project=project))
    can_change = permissions.can_change(request.user, project)
    return render(request, "governance/project.html", workspace(
        request, project, "governance",
        phases=selectors.phase_list(user=request.user, project=project),
        reviews=selectors.gate_reviews(gates),
        roles=selectors.role_list(user=request.user, project=project),
        overrides=selectors.override_list(user=request.user, project=project),
        adopt_form=(adopt_form or AdoptForm(choices=selectors.methodology_choices(
            project.portfolio))) if can_change and not gates else None,
        document_form=DocumentStatusForm() if can_change else None,
        role_form=RoleForm() if can_change else None,
        can_override=services.can_override(request.user, project),
        sheet=tolerance_sheet(user=request.user, project=project),
        exceptions=selectors.exception_list(user=request.user, project=project),
        can_set_tolerances=can_set_tolerances(request.user, project),
        can_save_template=can_save_template(request.user, project)), status=status)


@page
@require_POST
def project_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    project = portfolio_selectors.project_get(user=request.user, pk=pk)
    permissions.require_change(request.user, project)
    form = AdoptForm(request.POST, choices=selectors.methodology_choices(project.portfolio))
    if form.is_valid():
        try:
            services.project_adopt(actor=request.user, project=project,
                                   key=form.cleaned_data["key"])
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect(_governance_url(project))
    return _governance(request, project, adopt_form=form, status=400)


@page
@require_POST
def document_status(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    form = DocumentStatusForm(request.POST)
    if form.is_valid():
        services.document_set_status(actor=request.user, document=document,
                                     status=form.cleaned_data["status"])
    return redirect(_governance_url(document.phase.project) + "#documents")


@page
@require_POST
def role_assign(request: HttpRequest, pk: int) -> HttpResponse:
    role = selectors.role_get(user=request.user, pk=pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        services.role_assign(actor=request.user, role=role, holder=form.cleaned_data["holder"])
    return redirect(_governance_url(role.project) + "#roles")


# --- the gate review -------------------------------------------------------------------------

@page
def gate_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, selectors.gate_get(user=request.user, pk=pk))


def _review(request: HttpRequest, gate: Gate, decision_form: DecisionForm | None = None,
            status: int = 200, error: str = "") -> HttpResponse:
    project = gate.phase.project
    can_see_costs = permissions.can_see_costs(request.user, project)
    deciding = services.can_decide(request.user, project) and gate.is_open
    return render(request, "governance/gate.html", workspace(
        request, project, "governance", gate=gate, review=selectors.gate_review(gate),
        decisions=gate.decisions.select_related("decided_by").prefetch_related(
            "conditions__owner"),
        performance=performance(user=request.user, project=project) if can_see_costs else None,
        kpi_rows=[(kpi.key, _(kpi.label)) for kpi in registry().kpis],
        decision_form=(decision_form or DecisionForm()) if deciding else None,
        tick_form=TickForm() if permissions.can_change(request.user, project) and gate.is_open
        else None, error=error), status=status)


@page
@require_POST
def gate_decide(request: HttpRequest, pk: int) -> HttpResponse:
    gate = selectors.gate_get(user=request.user, pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.gate_decide(actor=request.user, gate=gate, **form.service_arguments())
        except ValidationFailed as exc:
            form.add_error(None, exc.message)  # the unmet criteria are named in the message
        else:
            return redirect("gate-review", pk=gate.pk)
    return _review(request, gate, decision_form=form, status=400)


@page
@require_POST
def criterion_tick(request: HttpRequest, pk: int) -> HttpResponse:
    criterion = selectors.criterion_get(user=request.user, pk=pk)
    form = TickForm(request.POST)
    if form.is_valid():
        try:
            services.criterion_tick(actor=request.user, criterion=criterion, **form.cleaned_data)
        except ValidationFailed as exc:
            return _review(request, criterion.gate, status=400, error=exc.message)
    return redirect("gate-review", pk=criterion.gate_id)


@page
def lifecycle_override(request: HttpRequest, pk: int) -> HttpResponse:
    project = portfolio_selectors.project_get(user=request.user, pk=pk)
    if not services.can_override(request.user, project):
        raise PermissionDenied(_("Only PMO administrators may override the life cycle."))
    form = OverrideForm(request.POST or None, project=project,
                        initial={"status": project.status})
    return form_page(
        request, form,
        lambda data: services.lifecycle_override(actor=request.user, project=project, **data),
        success_url=_governance_url(project),
        context={"title": _("Override the life cycle"), "cancel_url": _governance_url(project),
                 "intro": _("Sets the current phase and the status outside the gates; the "
                            "justification is shown on the project's governance tab."),
                 "crumbs": [(project.code, _governance_url(project))],
                 "submit": _("Override")})


# --- the portfolio's gates and methodologies -------------------------------------------------

@page
def gate_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    portfolio = portfolio_selectors.portfolio_get(user=request.user, pk=pk)
    return render(request, "governance/calendar.html", {
        "portfolio": portfolio,
        "entries": selectors.gate_calendar(user=request.user, portfolio=portfolio)})


@page
def methodologies(request: HttpRequest, pk: int) -> HttpResponse:
    portfolio = portfolio_selectors.portfolio_get(user=request.user, pk=pk)
    adapted = {p.key: p for p in MethodPack.objects.filter(portfolio=portfolio)}
    return render(request, "governance/methodologies.html", {
        "portfolio": portfolio,
        "packs": [(pack, adapted.get(pack.key))
                  for pack in selectors.methodology_list(portfolio=portfolio)],
        "can_adapt": services.can_adapt(request.user, portfolio)})


@page
@require_POST
def pack_adapt(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    portfolio = portfolio_selectors.portfolio_get(user=request.user, pk=pk)
    copy = services.pack_adapt(actor=request.user, portfolio=portfolio, key=key)
    return redirect("method-pack-edit", pk=copy.pk)


@page
def pack_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pack = selectors.method_pack_get(user=request.user, pk=pk)
    services.require_adapt(request.user, pack.portfolio)
    back = reverse("portfolio-methodologies", args=[pack.portfolio_id])
    form = PackForm(request.POST or None, initial={
        "text": yaml.safe_dump(pack.data, allow_unicode=True, sort_keys=False, width=100)})

    def save(data: dict[str, Any]) -> MethodPack:
        return services.pack_update(actor=request.user, pack=pack, data=data["text"])

    return form_page(request, form, save, success_url=back, context={
        "title": _("Adapt %(name)s for %(portfolio)s")
        % {"name": pack.key, "portfolio": pack.portfolio.code},
        "intro": _("Phases, gates with their criteria, documents, roles and tolerances. New "
                   "projects of the portfolio follow this copy; existing ones keep theirs."),
        "cancel_url": back, "crumbs": [(pack.portfolio.code, back)], "submit": _("Save")})
