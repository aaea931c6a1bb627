"""REST endpoints of governance: the methodologies, a project's gates with their criteria
evaluated now, and the decision at a gate (thin: lookup, one service or selector call, response).

``POST /projects`` with ``"methodology"`` stays the portfolios endpoint: the project service sets
the project up from the pack (``jalon.portfolios.methods``).
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from jalon.api.lookups import resolve_user
from jalon.governance import selectors, services
from jalon.governance.packs import Pack
from jalon.governance.selectors import GateReview
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
                                     owner=resolve_user(c.owner, "conditions"),
                                     due_date=c.due_date) for c in payload.conditions]
    record = services.gate_decide(actor=request.user, gate=gate, decision=payload.decision,
                                  comment=payload.comment, conditions=conditions)
    gate.refresh_from_db()
    project = gate.phase.project
    project.refresh_from_db()
    return 201, DecisionOut(id=record.pk, gate=gate.pk, decision=record.decision,
                            comment=record.comment, gate_status=gate.status,
                            project_status=project.status)
