"""What a report pack says, gathered once for a scope (a portfolio, a programme or a project)
at a status date; the PDF, PowerPoint and Excel renderers all draw from this one object.

Every figure is read from the selectors the pages read — earned value, KPIs and RAG from
``jalon.finance`` (the KPI dashboard's), risks and their heat map from ``jalon.risks``,
over-allocations from ``jalon.resources.loading``, dates from the stored schedules of
``jalon.planning`` — never recomputed here: one number, one definition.

The content holds codes (RAG ``"green"``...), numbers and dates, not sentences: the renderers
word them in the reader's language. Money (KPIs, budgets) is left out for a reader who may not
see costs (a team member), as on the pages.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.engine.kpis import DIMENSIONS, NOT_ASSESSED
from jalon.finance import selectors as finance
from jalon.finance.evm import Performance, RollUp
from jalon.planning.models import Baseline, BaselineTask, Task
from jalon.planning.selectors import schedules_for
from jalon.portfolios.models import Portfolio, Programme, Project
from jalon.resources.loading import loading_for
from jalon.risks import selectors as risks
from jalon.risks.models import Risk
from jalon.statusreports.selectors import latest_published
from jalon.web.charts import short_date

__all__ = ["Scope", "PackContent", "pack_content"]

Scope = Portfolio | Programme | Project

TOP_RISKS = 10
"""The risks a pack lists, highest score first (the heat map counts them all)."""
TOP_HOTSPOTS = 10
"""The over-allocations a pack lists, largest excess first."""

ROADMAP_PAST = timedelta(days=30)
ROADMAP_AHEAD = timedelta(days=90)
"""The roadmap's window around the status date: milestones finished in the last 30 days and
those due in the next 90, besides every overdue one (a pack is read in five minutes; the
plans have the rest)."""

KPI_KEYS = ("bac", "pv", "ev", "ac", "sv", "cv", "cpi", "spi", "spi_t", "eac", "etc", "vac")
"""The KPI table's columns, in order; ``eac`` is EAC = BAC / CPI, the dashboard's."""


@dataclass(frozen=True)
class ProjectLine:
    """A project of the pack with its RAG (``statuses``: each dimension and ``"overall"``, the
    effective status — a person's override in place of the computed one; ``""``: not
    assessed) and, when the reader may see money, its figures by :data:`KPI_KEYS` (None: not
    computable)."""

    code: str
    name: str
    programme: str
    manager: str
    status_date: date | None
    statuses: dict[str, str]
    figures: dict[str, float | None]
    currency: str
    value: float = 0.0
    risk_exposure: float | None = None


@dataclass(frozen=True)
class MilestoneLine:
    """A milestone of a project: its finish in the project's first baseline (None without
    one), its forecast finish (the stored schedule's, inclusive) and its actual finish when
    done; ``overdue`` when not done and forecast before the pack's status date. The roadmap
    keeps those of :data:`ROADMAP_PAST` and :data:`ROADMAP_AHEAD`, and every overdue one."""

    project: str
    task: str
    baseline: date | None
    forecast: date | None
    actual: date | None
    overdue: bool


@dataclass(frozen=True)
class RiskLine:
    project: str
    number: int
    title: str
    kind: str
    probability: int
    impact: int
    score: int
    level: str
    owner: str


@dataclass(frozen=True)
class HeatCell:
    """One cell of the heat map: its probability and impact levels, how many open risks sit
    there, and the matrix's level for it (``"low"``, ``"medium"``, ``"high"``)."""

    probability: int
    impact: int
    count: int
    level: str


@dataclass(frozen=True)
class Hotspot:
    """A resource asked for more than its capacity from ``first`` to ``last`` (inclusive);
    ``excess`` in units (people) at the worst day; the projects whose tasks ask for it."""

    resource: str
    first: date
    last: date
    excess: float
    projects: tuple[str, ...]


@dataclass(frozen=True)
class Exception_:
    """Something the reader may need to act on: ``kind`` is ``"red"`` (a project whose
    overall status is red), ``"milestone"`` (a milestone past its forecast finish and not
    done) or ``"overallocation"``; ``subject`` names it as users do, ``detail`` is a figure
    or a date to show beside it."""

    kind: str
    project: str
    subject: str
    detail: Any = None


@dataclass(frozen=True)
class Commentary:
    """A project's latest published status report: its period and its project manager's
    commentary (achievements, next period, help needed), as one text."""

    project: str
    period: str
    text: str


@dataclass
class PackContent:
    """Everything a pack shows, computed once.

    ``level`` is ``"portfolio"``, ``"programme"`` or ``"project"``; ``money`` says whether the
    reader may see costs (else ``total`` is None, ``figures`` of the projects are empty and
    ``budget`` is not shown). ``total`` is the scope's roll-up (:data:`KPI_KEYS`, the
    dashboard's), ``counts`` tallies the projects by overall status.
    """

    level: str
    code: str
    name: str
    status_date: date
    generated_at: Any
    money: bool
    projects: list[ProjectLine] = field(default_factory=list)
    total: dict[str, float | None] | None = None
    counts: dict[str, int] = field(default_factory=dict)
    roadmap: dict[str, list[MilestoneLine]] = field(default_factory=dict)
    top_risks: list[RiskLine] = field(default_factory=list)
    heat_map: list[list[HeatCell]] = field(default_factory=list)
    impact_labels: list[str] = field(default_factory=list)
    probability_labels: list[str] = field(default_factory=list)
    open_risks: int = 0
    hotspots: list[Hotspot] = field(default_factory=list)
    exceptions: list[Exception_] = field(default_factory=list)
    commentary: list[Commentary] = field(default_factory=list)
    by_objectives: bool = False
    """Whether the projects' ``value`` is the weight of the strategic objectives they serve
    (else their priority), as on the KPI dashboard's bubble chart."""

    @property
    def dimensions(self) -> tuple[str, ...]:
        return DIMENSIONS


def _plain(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _figures(evm: Any, kpis: dict[str, float], es: Any) -> dict[str, float | None]:
    if evm is None:
        return dict.fromkeys(KPI_KEYS)
    return {"bac": _plain(evm.bac), "pv": _plain(evm.pv), "ev": _plain(evm.ev),
            "ac": _plain(evm.ac), "sv": _plain(evm.sv), "cv": _plain(evm.cv),
            "cpi": _plain(kpis.get("cpi", evm.cpi)), "spi": _plain(kpis.get("spi", evm.spi)),
            "spi_t": _plain(kpis.get("spi_t", es.spi_t if es is not None else None)),
            "eac": _plain(evm.eac_cpi), "etc": _plain(evm.etc), "vac": _plain(evm.vac)}


def _projects(user: Any, scope: Scope) -> list[Project]:
    qs = perms.visible_projects(user).select_related("portfolio", "programme",
                                                     "project_manager", "calendar")
    if isinstance(scope, Portfolio):
        qs = qs.filter(portfolio=scope)
    elif isinstance(scope, Programme):
        qs = qs.filter(programme=scope)
    else:
        qs = qs.filter(pk=scope.pk)
    return list(qs.order_by("programme__code", "code"))


def _performances(user: Any, scope: Scope) -> tuple[dict[int, Performance], RollUp | None]:
    """The dashboard's performances of the scope's projects and the scope's roll-up."""
    if isinstance(scope, Project):
        return {scope.pk: finance.performance(user=user, project=scope)}, None
    board = (finance.dashboard(user=user, portfolio=scope) if isinstance(scope, Portfolio)
             else finance.dashboard(user=user, programme=scope))
    rollups = board.portfolios if isinstance(scope, Portfolio) else board.programmes
    total = next((r for r in rollups if r.target.pk == scope.pk), None)
    return {p.project.pk: p for p in board.projects}, total


def _baseline_finishes(projects: list[Project]) -> dict[int, date]:
    """Each milestone's finish in its project's first baseline (the one KPIs compare to)."""
    first: dict[int, int] = {}
    for project_id, baseline_id in (Baseline.objects.filter(project__in=projects)
                                    .order_by("-created_at", "-id")
                                    .values_list("project_id", "id")):
        first[project_id] = baseline_id  # the last seen is the earliest
    return {task: finish for task, finish in BaselineTask.objects.filter(
        baseline_id__in=first.values(), task__is_milestone=True).values_list("task_id", "finish")
        if task is not None and finish is not None}


def _milestones(projects: list[Project], status_date: date) -> dict[str, list[MilestoneLine]]:
    schedules = schedules_for(projects)
    planned = _baseline_finishes(projects)
    roadmap: dict[str, list[MilestoneLine]] = defaultdict(list)
    names = {p.pk: p for p in projects}
    for task in (Task.objects.filter(project__in=projects, is_milestone=True)
                 .order_by("project__code", "wbs_code")):
        project = names[task.project_id]
        schedule = schedules.get(project.pk)
        dates = schedule.tasks.get(task.pk) if schedule is not None else None
        forecast = dates.finish if dates is not None else None
        actual = task.actual_finish
        overdue = actual is None and forecast is not None and forecast < status_date
        when = actual or forecast
        if not overdue and (when is None or not (status_date - ROADMAP_PAST <= when
                                                 <= status_date + ROADMAP_AHEAD)):
            continue
        programme = project.programme.code if project.programme is not None else ""
        roadmap[programme].append(MilestoneLine(project.code, str(task), planned.get(task.pk),
                                                forecast, actual, overdue))
    for lines in roadmap.values():
        lines.sort(key=lambda m: (m.actual or m.forecast or date.max, m.project))
    return dict(sorted(roadmap.items()))


def _risks(user: Any, scope: Scope, content: PackContent) -> None:
    if isinstance(scope, Portfolio):
        register = risks.risk_list(user=user, portfolio=scope)
    elif isinstance(scope, Programme):
        register = risks.risk_list(user=user, programme=scope)
    else:
        register = risks.risk_list(user=user, project=scope)
    heat = risks.matrix(user=user, risks=register, portfolio=scope.portfolio
                        if not isinstance(scope, Portfolio) else scope)
    content.open_risks = heat.total
    content.impact_labels = [label for _level, label in heat.impact_labels]
    content.probability_labels = [label for _level, label, _cells in heat.rows]
    content.heat_map = [[HeatCell(p, cell["impact"], cell["count"], cell["level"])
                         for cell in cells] for p, _label, cells in heat.rows]
    config = heat.config
    content.top_risks = [
        RiskLine(risk.project.code, risk.number, risk.title, risk.kind, risk.probability,
                 risk.impact, risk.score, config.level(risk.score),
                 risk.owner.get_full_name() or risk.owner.username if risk.owner else "")
        for risk in register.filter(status=Risk.Status.OPEN)[:TOP_RISKS]]


def _hotspots(user: Any, scope: Scope, projects: list[Project]) -> list[Hotspot]:
    portfolio = scope if isinstance(scope, Portfolio) else scope.portfolio
    loading = loading_for(user=user, portfolio=portfolio)
    codes = {p.code for p in projects}
    found = []
    for row in loading.over_allocations:
        mine = tuple(sorted({t.project_code for t in row.tasks} & codes))
        if mine:
            found.append(Hotspot(row.resource.name, row.first, row.last, row.excess, mine))
    found.sort(key=lambda h: (-h.excess, h.first, h.resource))
    return found


def _exceptions(content: PackContent) -> list[Exception_]:
    found = [Exception_("red", p.code, p.name) for p in content.projects
             if p.statuses.get("overall") == "red"]
    found += [Exception_("milestone", m.project, m.task, m.forecast)
              for lines in content.roadmap.values() for m in lines if m.overdue]
    found += [Exception_("overallocation", ", ".join(h.projects), h.resource, h.first)
              for h in content.hotspots]
    return found


def status_report_commentary(*, user: Any, projects: list[Project],
                             status_date: date) -> list[Commentary]:
    """The commentary of each project's latest status report published for a period that
    started by ``status_date`` (``projects`` are those ``user`` may see), by project code."""
    reports = latest_published(projects=projects, on_or_before=status_date)
    found = []
    for project in sorted(projects, key=lambda p: p.code):
        report = reports.get(project.pk)
        if report is None:
            continue
        parts = [(_("Achievements: %(text)s"), report.achievements),
                 (_("Next period: %(text)s"), report.next_period),
                 (_("Help needed: %(text)s"), report.help_needed)]
        text = "\n".join(line % {"text": value.strip()} for line, value in parts if value.strip())
        found.append(Commentary(
            project=project.code,
            period=f"{short_date(report.period_start)} – {short_date(report.period_end)}",
            text=text))
    return found


def pack_content(*, user: Any, scope: Scope, status_date: date | None = None) -> PackContent:
    """Gather the pack of ``scope`` as ``user`` may see it.

    ``status_date`` dates the pack and judges the milestones (overdue: forecast finish before
    it and not done); it defaults to the latest status date of the scope's projects (today
    when none has one). The figures are each project's at its own status date, as the KPI
    dashboard shows them.

    Raises ``NotFound`` when the user may not see the scope.
    """
    perms.require_view(user, scope)
    projects = _projects(user, scope)
    if status_date is None:
        dates = [p.status_date for p in projects if p.status_date is not None]
        status_date = max(dates) if dates else timezone.localdate()
    money = perms.can_see_costs(user, scope)
    content = PackContent(level=perms.scope_level(scope) or "", code=scope.code, name=scope.name,
                          status_date=status_date, generated_at=timezone.now(), money=money)
    performances: dict[int, Performance] = {}
    overall: dict[int, str] = {}
    if money:
        performances, total = _performances(user, scope)
        if total is not None:
            content.total = _figures(total.evm, total.kpis, total.es)
    else:
        # the overall status only, as the portfolio Gantt shows it to everyone
        overall = finance.overall_statuses(projects)
    values, content.by_objectives = finance.strategic_values(projects)
    for project in projects:
        performance = performances.get(project.pk)
        if performance is not None:
            statuses = {d: performance.effective.get(d, NOT_ASSESSED)
                        for d in (*DIMENSIONS, "overall")}
            figures = _figures(performance.evm, performance.kpis, performance.es)
        else:
            statuses = dict.fromkeys(DIMENSIONS, NOT_ASSESSED)
            statuses["overall"] = overall.get(project.pk, NOT_ASSESSED)
            figures = {}
        manager = project.project_manager
        content.projects.append(ProjectLine(
            project.code, project.name,
            project.programme.code if project.programme is not None else "",
            (manager.get_full_name() or manager.username) if manager is not None else "",
            project.status_date, statuses, figures, project.currency,
            values.get(project.pk, 0.0),
            _plain(performance.risk_exposure) if performance is not None else None))
    counts: dict[str, int] = defaultdict(int)
    for line in content.projects:
        counts[line.statuses["overall"]] += 1
    content.counts = dict(counts)
    content.roadmap = _milestones(projects, status_date)
    _risks(user, scope, content)
    content.hotspots = _hotspots(user, scope, projects)[:TOP_HOTSPOTS]
    content.exceptions = _exceptions(content)
    content.commentary = status_report_commentary(user=user, projects=projects,
                                                  status_date=status_date)
    return content
