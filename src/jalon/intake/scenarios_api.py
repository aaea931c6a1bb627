"""REST endpoints for scenarios, their optimisation runs (start, poll, cancel, promote) and the
budget's efficient frontier; mounted on the intake router. Thin: lookup, one service or
selector call, response."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, ModelSchema, Router, Schema

from jalon.accounts.people import name_of
from jalon.api.lookups import resolve
from jalon.api.patching import patch_changes
from jalon.errors import ValidationFailed
from jalon.i18n import Message
from jalon.intake import scenarios, selectors
from jalon.intake.models import OptimisationRun, Proposal, Scenario, ScoringModel
from jalon.intake.selection import namer, resource_names
from jalon.portfolios.models import Portfolio

router = Router(tags=["intake"])


class BalanceIO(Schema):
    category: str
    resource: str | None = Field(None, description="'budget' or a skill's name; none for a "
                                                   "count rule.")
    min_share: float | None = Field(None, ge=0, le=1)
    max_share: float | None = Field(None, ge=0, le=1)
    min_count: int | None = Field(None, ge=0)
    max_count: int | None = Field(None, ge=0)


class ScenarioOut(ModelSchema):
    locked_in: list[int]
    locked_out: list[int]
    promoted_by_name: str

    class Meta:
        model = Scenario
        fields = ["id", "portfolio", "name", "description", "first_month", "months", "budget",
                  "capacity", "value", "scoring_model", "balance", "time_limit", "created_at",
                  "promoted_by", "promoted_at", "promoted_run"]

    @staticmethod
    def resolve_locked_in(obj: Scenario) -> list[int]:
        return [p.pk for p in obj.locked_in.all()]

    @staticmethod
    def resolve_locked_out(obj: Scenario) -> list[int]:
        return [p.pk for p in obj.locked_out.all()]

    @staticmethod
    def resolve_promoted_by_name(obj: Scenario) -> str:
        return name_of(obj.promoted_by) if obj.promoted_by else ""


class ScenarioFields(Schema):
    name: str | None = Field(None, min_length=1, max_length=100)
    description: str | None = None
    first_month: datetime.date | None = None
    months: int | None = Field(None, ge=1, le=60)
    budget: list[float] | float | None = Field(
        None, description="k€ per month (CAPEX + OPEX): one figure for every month, or one per "
                          "month.")
    capacity: dict[str, float] | None = Field(
        None, description="Skill id -> hours per month replacing what the pool has left.")
    value: Scenario.Value | None = None
    scoring_model: int | None = None
    balance: list[BalanceIO] | None = None
    locked_in: list[int] | None = None
    locked_out: list[int] | None = None
    time_limit: float | None = Field(None, ge=1, le=600)


class ScenarioIn(ScenarioFields):
    name: str = Field(min_length=1, max_length=100)
    first_month: datetime.date
    budget: list[float] | float


def _scoring_model(portfolio: Portfolio, pk: int | None) -> ScoringModel | None:
    """The portfolio's scoring model ``pk`` (None for none), else an error on the field."""
    if pk is None:
        return None
    model = ScoringModel.objects.filter(portfolio=portfolio, pk=pk).first()
    if model is None:
        raise ValidationFailed(_("Scoring model %(pk)s: not found.") % {"pk": pk},
                               field="scoring_model")
    return model


def _arguments(request: HttpRequest, portfolio: Portfolio, data: dict[str, Any]
               ) -> dict[str, Any]:
    """The payload as the service's keyword arguments: ids resolved, rules as plain dicts."""
    if "scoring_model" in data:
        data["scoring_model"] = _scoring_model(portfolio, data["scoring_model"])
    for name in ("locked_in", "locked_out"):
        if data.get(name) is not None:
            data[name] = [resolve(selectors.proposal_get, request.user, pk, name)
                          for pk in data[name]]
    if data.get("balance") is not None:
        data["balance"] = [{k: v for k, v in rule.items() if v is not None}
                           for rule in data["balance"]]
    return data


@router.get("/portfolios/{int:pk}/scenarios", response=list[ScenarioOut])
def list_scenarios(request: HttpRequest, pk: int):
    portfolio = selectors.scenario_portfolio(user=request.user, pk=pk)
    return selectors.scenario_list(portfolio=portfolio).prefetch_related("locked_in",
                                                                         "locked_out")


@router.get("/scenarios/{int:pk}", response=ScenarioOut)
def get_scenario(request: HttpRequest, pk: int):
    return selectors.scenario_get(user=request.user, pk=pk)


@router.post("/portfolios/{int:pk}/scenarios", response={201: ScenarioOut})
def create_scenario(request: HttpRequest, pk: int, payload: ScenarioIn):
    portfolio = selectors.scenario_portfolio(user=request.user, pk=pk)
    data = _arguments(request, portfolio, patch_changes(payload))
    return 201, scenarios.scenario_create(actor=request.user, portfolio=portfolio, **data)


@router.patch("/scenarios/{int:pk}", response=ScenarioOut)
def update_scenario(request: HttpRequest, pk: int, payload: ScenarioFields):
    scenario = selectors.scenario_get(user=request.user, pk=pk)
    data = _arguments(request, scenario.portfolio,
                      patch_changes(payload, nullable={"scoring_model"}))
    return scenarios.scenario_update(actor=request.user, scenario=scenario, **data)


@router.delete("/scenarios/{int:pk}", response={204: None})
def delete_scenario(request: HttpRequest, pk: int):
    scenario = selectors.scenario_get(user=request.user, pk=pk)
    scenarios.scenario_delete(actor=request.user, scenario=scenario)
    return 204, None


# --- runs ------------------------------------------------------------------------------------

class RunIn(Schema):
    kind: Literal["select", "frontier"] = "select"


class OptimisationRunOut(ModelSchema):
    error: str
    result: dict[str, Any] | None = Field(
        None, description="A selection: status, objective, bound, gap, selected (code, month, "
        "notes as stored messages and their 'sentences': what set its earliest start), "
        "rejected (code, reasons as stored messages, and 'sentences' in the reader's language), "
        "usage and limits per resource and month, conflict and left_out (stored messages, with "
        "'conflict_sentences' and 'left_out_sentences'), months, resources (id -> name). A "
        "frontier: resource, points (limit, status, value, selected, entering, leaving, "
        "marginal per k€).")

    class Meta:
        model = OptimisationRun
        fields = ["id", "scenario", "kind", "state", "progress", "elapsed", "best_value",
                  "best_bound", "gap", "created_by", "created_at", "started_at", "finished_at"]

    @staticmethod
    def resolve_error(obj: OptimisationRun) -> str:
        return obj.error

    @staticmethod
    def resolve_result(obj: OptimisationRun) -> dict[str, Any] | None:
        if not obj.result:
            return None
        if obj.kind == OptimisationRun.Kind.FRONTIER:
            return obj.result
        resources = resource_names(list(obj.result.get("limits", {})))
        names = namer(portfolio_id=obj.scenario.portfolio_id, resources=resources)

        def said(items: list[dict[str, Any]]) -> list[str]:
            return [Message.from_json(item).named(names).render() for item in items]

        return {**obj.result, "resources": resources,
                "selected": [{**s, "sentences": said(s.get("notes", []))}
                             for s in obj.result.get("selected", [])],
                "rejected": [{**r, "sentences": said(r["reasons"])}
                             for r in obj.result.get("rejected", [])],
                "conflict_sentences": said(obj.result.get("conflict", [])),
                "left_out_sentences": said(obj.result.get("left_out", []))}


class PromotedOut(Schema):
    approved: list[str] = Field(description="Codes of the proposals approved now.")
    scenario: ScenarioOut


@router.post("/scenarios/{int:pk}/runs", response={201: OptimisationRunOut})
def start_optimisation(request: HttpRequest, pk: int, payload: RunIn):
    """Queue the best selection (``select``) or the budget's frontier (``frontier``, 16 points);
    poll ``GET /optimisation-runs/{id}``."""
    scenario = selectors.scenario_get(user=request.user, pk=pk)
    return 201, scenarios.optimisation_start(actor=request.user, scenario=scenario,
                                             kind=payload.kind)


@router.get("/scenarios/{int:pk}/runs", response=list[OptimisationRunOut])
def list_optimisations(request: HttpRequest, pk: int):
    scenario = selectors.scenario_get(user=request.user, pk=pk)
    return scenario.runs.select_related("scenario")[:50]


@router.get("/optimisation-runs/{int:pk}", response=OptimisationRunOut)
def get_optimisation(request: HttpRequest, pk: int):
    return selectors.optimisation_run_get(user=request.user, pk=pk)


@router.post("/optimisation-runs/{int:pk}/cancel", response=OptimisationRunOut)
def cancel_optimisation(request: HttpRequest, pk: int):
    run = selectors.optimisation_run_get(user=request.user, pk=pk)
    return scenarios.optimisation_cancel(actor=request.user, run=run)


@router.post("/optimisation-runs/{int:pk}/promote", response=PromotedOut)
def promote_optimisation(request: HttpRequest, pk: int):
    """Approve the selected proposals (each becomes a project), recorded on the scenario."""
    run = selectors.optimisation_run_get(user=request.user, pk=pk)
    approved: list[Proposal] = scenarios.scenario_promote(actor=request.user, run=run)
    return {"approved": [p.code for p in approved],
            "scenario": selectors.scenario_get(user=request.user, pk=run.scenario_id)}
