"""Proposals scored and ranked: each evaluator's score, the aggregate, the spread and the
disagreements of one proposal (its score sheet), and a portfolio's proposals in order of score.
Every figure comes from the engine (``jalon.engine.scoring``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db.models import Prefetch

from jalon.accounts.people import name_of
from jalon.engine import scoring
from jalon.intake.models import (
    Criterion,
    Evaluation,
    Level,
    Proposal,
    ProposalCost,
    Score,
    ScoringModel,
)
from jalon.portfolios.models import StrategicObjective

SORTS = ("rank", "code", "title", "alignment", "cost", "spread")
"""The orders of the ranked list: by rank (the score, highest first), or by another column."""


@dataclass
class EvaluatorRow:
    """One evaluator's levels (criterion id → level) and score."""

    evaluation: Evaluation
    evaluator: str
    levels: dict[int, Level]
    score: float


@dataclass
class Sheet:
    """A proposal's scores under a model. ``incomplete`` are evaluations made before a
    criterion was added: they count once completed."""

    model: ScoringModel
    criteria: list[Criterion]
    rows: list[EvaluatorRow] = field(default_factory=list)
    incomplete: list[Evaluation] = field(default_factory=list)
    aggregate: float | None = None
    spread: float = 0.0
    disagreements: list[Criterion] = field(default_factory=list)

    @property
    def weights(self) -> list[tuple[Criterion, float]]:
        """Each criterion with its share of the weights (summing to 1; weighted models)."""
        total = sum(c.weight for c in self.criteria)
        return [(c, c.weight / total if total else 0.0) for c in self.criteria]


def _ranks(criteria: list[Criterion]) -> dict[int, int]:
    """Each level's rank on its scale (0 for the lowest value)."""
    return {level.pk: rank for criterion in criteria
            for rank, level in enumerate(sorted(criterion.levels.all(), key=lambda lv: lv.value))}


def _sheet(model: ScoringModel, criteria: list[Criterion],
           evaluations: Iterable[Evaluation]) -> Sheet:
    sheet = Sheet(model, criteria)
    ranks = _ranks(criteria)
    weights = {str(c.pk): c.weight for c in criteria}
    roles = {str(c.pk): c.role for c in criteria if c.role}
    ratings: dict[str, dict[str, scoring.Rating]] = {}
    for evaluation in evaluations:
        levels = {s.criterion_id: s.level for s in evaluation.scores.all()}
        if any(c.pk not in levels for c in criteria):
            sheet.incomplete.append(evaluation)
            continue
        key = str(evaluation.pk)
        ratings[key] = {str(pk): scoring.Rating(level.value, ranks.get(level.pk, 0))
                        for pk, level in levels.items()}
        sheet.rows.append(EvaluatorRow(evaluation, name_of(evaluation.evaluator), levels, 0.0))
    if not criteria:
        return sheet
    result = scoring.aggregate(cast(scoring.Kind, model.kind), weights, ratings, roles)
    for row in sheet.rows:
        row.score = result.scores[str(row.evaluation.pk)]
    sheet.aggregate, sheet.spread = result.aggregate, result.spread
    by_pk = {str(c.pk): c for c in criteria}
    sheet.disagreements = [by_pk[pk] for pk in result.disagreements]
    return sheet


def _criteria(model: ScoringModel) -> list[Criterion]:
    return list(model.criteria.prefetch_related("levels"))


def _evaluations(model: ScoringModel) -> Any:
    return Evaluation.objects.filter(model=model).select_related("evaluator").prefetch_related(
        Prefetch("scores", queryset=Score.objects.select_related("level"))
    ).order_by("evaluator__username")


def score_sheet(*, model: ScoringModel, proposal: Proposal) -> Sheet:
    """The score sheet of ``proposal`` under ``model`` (both already checked)."""
    return _sheet(model, _criteria(model), _evaluations(model).filter(proposal=proposal))


@dataclass
class Ranked:
    """A proposal in the ranked list: its aggregate score (None when nobody has scored it),
    spread, number of evaluators, whether they disagree, strategic alignment (percent) and
    total estimated cost."""

    proposal: Proposal
    score: float | None
    spread: float
    evaluators: int
    disagreement: bool
    alignment: float
    cost: Decimal
    rank: int | None = None


def ranking(*, model: ScoringModel | None, proposals: Iterable[Proposal],
            sort: str = "rank") -> list[Ranked]:
    """``proposals`` (of ``model``'s portfolio) with their figures, ranked by score (highest
    first; ties by alignment, then code), then ordered by ``sort`` (one of :data:`SORTS`)."""
    proposals = list(proposals)
    criteria = _criteria(model) if model is not None else []
    by_proposal: dict[int, list[Evaluation]] = defaultdict(list)
    if model is not None:
        for evaluation in _evaluations(model).filter(proposal__in=proposals):
            by_proposal[evaluation.proposal_id].append(evaluation)
    portfolios = {p.portfolio_id for p in proposals}
    weights = dict(StrategicObjective.objects.filter(portfolio__in=portfolios)
                   .values_list("pk", "weight"))
    totals: dict[int, list[float]] = defaultdict(list)
    for pk, portfolio_id in StrategicObjective.objects.filter(
            portfolio__in=portfolios).values_list("pk", "portfolio"):
        totals[portfolio_id].append(weights[pk])
    served: dict[int, list[int]] = defaultdict(list)
    for proposal_id, objective_id in Proposal.objectives.through.objects.filter(
            proposal__in=proposals).values_list("proposal_id", "strategicobjective_id"):
        served[proposal_id].append(objective_id)
    costs: dict[int, Decimal] = defaultdict(Decimal)
    for proposal_id, capex, opex in ProposalCost.objects.filter(
            proposal__in=proposals).values_list("proposal_id", "capex", "opex"):
        costs[proposal_id] += capex + opex
    rows = []
    for proposal in proposals:
        sheet = (_sheet(model, criteria, by_proposal[proposal.pk]) if model is not None
                 else None)
        rows.append(Ranked(
            proposal, sheet.aggregate if sheet else None, sheet.spread if sheet else 0.0,
            len(sheet.rows) if sheet else 0, bool(sheet and sheet.disagreements),
            scoring.alignment([weights[pk] for pk in served[proposal.pk]],
                              totals[proposal.portfolio_id]),
            costs[proposal.pk]))
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0.0), -r.alignment, r.proposal.code))
    for rank, row in enumerate((r for r in rows if r.score is not None), start=1):
        row.rank = rank
    if sort == "code":
        rows.sort(key=lambda r: r.proposal.code)
    elif sort == "title":
        rows.sort(key=lambda r: r.proposal.title.lower())
    elif sort == "alignment":
        rows.sort(key=lambda r: -r.alignment)
    elif sort == "cost":
        rows.sort(key=lambda r: -r.cost)
    elif sort == "spread":
        rows.sort(key=lambda r: -r.spread)
    return rows
