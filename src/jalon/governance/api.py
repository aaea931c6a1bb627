"""REST endpoints of governance: the methodologies, a project's gates with their criteria
evaluated now, and the decision at a gate; tolerances, their exceptions with the report and the
board's decision; projects saved as templates (thin: lookup, one service or selector call,
response).

``POST /projects`` with ``"methodology"`` stays the portfolios endpoint: the project service sets
the project up from the pack (``jalon.portfolios.methods``).
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from jalon.accounts import permissions
from jalon.api.lookups import person
from jalon.api.money import HIDDEN
from jalon.governance import exceptions, project_templates, selectors, services
from jalon.governance.models import ProjectTemplate, ToleranceException
from jalon.governance.packs import Pack
from jalon.governance.selectors import GateReview
from jalon.governance.tolerances import UNITS, Tolerance, ToleranceSheet, tolerance_sheet
from jalon.portfolios import selectors as portfolio_selectors

router = Router(tags=["Governance"])


class LabelOut(Schema):
    en: str
    fr: str


class GateSpecOut(Schema):
    name: LabelOut
    criteria: list[str]


class PhaseSpecOut(Schema):
    key: str
    name: LabelOut
    documents: list[LabelOut]
    gate: GateSpecOut


class MethodologyOut(Schema):
    key: str
    version: int
    name: str
    names: LabelOut
    phases: list[PhaseSpecOut]
    roles: list[str]

    @staticmethod
    def from_pack(pack: Pack) -> MethodologyOut:
        return MethodologyOut(
            key=pack.key, version=pack.version, name=str(pack.name),
            names=LabelOut(**pack.name.as_dict()),
            phases=[PhaseSpecOut(key=p.key, name=LabelOut(**p.name.as_dict()),
                                 documents=[LabelOut(**d.name.as_dict()) for d in p.documents],
                                 gate=GateSpecOut(name=LabelOut(**p.gate.name.as_dict()),
                                                  criteria=[str(c.label) for c in p.gate.criteria]))
                    for p in pack.phases],
            roles=[str(r.name) for r in pack.roles])


@router.get("/methodologies", response=list[MethodologyOut])
def list_methodologies(request: HttpRequest, portfolio: int | None = None):
    """The methodology packs; with ``portfolio``, as its PMO adapted them."""
    target = (portfolio_selectors.portfolio_get(user=request.user, pk=portfolio)
              if portfolio is not None else None)
    return [MethodologyOut.from_pack(p) for p in selectors.methodology_list(portfolio=target)]


class CriterionOut(Schema):
    id: int
    label: str
    mandatory: bool
    automatic: bool
    met: bool
    evidence: str


class GateOut(Schema):
    id: int
    name: str
    phase: str
    status: str
    planned_date: datetime.date | None
    criteria: list[CriterionOut]

    @staticmethod
    def from_review(review: GateReview) -> GateOut:
        gate = review.gate
        return GateOut(id=gate.pk, name=gate.name, phase=gate.phase.name, status=gate.status,
                       planned_date=gate.planned_date,
                       criteria=[CriterionOut(id=c.pk, label=c.label, mandatory=c.mandatory,
                                              automatic=c.automatic, met=e.met, evidence=e.evidence)
                                 for c, e in review.criteria])


@router.get("/projects/{int:pk}/gates", response=list[GateOut])
def list_gates(request: HttpRequest, pk: int):
    """The project's gates in order, each criterion evaluated now with its evidence."""
    project = portfolio_selectors.project_get(user=request.user, pk=pk)
    gates = list(selectors.gate_list(user=request.user, project=project))
    return [GateOut.from_review(r) for r in selectors.gate_reviews(gates)]


class ConditionIn(Schema):
    description: str = Field(min_length=1, max_length=500)
    owner: int
    due_date: datetime.date


class DecisionIn(Schema):
    decision: str
    comment: str = ""
    conditions: list[ConditionIn] = []


class DecisionOut(Schema):
    id: int
    gate: int
    decision: str
    comment: str
    gate_status: str
    project_status: str


@router.post("/gates/{int:pk}/decision", response={201: DecisionOut})
def decide(request: HttpRequest, pk: int, payload: DecisionIn):
    """Go, go with conditions, hold, recycle or stop. A go is refused (400) while a mandatory
    criterion is unmet: ``errors.criteria`` lists them."""
    gate = selectors.gate_get(user=request.user, pk=pk)
    conditions = [services.Condition(description=c.description,
                                     owner=person(request.user)(c.owner, "conditions"),
                                     due_date=c.due_date) for c in payload.conditions]
    record = services.gate_decide(actor=request.user, gate=gate, decision=payload.decision,
                                  comment=payload.comment, conditions=conditions)
    gate.refresh_from_db()
    project = gate.phase.project
    project.refresh_from_db()
    return 201, DecisionOut(id=record.pk, gate=gate.pk, decision=record.decision,
                            comment=record.comment, gate_status=gate.status,
                            project_status=project.status)


# --- tolerances and exceptions ---------------------------------------------------------------

class TolerancesIn(Schema):
    """A project's own tolerances; null (or absent) inherits the portfolio's, then the
    methodology's."""

    time_days: int | None = Field(None, ge=0, le=100_000,
                                  description="Calendar days of slip allowed.")
    time_percent: float | None = Field(None, ge=0, le=9999,
                                       description="Slip allowed, % of the approved duration.")
    cost_percent: float | None = Field(None, ge=0, le=9999,
                                       description="EAC over BAC allowed, % of BAC.")
    cost_amount: float | None = Field(None, ge=0, le=999_999_999_999,
                                      description="EAC over BAC allowed, amount.")
    scope_percent: float | None = Field(None, ge=0, le=9999,
                                        description="Change in the number of tasks allowed, %.")
    risk_score: int | None = Field(None, ge=0, le=32767,
                                   description="Highest score an open risk may have.")


class ToleranceOut(Schema):
    value: float | None
    source: str = Field(description="pack, portfolio, project, or empty when none is set.")


class MeasureOut(Schema):
    measure: str
    label: str
    value: float | None = Field(description="Now, in the unit; null when not measured" + HIDDEN)
    limit: float | None = Field(description="The tolerance, in the unit" + HIDDEN)
    unit: str = Field(description="days, amount, percent or score.")
    breached: bool
    note: str


class TolerancesOut(Schema):
    tolerances: dict[str, ToleranceOut]
    texts: dict[str, str]
    measures: list[MeasureOut]

    @staticmethod
    def from_sheet(sheet: ToleranceSheet) -> TolerancesOut:
        held = dict(sheet.tolerances.fields)
        if sheet.hidden:
            held["cost_amount"] = Tolerance(None, held["cost_amount"].source)
        return TolerancesOut(
            tolerances={k: ToleranceOut(value=t.value, source=t.source) for k, t in held.items()},
            texts=sheet.tolerances.texts,
            measures=[MeasureOut(measure=r.measure, label=r.label, value=r.value, limit=r.limit,
                                 unit=r.unit, breached=r.breached, note=r.note)
                      for r in sheet.readings])


@router.get("/projects/{int:pk}/tolerances", response=TolerancesOut)
def get_tolerances(request: HttpRequest, pk: int):
    """The project's tolerances (each with where it comes from) and each measure now."""
    project = portfolio_selectors.project_get(user=request.user, pk=pk)
    return TolerancesOut.from_sheet(tolerance_sheet(user=request.user, project=project))


@router.put("/projects/{int:pk}/tolerances", response=TolerancesOut)
def put_tolerances(request: HttpRequest, pk: int, payload: TolerancesIn):
    """Replace the project's own tolerances (PMO and portfolio managers); the project is
    checked against them right after, in the task queue."""
    project = portfolio_selectors.project_get(user=request.user, pk=pk)
    exceptions.tolerances_set(actor=request.user, project=project, **payload.dict())
    return TolerancesOut.from_sheet(tolerance_sheet(user=request.user, project=project))


class ExceptionOut(Schema):
    id: int
    project: int
    project_code: str
    measure: str
    tolerance: str
    measured: float | None = Field(description="In the measure's unit." + HIDDEN)
    limit: float | None = Field(description="In the measure's unit." + HIDDEN)
    unit: str
    raised_at: datetime.datetime
    open: bool
    reported: bool
    cause: str
    consequences: str
    options: str
    recommendation: str
    decision: str
    comment: str
    resolved_at: datetime.datetime | None

    @staticmethod
    def of(exception: ToleranceException, user: object) -> ExceptionOut:
        hidden = (exception.measure == ToleranceException.Measure.COST
                  and not permissions.can_see_costs(user, exception.project))
        return ExceptionOut(
            id=exception.pk, project=exception.project_id, project_code=exception.project.code,
            measure=exception.measure, tolerance=exception.get_measure_display(),
            measured=None if hidden else exception.measured,
            limit=None if hidden else exception.limit, unit=UNITS[exception.measure],
            raised_at=exception.raised_at, open=exception.is_open, reported=exception.reported,
            cause=exception.cause, consequences=exception.consequences,
            options=exception.options, recommendation=exception.recommendation,
            decision=exception.decision, comment=exception.comment,
            resolved_at=exception.resolved_at)


@router.get("/projects/{int:pk}/exceptions", response=list[ExceptionOut])
def list_project_exceptions(request: HttpRequest, pk: int):
    """The project's tolerance exceptions, open ones first."""
    project = portfolio_selectors.project_get(user=request.user, pk=pk)
    return [ExceptionOut.of(e, request.user)
            for e in selectors.exception_list(user=request.user, project=project)]


@router.get("/portfolios/{int:pk}/exceptions", response=list[ExceptionOut])
def list_portfolio_exceptions(request: HttpRequest, pk: int):
    """The open tolerance exceptions of the portfolio's projects, the oldest first."""
    portfolio = portfolio_selectors.portfolio_get(user=request.user, pk=pk)
    return [ExceptionOut.of(e, request.user)
            for e in selectors.open_exceptions(user=request.user, portfolio=portfolio)]


class ReportIn(Schema):
    cause: str = Field(max_length=10000)
    consequences: str = Field(max_length=10000)
    options: str = Field(max_length=10000)
    recommendation: str = Field(max_length=10000)


@router.post("/exceptions/{int:pk}/report", response=ExceptionOut)
def report_exception(request: HttpRequest, pk: int, payload: ReportIn):
    """The project manager's exception report (written again while the exception is open)."""
    exception = selectors.exception_get(user=request.user, pk=pk)
    exceptions.exception_report(actor=request.user, exception=exception, **payload.dict())
    return ExceptionOut.of(exception, request.user)


class ResolveIn(Schema):
    decision: str = Field(description="accept, exception_plan or premature_closure.")
    comment: str = Field(max_length=10000)
    tolerances: TolerancesIn | None = Field(
        None, description="With accept: the project's new tolerances (the others kept).")


@router.post("/exceptions/{int:pk}/resolve", response=ExceptionOut)
def resolve_exception(request: HttpRequest, pk: int, payload: ResolveIn):
    """The board's decision; refused (400) before the exception report is written."""
    exception = selectors.exception_get(user=request.user, pk=pk)
    new = payload.tolerances.dict(exclude_none=True) if payload.tolerances else None
    exceptions.exception_resolve(actor=request.user, exception=exception,
                                 decision=payload.decision, comment=payload.comment,
                                 tolerances=new or None)
    return ExceptionOut.of(exception, request.user)


# --- project templates -----------------------------------------------------------------------

class TemplateIn(Schema):
    name: str = Field(min_length=1, max_length=200)


class TemplateOut(Schema):
    id: int
    portfolio: int
    name: str
    methodology: str
    source: str
    tasks: int
    phases: int
    created_at: datetime.datetime

    @staticmethod
    def of(template: ProjectTemplate) -> TemplateOut:
        return TemplateOut(id=template.pk, portfolio=template.portfolio_id, name=template.name,
                           methodology=template.methodology, source=template.source,
                           tasks=len(template.data["tasks"]),
                           phases=len(template.data["phases"]), created_at=template.created_at)


@router.post("/projects/{int:pk}/save-as-template", response={201: TemplateOut})
def save_as_template(request: HttpRequest, pk: int, payload: TemplateIn):
    """Save the project as a template of its portfolio (PMO and portfolio managers); new
    projects start from it with ``POST /projects`` and ``"template": ID``."""
    project = portfolio_selectors.project_get(user=request.user, pk=pk)
    return 201, TemplateOut.of(project_templates.template_save(
        actor=request.user, project=project, name=payload.name))


@router.get("/portfolios/{int:pk}/templates", response=list[TemplateOut])
def list_templates(request: HttpRequest, pk: int):
    """The portfolio's project templates."""
    portfolio = portfolio_selectors.portfolio_get(user=request.user, pk=pk)
    return [TemplateOut.of(t) for t in selectors.template_list(user=request.user,
                                                                portfolio=portfolio)]
