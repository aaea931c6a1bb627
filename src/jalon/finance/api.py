"""REST endpoints for budgets, cost entries, a project's earned value and a portfolio's KPIs.

Writes follow the project's rights (its project manager and the managers above); executives
and team members read. Figures come from ``jalon.finance.evm`` (computed by the engine).
"""

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, ModelSchema, Router, Schema
from ninja.pagination import paginate

from jalon.api.lookups import resolve
from jalon.errors import ValidationFailed
from jalon.finance import selectors, services
from jalon.finance.evm import Performance, RollUp
from jalon.finance.models import BudgetLine, CostCategory, CostEntry, Expenditure
from jalon.planning.selectors import task_get
from jalon.portfolios.selectors import portfolio_get, project_get

router = Router(tags=["finance"])
AMOUNT = {"max_digits": 14, "decimal_places": 2}


# --- budget lines ------------------------------------------------------------------------------

class BudgetLineOut(ModelSchema):
    class Meta:
        model = BudgetLine
        fields = ["id", "project", "category", "expenditure", "description", "approved",
                  "contingency", "management_reserve", "forecast"]


class BudgetLineFields(Schema):
    expenditure: Expenditure | None = None
    description: str | None = Field(None, max_length=200)
    approved: Decimal | None = Field(None, ge=0, **AMOUNT)
    contingency: Decimal | None = Field(None, ge=0, **AMOUNT)
    management_reserve: Decimal | None = Field(None, ge=0, **AMOUNT)
    forecast: Decimal | None = Field(None, ge=0, **AMOUNT)


class BudgetLineIn(BudgetLineFields):
    project: int
    category: CostCategory


class BudgetLinePatch(BudgetLineFields):
    category: CostCategory | None = None


def _fields(data: dict[str, Any], nullable: tuple[str, ...] = ()) -> dict[str, Any]:
    """Drop unset values; keep an explicit null only for fields that may be empty."""
    return {k: v for k, v in data.items() if v is not None or k in nullable}


@router.get("/budget-lines", response=list[BudgetLineOut])
@paginate
def list_budget_lines(request: HttpRequest, project: int | None = None):
    parent = resolve(project_get, request.user, project, "project")
    return selectors.budget_line_list(user=request.user, project=parent)


@router.get("/budget-lines/{int:pk}", response=BudgetLineOut)
def get_budget_line(request: HttpRequest, pk: int):
    return selectors.budget_line_get(user=request.user, pk=pk)


@router.post("/budget-lines", response={201: BudgetLineOut})
def create_budget_line(request: HttpRequest, payload: BudgetLineIn):
    data = _fields(payload.dict(exclude_unset=True), ("forecast",))
    project = resolve(project_get, request.user, data.pop("project"), "project")
    return 201, services.budget_line_create(actor=request.user, project=project, **data)


@router.patch("/budget-lines/{int:pk}", response=BudgetLineOut)
def update_budget_line(request: HttpRequest, pk: int, payload: BudgetLinePatch):
    line = selectors.budget_line_get(user=request.user, pk=pk)
    data = _fields(payload.dict(exclude_unset=True), ("forecast",))
    return services.budget_line_update(actor=request.user, line=line, **data)


@router.delete("/budget-lines/{int:pk}", response={204: None})
def delete_budget_line(request: HttpRequest, pk: int):
    services.budget_line_delete(actor=request.user,
                                line=selectors.budget_line_get(user=request.user, pk=pk))
    return 204, None


# --- cost entries ------------------------------------------------------------------------------

class CostEntryOut(ModelSchema):
    class Meta:
        model = CostEntry
        fields = ["id", "project", "date", "amount", "category", "expenditure", "task",
                  "description", "source"]


class CostEntryFields(Schema):
    expenditure: Expenditure | None = None
    task: int | None = Field(None, description="A task of the project (null: the project).")
    description: str | None = Field(None, max_length=250)


class CostEntryIn(CostEntryFields):
    project: int
    date: datetime.date
    amount: Decimal = Field(gt=0, **AMOUNT)
    category: CostCategory


class CostEntryPatch(CostEntryFields):
    date: datetime.date | None = None
    amount: Decimal | None = Field(None, gt=0, **AMOUNT)
    category: CostCategory | None = None


def _cost_fields(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    data = _fields(data, ("task",))
    if "task" in data:
        data["task"] = resolve(task_get, request.user, data["task"], "task")
    return data


@router.get("/cost-entries", response=list[CostEntryOut])
@paginate
def list_cost_entries(request: HttpRequest, project: int | None = None):
    parent = resolve(project_get, request.user, project, "project")
    return selectors.cost_entry_list(user=request.user, project=parent)


@router.get("/cost-entries/{int:pk}", response=CostEntryOut)
def get_cost_entry(request: HttpRequest, pk: int):
    return selectors.cost_entry_get(user=request.user, pk=pk)


@router.post("/cost-entries", response={201: CostEntryOut})
def create_cost_entry(request: HttpRequest, payload: CostEntryIn):
    data = _cost_fields(request, payload.dict(exclude_unset=True))
    project = resolve(project_get, request.user, data.pop("project"), "project")
    return 201, services.cost_entry_create(actor=request.user, project=project, **data)


@router.patch("/cost-entries/{int:pk}", response=CostEntryOut)
def update_cost_entry(request: HttpRequest, pk: int, payload: CostEntryPatch):
    entry = selectors.cost_entry_get(user=request.user, pk=pk)
    data = _cost_fields(request, payload.dict(exclude_unset=True))
    return services.cost_entry_update(actor=request.user, entry=entry, **data)


@router.delete("/cost-entries/{int:pk}", response={204: None})
def delete_cost_entry(request: HttpRequest, pk: int):
    services.cost_entry_delete(actor=request.user,
                               entry=selectors.cost_entry_get(user=request.user, pk=pk))
    return 204, None


# --- earned value and KPIs ---------------------------------------------------------------------

Figures = dict[str, float | None]


class OverrideOut(Schema):
    status: str
    justification: str


class StatusesOut(Schema):
    kpis: dict[str, str] = Field(description='Per KPI: "green", "amber", "red" or "" (not assessed).')
    computed: dict[str, str] = Field(description="Per dimension and overall, from the KPIs.")
    effective: dict[str, str] = Field(description="Per dimension and overall, after overrides.")
    overrides: dict[str, OverrideOut]


class TaskEvmOut(Schema):
    id: int
    wbs_code: str
    name: str
    summary: bool
    figures: Figures


class ProjectEvmOut(Schema):
    project: int
    code: str
    available: bool
    reason: str
    status_date: datetime.date | None
    baseline: str | None
    currency: str
    period: str = Field("month", description="The unit of earned schedule figures.")
    figures: Figures
    statuses: StatusesOut
    tasks: list[TaskEvmOut]


def _project_out(performance: Performance, *, tasks: bool) -> dict[str, Any]:
    project = performance.project
    return {
        "project": project.pk, "code": project.code, "available": performance.available,
        "reason": performance.reason, "status_date": project.status_date,
        "baseline": performance.baseline.name if performance.baseline else None,
        "currency": project.currency, "figures": performance.figures(),
        "statuses": performance.statuses(),
        "tasks": [{"id": row.task.pk, "wbs_code": row.task.wbs_code, "name": row.task.name,
                   "summary": row.is_summary, "figures": row.evm}
                  for row in performance.tasks] if tasks else [],
    }


@router.get("/projects/{int:pk}/evm", response=ProjectEvmOut)
def project_evm(request: HttpRequest, pk: int, baseline: int | None = None):
    """Earned value, earned schedule (in months), KPIs and RAG at the project's status date,
    against ``baseline`` (default: the project's first)."""
    from jalon.planning.selectors import baseline_get

    project = project_get(user=request.user, pk=pk)
    chosen = resolve(baseline_get, request.user, baseline, "baseline")
    if chosen is not None and chosen.project_id != project.pk:
        raise ValidationFailed(_("The baseline belongs to another project."), field="baseline")
    performance = selectors.performance(user=request.user, project=project, baseline=chosen)
    return _project_out(performance, tasks=True)


class RollUpOut(Schema):
    kind: str
    id: int
    code: str
    figures: Figures
    kpi_statuses: dict[str, str]
    computed: dict[str, str]
    counts: dict[str, int] = Field(description="Projects per effective overall status.")


class PortfolioKpisOut(Schema):
    portfolio: RollUpOut
    programmes: list[RollUpOut]
    projects: list[ProjectEvmOut]


def _rollup_out(kind: str, rollup: RollUp) -> dict[str, Any]:
    figures: dict[str, Any] = rollup.evm.as_dict() if rollup.evm is not None else {}
    figures.update({k: (v if v == v else None) for k, v in rollup.kpis.items()})
    return {"kind": kind, "id": rollup.target.pk, "code": rollup.target.code,
            "figures": figures, "kpi_statuses": rollup.kpi_statuses,
            "computed": rollup.computed, "counts": rollup.counts}


@router.get("/portfolios/{int:pk}/kpis", response=PortfolioKpisOut)
def portfolio_kpis(request: HttpRequest, pk: int):
    """Every project's KPIs and RAG, and their roll-ups to programmes and the portfolio
    (amounts summed, indices recomputed from the sums)."""
    portfolio = portfolio_get(user=request.user, pk=pk)
    board = selectors.dashboard(user=request.user, portfolio=portfolio)
    empty = RollUp(portfolio.code, portfolio, [])
    whole = board.portfolios[0] if board.portfolios else empty
    if not board.portfolios:
        whole.computed = {}
    return {
        "portfolio": _rollup_out("portfolio", whole),
        "programmes": [_rollup_out("programme", r) for r in board.programmes],
        "projects": [_project_out(p, tasks=False) for p in board.projects],
    }
