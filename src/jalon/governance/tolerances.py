"""A project's tolerances as they hold (its own, else its portfolio's, else its pack's), and the
live measures each one is judged on, from the figures computed elsewhere once: the estimate at
completion and the budget from finance's earned value, the forecast finish from the stored
schedule, the P80 finish from the latest Monte Carlo run, the approved plan from the latest
baseline, the open risks' scores from the register.

Conventions (docs/governance.md): time in calendar days of slip after the approved finish
(the latest baseline's last finish); cost as the estimate at completion (the manager's when
given, else BAC/CPI) over the budget at completion; scope as the change in the number of tasks
against the latest baseline, in percent; risk as the highest score of an open risk. A measure
that cannot be taken (no baseline, no status date, no run) is shown as such and never breaks.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.errors import NotFound, ValidationFailed
from jalon.finance.evm import project_performances
from jalon.governance import packs
from jalon.governance.models import (
    PortfolioTolerances,
    ProjectTolerances,
    ToleranceException,
)
from jalon.governance.selectors import pack_for
from jalon.planning.models import Baseline, BaselineTask, Task
from jalon.planning.selectors import schedules_for
from jalon.portfolios.models import Project
from jalon.risks.models import Risk, SimulationRun

Measure = ToleranceException.Measure

#: The tolerances by what they bound: a layer (pack, portfolio, project) that sets one field of a
#: group replaces the whole group of the layers below (a project's days replace its pack's
#: percentage); within one layer, the tighter of the two holds.
GROUPS = {"time": ("time_days", "time_percent"), "cost": ("cost_percent", "cost_amount"),
          "scope": ("scope_percent",), "risk": ("risk_score",)}

#: Where a tolerance comes from, in the order each overrides the one before.
SOURCES = ("pack", "portfolio", "project")


@dataclass(frozen=True)
class Tolerance:
    """One tolerance as it holds for a project: its value (None: none set) and where from."""

    value: float | None
    source: str  # one of SOURCES, "" when none is set


@dataclass(frozen=True)
class Effective:
    """A project's tolerances field by field, with the pack's words for scope and risk."""

    fields: dict[str, Tolerance]
    texts: dict[str, str]

    def value(self, name: str) -> float | None:
        return self.fields[name].value


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _pack_tolerances(project: Project, read: dict[tuple[int, str], dict[str, Any]]
                     ) -> dict[str, Any]:
    """The tolerances of the project's pack, each pack read once into ``read``."""
    key = (project.portfolio_id, project.methodology)
    if not project.methodology:
        return {}
    if key not in read:
        try:
            read[key] = pack_for(portfolio=project.portfolio, key=project.methodology).tolerances
        except (NotFound, ValidationFailed):  # a free label, or a pack a PMO broke: no defaults
            read[key] = {}
    return read[key]


def effective_tolerances(projects: Iterable[Project]) -> dict[int, Effective]:
    """Each project's tolerances: its own field, else its portfolio's, else its pack's."""
    projects = list(projects)
    by_portfolio = {t.portfolio_id: t for t in PortfolioTolerances.objects.filter(
        portfolio__in={p.portfolio_id for p in projects})}
    by_project = {t.project_id: t for t in ProjectTolerances.objects.filter(project__in=projects)}
    result = {}
    read: dict[tuple[int, str], dict[str, Any]] = {}
    for project in projects:
        pack = _pack_tolerances(project, read)
        layers = (pack, by_portfolio.get(project.portfolio_id), by_project.get(project.pk))
        fields = {}
        for names in GROUPS.values():  # the most specific layer setting a group holds it all
            held = {name: Tolerance(None, "") for name in names}
            for source, layer in zip(SOURCES, layers, strict=True):
                values = {name: layer.get(name) if isinstance(layer, dict)
                          else getattr(layer, name, None) for name in names}
                if any(v is not None for v in values.values()):
                    held = {name: Tolerance(_number(v), source if v is not None else "")
                            for name, v in values.items()}
            fields.update(held)
        texts = {k: pack[k] for k in packs.TOLERANCE_TEXTS if isinstance(pack.get(k), str)}
        result[project.pk] = Effective(fields=fields, texts=texts)
    return result


@dataclass(frozen=True)
class Reading:
    """One measure of a project against its tolerance: ``value`` and ``limit`` in the measure's
    unit (days, currency, percent, score), None when not measured (``note`` says why) or when no
    tolerance is set; ``breached`` when the value passes the limit."""

    measure: str
    value: float | None
    limit: float | None
    note: str = ""
    money: bool = False

    @property
    def breached(self) -> bool:
        return self.value is not None and self.limit is not None and self.value > self.limit

    @property
    def label(self) -> str:
        return str(Measure(self.measure).label)

    @property
    def unit(self) -> str:
        return UNITS[self.measure]


UNITS: dict[str, str] = {Measure.TIME: "days", Measure.TIME_P80: "days", Measure.COST: "amount",
         Measure.SCOPE: "percent", Measure.RISK: "score"}


def _tighter(*limits: float | None) -> float | None:
    given = [x for x in limits if x is not None]
    return min(given) if given else None


@dataclass(frozen=True)
class _Approved:
    start: datetime.date | None
    finish: datetime.date | None
    tasks: int


def _approved_plans(projects: list[Project]) -> dict[int, _Approved]:
    """The latest baseline of each project: its first start, last finish and task count."""
    latest: dict[int, int] = {}
    for pk, project_id in Baseline.objects.filter(project__in=projects).order_by(
            "project", "created_at", "pk").values_list("pk", "project_id"):
        latest[project_id] = pk  # the last one wins
    rows = BaselineTask.objects.filter(baseline__in=latest.values()).values("baseline").annotate(
        start=Min("start"), finish=Max("finish"), tasks=Count("pk"))
    by_baseline = {r["baseline"]: _Approved(r["start"], r["finish"], r["tasks"]) for r in rows}
    return {project_id: by_baseline.get(pk, _Approved(None, None, 0))
            for project_id, pk in latest.items()}


def _p80_finishes(projects: list[Project]) -> dict[int, datetime.date]:
    """The P80 finish date of each project's latest finished Monte Carlo run, where it has one."""
    found: dict[int, datetime.date] = {}
    for run in SimulationRun.objects.filter(project__in=projects,
                                            state=SimulationRun.State.DONE).order_by(
            "project", "-finished_at", "-pk").only("project_id", "result"):
        day = ((run.result or {}).get("finish") or {}).get("p80_date")
        if run.project_id not in found and day:
            found[run.project_id] = datetime.date.fromisoformat(day)
    return found


def _time_limit(tolerances: Effective, approved: _Approved | None) -> float | None:
    percent = tolerances.value("time_percent")
    by_percent = None
    if percent is not None and approved is not None and approved.start and approved.finish:
        by_percent = float(math.floor((approved.finish - approved.start).days * percent / 100))
    return _tighter(tolerances.value("time_days"), by_percent)


def _slip(finish: datetime.date | None, approved: _Approved | None, limit: float | None,
          measure: str, missing: str) -> Reading:
    if approved is None or approved.finish is None:
        return Reading(measure, None, limit, _("No baseline: no approved finish."))
    if finish is None:
        return Reading(measure, None, limit, missing)
    return Reading(measure, float((finish - approved.finish).days), limit)


def measure_readings(projects: Iterable[Project],
                     tolerances: dict[int, Effective] | None = None) -> dict[int, list[Reading]]:
    """Each project's measures against its tolerances, in the order of ``Measure``; a few reads
    whatever the number of projects."""
    projects = list(projects)
    tolerances = tolerances or effective_tolerances(projects)
    performances = {p.project.pk: p for p in project_performances(projects)}
    schedules = schedules_for(projects)
    approved = _approved_plans(projects)
    p80 = _p80_finishes(projects)
    task_counts = dict(Task.objects.filter(project__in=projects).values("project").annotate(
        n=Count("pk")).values_list("project", "n"))
    top_scores = dict(Risk.objects.filter(project__in=projects, status=Risk.Status.OPEN).values(
        "project").annotate(top=Max("score")).values_list("project", "top"))
    result = {}
    for project in projects:
        held, plan = tolerances[project.pk], approved.get(project.pk)
        time_limit = _time_limit(held, plan)
        schedule = schedules.get(project.pk)
        readings = [
            _slip(schedule.finish if schedule is not None else None, plan, time_limit,
                  Measure.TIME, _("The plan cannot be scheduled.")),
            _slip(p80.get(project.pk), plan, time_limit, Measure.TIME_P80,
                  _("No Monte Carlo simulation has run.")),
        ]
        performance = performances[project.pk]
        evm = performance.evm
        if not performance.available or evm is None:
            readings.append(Reading(Measure.COST, None, None, performance.reason, money=True))
        else:
            bac = float(evm.bac)
            manager = float(evm.eac_manager)
            eac = manager if not math.isnan(manager) else float(evm.eac_cpi)
            percent = held.value("cost_percent")
            limit = _tighter(held.value("cost_amount"),
                             None if percent is None else bac * percent / 100)
            readings.append(Reading(Measure.COST, None, limit,
                                    _("No cost performance yet (no actual cost)."), money=True)
                            if math.isnan(eac) else
                            Reading(Measure.COST, eac - bac, limit, money=True))
        if plan is None or not plan.tasks:
            readings.append(Reading(Measure.SCOPE, None, held.value("scope_percent"),
                                    _("No baseline: no approved plan.")))
        else:
            change = abs(task_counts.get(project.pk, 0) - plan.tasks) * 100 / plan.tasks
            readings.append(Reading(Measure.SCOPE, change, held.value("scope_percent")))
        top = top_scores.get(project.pk)
        readings.append(Reading(Measure.RISK, None if top is None else float(top),
                                held.value("risk_score"), _("No open risk.") if top is None
                                else ""))
        result[project.pk] = readings
    return result



@dataclass(frozen=True)
class ToleranceSheet:
    """What a reader sees of a project's tolerances: each measure now against its limit, money
    left out (``value`` and ``limit`` None, ``hidden``) for those who may not see costs."""

    tolerances: Effective
    readings: list[Reading]
    hidden: bool


def tolerance_sheet(*, user: Any, project: Project) -> ToleranceSheet:
    """The project's tolerances with the live measures, for a reader of the project."""
    perms.require_view(user, project)
    held = effective_tolerances([project])
    readings = measure_readings([project], held)[project.pk]
    hidden = not perms.can_see_costs(user, project)
    if hidden:
        readings = [Reading(r.measure, None, None, _("Not shown: money."), money=True)
                    if r.money else r for r in readings]
    return ToleranceSheet(tolerances=held[project.pk], readings=readings, hidden=hidden)
