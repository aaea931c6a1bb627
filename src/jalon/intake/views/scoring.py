"""The scoring models' pages: the list of a portfolio's models, a model's page (criteria,
levels, weights or the pairwise matrix with its consistency), and their forms. Those who see
the portfolio read them; its managers change them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from jalon.errors import ValidationFailed
from jalon.intake import permissions as rules
from jalon.intake import scoring, selectors
from jalon.intake.forms import (
    CriterionForm,
    LevelForm,
    PairwiseForm,
    ScoringModelForm,
    judgement_text,
)
from jalon.intake.models import ScoringModel
from jalon.portfolios.models import Portfolio
from jalon.portfolios.selectors import portfolio_get
from jalon.web.decorators import page
from jalon.web.editing import changes, delete_page, form_page
from jalon.web.forms import add_service_errors


def crumbs(portfolio: Portfolio) -> list[tuple[str, str]]:
    return [(_("Dashboard"), reverse("home")),
            (portfolio.code, reverse("portfolio-detail", args=[portfolio.pk])),
            (_("Scoring models"), reverse("scoring-model-list", args=[portfolio.pk]))]


def _model_url(model: ScoringModel) -> str:
    return reverse("scoring-model-detail", args=[model.pk])


@page
def scoring_model_list(request: HttpRequest, pk: int) -> HttpResponse:
    portfolio = portfolio_get(user=request.user, pk=pk)
    return render(request, "intake/scoring_model_list.html", {
        "portfolio": portfolio,
        "models": selectors.scoring_model_list(user=request.user, portfolio=portfolio),
        "can_change": rules.can_decide(request.user, portfolio),
        "crumbs": crumbs(portfolio)[:-1]})


@page
def scoring_model_create(request: HttpRequest, pk: int) -> HttpResponse:
    portfolio = portfolio_get(user=request.user, pk=pk)
    rules.require_models(request.user, portfolio)
    return form_page(
        request, ScoringModelForm(request.POST or None),
        lambda data: scoring.scoring_model_create(actor=request.user, portfolio=portfolio,
                                                  **data),
        success_url=_model_url,
        context={"title": _("New scoring model"), "submit": _("Create the model"),
                 "cancel_url": reverse("scoring-model-list", args=[portfolio.pk]),
                 "crumbs": crumbs(portfolio)})


def _detail(request: HttpRequest, model: ScoringModel, pairwise: PairwiseForm | None = None,
            status: int = 200) -> HttpResponse:
    criteria, matrix = scoring.pairwise_matrix(model)
    can_change = rules.can_decide(request.user, model.portfolio)
    weighted = model.kind == ScoringModel.Kind.WEIGHTED
    total = sum(c.weight for c in criteria)
    return render(request, "intake/scoring_model_detail.html", {
        "model": model, "can_change": can_change,
        "criteria": [(c, c.weight / total if total else 0.0) for c in criteria],
        "weighted": weighted,
        "consistency": scoring.consistency(model) if weighted else None,
        "matrix": [(c, [judgement_text(v) for v in row])
                   for c, row in zip(criteria, matrix, strict=True)],
        "pairwise": pairwise if pairwise is not None else (
            PairwiseForm(criteria=criteria, matrix=matrix)
            if can_change and weighted and len(criteria) > 1 else None),
        "crumbs": crumbs(model.portfolio)}, status=status)


@page
def scoring_model_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.scoring_model_get(user=request.user, pk=pk))


@page
def pairwise_set(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: store the pairwise comparisons and show the model with its consistency."""
    model = selectors.scoring_model_get(user=request.user, pk=pk)
    rules.require_models(request.user, model.portfolio)
    criteria, matrix = scoring.pairwise_matrix(model)
    form = PairwiseForm(request.POST or None, criteria=criteria, matrix=matrix)
    if request.method == "POST" and form.is_valid():
        try:
            scoring.judgements_set(actor=request.user, model=model, matrix=form.matrix())
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return _detail(request, selectors.scoring_model_get(user=request.user, pk=pk))
    return _detail(request, model, form, status=400 if form.is_bound else 200)


@page
def scoring_model_edit(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.scoring_model_get(user=request.user, pk=pk)
    rules.require_models(request.user, model.portfolio)
    form = ScoringModelForm(request.POST or None, editing=True, initial={
        "name": model.name, "description": model.description, "weighting": model.weighting})
    return form_page(
        request, form,
        lambda _data: scoring.scoring_model_update(actor=request.user, model=model,
                                                   **changes(form)),
        success_url=_model_url(model),
        context={"title": _("Edit the scoring model"), "cancel_url": _model_url(model),
                 "crumbs": crumbs(model.portfolio)})


@page
def scoring_model_delete(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.scoring_model_get(user=request.user, pk=pk)
    rules.require_models(request.user, model.portfolio)
    return delete_page(
        request, lambda: scoring.scoring_model_delete(actor=request.user, model=model),
        success_url=reverse("scoring-model-list", args=[model.portfolio_id]),
        context={"title": _("Delete the scoring model"),
                 "question": _("Delete “%(name)s” with its criteria and the evaluations made "
                               "with it? This cannot be undone.") % {"name": model.name},
                 "cancel_url": _model_url(model), "crumbs": crumbs(model.portfolio)})


@page
def criterion_create(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.scoring_model_get(user=request.user, pk=pk)
    rules.require_models(request.user, model.portfolio)
    return form_page(
        request, CriterionForm(request.POST or None, model=model),
        lambda data: scoring.criterion_create(actor=request.user, model=model, **data),
        success_url=_model_url(model),
        context={"title": _("New criterion of “%(model)s”") % {"model": model.name},
                 "submit": _("Add the criterion"), "cancel_url": _model_url(model),
                 "crumbs": crumbs(model.portfolio)})


@page
def criterion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    criterion = selectors.criterion_get(user=request.user, pk=pk)
    model = criterion.model
    rules.require_models(request.user, model.portfolio)
    form = CriterionForm(request.POST or None, model=model, initial={
        "name": criterion.name, "description": criterion.description,
        "weight": criterion.weight})
    return form_page(
        request, form,
        lambda _data: scoring.criterion_update(actor=request.user, criterion=criterion,
                                               **changes(form)),
        success_url=_model_url(model),
        context={"title": _("Edit the criterion “%(name)s”") % {"name": criterion.name},
                 "cancel_url": _model_url(model), "crumbs": crumbs(model.portfolio)})


@page
def criterion_delete(request: HttpRequest, pk: int) -> HttpResponse:
    criterion = selectors.criterion_get(user=request.user, pk=pk)
    model = criterion.model
    rules.require_models(request.user, model.portfolio)
    return delete_page(
        request, lambda: scoring.criterion_delete(actor=request.user, criterion=criterion),
        success_url=_model_url(model),
        context={"title": _("Delete the criterion"),
                 "question": _("Delete “%(name)s” and the levels evaluators gave it?")
                 % {"name": criterion.name},
                 "cancel_url": _model_url(model), "crumbs": crumbs(model.portfolio)})


@page
def level_create(request: HttpRequest, pk: int) -> HttpResponse:
    criterion = selectors.criterion_get(user=request.user, pk=pk)
    model = criterion.model
    rules.require_models(request.user, model.portfolio)
    return form_page(
        request, LevelForm(request.POST or None),
        lambda data: scoring.level_create(actor=request.user, criterion=criterion, **data),
        success_url=_model_url(model),
        context={"title": _("New level of “%(name)s”") % {"name": criterion.name},
                 "submit": _("Add the level"), "cancel_url": _model_url(model),
                 "crumbs": crumbs(model.portfolio)})


@page
def level_edit(request: HttpRequest, pk: int) -> HttpResponse:
    level = selectors.level_get(user=request.user, pk=pk)
    model = level.criterion.model
    rules.require_models(request.user, model.portfolio)
    form = LevelForm(request.POST or None, initial={
        "value": level.value, "label": level.label, "description": level.description})
    return form_page(
        request, form,
        lambda _data: scoring.level_update(actor=request.user, level=level, **changes(form)),
        success_url=_model_url(model),
        context={"title": _("Edit the level “%(label)s”") % {"label": level.label},
                 "cancel_url": _model_url(model), "crumbs": crumbs(model.portfolio)})


@page
def level_delete(request: HttpRequest, pk: int) -> HttpResponse:
    level = selectors.level_get(user=request.user, pk=pk)
    model = level.criterion.model
    rules.require_models(request.user, model.portfolio)
    return delete_page(
        request, lambda: scoring.level_delete(actor=request.user, level=level),
        success_url=_model_url(model),
        context={"title": _("Delete the level"),
                 "question": _("Delete the level “%(label)s” of “%(criterion)s”?")
                 % {"label": level.label, "criterion": level.criterion.name},
                 "cancel_url": _model_url(model), "crumbs": crumbs(model.portfolio)})
