"""Writes to scoring models — their criteria, levels and pairwise judgements — and to the
evaluations that score proposals with them. Each in one transaction, rights checked first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jalon.engine.ahp import AhpResult, ahp
from jalon.errors import ValidationFailed
from jalon.intake import permissions as rules
from jalon.intake.models import (
    Criterion,
    Evaluation,
    Judgement,
    Level,
    Proposal,
    Score,
    ScoringModel,
)
from jalon.portfolios.models import Portfolio
from jalon.validation import assign_fields, validate

MODEL_FIELDS = {"name", "description", "weighting"}
CRITERION_FIELDS = {"name", "description", "weight", "position"}
LEVEL_FIELDS = {"value", "label", "description"}

# The built-in models' criteria: (formula term, name, description, levels as (value, label)).
# Names are stored in the portfolio's language when the model is created: they are the model's
# own data from then on, which its managers may rename.
BUILT_IN: dict[str, list[tuple[str, str, str, list[tuple[float, str]]]]] = {
    "wsjf": [
        ("business_value", gettext_noop("User and business value"),
         gettext_noop("Relative value to users and to the business."),
         [(1, "1"), (2, "2"), (3, "3"), (5, "5"), (8, "8"), (13, "13"), (20, "20")]),
        ("time_criticality", gettext_noop("Time criticality"),
         gettext_noop("How much the value decays when the work waits."),
         [(1, "1"), (2, "2"), (3, "3"), (5, "5"), (8, "8"), (13, "13"), (20, "20")]),
        ("risk_reduction", gettext_noop("Risk reduction and opportunity enablement"),
         gettext_noop("Risks it removes, opportunities it opens."),
         [(1, "1"), (2, "2"), (3, "3"), (5, "5"), (8, "8"), (13, "13"), (20, "20")]),
        ("job_size", gettext_noop("Job size"),
         gettext_noop("Relative size of the work (the duration's proxy)."),
         [(1, "1"), (2, "2"), (3, "3"), (5, "5"), (8, "8"), (13, "13"), (20, "20")]),
    ],
    "rice": [
        ("reach", gettext_noop("Reach"), gettext_noop("People or events reached per quarter."),
         [(10, "10"), (100, "100"), (1000, "1 000"), (10000, "10 000")]),
        ("impact", gettext_noop("Impact"), gettext_noop("Effect on each person reached."),
         [(0.25, gettext_noop("Minimal")), (0.5, gettext_noop("Low")),
          (1, gettext_noop("Medium")), (2, gettext_noop("High")),
          (3, gettext_noop("Massive"))]),
        ("confidence", gettext_noop("Confidence"),
         gettext_noop("How sure the estimates are."),
         [(0.5, gettext_noop("Low (50 %)")), (0.8, gettext_noop("Medium (80 %)")),
          (1, gettext_noop("High (100 %)"))]),
        ("effort", gettext_noop("Effort"), gettext_noop("Person-months of work."),
         [(0.5, "0.5"), (1, "1"), (2, "2"), (3, "3"), (5, "5"), (8, "8"), (13, "13")]),
    ],
}


# --- scoring models --------------------------------------------------------------------------

@transaction.atomic
def scoring_model_create(*, actor: Any, portfolio: Portfolio, name: str,
                         kind: str = ScoringModel.Kind.WEIGHTED,
                         weighting: str = ScoringModel.Weighting.DIRECT,
                         description: str = "") -> ScoringModel:
    """A scoring model for ``portfolio``. A WSJF or RICE model comes with the criteria of its
    formula and their usual scales, which cannot be removed."""
    rules.require_models(actor, portfolio)
    model = ScoringModel(portfolio=portfolio, name=name, kind=kind, weighting=weighting,
                         description=description)
    validate(model)
    _check_weighting(model)
    model.save()
    for position, (role, criterion_name, text, levels) in enumerate(BUILT_IN.get(kind, [])):
        criterion = Criterion.objects.create(model=model, name=_(criterion_name),
                                             description=_(text), position=position, role=role)
        Level.objects.bulk_create([Level(criterion=criterion, value=value, label=_(label))
                                   for value, label in levels])
    return model


def _check_weighting(model: ScoringModel) -> None:
    if model.kind != ScoringModel.Kind.WEIGHTED and model.weighting != ScoringModel.Weighting.DIRECT:
        raise ValidationFailed(_("Only a weighted model takes its weights from pairwise "
                                 "comparisons: %(kind)s has its own formula.")
                               % {"kind": model.get_kind_display()}, field="weighting")


@transaction.atomic
def scoring_model_update(*, actor: Any, model: ScoringModel, **changes: Any) -> ScoringModel:
    rules.require_models(actor, model.portfolio)
    assign_fields(model, changes, MODEL_FIELDS)
    validate(model)
    _check_weighting(model)
    model.save()
    _weigh(model)
    return model


@transaction.atomic
def scoring_model_delete(*, actor: Any, model: ScoringModel) -> None:
    """Delete a model with its criteria and the evaluations made with it."""
    rules.require_models(actor, model.portfolio)
    model.delete()


# --- criteria and levels ---------------------------------------------------------------------

def _require_weighted(model: ScoringModel) -> None:
    if model.kind != ScoringModel.Kind.WEIGHTED:
        raise ValidationFailed(_("The criteria of %(kind)s are those of its formula: they are "
                                 "neither added nor removed.")
                               % {"kind": model.get_kind_display()}, field="criteria")


@transaction.atomic
def criterion_create(*, actor: Any, model: ScoringModel, name: str, description: str = "",
                     weight: float = 1.0) -> Criterion:
    """Add a criterion last. With weights from pairwise comparisons, it starts as important as
    every other criterion until it is compared."""
    rules.require_models(actor, model.portfolio)
    _require_weighted(model)
    last = model.criteria.aggregate(last=Max("position"))["last"]
    criterion = Criterion(model=model, name=name, description=description, weight=weight,
                          position=0 if last is None else last + 1)
    validate(criterion)
    criterion.save()
    _weigh(model)
    return criterion


@transaction.atomic
def criterion_update(*, actor: Any, criterion: Criterion, **changes: Any) -> Criterion:
    model = criterion.model
    rules.require_models(actor, model.portfolio)
    if "weight" in changes and model.weighting == ScoringModel.Weighting.AHP:
        raise ValidationFailed(_("The weights of “%(model)s” come from its pairwise "
                                 "comparisons: change those instead.") % {"model": model},
                               field="weight")
    assign_fields(criterion, changes, CRITERION_FIELDS)
    validate(criterion)
    criterion.save()
    return criterion


@transaction.atomic
def criterion_delete(*, actor: Any, criterion: Criterion) -> None:
    model = criterion.model
    rules.require_models(actor, model.portfolio)
    _require_weighted(model)
    criterion.delete()
    _weigh(model)


@transaction.atomic
def level_create(*, actor: Any, criterion: Criterion, value: float, label: str,
                 description: str = "") -> Level:
    rules.require_models(actor, criterion.model.portfolio)
    level = Level(criterion=criterion, value=value, label=label, description=description)
    validate(level)
    level.save()
    return level


@transaction.atomic
def level_update(*, actor: Any, level: Level, **changes: Any) -> Level:
    rules.require_models(actor, level.criterion.model.portfolio)
    assign_fields(level, changes, LEVEL_FIELDS)
    validate(level)
    level.save()
    return level


@transaction.atomic
def level_delete(*, actor: Any, level: Level) -> None:
    rules.require_models(actor, level.criterion.model.portfolio)
    used = level.scores.count()
    if used:
        raise ValidationFailed(_("The level “%(level)s” of “%(criterion)s” is given in "
                                 "%(count)s evaluations: it cannot be deleted.")
                               % {"level": level.label, "criterion": level.criterion.name,
                                  "count": used})
    level.delete()


# --- pairwise comparisons (AHP) --------------------------------------------------------------

def pairwise_matrix(model: ScoringModel) -> tuple[list[Criterion], list[list[float]]]:
    """The model's criteria and their comparison matrix; a pair not yet compared counts as
    equally important (1)."""
    criteria = list(model.criteria.all())
    index = {criterion.pk: i for i, criterion in enumerate(criteria)}
    matrix = [[1.0] * len(criteria) for _criterion in criteria]
    for judgement in model.judgements.all():
        i, j = index.get(judgement.row_id), index.get(judgement.column_id)
        if i is not None and j is not None:
            matrix[i][j], matrix[j][i] = judgement.value, 1 / judgement.value
    return criteria, matrix


def consistency(model: ScoringModel) -> AhpResult | None:
    """The engine's AHP result for the model's matrix (None with fewer than two criteria)."""
    criteria, matrix = pairwise_matrix(model)
    if len(criteria) < 2:
        return None
    return ahp([c.name for c in criteria], matrix)


def _weigh(model: ScoringModel) -> None:
    """Set the criteria's weights from the pairwise comparisons, when the model takes them
    from there."""
    if model.weighting != ScoringModel.Weighting.AHP:
        return
    criteria = list(model.criteria.all())
    result = consistency(model)
    for criterion in criteria:
        criterion.weight = result.weights[criterion.name] if result is not None else 1.0
    Criterion.objects.bulk_update(criteria, ["weight"])


@transaction.atomic
def judgements_set(*, actor: Any, model: ScoringModel,
                   matrix: Sequence[Sequence[float]]) -> AhpResult:
    """Store the pairwise comparison ``matrix`` (rows and columns in the criteria's order) and
    weigh the criteria from it (the principal eigenvector, ``jalon.engine.ahp``).

    The judgements are kept even when they are inconsistent (CR > 0.1): the page says so and
    names the judgements to revisit.
    """
    rules.require_models(actor, model.portfolio)
    _require_weighted(model)
    criteria = list(model.criteria.all())
    if len(criteria) < 2:
        raise ValidationFailed(_("Compare at least two criteria."), field="matrix")
    result = ahp([c.name for c in criteria], matrix)  # refuses a matrix that is not reciprocal
    model.judgements.all().delete()
    Judgement.objects.bulk_create([
        Judgement(model=model, row=criteria[i], column=criteria[j], value=float(matrix[i][j]))
        for i in range(len(criteria)) for j in range(i + 1, len(criteria))])
    model.weighting = ScoringModel.Weighting.AHP
    model.save(update_fields=["weighting"])
    _weigh(model)
    return result


# --- evaluations -----------------------------------------------------------------------------

@transaction.atomic
def evaluation_set(*, actor: Any, proposal: Proposal, model: ScoringModel,
                   levels: list[Level], comment: str = "") -> Evaluation:
    """Record (or replace) the actor's own evaluation of ``proposal`` with ``model``: one level
    for every criterion."""
    rules.require_evaluate(actor, proposal.portfolio)
    if model.portfolio_id != proposal.portfolio_id:
        raise ValidationFailed(_("The scoring model “%(model)s” belongs to another portfolio.")
                               % {"model": model}, field="model")
    if proposal.state not in rules.OPEN_STATES:
        raise ValidationFailed(_("The proposal “%(proposal)s” is scored once submitted and "
                                 "until it is decided.") % {"proposal": proposal})
    criteria = {c.pk: c for c in model.criteria.all()}
    given: dict[int, Level] = {}
    for level in levels:
        if level.criterion_id not in criteria:
            raise ValidationFailed(_("The level “%(level)s” is not on a scale of “%(model)s”.")
                                   % {"level": level.label, "model": model}, field="scores")
        if level.criterion_id in given:
            raise ValidationFailed(_("“%(criterion)s” is given two levels.")
                                   % {"criterion": criteria[level.criterion_id].name},
                                   field="scores")
        given[level.criterion_id] = level
    missing = [c.name for pk, c in criteria.items() if pk not in given]
    if missing:
        raise ValidationFailed(_("Give a level for: %(criteria)s.")
                               % {"criteria": ", ".join(missing)}, field="scores")
    evaluation, _created = Evaluation.objects.update_or_create(
        proposal=proposal, model=model, evaluator=actor, defaults={"comment": comment})
    evaluation.scores.all().delete()
    Score.objects.bulk_create([Score(evaluation=evaluation, criterion_id=pk, level=level)
                               for pk, level in given.items()])
    return evaluation


@transaction.atomic
def evaluation_delete(*, actor: Any, evaluation: Evaluation) -> None:
    """Withdraw an evaluation: its evaluator, or the portfolio's managers."""
    if evaluation.evaluator_id != actor.pk:
        rules.require_decide(actor, evaluation.proposal.portfolio)
    evaluation.delete()
