"""REST endpoints of status reports: a project's reports, one report with its figures, the
commentary, the transitions, and a portfolio's reports due and cadence. Thin: lookup, one
service or selector call, response; the rules are ``jalon.statusreports.permissions``'."""

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, ModelSchema, Router, Schema
from ninja.pagination import paginate

from jalon.accounts.people import name_of
from jalon.api.patching import patch_changes
from jalon.portfolios.selectors import portfolio_get, project_get
from jalon.statusreports import selectors, services
from jalon.statusreports.models import Cadence, StatusReport

router = Router(tags=["Status reports"])


class ReportOut(ModelSchema):
    project_code: str
    submitted_by_name: str
    reviewed_by_name: str

    class Meta:
        model = StatusReport
        fields = ["id", "project", "cadence", "period_start", "period_end", "status_date",
                  "state", "achievements", "next_period", "help_needed", "review_comments",
                  "submitted_by", "submitted_at", "reviewed_by", "published_at", "created_at"]

    @staticmethod
    def resolve_project_code(obj: StatusReport) -> str:
        return obj.project.code

    @staticmethod
    def resolve_submitted_by_name(obj: StatusReport) -> str:
        return name_of(obj.submitted_by)

    @staticmethod
    def resolve_reviewed_by_name(obj: StatusReport) -> str:
        return name_of(obj.reviewed_by)


class ReportDetailOut(ReportOut):
    figures: dict[str, Any] = Field(
        description="The report's figures: frozen once published, else at the project's status "
                    "date now. RAG, trend and key figures are null for those who may not see "
                    "costs (team members).")

    @staticmethod
    def resolve_figures(obj: StatusReport, context: Any) -> dict[str, Any]:
        return selectors.figures_for(user=context["request"].user, report=obj)


class Commentary(Schema):
    achievements: str | None = None
    next_period: str | None = None
    help_needed: str | None = None


class ReportIn(Commentary):
    day: datetime.date | None = Field(
        None, description="A day of the period; by default the project's status date.")


class TransitionIn(Schema):
    action: Literal["submit", "return", "publish"]
    comments: str = ""


class DueOut(Schema):
    project: int
    project_code: str
    period_start: datetime.date
    period_end: datetime.date
    report: int | None


class CadenceIO(Schema):
    cadence: Cadence


def _detail(request: HttpRequest, pk: int) -> StatusReport:
    return selectors.report_get(user=request.user, pk=pk)


@router.get("/projects/{int:pk}/status-reports", response=list[ReportOut])
@paginate
def list_reports(request: HttpRequest, pk: int):
    """The project's status reports, the latest period first."""
    project = project_get(user=request.user, pk=pk)
    return selectors.report_list(user=request.user, project=project)


@router.post("/projects/{int:pk}/status-reports", response={201: ReportDetailOut})
def create_report(request: HttpRequest, pk: int, payload: ReportIn):
    """Start the report of the period (of the portfolio's cadence) holding ``day``."""
    project = project_get(user=request.user, pk=pk)
    data = patch_changes(payload)
    report = services.report_create(actor=request.user, project=project, **data)
    return 201, _detail(request, report.pk)


@router.get("/status-reports/{int:pk}", response=ReportDetailOut)
def get_report(request: HttpRequest, pk: int):
    return _detail(request, pk)


@router.patch("/status-reports/{int:pk}", response=ReportDetailOut)
def update_report(request: HttpRequest, pk: int, payload: Commentary):
    """Change the commentary of a draft or returned report."""
    report = selectors.report_get(user=request.user, pk=pk)
    services.report_update(actor=request.user, report=report, **patch_changes(payload))
    return _detail(request, pk)


@router.post("/status-reports/{int:pk}/transitions", response=ReportDetailOut)
def transition_report(request: HttpRequest, pk: int, payload: TransitionIn):
    """Submit (the project's managers), return with comments (required) or publish (the PMO,
    not the one who submitted it). Publishing freezes the figures."""
    report = selectors.report_get(user=request.user, pk=pk)
    services.report_transition(actor=request.user, report=report, **payload.dict())
    return _detail(request, pk)


@router.get("/portfolios/{int:pk}/status-reports/due", response=list[DueOut])
def list_due(request: HttpRequest, pk: int):
    """The projects under way whose report for the last period that ended is not in."""
    portfolio = portfolio_get(user=request.user, pk=pk)
    return [{"project": d.project.pk, "project_code": d.project.code,
             "period_start": d.start, "period_end": d.end,
             "report": d.report.pk if d.report is not None else None}
            for d in selectors.due_in_portfolio(user=request.user, portfolio=portfolio,
                                                today=timezone.localdate())]


@router.get("/portfolios/{int:pk}/reporting-cadence", response=CadenceIO)
def get_cadence(request: HttpRequest, pk: int):
    portfolio = portfolio_get(user=request.user, pk=pk)
    return {"cadence": selectors.cadence_of(portfolio)}


@router.put("/portfolios/{int:pk}/reporting-cadence", response=CadenceIO)
def set_cadence(request: HttpRequest, pk: int, payload: CadenceIO):
    portfolio = portfolio_get(user=request.user, pk=pk)
    settings = services.cadence_set(actor=request.user, portfolio=portfolio,
                                    cadence=payload.cadence)
    return {"cadence": settings.cadence}
