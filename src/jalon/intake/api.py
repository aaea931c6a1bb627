"""REST endpoints for proposals (with their transitions), scoring models (criteria, levels,
pairwise comparisons), evaluations and the ranking. Thin: lookup, one service or selector call,
response; the rules are ``jalon.intake.permissions``'."""

import datetime
from decimal import Decimal
from functools import partial
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, ModelSchema, Query, Router, Schema
from ninja.pagination import paginate

from jalon.accounts.people import name_of
from jalon.api.filtering import FilterQuery, filtered, parameters_of
from jalon.api.lookups import Resolver, person, resolve, visible
from jalon.api.patching import patch_changes, resolve_refs
from jalon.engine.ahp import AhpResult
from jalon.finance.models import AMOUNT
from jalon.intake import permissions as rules
from jalon.intake import ranking, scoring, selectors, services
from jalon.intake.filters import ProposalFilter
from jalon.intake.models import (
    MAX_PERIODS,
    Criterion,
    Evaluation,
    Level,
    Proposal,
    ScoringModel,
    Transition,
)
from jalon.portfolios.models import Portfolio
from jalon.portfolios.selectors import portfolio_get, project_get
from jalon.resources.selectors import skill_get

router = Router(tags=["intake"])
Amount = Annotated[Decimal, Field(ge=0, **AMOUNT)]
Period = Annotated[int, Field(ge=0, lt=MAX_PERIODS, description="Month from the earliest start, "
                                                                "0 for the first.")]


# --- proposals ---------------------------------------------------------------------------------

class CostIO(Schema):
    period: Period
    capex: Amount = Decimal("0")
    opex: Amount = Decimal("0")


class EffortIn(Schema):
    skill: int
    period: Period
    hours: Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=2)]


class EffortOut(Schema):
    skill: int
    skill_name: str
    period: int
    hours: Decimal


class ProposalOut(ModelSchema):
    objectives: list[int]
    depends_on: list[int]
    depends_on_projects: list[int]
    costs: list[CostIO]
    efforts: list[EffortOut]

    class Meta:
        model = Proposal
        fields = ["id", "portfolio", "code", "title", "sponsor", "problem", "benefits",
                  "category", "earliest_start", "duration", "risks", "risk_level", "mandatory",
                  "moscow", "state", "decision_reason", "project", "created_by", "created_at",
                  "updated_at"]

    @staticmethod
    def resolve_objectives(obj: Proposal) -> list[int]:
        return [o.pk for o in obj.objectives.all()]

    @staticmethod
    def resolve_depends_on(obj: Proposal) -> list[int]:
        return [p.pk for p in obj.depends_on.all()]

    @staticmethod
    def resolve_depends_on_projects(obj: Proposal) -> list[int]:
        return [p.pk for p in obj.depends_on_projects.all()]

    @staticmethod
    def resolve_costs(obj: Proposal) -> list[dict[str, Any]]:
        return [{"period": c.period, "capex": c.capex, "opex": c.opex} for c in obj.costs.all()]

    @staticmethod
    def resolve_efforts(obj: Proposal) -> list[dict[str, Any]]:
        return [{"skill": e.skill_id, "skill_name": e.skill.name, "period": e.period,
                 "hours": e.hours} for e in obj.efforts.all()]


class ProposalFields(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    sponsor: int | None = None
    problem: str | None = None
    benefits: str | None = None
    category: str | None = Field(None, max_length=100)
    earliest_start: datetime.date | None = None
    duration: int | None = Field(None, ge=1, le=MAX_PERIODS)
    risks: str | None = None
    risk_level: int | None = Field(None, ge=1, le=5, description="1 (very low) to 5 (very high)")
    mandatory: bool | None = None
    moscow: Proposal.Moscow | Literal[""] | None = None
    objectives: list[int] | None = None
    depends_on: list[int] | None = None
    depends_on_projects: list[int] | None = None
    costs: list[CostIO] | None = None
    efforts: list[EffortIn] | None = None


class ProposalIn(ProposalFields):
    code: str = Field(max_length=30)
    title: str = Field(min_length=1, max_length=200)


class ProposalPatch(ProposalFields):
    code: str | None = Field(None, max_length=30)


def _proposal_refs(request: HttpRequest, portfolio: Portfolio) -> dict[str, Resolver]:
    """Objectives are the portfolio's, which a project manager proposing in it may name
    without seeing the portfolio itself."""
    user = request.user
    return {"sponsor": person(user),
            "objectives": visible(partial(selectors.objective_of, portfolio=portfolio), user),
            "depends_on": visible(selectors.proposal_get, user),
            "depends_on_projects": visible(project_get, user)}


def _estimates(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    """The costs and efforts sent, as the service's values (skills resolved)."""
    if data.get("costs") is not None:
        data["costs"] = [services.Cost(c["period"], c.get("capex", Decimal("0")),
                                       c.get("opex", Decimal("0"))) for c in data["costs"]]
    if data.get("efforts") is not None:
        data["efforts"] = [services.Effort(resolve(skill_get, request.user, e["skill"],
                                                   "efforts.skill"), e["period"], e["hours"])
                           for e in data["efforts"]]
    return data


@parameters_of(ProposalFilter)
class ProposalQuery(FilterQuery):
    """Filters of the proposals."""


@router.get("/portfolios/{int:pk}/proposals", response=list[ProposalOut])
@paginate
def list_proposals(request: HttpRequest, pk: int, filters: Query[ProposalQuery]):
    """The portfolio's proposals the caller may see, by code."""
    portfolio = selectors.portfolio_for_proposals(user=request.user, pk=pk)
    return filtered(ProposalFilter, filters,
                    queryset=selectors.proposal_list(user=request.user, portfolio=portfolio),
                    request=request).prefetch_related(
        "objectives", "depends_on", "depends_on_projects", "costs", "efforts__skill")


@router.get("/proposals/{int:pk}", response=ProposalOut)
def get_proposal(request: HttpRequest, pk: int):
    return selectors.proposal_get(user=request.user, pk=pk)


@router.post("/portfolios/{int:pk}/proposals", response={201: ProposalOut})
def create_proposal(request: HttpRequest, pk: int, payload: ProposalIn):
    """Draft a proposal; costs and efforts are by month from the earliest start."""
    portfolio = selectors.portfolio_for_proposals(user=request.user, pk=pk)
    data = _estimates(request, resolve_refs(patch_changes(payload),
                                            _proposal_refs(request, portfolio)))
    proposal = services.proposal_create(actor=request.user, portfolio=portfolio, **data)
    return 201, selectors.proposal_get(user=request.user, pk=proposal.pk)


@router.patch("/proposals/{int:pk}", response=ProposalOut)
def update_proposal(request: HttpRequest, pk: int, payload: ProposalPatch):
    """Change the fields sent; a list sent (objectives, costs...) replaces the stored one."""
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    data = _estimates(request, patch_changes(
        payload, nullable={"sponsor", "earliest_start"}, blank={"moscow"},
        refs=_proposal_refs(request, proposal.portfolio)))
    services.proposal_update(actor=request.user, proposal=proposal, **data)
    return selectors.proposal_get(user=request.user, pk=pk)


@router.delete("/proposals/{int:pk}", response={204: None})
def delete_proposal(request: HttpRequest, pk: int):
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    services.proposal_delete(actor=request.user, proposal=proposal)
    return 204, None


# --- transitions -------------------------------------------------------------------------------

class TransitionOut(ModelSchema):
    actor_name: str

    class Meta:
        model = Transition
        fields = ["id", "source", "target", "actor", "at", "reason"]

    @staticmethod
    def resolve_actor_name(obj: Transition) -> str:
        return name_of(obj.actor)


class TransitionIn(Schema):
    action: Literal["submit", "review", "approve", "reject", "defer", "resume"]
    reason: str = ""


@router.get("/proposals/{int:pk}/transitions", response=list[TransitionOut])
@paginate
def list_transitions(request: HttpRequest, pk: int):
    """The proposal's history, the latest first."""
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    return selectors.transition_list(proposal=proposal)


@router.post("/proposals/{int:pk}/transitions", response=ProposalOut)
def transition_proposal(request: HttpRequest, pk: int, payload: TransitionIn):
    """Submit, review, approve (creates the project), reject (reason required), defer or
    resume."""
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    services.proposal_transition(actor=request.user, proposal=proposal, **payload.dict())
    return selectors.proposal_get(user=request.user, pk=pk)


# --- scoring models ----------------------------------------------------------------------------

class LevelOut(ModelSchema):
    class Meta:
        model = Level
        fields = ["id", "value", "label", "description"]


class CriterionOut(ModelSchema):
    levels: list[LevelOut]

    class Meta:
        model = Criterion
        fields = ["id", "name", "description", "weight", "position", "role"]

    @staticmethod
    def resolve_levels(obj: Criterion) -> list[Level]:
        return list(obj.levels.all())


class ScoringModelOut(ModelSchema):
    criteria: list[CriterionOut]

    class Meta:
        model = ScoringModel
        fields = ["id", "portfolio", "name", "description", "kind", "weighting"]

    @staticmethod
    def resolve_criteria(obj: ScoringModel) -> list[Criterion]:
        return list(obj.criteria.all())


class ScoringModelIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    description: str = ""
    kind: ScoringModel.Kind = ScoringModel.Kind.WEIGHTED
    weighting: ScoringModel.Weighting = ScoringModel.Weighting.DIRECT


class ScoringModelPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=100)
    description: str | None = None
    weighting: ScoringModel.Weighting | None = None


@router.get("/portfolios/{int:pk}/scoring-models", response=list[ScoringModelOut])
@paginate
def list_scoring_models(request: HttpRequest, pk: int):
    portfolio = portfolio_get(user=request.user, pk=pk)
    return selectors.scoring_model_list(user=request.user, portfolio=portfolio)


@router.get("/scoring-models/{int:pk}", response=ScoringModelOut)
def get_scoring_model(request: HttpRequest, pk: int):
    return selectors.scoring_model_get(user=request.user, pk=pk)


@router.post("/portfolios/{int:pk}/scoring-models", response={201: ScoringModelOut})
def create_scoring_model(request: HttpRequest, pk: int, payload: ScoringModelIn):
    """A weighted model starts without criteria; WSJF and RICE come with their formula's."""
    portfolio = portfolio_get(user=request.user, pk=pk)
    model = scoring.scoring_model_create(actor=request.user, portfolio=portfolio,
                                         **payload.dict())
    return 201, selectors.scoring_model_get(user=request.user, pk=model.pk)


@router.patch("/scoring-models/{int:pk}", response=ScoringModelOut)
def update_scoring_model(request: HttpRequest, pk: int, payload: ScoringModelPatch):
    model = selectors.scoring_model_get(user=request.user, pk=pk)
    scoring.scoring_model_update(actor=request.user, model=model, **patch_changes(payload))
    return selectors.scoring_model_get(user=request.user, pk=pk)


@router.delete("/scoring-models/{int:pk}", response={204: None})
def delete_scoring_model(request: HttpRequest, pk: int):
    model = selectors.scoring_model_get(user=request.user, pk=pk)
    scoring.scoring_model_delete(actor=request.user, model=model)
    return 204, None


class CriterionIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    description: str = ""
    weight: float = Field(1.0, ge=0, le=1e6)


class CriterionPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=100)
    description: str | None = None
    weight: float | None = Field(None, ge=0, le=1e6)
    position: int | None = Field(None, ge=0, le=1000)


@router.post("/scoring-models/{int:pk}/criteria", response={201: CriterionOut})
def create_criterion(request: HttpRequest, pk: int, payload: CriterionIn):
    model = selectors.scoring_model_get(user=request.user, pk=pk)
    return 201, scoring.criterion_create(actor=request.user, model=model, **payload.dict())


@router.patch("/criteria/{int:pk}", response=CriterionOut)
def update_criterion(request: HttpRequest, pk: int, payload: CriterionPatch):
    criterion = selectors.criterion_get(user=request.user, pk=pk)
    return scoring.criterion_update(actor=request.user, criterion=criterion,
                                    **patch_changes(payload))


@router.delete("/criteria/{int:pk}", response={204: None})
def delete_criterion(request: HttpRequest, pk: int):
    criterion = selectors.criterion_get(user=request.user, pk=pk)
    scoring.criterion_delete(actor=request.user, criterion=criterion)
    return 204, None


class LevelIn(Schema):
    value: float = Field(ge=0, le=1e9)
    label: str = Field(min_length=1, max_length=100)
    description: str = ""


class LevelPatch(Schema):
    value: float | None = Field(None, ge=0, le=1e9)
    label: str | None = Field(None, min_length=1, max_length=100)
    description: str | None = None


@router.post("/criteria/{int:pk}/levels", response={201: LevelOut})
def create_level(request: HttpRequest, pk: int, payload: LevelIn):
    criterion = selectors.criterion_get(user=request.user, pk=pk)
    return 201, scoring.level_create(actor=request.user, criterion=criterion, **payload.dict())


@router.patch("/levels/{int:pk}", response=LevelOut)
def update_level(request: HttpRequest, pk: int, payload: LevelPatch):
    level = selectors.level_get(user=request.user, pk=pk)
    return scoring.level_update(actor=request.user, level=level, **patch_changes(payload))


@router.delete("/levels/{int:pk}", response={204: None})
def delete_level(request: HttpRequest, pk: int):
    level = selectors.level_get(user=request.user, pk=pk)
    scoring.level_delete(actor=request.user, level=level)
    return 204, None


class JudgementOut(Schema):
    row: str
    column: str
    given: float
    implied: float


class ConsistencyOut(Schema):
    criteria: list[str]
    matrix: list[list[float]]
    weights: dict[str, float]
    lambda_max: float
    ci: float
    cr: float
    consistent: bool
    inconsistent: list[JudgementOut]


class PairwiseIn(Schema):
    matrix: list[list[float]] = Field(
        description="Row i, column j: how much more criterion i matters than j (1/9 to 9), "
                    "rows and columns in the criteria's order.")


def _consistency(model: ScoringModel, result: AhpResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    _criteria, matrix = scoring.pairwise_matrix(model)
    return {"criteria": list(result.criteria), "matrix": matrix, "weights": result.weights,
            "lambda_max": result.lambda_max, "ci": result.ci, "cr": result.cr,
            "consistent": result.consistent,
            "inconsistent": [{"row": j.row, "column": j.column, "given": j.given,
                              "implied": j.implied} for j in result.inconsistent]}


@router.get("/scoring-models/{int:pk}/pairwise", response={200: ConsistencyOut, 204: None})
def get_pairwise(request: HttpRequest, pk: int):
    """The comparison matrix (a pair not compared counts 1) with its weights and consistency;
    no content with fewer than two criteria."""
    model = selectors.scoring_model_get(user=request.user, pk=pk)
    result = _consistency(model, scoring.consistency(model))
    return (204, None) if result is None else (200, result)


@router.put("/scoring-models/{int:pk}/pairwise", response=ConsistencyOut)
def set_pairwise(request: HttpRequest, pk: int, payload: PairwiseIn):
    """Store the matrix and weigh the criteria from it (AHP); kept even when inconsistent
    (``consistent`` false, ``inconsistent`` names the judgements to revisit)."""
    model = selectors.scoring_model_get(user=request.user, pk=pk)
    result = scoring.judgements_set(actor=request.user, model=model, matrix=payload.matrix)
    return _consistency(model, result)


# --- evaluations and scores --------------------------------------------------------------------

class EvaluationOut(ModelSchema):
    evaluator_name: str
    scores: dict[int, int]

    class Meta:
        model = Evaluation
        fields = ["id", "proposal", "model", "evaluator", "comment", "updated_at"]

    @staticmethod
    def resolve_evaluator_name(obj: Evaluation) -> str:
        return name_of(obj.evaluator)

    @staticmethod
    def resolve_scores(obj: Evaluation) -> dict[int, int]:
        return {s.criterion_id: s.level_id for s in obj.scores.all()}


class EvaluationIn(Schema):
    levels: list[int] = Field(description="One level id for every criterion of the model.")
    comment: str = ""


@router.get("/proposals/{int:pk}/evaluations", response=list[EvaluationOut])
@paginate
def list_evaluations(request: HttpRequest, pk: int):
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    return selectors.evaluation_list(proposal=proposal)


@router.put("/proposals/{int:pk}/evaluations/{int:model_pk}", response=EvaluationOut)
def set_evaluation(request: HttpRequest, pk: int, model_pk: int, payload: EvaluationIn):
    """Record or replace the caller's own evaluation of the proposal with the model."""
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    rules.require_evaluate(request.user, proposal.portfolio)
    model = resolve(selectors.scoring_model_get, request.user, model_pk, "model")
    levels = [resolve(selectors.level_get, request.user, level, "levels")
              for level in payload.levels]
    evaluation = scoring.evaluation_set(actor=request.user, proposal=proposal, model=model,
                                        levels=levels, comment=payload.comment)
    return selectors.evaluation_get(user=request.user, pk=evaluation.pk)


@router.delete("/evaluations/{int:pk}", response={204: None})
def delete_evaluation(request: HttpRequest, pk: int):
    evaluation = selectors.evaluation_get(user=request.user, pk=pk)
    scoring.evaluation_delete(actor=request.user, evaluation=evaluation)
    return 204, None


class EvaluatorScoreOut(Schema):
    evaluation: int
    evaluator: str
    score: float
    levels: dict[int, int]


class SheetOut(Schema):
    model: int
    aggregate: float | None
    spread: float
    disagreements: list[str] = Field(description="Criteria whose levels are two ranks apart "
                                                 "or more.")
    scores: list[EvaluatorScoreOut]
    incomplete: list[int] = Field(description="Evaluations missing a criterion added since.")


@router.get("/proposals/{int:pk}/scores/{int:model_pk}", response=SheetOut)
def get_scores(request: HttpRequest, pk: int, model_pk: int):
    """Each evaluator's score, the aggregate, the spread and the disagreements."""
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    model = selectors.scoring_model_get(user=request.user, pk=model_pk)
    sheet = ranking.score_sheet(model=model, proposal=proposal)
    return {"model": model.pk, "aggregate": sheet.aggregate, "spread": sheet.spread,
            "disagreements": [c.name for c in sheet.disagreements],
            "scores": [{"evaluation": row.evaluation.pk, "evaluator": row.evaluator,
                        "score": row.score,
                        "levels": {pk: level.pk for pk, level in row.levels.items()}}
                       for row in sheet.rows],
            "incomplete": [e.pk for e in sheet.incomplete]}


class RankedOut(Schema):
    rank: int | None
    proposal: int
    code: str
    title: str
    state: str
    score: float | None
    spread: float
    evaluators: int
    disagreement: bool
    alignment: float = Field(description="Percent of the portfolio's objectives' weight served.")
    cost: Decimal


class RankingQuery(ProposalQuery):
    sort: Literal["rank", "code", "title", "alignment", "cost", "spread"] = Field(
        "rank", description="rank (highest score first), or another column.")


@router.get("/scoring-models/{int:pk}/ranking", response=list[RankedOut])
def get_ranking(request: HttpRequest, pk: int, filters: Query[RankingQuery]):
    """The portfolio's proposals the caller sees, ranked by their aggregate score under the
    model (unscored ones last), with the list's filters and another order if asked."""
    model = selectors.scoring_model_get(user=request.user, pk=pk)
    proposals = filtered(ProposalFilter, filters, request=request,
                         queryset=selectors.proposal_list(user=request.user,
                                                          portfolio=model.portfolio))
    return [{"rank": row.rank, "proposal": row.proposal.pk, "code": row.proposal.code,
             "title": row.proposal.title, "state": row.proposal.state, "score": row.score,
             "spread": row.spread, "evaluators": row.evaluators,
             "disagreement": row.disagreement, "alignment": row.alignment, "cost": row.cost}
            for row in ranking.ranking(model=model, proposals=proposals, sort=filters.sort)]


# --- scenarios and their optimisation runs (jalon.intake.scenarios_api) -----------------------

router.add_router("", "jalon.intake.scenarios_api.router")
