"""Reads of proposals, scoring models, evaluations, scenarios and their runs, limited to what the user may see
(``jalon.intake.permissions``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from jalon.accounts import permissions as perms
from jalon.intake import permissions as rules
from jalon.intake.models import (
    Criterion,
    Evaluation,
    Level,
    OptimisationRun,
    Proposal,
    Scenario,
    ScoringModel,
    Transition,
)
from jalon.portfolios.models import Portfolio, StrategicObjective
from jalon.querying import get_visible


def proposal_list(*, user: Any, portfolio: Portfolio | None = None) -> QuerySet[Proposal]:
    """The proposals ``user`` may see (of ``portfolio``); filters are
    ``jalon.intake.filters.ProposalFilter``."""
    qs = rules.visible_proposals(user).select_related("portfolio", "sponsor", "project")
    if portfolio is not None:
        qs = qs.filter(portfolio=portfolio)
    return qs.order_by("code")


def proposal_get(*, user: Any, pk: Any) -> Proposal:
    return get_visible(proposal_list(user=user), pk)


def transition_list(*, proposal: Proposal) -> QuerySet[Transition]:
    """The proposal's history, the latest first (read through a proposal already checked)."""
    return proposal.transitions.select_related("actor").order_by("-at", "-id")


def scoring_model_list(*, user: Any, portfolio: Portfolio | None = None
                       ) -> QuerySet[ScoringModel]:
    """Scoring models of the portfolios ``user`` sees, with their criteria and levels."""
    qs = ScoringModel.objects.filter(portfolio__in=perms.visible_portfolios(user))
    if portfolio is not None:
        qs = qs.filter(portfolio=portfolio)
    return qs.select_related("portfolio").prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.prefetch_related("levels"))
    ).order_by("portfolio__code", "name")


def scoring_models_of(*, portfolio: Portfolio) -> QuerySet[ScoringModel]:
    """The models that score ``portfolio``'s proposals, for whoever sees one of them."""
    return ScoringModel.objects.filter(portfolio=portfolio).prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.prefetch_related("levels"))
    ).order_by("name")


def scoring_model_get(*, user: Any, pk: Any) -> ScoringModel:
    return get_visible(scoring_model_list(user=user), pk)


def criterion_get(*, user: Any, pk: Any) -> Criterion:
    return get_visible(Criterion.objects.filter(
        model__portfolio__in=perms.visible_portfolios(user)).select_related("model__portfolio"),
        pk)


def level_get(*, user: Any, pk: Any) -> Level:
    return get_visible(Level.objects.filter(
        criterion__model__portfolio__in=perms.visible_portfolios(user)).select_related(
        "criterion__model__portfolio"), pk)


def evaluation_list(*, proposal: Proposal, model: ScoringModel | None = None
                    ) -> QuerySet[Evaluation]:
    """The evaluations of a proposal already checked, with their scores."""
    qs = proposal.evaluations.select_related("evaluator", "model").prefetch_related(
        "scores__level")
    if model is not None:
        qs = qs.filter(model=model)
    return qs.order_by("model__name", "evaluator__username")


def own_evaluation(*, proposal: Proposal, model: ScoringModel, evaluator: Any
                   ) -> Evaluation | None:
    """The evaluation ``evaluator`` made of ``proposal`` with ``model``, if any."""
    return proposal.evaluations.filter(model=model, evaluator=evaluator).prefetch_related(
        "scores").first()


def evaluation_get(*, user: Any, pk: Any) -> Evaluation:
    return get_visible(Evaluation.objects.filter(
        proposal__in=rules.visible_proposals(user)).select_related(
        "proposal__portfolio", "model", "evaluator").prefetch_related("scores__level"), pk)


def portfolio_for_proposals(*, user: Any, pk: Any) -> Portfolio:
    """The portfolio ``pk`` for someone who may propose in it — also a project or programme
    manager who does not see the portfolio itself — else NotFound."""
    portfolio = get_visible(Portfolio.objects.all(), pk)
    rules.require_propose(user, portfolio)
    return portfolio


def objective_of(*, user: Any, pk: Any, portfolio: Portfolio) -> StrategicObjective:
    """An objective of ``portfolio`` that a proposal in it may serve (the caller may propose
    there)."""
    rules.require_propose(user, portfolio)
    return get_visible(StrategicObjective.objects.filter(portfolio=portfolio), pk)


def scenario_portfolio(*, user: Any, pk: Any) -> Portfolio:
    """The portfolio ``pk`` for someone who reads its scenarios, else NotFound."""
    portfolio = get_visible(Portfolio.objects.all(), pk)
    rules.require_scenarios(user, portfolio)
    return portfolio


def scenario_list(*, portfolio: Portfolio) -> QuerySet[Scenario]:
    """The portfolio's scenarios (the caller reads its scenarios), with who promoted which."""
    return Scenario.objects.filter(portfolio=portfolio).select_related(
        "scoring_model", "promoted_by").order_by("name")


def scenario_get(*, user: Any, pk: Any) -> Scenario:
    scenario = get_visible(Scenario.objects.select_related(
        "portfolio", "scoring_model", "promoted_by"), pk)
    rules.require_scenarios(user, scenario.portfolio)
    return scenario


def latest_selection(*, scenario: Scenario) -> OptimisationRun | None:
    """The scenario's latest finished best selection (None before the first)."""
    return scenario.runs.filter(kind=OptimisationRun.Kind.SELECT,
                                state=OptimisationRun.State.DONE).order_by("-pk").first()


def optimisation_run_get(*, user: Any, pk: Any) -> OptimisationRun:
    run = get_visible(OptimisationRun.objects.select_related(
        "scenario__portfolio", "created_by"), pk)
    rules.require_scenarios(user, run.scenario.portfolio)
    return run
