"""REST endpoints for budgets, cost entries (and their import), a project's earned value, RAG
overrides and KPI history, and a portfolio's KPIs and thresholds.

Writes follow the project's rights (its project manager and the managers above); executives
and team members read. Figures come from ``jalon.finance.evm`` (computed by the engine). The
KPIs, their thresholds' fields and their descriptions derive from the engine's KPI registry
(``jalon.engine.kpis``).
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, ModelSchema, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate
from pydantic import create_model

from jalon.accounts import permissions
from jalon.api.filtering import FilterQuery, filtered, parameters_of, valid
from jalon.api.imports import ImportReportOut, reports_problems
from jalon.api.lookups import resolve, visible
from jalon.api.patching import patch_changes
from jalon.api.versions import (
    StaleProblem,
    if_match,
    if_match_set,
    set_etag,
    stale_problem,
    tagged,
    written,
)
from jalon.downloads import ExportFormat, download
from jalon.engine.kpis import registry
from jalon.errors import StaleVersion, ValidationFailed
from jalon.finance import exports, selectors, services
from jalon.finance.evm import Performance, RollUp
from jalon.finance.filters import (
    BudgetLineFilter,
    CostEntryFilter,
    FixedCostFilter,
    KpiDashboardFilter,
    dashboard_rows,
)
from jalon.finance.models import (
    AMOUNT,
    BudgetLine,
    BudgetMonth,
    CostCategory,
    CostEntry,
    Dimension,
    Expenditure,
    FixedCost,
    KpiSnapshot,
    Rag,
)
from jalon.finance.thresholds import Thresholds, limit_names, limit_of
from jalon.planning.api import LeftOutOut
from jalon.planning.selectors import task_get
from jalon.portfolios.selectors import portfolio_get, project_get, project_list

router = Router(tags=["finance"])
Amount = Annotated[Decimal, Field(ge=0, **AMOUNT)]
PositiveAmount = Annotated[Decimal, Field(gt=0, **AMOUNT)]


# --- budget lines ------------------------------------------------------------------------------

class BudgetLineOut(ModelSchema):
    class Meta:
        model = BudgetLine
        fields = ["id", "project", "category", "expenditure", "description", "approved",
                  "contingency", "management_reserve", "forecast"]


class BudgetLineFields(Schema):
    expenditure: Expenditure | None = None
    description: str | None = Field(None, max_length=200)
    approved: Amount | None = None
    contingency: Amount | None = None
    management_reserve: Amount | None = None
    forecast: Amount | None = None


class BudgetLineIn(BudgetLineFields):
    project: int
    category: CostCategory


class BudgetLinePatch(BudgetLineFields):
    category: CostCategory | None = None


@parameters_of(BudgetLineFilter)
class BudgetLineQuery(FilterQuery):
    """Filters of the budget lines."""


@router.get("/budget-lines", response=list[BudgetLineOut])
@paginate
def list_budget_lines(request: HttpRequest, filters: Query[BudgetLineQuery]):
    return filtered(BudgetLineFilter, filters, queryset=selectors.budget_line_list(user=request.user),
                    request=request)


@router.get("/budget-lines/export")
def export_budget(request: HttpRequest, project: int, format: ExportFormat = "xlsx"):  # noqa: A002
    """A project's budget table as an XLSX or CSV file: each line's approved budget, reserves,
    actual cost to the status date, remaining and forecast, as the finance tab shows them
    (403 for those who may not see costs)."""
    found = project_get(user=request.user, pk=project)
    return download(exports.budget_table(selectors.budget_summary(user=request.user,
                                                                  project=found)),
                    format=format, name=f"{found.code} {_('Budget')}")


@router.get("/budget-lines/{int:pk}", response=BudgetLineOut)
def get_budget_line(request: HttpRequest, pk: int, response: HttpResponse):
    """The line, with its ETag: send it back in ``If-Match`` to change or delete the line."""
    return tagged(response, selectors.budget_line_get(user=request.user, pk=pk))


@router.post("/budget-lines", response={201: BudgetLineOut})
def create_budget_line(request: HttpRequest, payload: BudgetLineIn):
    data = patch_changes(payload, nullable={"forecast"},
                         refs={"project": visible(project_get, request.user)})
    return 201, services.budget_line_create(actor=request.user, **data)


@router.patch("/budget-lines/{int:pk}",
              response={200: BudgetLineOut, 412: stale_problem(BudgetLineOut)})
def update_budget_line(request: HttpRequest, pk: int, payload: BudgetLinePatch,
                       response: HttpResponse):
    """Change the fields sent, and only those. With ``If-Match``, refused (412, with the line as
    it is now) when the line changed since that ETag."""
    line = selectors.budget_line_get(user=request.user, pk=pk)
    data = patch_changes(payload, nullable={"forecast"})
    return written(response, lambda: services.budget_line_update(
        actor=request.user, line=line, version=if_match(request, line), **data))


@router.delete("/budget-lines/{int:pk}", response={204: None, 412: stale_problem(BudgetLineOut)})
def delete_budget_line(request: HttpRequest, pk: int, response: HttpResponse):
    """Delete the line. With ``If-Match``, refused (412) when the line changed since that ETag."""
    line = selectors.budget_line_get(user=request.user, pk=pk)
    return written(response, lambda: services.budget_line_delete(
        actor=request.user, line=line, version=if_match(request, line)), status=204)


class BudgetMonthOut(ModelSchema):
    class Meta:
        model = BudgetMonth
        fields = ["month", "planned", "forecast"]


class BudgetMonthIn(Schema):
    month: datetime.date = Field(description="The first day of the month.")
    planned: Amount
    forecast: Amount | None = None


class StaleMonthsProblem(StaleProblem):
    """The months were replaced since the client read them (HTTP 412)."""

    current: list[BudgetMonthOut] = Field(description="The months as they are now; their ETag "
                                                      "is in the answer's headers.")


def _tagged_months(response: HttpResponse, line: BudgetLine) -> list[BudgetMonth]:
    response["ETag"] = set_etag("months", line.pk, services.months_fingerprint(line))
    return list(line.months.all())


@router.get("/budget-lines/{int:pk}/months", response=list[BudgetMonthOut])
def list_budget_months(request: HttpRequest, pk: int, response: HttpResponse):
    """The line's time-phased budget, one row per month, with its ETag: send it back in
    ``If-Match`` to replace the months."""
    return _tagged_months(response, selectors.budget_line_get(user=request.user, pk=pk))


@router.put("/budget-lines/{int:pk}/months",
            response={200: list[BudgetMonthOut], 412: StaleMonthsProblem})
def set_budget_months(request: HttpRequest, pk: int, payload: list[BudgetMonthIn],
                      response: HttpResponse):
    """Replace the line's spread over months (all of it, or nothing when a row is bad). With
    ``If-Match``, refused (412, with the months as they are now) when they changed since that
    ETag."""
    line = selectors.budget_line_get(user=request.user, pk=pk)
    try:
        services.budget_months_set(actor=request.user, line=line, months=[
            (row.month, row.planned, row.forecast) for row in payload],
            seen=if_match_set(request, "months", line.pk))
    except StaleVersion as exc:
        return Status(412, {"code": exc.code, "message": exc.message,
                            "current": _tagged_months(response, line)})
    return _tagged_months(response, line)


# --- fixed costs -------------------------------------------------------------------------------

class FixedCostOut(ModelSchema):
    class Meta:
        model = FixedCost
        fields = ["id", "task", "category", "expenditure", "amount", "description"]


class FixedCostFields(Schema):
    category: CostCategory | None = None
    expenditure: Expenditure | None = None
    description: str | None = Field(None, max_length=200)


class FixedCostIn(FixedCostFields):
    task: int
    amount: Amount


class FixedCostPatch(FixedCostFields):
    amount: Amount | None = None


@parameters_of(FixedCostFilter)
class FixedCostQuery(FilterQuery):
    """Filters of the fixed costs."""


@router.get("/fixed-costs", response=list[FixedCostOut])
@paginate
def list_fixed_costs(request: HttpRequest, filters: Query[FixedCostQuery]):
    return filtered(FixedCostFilter, filters, queryset=selectors.fixed_cost_list(user=request.user),
                    request=request)


@router.get("/fixed-costs/{int:pk}", response=FixedCostOut)
def get_fixed_cost(request: HttpRequest, pk: int):
    return selectors.fixed_cost_get(user=request.user, pk=pk)


@router.post("/fixed-costs", response={201: FixedCostOut})
def create_fixed_cost(request: HttpRequest, payload: FixedCostIn):
    data = patch_changes(payload, refs={"task": visible(task_get, request.user)})
    return 201, services.fixed_cost_create(actor=request.user, **data)


@router.patch("/fixed-costs/{int:pk}", response=FixedCostOut)
def update_fixed_cost(request: HttpRequest, pk: int, payload: FixedCostPatch):
    cost = selectors.fixed_cost_get(user=request.user, pk=pk)
    return services.fixed_cost_update(actor=request.user, cost=cost, **patch_changes(payload))


@router.delete("/fixed-costs/{int:pk}", response={204: None})
def delete_fixed_cost(request: HttpRequest, pk: int):
    services.fixed_cost_delete(actor=request.user,
                               cost=selectors.fixed_cost_get(user=request.user, pk=pk))
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
    amount: PositiveAmount
    category: CostCategory


class CostEntryPatch(CostEntryFields):
    date: datetime.date | None = None
    amount: PositiveAmount | None = None
    category: CostCategory | None = None


def _cost_fields(request: HttpRequest, payload: Schema) -> dict[str, Any]:
    return patch_changes(payload, nullable={"task"}, refs={
        "task": visible(task_get, request.user), "project": visible(project_get, request.user)})


@parameters_of(CostEntryFilter)
class CostEntryQuery(FilterQuery):
    """Filters of the cost entries."""


@router.get("/cost-entries", response=list[CostEntryOut])
@paginate
def list_cost_entries(request: HttpRequest, filters: Query[CostEntryQuery]):
    return filtered(CostEntryFilter, filters, queryset=selectors.cost_entry_list(user=request.user),
                    request=request)


@router.get("/cost-entries/export")
def export_cost_entries(request: HttpRequest, filters: Query[CostEntryQuery],
                        format: ExportFormat = "xlsx"):  # noqa: A002
    """The cost entries ``GET /cost-entries`` lists (same filters, none for those who may not
    see costs) as an XLSX or CSV file."""
    entries = filtered(CostEntryFilter, filters, request=request,
                       queryset=selectors.cost_entry_list(user=request.user))
    return download(exports.cost_entry_table(entries), format=format, name=_("Actual costs"))


@router.get("/cost-entries/{int:pk}", response=CostEntryOut)
def get_cost_entry(request: HttpRequest, pk: int):
    return selectors.cost_entry_get(user=request.user, pk=pk)


@router.post("/cost-entries", response={201: CostEntryOut})
def create_cost_entry(request: HttpRequest, payload: CostEntryIn):
    return 201, services.cost_entry_create(actor=request.user, **_cost_fields(request, payload))


@router.patch("/cost-entries/{int:pk}", response=CostEntryOut)
def update_cost_entry(request: HttpRequest, pk: int, payload: CostEntryPatch):
    entry = selectors.cost_entry_get(user=request.user, pk=pk)
    return services.cost_entry_update(actor=request.user, entry=entry,
                                      **_cost_fields(request, payload))


@router.delete("/cost-entries/{int:pk}", response={204: None})
def delete_cost_entry(request: HttpRequest, pk: int):
    services.cost_entry_delete(actor=request.user,
                               entry=selectors.cost_entry_get(user=request.user, pk=pk))
    return 204, None


# --- earned value and KPIs ---------------------------------------------------------------------

Figures = dict[str, float | None]
FIGURES = ("Earned value and earned schedule figures, and the KPIs under their keys ("
           + ", ".join(registry().keys) + "); null when undefined.")


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
    figures: Figures = Field(description=FIGURES)
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
    scope: Literal["whole", "visible"] = Field(
        description='What the figures sum: "whole", every project of the programme or '
        'portfolio; "visible", only the projects the caller may see in it (the others are '
        "outside the caller's roles).")
    label: str = Field(description='What the row sums, in the caller\'s language: '
                       '"Portfolio “AURORE”", or "Your scope" when it is not the whole.')
    figures: Figures = Field(description=FIGURES)
    kpi_statuses: dict[str, str]
    computed: dict[str, str]
    counts: dict[str, int] = Field(description="Projects per effective overall status.")


class PortfolioKpisOut(Schema):
    portfolio: RollUpOut
    programmes: list[RollUpOut]
    projects: list[ProjectEvmOut]
    left_out: list[LeftOutOut] = Field(
        description="Projects whose plan cannot be scheduled: no roll-up counts them.")


class KpiDashboardOut(Schema):
    portfolios: list[RollUpOut]
    programmes: list[RollUpOut]
    projects: list[ProjectEvmOut]


def _rollup_out(kind: str, rollup: RollUp) -> dict[str, Any]:
    figures: dict[str, Any] = rollup.evm.as_dict() if rollup.evm is not None else {}
    figures.update({k: (v if v == v else None) for k, v in rollup.kpis.items()})
    return {"kind": kind, "id": rollup.target.pk, "code": rollup.target.code,
            "scope": "whole" if rollup.whole else "visible", "label": rollup.label,
            "figures": figures, "kpi_statuses": rollup.kpi_statuses,
            "computed": rollup.computed, "counts": rollup.counts}


@parameters_of(KpiDashboardFilter)
class KpiDashboardQuery(FilterQuery):
    """The KPI dashboard's filters and order."""


@router.get("/portfolios/{int:pk}/kpis", response=PortfolioKpisOut)
def portfolio_kpis(request: HttpRequest, pk: int, filters: Query[KpiDashboardQuery]):
    """Every project's KPIs and RAG, and their roll-ups to programmes and the portfolio
    (amounts summed, indices recomputed from the sums, over all the projects). ``projects``
    are those the dashboard page lists for the same filters, in its order."""
    choice = valid(KpiDashboardFilter(filters.form_data())).choice()
    portfolio = portfolio_get(user=request.user, pk=pk)
    board = selectors.dashboard(user=request.user, portfolio=portfolio)
    empty = RollUp(selectors.rollup_label(portfolio, whole=True), portfolio, [])
    whole = board.portfolios[0] if board.portfolios else empty
    if not board.portfolios:
        whole.computed = {}
    return {
        "portfolio": _rollup_out("portfolio", whole),
        "programmes": [_rollup_out("programme", r) for r in board.programmes],
        "projects": [_project_out(p, tasks=False)
                     for p in dashboard_rows(board.projects, **choice)],
        "left_out": board.left_out,
    }


@router.get("/portfolios/{int:pk}/kpis/export")
def export_portfolio_kpis(request: HttpRequest, pk: int, filters: Query[KpiDashboardQuery],
                          format: ExportFormat = "xlsx"):  # noqa: A002
    """The portfolio's KPI dashboard as an XLSX or CSV file: its projects (same filters and
    order as the page), then the roll-ups of its programmes and of the portfolio."""
    choice = valid(KpiDashboardFilter(filters.form_data())).choice()
    portfolio = portfolio_get(user=request.user, pk=pk)
    board = selectors.dashboard(user=request.user, portfolio=portfolio)
    return download(exports.kpi_table(board, dashboard_rows(board.projects, **choice)),
                    format=format, name=f"{portfolio.code} {_('KPI dashboard')}")


@router.get("/kpi-dashboard/export")
def export_kpi_dashboard(request: HttpRequest, filters: Query[KpiDashboardQuery],
                         format: ExportFormat = "xlsx"):  # noqa: A002
    """The KPI dashboard of every project the caller may see as an XLSX or CSV file, with the
    roll-ups of programmes and portfolios after the projects."""
    choice = valid(KpiDashboardFilter(filters.form_data())).choice()
    board = selectors.dashboard(user=request.user)
    return download(exports.kpi_table(board, dashboard_rows(board.projects, **choice)),
                    format=format, name=_("KPI dashboard"))


@router.get("/kpi-dashboard", response=KpiDashboardOut)
def kpi_dashboard(request: HttpRequest, filters: Query[KpiDashboardQuery]):
    """The KPI dashboard of every project the caller may see, whatever the portfolio (the
    *KPIs* page): their roll-ups to programmes and portfolios, each saying whether it sums
    the whole or only the caller's projects in it (``scope``, ``label``)."""
    choice = valid(KpiDashboardFilter(filters.form_data())).choice()
    board = selectors.dashboard(user=request.user)
    return {
        "portfolios": [_rollup_out("portfolio", r) for r in board.portfolios],
        "programmes": [_rollup_out("programme", r) for r in board.programmes],
        "projects": [_project_out(p, tasks=False)
                     for p in dashboard_rows(board.projects, **choice)],
    }


# --- cost import -------------------------------------------------------------------------------

class ImportedOut(Schema):
    count: int
    total: Decimal
    entries: list[CostEntryOut]


@router.post("/projects/{int:pk}/cost-imports", response={201: ImportedOut, 400: ImportReportOut})
@reports_problems
def import_costs(request: HttpRequest, pk: int, file: File[UploadedFile]):
    """Add the cost entries of a CSV or XLSX file (multipart ``file``): all of them, or — when
    any row is bad — none, and a report naming each problem's row and column."""
    project = project_get(user=request.user, pk=pk)
    imported = services.cost_entries_import(actor=request.user, project=project,
                                            name=file.name or "", content=file.read())
    return 201, {"count": len(imported.entries), "total": imported.total,
                 "entries": imported.entries}


# --- RAG overrides -----------------------------------------------------------------------------

class RagOverrideOut(Schema):
    dimension: str
    status: str
    justification: str
    created_by: int | None = Field(None, alias="created_by_id")
    created_at: datetime.datetime


class RagOverrideIn(Schema):
    status: Rag
    justification: str = Field(min_length=1, max_length=5000)


@router.get("/projects/{int:pk}/rag-overrides", response=list[RagOverrideOut])
def list_rag_overrides(request: HttpRequest, pk: int):
    project = project_get(user=request.user, pk=pk)
    return list(project.rag_overrides.order_by("dimension"))


@router.put("/projects/{int:pk}/rag-overrides/{dimension}", response=RagOverrideOut)
def set_rag_override(request: HttpRequest, pk: int, dimension: Dimension,
                     payload: RagOverrideIn):
    """Override the computed status of ``dimension`` (or ``overall``); a justification is
    required. The computed status is still reported beside it."""
    project = project_get(user=request.user, pk=pk)
    return services.rag_override_set(actor=request.user, project=project, dimension=dimension,
                                     status=payload.status, justification=payload.justification)


@router.delete("/projects/{int:pk}/rag-overrides/{dimension}", response={204: None})
def clear_rag_override(request: HttpRequest, pk: int, dimension: Dimension):
    project = project_get(user=request.user, pk=pk)
    services.rag_override_clear(actor=request.user, project=project, dimension=dimension)
    return 204, None


# --- KPI snapshots -----------------------------------------------------------------------------

class SnapshotOut(ModelSchema):
    class Meta:
        model = KpiSnapshot
        fields = ["id", "project", "status_date", "taken_at", "figures", "statuses"]


@router.get("/projects/{int:pk}/kpi-snapshots", response=list[SnapshotOut])
def list_kpi_snapshots(request: HttpRequest, pk: int):
    """The project's recorded KPIs, oldest status date first."""
    project = project_get(user=request.user, pk=pk)
    return list(selectors.kpi_history(user=request.user, project=project))


@router.post("/projects/{int:pk}/kpi-snapshots", response={201: SnapshotOut})
def take_kpi_snapshot(request: HttpRequest, pk: int):
    """Record every KPI and status at the project's status date (replacing a record of the
    same date)."""
    project = project_get(user=request.user, pk=pk)
    snapshot = services.kpi_snapshot_take(actor=request.user, project=project)
    if snapshot is None:
        reason = selectors.performance(user=request.user, project=project).reason
        raise ValidationFailed(reason or _("The project has no figures to record."),
                               field="project")
    return 201, snapshot


@router.post("/portfolios/{int:pk}/kpi-snapshots", response=list[SnapshotOut])
def take_portfolio_kpi_snapshots(request: HttpRequest, pk: int):
    """Record the KPIs of every project of the portfolio that has figures, as the KPI
    dashboard's button does; answers the records taken (projects without figures have none)."""
    portfolio = portfolio_get(user=request.user, pk=pk)
    permissions.require_change(request.user, portfolio)
    projects = list(project_list(user=request.user, portfolio=portfolio))
    return services.kpi_snapshots_take(actor=request.user, projects=projects)


# --- KPIs and their thresholds ------------------------------------------------------------------

class KpiOut(Schema):
    key: str
    dimension: str
    higher_is_better: bool
    unit: str
    decimals: int = Field(description="Decimals shown, and allowed in its thresholds.")
    thresholds: str = Field(description="The name its limits are given under, "
                                        "<thresholds>_green and <thresholds>_amber.")
    default_green: float
    default_amber: float
    label: str
    help: str


@router.get("/kpis", response=list[KpiOut])
def list_kpis(request: HttpRequest):
    """The KPIs every project is measured by, with their dimension, direction, unit and
    default limits (in the reader's language)."""
    return [{"key": k.key, "dimension": k.dimension, "higher_is_better": k.higher_is_better,
             "unit": k.unit, "decimals": k.decimals, "thresholds": k.band,
             "default_green": k.green, "default_amber": k.amber, "label": _(k.label),
             "help": _(k.help)} for k in registry().kpis]


class ThresholdsOut(Schema):
    portfolio: int
    saved: bool = Field(description="False: the defaults (nothing set for this portfolio yet).")
    thresholds: dict[str, float]


def _limit_field(name: str) -> tuple[Any, Any]:
    """A limit's type and constraints from its KPI (an integer for a count)."""
    kpi, limit = limit_of(name)
    description = f"{kpi.label}: {limit} limit."
    if kpi.decimals == 0:
        return int | None, Field(None, description=description, ge=kpi.minimum, le=kpi.maximum)
    return Decimal | None, Field(None, description=description, ge=kpi.minimum, le=kpi.maximum,
                                 decimal_places=kpi.decimals)


ThresholdsPatch = create_model(  # type: ignore[call-overload]  # fields from the registry
    "ThresholdsPatch", __base__=Schema, **{name: _limit_field(name) for name in limit_names()})


def _thresholds_out(thresholds: Thresholds) -> dict[str, Any]:
    return {"portfolio": thresholds.portfolio.pk, "saved": thresholds.saved,
            "thresholds": {name: float(value) for name, value in thresholds.values().items()}}


@router.get("/portfolios/{int:pk}/kpi-thresholds", response=ThresholdsOut)
def get_kpi_thresholds(request: HttpRequest, pk: int):
    """The portfolio's green and amber limits per KPI (see docs/finance.md)."""
    portfolio = portfolio_get(user=request.user, pk=pk)
    return _thresholds_out(selectors.thresholds_get(user=request.user, portfolio=portfolio))


@router.patch("/portfolios/{int:pk}/kpi-thresholds", response=ThresholdsOut)
def update_kpi_thresholds(request: HttpRequest, pk: int,
                          payload: ThresholdsPatch):  # type: ignore[valid-type]
    portfolio = portfolio_get(user=request.user, pk=pk)
    thresholds = services.thresholds_update(actor=request.user, portfolio=portfolio,
                                            **patch_changes(payload))
    return _thresholds_out(thresholds)
