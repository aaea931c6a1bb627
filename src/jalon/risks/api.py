"""REST endpoints for risks (with their actions, task links and history), issues, the
portfolio's risk matrix and simulation runs. Thin: permission and rules are the services'."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, ModelSchema, Query, Router, Schema
from ninja.pagination import paginate

from jalon.api.failures import RunFailureOut
from jalon.api.filtering import FilterQuery, annotations_resolved, filtered, parameters_of
from jalon.api.lookups import Resolver, person, resolve, visible
from jalon.api.money import HIDDEN, shown
from jalon.api.patching import patch_changes, resolve_refs
from jalon.api.versions import if_match, stale_problem, tagged, written
from jalon.downloads import ExportFormat, download
from jalon.planning.selectors import task_get
from jalon.portfolios.selectors import portfolio_get, programme_get, project_get
from jalon.risks import exports, selectors, services, simulation
from jalon.risks.filters import IssueFilter, RiskFilter
from jalon.risks.models import Issue, MatrixConfig, Risk, RiskAction, RiskTaskLink, SimulationRun

router = Router(tags=["risks"])

Level = Field(None, ge=1, le=10)
Amount = Field(None, ge=0, max_digits=14, decimal_places=2)


def _owner(request: HttpRequest) -> dict[str, Resolver]:
    return {"owner": person(request.user)}


# --- risks -----------------------------------------------------------------------------------

class RiskOut(ModelSchema):
    reference: str
    level: str
    tasks: list[int]

    class Meta:
        model = Risk
        fields = ["id", "project", "number", "title", "description", "cause", "effect",
                  "category", "kind", "owner", "probability", "probability_percent",
                  "impact_cost", "impact_schedule", "impact_scope", "impact_quality", "impact",
                  "score", "residual_probability", "residual_impact_cost",
                  "residual_impact_schedule", "residual_impact_scope", "residual_impact_quality",
                  "residual_score", "proximity", "strategy", "response", "status", "escalated",
                  "delay_days", "delay_percent", "cost_impact", "created_at", "updated_at"]

    @staticmethod
    def resolve_level(obj: Risk) -> str:
        return services.matrix_config_for(obj.project.portfolio).level(obj.score)

    @staticmethod
    def resolve_tasks(obj: Risk) -> list[int]:
        return [link.task_id for link in obj.task_links.all()]


class RiskFields(Schema):
    description: str | None = None
    cause: str | None = None
    effect: str | None = None
    category: Risk.Category | None = None
    kind: Risk.Kind | None = None
    owner: int | None = None
    probability: int | None = Level
    probability_percent: Decimal | None = Field(None, ge=0, le=100, decimal_places=2)
    impact_cost: int | None = Level
    impact_schedule: int | None = Level
    impact_scope: int | None = Level
    impact_quality: int | None = Level
    residual_probability: int | None = Level
    residual_impact_cost: int | None = Level
    residual_impact_schedule: int | None = Level
    residual_impact_scope: int | None = Level
    residual_impact_quality: int | None = Level
    proximity: date | None = None
    strategy: Risk.Strategy | None = None
    response: str | None = None
    status: Risk.Status | None = None
    escalated: bool | None = None
    delay_days: Decimal | None = Amount
    delay_percent: Decimal | None = Field(None, ge=0, le=1000, decimal_places=2)
    cost_impact: Decimal | None = Amount


class RiskIn(RiskFields):
    title: str = Field(max_length=200, min_length=1)


class RiskPatch(RiskFields):
    title: str | None = Field(None, max_length=200, min_length=1)


# fields that null clears
NULLABLE = {"owner", "probability_percent", "proximity", "residual_probability",
            "residual_impact_cost", "residual_impact_schedule", "residual_impact_scope",
            "residual_impact_quality"}


@parameters_of(RiskFilter)
class RiskQuery(FilterQuery):
    """The risk register's filters."""


@router.get("/projects/{int:pk}/risks", response=list[RiskOut])
@paginate
@annotations_resolved
def list_risks(request: HttpRequest, pk: int, filters: Query[RiskQuery]):
    """The project's risks, highest score first, filtered as the register page filters them."""
    project = project_get(user=request.user, pk=pk)
    risks = selectors.risk_list(user=request.user, project=project)
    return filtered(RiskFilter, filters, queryset=risks,
                    request=request).prefetch_related("task_links")


@router.get("/projects/{int:pk}/risks/export")
def export_risks(request: HttpRequest, pk: int, filters: Query[RiskQuery],
                 format: ExportFormat = "xlsx"):  # noqa: A002
    """The risks ``GET /projects/{id}/risks`` lists (same filters) as an XLSX or CSV file, with
    the register page's columns and headers in the request's language."""
    project = project_get(user=request.user, pk=pk)
    risks = filtered(RiskFilter, filters, request=request,
                     queryset=selectors.risk_list(user=request.user, project=project))
    return download(exports.risk_table(risks), format=format,
                    name=f"{project.code} {_('Risk register')}")


@router.post("/projects/{int:pk}/risks", response={201: RiskOut})
def create_risk(request: HttpRequest, pk: int, payload: RiskIn):
    project = project_get(user=request.user, pk=pk)
    data = resolve_refs(payload.dict(exclude_none=True), _owner(request))
    return 201, services.risk_create(actor=request.user, project=project, **data)


@router.get("/risks/{int:pk}", response=RiskOut)
def get_risk(request: HttpRequest, pk: int, response: HttpResponse):
    """The risk, with its ETag: send it back in ``If-Match`` to change or delete the risk."""
    return tagged(response, selectors.risk_get(user=request.user, pk=pk))


@router.patch("/risks/{int:pk}", response={200: RiskOut, 412: stale_problem(RiskOut)})
def update_risk(request: HttpRequest, pk: int, payload: RiskPatch, response: HttpResponse):
    """Change the fields sent, and only those. With ``If-Match``, refused (412, with the risk as
    it is now) when the risk changed since that ETag."""
    risk = selectors.risk_get(user=request.user, pk=pk)
    data = patch_changes(payload, nullable=NULLABLE, blank={"strategy"}, refs=_owner(request))
    return written(response, lambda: services.risk_update(
        actor=request.user, risk=risk, version=if_match(request, risk), **data))


@router.delete("/risks/{int:pk}", response={204: None, 412: stale_problem(RiskOut)})
def delete_risk(request: HttpRequest, pk: int, response: HttpResponse):
    """Delete the risk. With ``If-Match``, refused (412) when the risk changed since that ETag."""
    risk = selectors.risk_get(user=request.user, pk=pk)
    return written(response, lambda: services.risk_delete(
        actor=request.user, risk=risk, version=if_match(request, risk)), status=204)


class HistoryOut(Schema):
    at: datetime
    actor: str | None
    event: str
    changes: dict[str, list[Any]]

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return obj.actor.get_username() if obj.actor else None


@router.get("/risks/{int:pk}/history", response=list[HistoryOut])
def risk_history(request: HttpRequest, pk: int):
    return selectors.risk_get(user=request.user, pk=pk).history.select_related("actor")


# --- task links ------------------------------------------------------------------------------

class LinkOut(ModelSchema):
    """A linked task with its own delay (``null``: the risk's ``delay_days``/``delay_percent``)."""

    class Meta:
        model = RiskTaskLink
        fields = ["id", "risk", "task", "delay_days", "delay_percent"]


Days = Field(None, ge=0, max_digits=9, decimal_places=2)
Percent = Field(None, ge=0, le=1000, max_digits=7, decimal_places=2)


class LinkIn(Schema):
    task: int
    delay_days: Decimal | None = Days
    delay_percent: Decimal | None = Percent


class LinkPatch(Schema):
    delay_days: Decimal | None = Days
    delay_percent: Decimal | None = Percent


@router.post("/risks/{int:pk}/tasks", response={201: LinkOut})
def link_task(request: HttpRequest, pk: int, payload: LinkIn):
    risk = selectors.risk_get(user=request.user, pk=pk)
    task = resolve(task_get, request.user, payload.task, "task")
    return 201, services.task_link_create(actor=request.user, risk=risk, task=task,
                                          delay_days=payload.delay_days,
                                          delay_percent=payload.delay_percent)


@router.get("/risks/{int:pk}/tasks", response=list[LinkOut])
def risk_links(request: HttpRequest, pk: int):
    return selectors.risk_get(user=request.user, pk=pk).task_links.all()


@router.patch("/risk-task-links/{int:pk}", response=LinkOut)
def update_link(request: HttpRequest, pk: int, payload: LinkPatch):
    """Set or clear (``null``) the task's own delay."""
    link = selectors.risk_link_get(user=request.user, pk=pk)
    return services.task_link_update(actor=request.user, link=link, **patch_changes(
        payload, nullable={"delay_days", "delay_percent"}))


@router.delete("/risk-task-links/{int:pk}", response={204: None})
def unlink_task(request: HttpRequest, pk: int):
    services.task_link_delete(actor=request.user,
                              link=selectors.risk_link_get(user=request.user, pk=pk))
    return 204, None


# --- actions ---------------------------------------------------------------------------------

class ActionOut(ModelSchema):
    class Meta:
        model = RiskAction
        fields = ["id", "risk", "description", "owner", "due_date", "status"]


class ActionIn(Schema):
    description: str = Field(max_length=300, min_length=1)
    owner: int | None = None
    due_date: date | None = None
    status: RiskAction.Status = RiskAction.Status.PLANNED


class ActionPatch(Schema):
    description: str | None = Field(None, max_length=300, min_length=1)
    owner: int | None = None
    due_date: date | None = None
    status: RiskAction.Status | None = None


@router.get("/risks/{int:pk}/actions", response=list[ActionOut])
def list_actions(request: HttpRequest, pk: int):
    return selectors.risk_get(user=request.user, pk=pk).actions.all()


@router.post("/risks/{int:pk}/actions", response={201: ActionOut})
def create_action(request: HttpRequest, pk: int, payload: ActionIn):
    risk = selectors.risk_get(user=request.user, pk=pk)
    return 201, services.action_create(actor=request.user, risk=risk,
                                         **resolve_refs(payload.dict(), _owner(request)))


@router.patch("/risk-actions/{int:pk}", response=ActionOut)
def update_action(request: HttpRequest, pk: int, payload: ActionPatch):
    """Managers change anything; the action's owner (a team member) only its status."""
    action = selectors.risk_action_get(user=request.user, pk=pk)
    return services.action_update(actor=request.user, action=action, **patch_changes(
        payload, nullable={"owner", "due_date"}, refs=_owner(request)))


@router.delete("/risk-actions/{int:pk}", response={204: None})
def delete_action(request: HttpRequest, pk: int):
    services.action_delete(actor=request.user,
                           action=selectors.risk_action_get(user=request.user, pk=pk))
    return 204, None


# --- issues ----------------------------------------------------------------------------------

class IssueOut(ModelSchema):
    class Meta:
        model = Issue
        fields = ["id", "project", "title", "description", "severity", "owner", "due_date",
                  "escalated", "resolution", "status", "risk", "created_at", "updated_at"]


class IssueIn(Schema):
    title: str = Field(max_length=200, min_length=1)
    description: str = ""
    severity: Issue.Severity = Issue.Severity.MEDIUM
    owner: int | None = None
    due_date: date | None = None
    escalated: bool = False
    resolution: str = ""
    status: Issue.Status = Issue.Status.OPEN
    risk: int | None = None


class IssuePatch(Schema):
    title: str | None = Field(None, max_length=200, min_length=1)
    description: str | None = None
    severity: Issue.Severity | None = None
    owner: int | None = None
    due_date: date | None = None
    escalated: bool | None = None
    resolution: str | None = None
    status: Issue.Status | None = None
    risk: int | None = None


def _issue_refs(request: HttpRequest) -> dict[str, Resolver]:
    return {"risk": visible(selectors.risk_get, request.user), **_owner(request)}


@parameters_of(IssueFilter)
class IssueQuery(FilterQuery):
    """The issue log's filters."""


@router.get("/projects/{int:pk}/issues", response=list[IssueOut])
@paginate
@annotations_resolved
def list_issues(request: HttpRequest, pk: int, filters: Query[IssueQuery]):
    """The project's issues, filtered as the issue log page filters them."""
    project = project_get(user=request.user, pk=pk)
    return filtered(IssueFilter, filters,
                    queryset=selectors.issue_list(user=request.user, project=project),
                    request=request)


@router.get("/projects/{int:pk}/issues/export")
def export_issues(request: HttpRequest, pk: int, filters: Query[IssueQuery],
                  format: ExportFormat = "xlsx"):  # noqa: A002
    """The issues ``GET /projects/{id}/issues`` lists (same filters) as an XLSX or CSV file."""
    project = project_get(user=request.user, pk=pk)
    issues = filtered(IssueFilter, filters, request=request,
                      queryset=selectors.issue_list(user=request.user, project=project))
    return download(exports.issue_table(issues), format=format,
                    name=f"{project.code} {_('Issue log')}")


@router.post("/projects/{int:pk}/issues", response={201: IssueOut})
def create_issue(request: HttpRequest, pk: int, payload: IssueIn):
    project = project_get(user=request.user, pk=pk)
    return 201, services.issue_create(actor=request.user, project=project,
                                      **resolve_refs(payload.dict(), _issue_refs(request)))


@router.get("/issues/{int:pk}", response=IssueOut)
def get_issue(request: HttpRequest, pk: int):
    return selectors.issue_get(user=request.user, pk=pk)


@router.patch("/issues/{int:pk}", response=IssueOut)
def update_issue(request: HttpRequest, pk: int, payload: IssuePatch):
    issue = selectors.issue_get(user=request.user, pk=pk)
    return services.issue_update(actor=request.user, issue=issue, **patch_changes(
        payload, nullable={"owner", "due_date", "risk"}, refs=_issue_refs(request)))


@router.delete("/issues/{int:pk}", response={204: None})
def delete_issue(request: HttpRequest, pk: int):
    services.issue_delete(actor=request.user, issue=selectors.issue_get(user=request.user, pk=pk))
    return 204, None


# --- the matrix ------------------------------------------------------------------------------

class MatrixOut(ModelSchema):
    # a JSONField is an object to ninja; these hold lists
    probability_labels: list[str] = Field(description="One label per level, lowest first.")
    impact_labels: list[str] = Field(description="One label per level, lowest first.")

    class Meta:
        model = MatrixConfig
        fields = ["size", "medium_from", "high_from"]  # + the two label lists, declared


class MatrixIn(Schema):
    size: int | None = Field(None, ge=2, le=10)
    probability_labels: list[str] | None = None
    impact_labels: list[str] | None = None
    medium_from: int | None = Field(None, ge=1)
    high_from: int | None = Field(None, ge=1)


class CellOut(Schema):
    probability: int
    impact: int
    count: int
    level: str


@router.get("/portfolios/{int:pk}/risk-matrix", response=MatrixOut)
def get_matrix(request: HttpRequest, pk: int):
    return services.matrix_config_for(portfolio_get(user=request.user, pk=pk))


@router.patch("/portfolios/{int:pk}/risk-matrix", response=MatrixOut)
def update_matrix(request: HttpRequest, pk: int, payload: MatrixIn):
    portfolio = portfolio_get(user=request.user, pk=pk)
    return services.matrix_config_update(actor=request.user, portfolio=portfolio,
                                         **patch_changes(payload))


def _cells(grid: selectors.Matrix) -> list[dict[str, Any]]:
    return [{"probability": p, **cell} for p, _label, cells in grid.rows for cell in cells]


@router.get("/portfolios/{int:pk}/risk-heatmap", response=list[CellOut])
def portfolio_heatmap(request: HttpRequest, pk: int):
    """Open risks of the portfolio's projects per (probability, largest impact) cell."""
    portfolio = portfolio_get(user=request.user, pk=pk)
    return _cells(selectors.matrix(user=request.user, portfolio=portfolio,
                                   risks=selectors.risk_list(user=request.user,
                                                             portfolio=portfolio)))


@router.get("/programmes/{int:pk}/risk-heatmap", response=list[CellOut])
def programme_heatmap(request: HttpRequest, pk: int):
    """Open risks of the programme's projects per cell, on its portfolio's matrix."""
    programme = programme_get(user=request.user, pk=pk)
    return _cells(selectors.matrix(user=request.user, portfolio=programme.portfolio,
                                   risks=selectors.risk_list(user=request.user,
                                                             programme=programme)))


@router.get("/projects/{int:pk}/risk-heatmap", response=list[CellOut])
def project_heatmap(request: HttpRequest, pk: int):
    project = project_get(user=request.user, pk=pk)
    return _cells(selectors.matrix(user=request.user, portfolio=project.portfolio,
                                   risks=selectors.risk_list(user=request.user,
                                                             project=project)))


# --- simulations -----------------------------------------------------------------------------

# what a simulation's result says of money: hidden from those who may not see costs
_COST_KEYS = ("cost", "budget", "probability_budget")


class SimulationOut(ModelSchema, RunFailureOut):
    budget: Decimal | None = Field(None, description="The budget the cost is compared with." + HIDDEN)
    result: dict[str, Any] | None = Field(
        None, description="The simulation's figures once done. Its `cost`, `budget` and "
                          "`probability_budget` are null for those who may not see costs "
                          "(team members).")

    class Meta:
        model = SimulationRun
        fields = ["id", "project", "iterations", "seed", "due_date", "residual",
                  "state", "progress", "created_at", "finished_at"]

    @staticmethod
    def resolve_budget(run: SimulationRun, context: dict[str, Any]) -> Decimal | None:
        return run.budget if shown(context, run.project) else None

    @staticmethod
    def resolve_result(run: SimulationRun, context: dict[str, Any]) -> dict[str, Any] | None:
        if run.result is None or shown(context, run.project):
            return run.result
        return {**run.result, **dict.fromkeys(_COST_KEYS)}


class SimulationIn(Schema):
    iterations: int = Field(5000, ge=100, le=200_000)
    seed: int = Field(1, ge=0)
    due_date: date | None = None
    budget: Decimal | None = Amount
    residual: bool = False


@router.post("/projects/{int:pk}/simulations", response={202: SimulationOut})
def start_simulation(request: HttpRequest, pk: int, payload: SimulationIn):
    """Queue a Monte Carlo simulation; poll ``GET /simulations/{id}`` until ``state`` is
    ``done`` (then ``result`` holds the percentiles, probabilities, histogram and S-curve
    points, criticality and tornado), ``failed`` or ``cancelled``."""
    project = project_get(user=request.user, pk=pk)
    return 202, simulation.simulation_start(actor=request.user, project=project,
                                            **payload.dict())


@router.get("/simulations/{int:pk}", response=SimulationOut)
def get_simulation(request: HttpRequest, pk: int):
    return simulation.simulation_run_get(user=request.user, pk=pk)


@router.post("/simulations/{int:pk}/cancel", response=SimulationOut)
def cancel_simulation(request: HttpRequest, pk: int):
    """Cancel a queued or running simulation (``state`` becomes ``cancelled``; a running one
    stops after its current block of iterations). A finished run is returned unchanged."""
    run = simulation.simulation_run_get(user=request.user, pk=pk)
    return simulation.simulation_cancel(actor=request.user, run=run)
