"""The proposals' pages: the ranked list, the form, the detail with its scores and the
transitions, and the evaluation form. Rights are checked before a form is shown
(``jalon.intake.permissions``); the services check them again."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from jalon.errors import ValidationFailed
from jalon.intake import permissions as rules
from jalon.intake import ranking, scoring, selectors, services
from jalon.intake.bubbles import risk_value_chart
from jalon.intake.filters import ProposalFilter
from jalon.intake.forms import EvaluationForm, ProposalForm, TransitionForm
from jalon.intake.models import Proposal, ScoringModel
from jalon.portfolios.models import Portfolio
from jalon.web.decorators import page
from jalon.web.editing import delete_page, form_page


def crumbs(portfolio: Portfolio) -> list[tuple[str, str]]:
    return [(_("Dashboard"), reverse("home")),
            (portfolio.code, reverse("portfolio-detail", args=[portfolio.pk])),
            (_("Proposals"), reverse("proposal-list", args=[portfolio.pk]))]


def _chosen_model(request: HttpRequest, models: list[ScoringModel]) -> ScoringModel | None:
    """The model asked for (``?model=``), else the first by name."""
    wanted = request.GET.get("model", "")
    return next((m for m in models if str(m.pk) == wanted), models[0] if models else None)


@page
def proposal_list(request: HttpRequest, pk: int) -> HttpResponse:
    portfolio = selectors.portfolio_for_proposals(user=request.user, pk=pk)
    models = list(selectors.scoring_models_of(portfolio=portfolio))
    model = _chosen_model(request, models)
    filters = ProposalFilter(request.GET or None, request=request,
                             queryset=selectors.proposal_list(user=request.user,
                                                              portfolio=portfolio))
    sort = request.GET.get("sort", "rank")
    rows = ranking.ranking(model=model, proposals=filters.qs,
                           sort=sort if sort in ranking.SORTS else "rank")
    chart = risk_value_chart(rows, url=lambda p: reverse("proposal-detail", args=[p.pk]))
    return render(request, "intake/proposal_list.html", {
        "portfolio": portfolio, "models": models, "model": model, "rows": rows, "chart": chart,
        "filter_form": filters.form, "sort": sort,
        "can_manage": rules.can_decide(request.user, portfolio),
        "crumbs": crumbs(portfolio)[:-1]})


@page
def proposal_create(request: HttpRequest, pk: int) -> HttpResponse:
    portfolio = selectors.portfolio_for_proposals(user=request.user, pk=pk)
    form = ProposalForm(request.POST or None, initial={"sponsor": request.user},
                        user=request.user, portfolio=portfolio)
    return form_page(
        request, form,
        lambda _data: services.proposal_create(actor=request.user, portfolio=portfolio,
                                               **form.service_arguments()),
        success_url=lambda proposal: reverse("proposal-detail", args=[proposal.pk]),
        context={"title": _("New proposal"), "submit": _("Save the draft"),
                 "cancel_url": reverse("proposal-list", args=[portfolio.pk]),
                 "crumbs": crumbs(portfolio)})


@page
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    rules.require_edit(request.user, proposal)
    form = ProposalForm(request.POST or None, initial=ProposalForm.initial_for(proposal),
                        user=request.user, portfolio=proposal.portfolio, proposal=proposal)
    url = reverse("proposal-detail", args=[proposal.pk])
    return form_page(
        request, form,
        lambda _data: services.proposal_update(actor=request.user, proposal=proposal,
                                               **form.service_arguments()),
        success_url=url,
        context={"title": _("Edit the proposal"), "cancel_url": url,
                 "crumbs": crumbs(proposal.portfolio)})


@page
def proposal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    rules.require_edit(request.user, proposal)
    return delete_page(
        request, lambda: services.proposal_delete(actor=request.user, proposal=proposal),
        success_url=reverse("proposal-list", args=[proposal.portfolio_id]),
        context={"title": _("Delete the proposal"),
                 "question": _("Delete the draft “%(name)s”? This cannot be undone.")
                 % {"name": proposal},
                 "cancel_url": reverse("proposal-detail", args=[proposal.pk]),
                 "crumbs": crumbs(proposal.portfolio)})


def _actions(user: Any, proposal: Proposal) -> list[tuple[str, str, bool]]:
    """The transitions the user may make now: (action, label, whether it asks a reason)."""
    labels = {"submit": _("Submit"), "review": _("Start the review"), "approve": _("Approve"),
              "reject": _("Reject"), "defer": _("Defer"), "resume": _("Review again")}
    return [(action, labels[action], action in ("reject", "defer", "approve"))
            for action in services.allowed_actions(user, proposal)]


def _detail(request: HttpRequest, proposal: Proposal, *, status: int = 200,
            errors: list[str] | None = None) -> HttpResponse:
    models = list(selectors.scoring_models_of(portfolio=proposal.portfolio))
    sheets = [ranking.score_sheet(model=model, proposal=proposal) for model in models]
    evaluate = (proposal.state in rules.OPEN_STATES
                and rules.can_evaluate(request.user, proposal.portfolio))
    return render(request, "intake/proposal_detail.html", {
        "proposal": proposal, "sheets": sheets, "can_evaluate": evaluate,
        "can_edit": rules.can_edit(request.user, proposal),
        "can_delete": rules.can_delete(request.user, proposal),
        "actions": _actions(request.user, proposal), "errors": errors or [],
        "transitions": selectors.transition_list(proposal=proposal),
        "efforts": proposal.efforts.select_related("skill"), "costs": proposal.costs.all(),
        "crumbs": crumbs(proposal.portfolio)}, status=status)


@page
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.proposal_get(user=request.user, pk=pk))


@page
def proposal_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """POST only: make one transition, then back to the proposal (or its refusal shown there)."""
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    form = TransitionForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return redirect("proposal-detail", pk=proposal.pk)
    try:
        services.proposal_transition(actor=request.user, proposal=proposal,
                                     **form.cleaned_data)
    except ValidationFailed as exc:
        proposal = selectors.proposal_get(user=request.user, pk=pk)
        return _detail(request, proposal, status=400, errors=[exc.message])
    return redirect("proposal-detail", pk=proposal.pk)


@page
def evaluation_edit(request: HttpRequest, pk: int, model_pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    rules.require_evaluate(request.user, proposal.portfolio)
    model = selectors.scoring_model_get(user=request.user, pk=model_pk)
    mine = selectors.own_evaluation(proposal=proposal, model=model, evaluator=request.user)
    initial = ({f"criterion_{s.criterion_id}": s.level_id for s in mine.scores.all()}
               | {"comment": mine.comment}) if mine else {}
    form = EvaluationForm(request.POST or None, initial=initial, model=model)
    url = reverse("proposal-detail", args=[proposal.pk])
    return form_page(
        request, form,
        lambda _data: scoring.evaluation_set(actor=request.user, proposal=proposal, model=model,
                                             **form.service_arguments()),
        success_url=url,
        context={"title": _("Score “%(proposal)s” with “%(model)s”")
                 % {"proposal": proposal, "model": model},
                 "submit": _("Save my evaluation"), "cancel_url": url,
                 "crumbs": crumbs(proposal.portfolio)})
