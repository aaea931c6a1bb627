"""What the pages and the API show of an optimisation run's stored result: proposals and
resources by the names users know, the reasons in the reader's language, the use of each
resource per month against its limit (and its chart), scenarios side by side, and capacity
against demand by skill and month.

Nothing is computed here that the engine did not compute: this reads the stored result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from jalon.i18n import Message
from jalon.intake.capacity import SkillMonths, skill_months
from jalon.intake.models import OptimisationRun, Proposal, Scenario
from jalon.intake.selection import namer, resource_names, skill_resource
from jalon.resources.charts import Histogram, histogram
from jalon.resources.loading import Bucket
from jalon.resources.models import Skill

__all__ = ["Comparison", "Demand", "Outcome", "compare", "demand", "outcome"]


@dataclass(frozen=True)
class Usage:
    """One resource: its name, use and limit per month (as loading buckets), and the chart."""

    resource: str
    name: str
    buckets: list[Bucket]
    chart: Histogram | None


@dataclass(frozen=True)
class Outcome:
    """A selection run's result as the result page shows it."""

    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    selected: list[tuple[Proposal | None, str, date, list[str]]]
    rejected: list[tuple[Proposal | None, str, list[str]]]
    conflict: list[str]
    left_out: list[str]
    usage: list[Usage]
    months: list[date]


def _buckets(months: list[date], used: list[float], limit: list[float]) -> list[Bucket]:
    ends = [*months[1:], _next_month(months[-1])] if months else []
    return [Bucket(first, end - timedelta(days=1), float(u), float(c))
            for first, end, u, c in zip(months, ends, used, limit, strict=True)]


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def outcome(run: OptimisationRun) -> Outcome:
    """The stored result of a finished best-selection ``run``."""
    result: dict[str, Any] = run.result or {}
    months = [date.fromisoformat(m) for m in result.get("months", [])]
    resources = resource_names(list(result.get("limits", {})))
    names = namer(portfolio_id=run.scenario.portfolio_id, resources=resources)
    proposals = {p.code: p for p in Proposal.objects.filter(portfolio=run.scenario.portfolio)}

    def said(items: list[dict[str, Any]]) -> list[str]:
        return [Message.from_json(item).named(names).render() for item in items]

    usage = []
    for ident, limit in result.get("limits", {}).items():
        buckets = _buckets(months, result["usage"].get(ident, [0.0] * len(limit)), limit)
        usage.append(Usage(ident, resources[ident], buckets,
                           histogram(buckets, "month", subject=resources[ident])))
    return Outcome(
        result.get("status", ""), result.get("objective"), result.get("bound"),
        result.get("gap"),
        [(proposals.get(s["code"]), s["code"], date.fromisoformat(s["month"]),
          said(s.get("notes", []))) for s in result.get("selected", [])],
        [(proposals.get(r["code"]), r["code"], said(r["reasons"]))
         for r in result.get("rejected", [])],
        said(result.get("conflict", [])), said(result.get("left_out", [])), usage, months)


# --- side by side ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Comparison:
    """Scenarios side by side (their latest selections): whether each proposal is in, the
    value, and the total use of each resource over the horizon."""

    scenarios: list[Scenario]
    runs: list[OptimisationRun | None]
    proposals: list[tuple[Proposal, list[date | None]]]
    values: list[float | None]
    resources: list[tuple[str, list[float | None]]]


def compare(scenarios: list[Scenario], runs: list[OptimisationRun | None]) -> Comparison:
    """``scenarios`` side by side, each with its latest selection ``runs`` (None: not run)."""
    results = [run.result if run is not None else None for run in runs]
    chosen = [{s["code"]: date.fromisoformat(s["month"]) for s in r["selected"]} if r else {}
              for r in results]
    codes = sorted({code for c in chosen for code in c} | {
        r["code"] for result in results if result for r in result["rejected"]})
    proposals = {p.code: p for p in Proposal.objects.filter(
        portfolio__in={s.portfolio_id for s in scenarios}, code__in=codes)}
    idents = list(dict.fromkeys(i for r in results if r for i in r["limits"]))
    names = resource_names(idents)
    return Comparison(
        scenarios, runs,
        [(proposals[code], [c.get(code) for c in chosen]) for code in codes if code in proposals],
        [r["objective"] if r else None for r in results],
        [(names[i], [sum(r["usage"].get(i, [])) if r else None for r in results])
         for i in idents])


# --- capacity against demand ---------------------------------------------------------------

@dataclass(frozen=True)
class Demand:
    """Per skill and month: the pool's capacity, the running projects' load, and what the
    scenario's selected proposals add (hours); ``rows`` pair each skill with its buckets
    (demand = running + selected)."""

    months: list[date]
    rows: list[tuple[Skill, list[Bucket]]] = field(default_factory=list)


def demand(scenario: Scenario, run: OptimisationRun | None) -> Demand:
    """Capacity against demand by skill and month for ``scenario``'s horizon: running projects
    plus the selection of ``run`` (its usage of each skill, as the engine computed it)."""
    skills = list(Skill.objects.filter(resources__isnull=False).distinct().order_by("name"))
    pool: SkillMonths = skill_months(skills=skills, first=scenario.first_month,
                                     months=scenario.months)
    usage = (run.result or {}).get("usage", {}) if run is not None else {}
    rows = []
    for s, skill in enumerate(skills):
        added = usage.get(skill_resource(skill.pk), [0.0] * scenario.months)
        total = [float(a + b) for a, b in zip(pool.load[s].tolist(), added, strict=True)]
        rows.append((skill, _buckets(pool.months, total, pool.capacity[s].tolist())))
    return Demand(pool.months, rows)

