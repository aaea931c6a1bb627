"""Reads of governance, limited to what the user may see: the methodologies offered, a
project's phases and gates with their criteria evaluated now, and a portfolio's gate calendar."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, QuerySet
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.errors import NotFound
from jalon.governance import packs
from jalon.governance.checks import Evaluation, Facts, evaluate
from jalon.governance.models import (
    Criterion,
    Gate,
    LifecycleOverride,
    MethodPack,
    Phase,
    ProjectDocument,
    ProjectRole,
    ProjectTemplate,
    ToleranceException,
)
from jalon.planning.selectors import schedules_for
from jalon.portfolios.models import Portfolio, Project
from jalon.querying import get_visible


def pack_for(*, portfolio: Portfolio | None, key: str) -> packs.Pack:
    """The pack ``key`` as the portfolio follows it: its PMO's adapted copy, else the shipped one."""
    if portfolio is not None:
        adapted = MethodPack.objects.filter(portfolio=portfolio, key=key).first()
        if adapted is not None:
            return packs.read_pack(adapted.data, source=f"{portfolio.code} · {key}")
    if key not in packs.SHIPPED:
        raise NotFound(_("Unknown methodology “%(key)s”.") % {"key": key})
    return packs.shipped_pack(key)


def method_pack_get(*, user: Any, pk: Any) -> MethodPack:
    """A portfolio's adapted pack, for those who see the portfolio."""
    return get_visible(MethodPack.objects.select_related("portfolio").filter(
        portfolio__in=perms.visible_portfolios(user)), pk)


def methodology_list(*, portfolio: Portfolio | None = None) -> list[packs.Pack]:
    """Every methodology offered, as ``portfolio`` adapted them (the shipped packs without one)."""
    return [pack_for(portfolio=portfolio, key=key) for key in packs.SHIPPED]


def methodology_choices(portfolio: Portfolio) -> list[tuple[str, str]]:
    """(key, name) of the methodologies a new project of ``portfolio`` may follow."""
    return [(pack.key, str(pack.name)) for pack in methodology_list(portfolio=portfolio)]


def _gates() -> QuerySet[Gate]:
    return Gate.objects.select_related("phase__project", "milestone").prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("position")))


def gate_list(*, user: Any, project: Project) -> QuerySet[Gate]:
    perms.require_view(user, project)
    return _gates().filter(phase__project=project).order_by("phase__position")


def gate_get(*, user: Any, pk: Any) -> Gate:
    return get_visible(_gates().filter(phase__project__in=perms.visible_projects(user)), pk)


def criterion_get(*, user: Any, pk: Any) -> Criterion:
    return get_visible(Criterion.objects.select_related("gate__phase__project").filter(
        gate__phase__project__in=perms.visible_projects(user)), pk)


def document_get(*, user: Any, pk: Any) -> ProjectDocument:
    return get_visible(ProjectDocument.objects.select_related("phase__project").filter(
        phase__project__in=perms.visible_projects(user)), pk)


def role_get(*, user: Any, pk: Any) -> ProjectRole:
    return get_visible(ProjectRole.objects.select_related("project").filter(
        project__in=perms.visible_projects(user)), pk)


def role_list(*, user: Any, project: Project) -> QuerySet[ProjectRole]:
    perms.require_view(user, project)
    return project.method_roles.select_related("holder")


def phase_list(*, user: Any, project: Project) -> QuerySet[Phase]:
    perms.require_view(user, project)
    return project.phases.prefetch_related("documents").select_related("gate")


def override_list(*, user: Any, project: Project) -> QuerySet[LifecycleOverride]:
    perms.require_view(user, project)
    return project.lifecycle_overrides.select_related("phase", "decided_by")


@dataclass(frozen=True)
class GateReview:
    """A gate with each of its criteria evaluated now."""

    gate: Gate
    criteria: list[tuple[Criterion, Evaluation]]

    @property
    def unmet_mandatory(self) -> list[Criterion]:
        return [c for c, e in self.criteria if c.mandatory and not e.met]


def gate_review(gate: Gate, facts: Facts | None = None) -> GateReview:
    """``gate`` with its criteria evaluated from the data now (``facts`` shared across a
    project's gates)."""
    facts = facts or Facts(gate.phase.project)
    return GateReview(gate=gate, criteria=[(c, evaluate(facts, gate, c))
                                           for c in gate.criteria.all()])


def gate_reviews(gates: list[Gate]) -> list[GateReview]:
    """Reviews of gates of one or several projects, reading each project's data once."""
    facts: dict[int, Facts] = {}
    return [gate_review(g, facts.setdefault(g.phase.project_id, Facts(g.phase.project)))
            for g in gates]


@dataclass(frozen=True)
class CalendarEntry:
    gate: Gate
    date: datetime.date | None


def gate_calendar(*, user: Any, portfolio: Portfolio) -> list[CalendarEntry]:
    """The portfolio's gates awaiting a decision, by date: the gate milestone's scheduled finish,
    else the gate's expected date; undated gates last."""
    perms.require_view(user, portfolio)
    gates = [g for g in _gates().filter(
        phase__project__in=perms.visible_projects(user).filter(portfolio=portfolio))
        .exclude(phase__project__status__in=[Project.Status.CLOSED, Project.Status.CANCELLED])
        if g.is_open]
    schedules = schedules_for({g.phase.project for g in gates if g.milestone_id is not None})
    entries = []
    for gate in gates:
        day = gate.planned_date
        schedule = schedules.get(gate.phase.project_id)
        if gate.milestone_id is not None and schedule is not None:
            dates = schedule.tasks.get(gate.milestone_id)
            day = dates.finish if dates is not None else day
        entries.append(CalendarEntry(gate=gate, date=day))
    return sorted(entries, key=lambda e: (e.date is None, e.date or datetime.date.min,
                                          e.gate.phase.project.code, e.gate.phase.position))


# --- exceptions and templates ----------------------------------------------------------------

def _exceptions() -> QuerySet[ToleranceException]:
    return ToleranceException.objects.select_related("project__portfolio", "reported_by",
                                                     "decided_by")


def exception_get(*, user: Any, pk: Any) -> ToleranceException:
    return get_visible(_exceptions().filter(project__in=perms.visible_projects(user)), pk)


def exception_list(*, user: Any, project: Project) -> QuerySet[ToleranceException]:
    """The project's exceptions, open ones first, then the latest."""
    perms.require_view(user, project)
    return _exceptions().filter(project=project).order_by(
        F("resolved_at").desc(nulls_first=True), "-raised_at", "-pk")


def open_exceptions(*, user: Any, portfolio: Portfolio) -> QuerySet[ToleranceException]:
    """The open exceptions of the portfolio's projects the user sees, the oldest first."""
    perms.require_view(user, portfolio)
    return _exceptions().filter(
        project__in=perms.visible_projects(user).filter(portfolio=portfolio),
        resolved_at=None).order_by("raised_at", "pk")


def open_exceptions_of(projects: list[Project]) -> dict[int, list[ToleranceException]]:
    """Each project's open exceptions (the ``exceptions`` figure of ``portfolios.figures``)."""
    found: dict[int, list[ToleranceException]] = {}
    for exception in _exceptions().filter(project__in=projects, resolved_at=None).order_by(
            "raised_at", "pk"):
        found.setdefault(exception.project_id, []).append(exception)
    return found


def template_list(*, user: Any, portfolio: Portfolio) -> QuerySet[ProjectTemplate]:
    perms.require_view(user, portfolio)
    return ProjectTemplate.objects.filter(portfolio=portfolio).select_related("created_by")


def template_choices(portfolio: Portfolio) -> list[tuple[int, str]]:
    """(id, name) of the templates a new project of ``portfolio`` may start from."""
    return list(ProjectTemplate.objects.filter(portfolio=portfolio).values_list("pk", "name"))
