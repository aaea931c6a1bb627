"""Money for the demo portfolio: budget lines, actual costs, KPI thresholds, an override and a
first KPI snapshot — all through the services.

Costs are not drawn at random: each started project spends, on every task it has progressed,
the value it earned times the project's *cost factor* (above 1: over budget). The RAG statuses
then follow from the figures: the ERP overspends and is late (red), the new head office is a
little late and over budget (amber), the CRM is on track (green), the suspended robot line is
far behind its plan (red), and so on.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jalon.demo.catalogue import STATUS_DATE
from jalon.finance import services
from jalon.finance.evm import project_performance
from jalon.portfolios.models import Portfolio, Project
from jalon.resources.models import Assignment, Resource

COST_FACTOR = {
    "NUM-ERP": Decimal("1.22"),      # integrator's extra days: CPI about 0.82
    "NUM-CRM": Decimal("0.97"),
    "NUM-CYBER": Decimal("1.03"),
    "LYON-ETUDES": Decimal("0.98"),
    "LYON-CONST": Decimal("1.08"),   # steel price rise: CPI about 0.93
    "USINE-MES": Decimal("1.01"),
    "USINE-ROBOT": Decimal("1.00"),
    "RSE-CSRD": Decimal("0.96"),
    "PMO-JALON": Decimal("1.12"),    # more training days than planned
}
CAPEX_PROGRAMMES = {"PRG-LYON", "PRG-USINE"}
OVERHEADS = {  # costs booked to no task: (share of the project's actual cost, description)
    "NUM-ERP": (Decimal("0.03"), "Frais de déplacement des consultants"),
    "LYON-CONST": (Decimal("0.02"), "Assurance dommages-ouvrage"),
}
MANAGER_FORECAST = {"NUM-ERP": Decimal("1.18"), "LYON-CONST": Decimal("1.06")}
OVERRIDE = ("USINE-ROBOT", "overall", "amber",
            "Suspension décidée en comité de portefeuille : le retard est voulu et le budget "
            "est gelé jusqu'à la décision sur la subvention France 2030.")
CATEGORY: dict[str, str] = {Resource.Kind.PERSON: "labour", Resource.Kind.EQUIPMENT: "equipment",
            Resource.Kind.MATERIAL: "material"}
CENT = Decimal("0.01")


def _money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _month_ends(first: date, last: date) -> list[date]:
    """The last day of each month from ``first`` to ``last``, ``last`` itself for the last."""
    days, day = [], first
    while True:
        following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        end = following - timedelta(days=1)
        if end >= last:
            days.append(last)
            return days
        days.append(end)
        day = following


def _categories(project: Project) -> dict[int, str]:
    """The cost category of each task: that of its costliest resource."""
    best: dict[int, tuple[Decimal, str]] = {}
    for a in Assignment.objects.filter(task__project=project).select_related("resource"):
        cost = a.work * a.resource.standard_rate
        if a.task_id not in best or cost > best[a.task_id][0]:
            best[a.task_id] = (cost, CATEGORY.get(a.resource.kind, "other"))
    return {task_id: category for task_id, (_, category) in best.items()}


def _expenditure(project: Project) -> str:
    programme = project.programme.code if project.programme else ""
    return "capex" if programme in CAPEX_PROGRAMMES else "opex"


def _budget(*, actor: Any, project: Project, categories: dict[int, str]) -> None:
    """Budget lines from the plan's cost by category, with contingency and reserve."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for a in Assignment.objects.filter(task__project=project).select_related("resource"):
        totals[categories.get(a.task_id, "other")] += a.work * a.resource.standard_rate \
            + a.resource.cost_per_use
    factor = MANAGER_FORECAST.get(project.code)
    for category, amount in sorted(totals.items()):
        if amount <= 0:
            continue
        services.budget_line_create(
            actor=actor, project=project, category=category,
            expenditure=_expenditure(project), description="Budget approuvé au lancement",
            approved=_money(amount), contingency=_money(amount * Decimal("0.08")),
            management_reserve=_money(amount * Decimal("0.05")),
            forecast=_money(amount * factor) if factor else None)


def _costs(*, actor: Any, project: Project, categories: dict[int, str]) -> None:
    """Cost entries: the value earned on each task times the project's cost factor, spread
    over the months the task was worked up to the status date."""
    performance = project_performance(project)
    if not performance.available or project.status_date is None:
        return
    factor = COST_FACTOR.get(project.code, Decimal("1"))
    expenditure = _expenditure(project)
    total = Decimal("0")
    for row in performance.tasks:
        ev = row.evm.get("ev") or 0.0
        task = row.task
        if row.is_summary or ev <= 0 or task.actual_start is None:
            continue
        last = min(task.actual_finish or project.status_date, project.status_date)
        months = _month_ends(task.actual_start, max(last, task.actual_start))
        amount = _money(Decimal(str(ev)) * factor)
        share = _money(amount / len(months))
        for i, day in enumerate(months):
            part = amount - share * (len(months) - 1) if i == len(months) - 1 else share
            if part <= 0:
                continue
            services.cost_entry_create(
                actor=actor, project=project, date=day, amount=part, task=task,
                category=categories.get(task.pk, "subcontracting"), expenditure=expenditure,
                description=f"{task.name} — {day:%m/%Y}")
        total += amount
    if project.code in OVERHEADS and total > 0:
        share, description = OVERHEADS[project.code]
        services.cost_entry_create(actor=actor, project=project, date=project.status_date,
                                   amount=_money(total * share), category="other",
                                   expenditure="opex", description=description)


def load(*, actor: Any, portfolio: Portfolio, projects: dict[str, Project]) -> None:
    """Add the demo's money and performance data (the projects are baselined and progressed)."""
    services.thresholds_update(actor=actor, portfolio=portfolio, spi_green=Decimal("0.95"),
                               spi_amber=Decimal("0.85"), cpi_green=Decimal("0.95"),
                               cpi_amber=Decimal("0.85"))
    for code, project in projects.items():
        project.refresh_from_db()
        categories = _categories(project)
        _budget(actor=actor, project=project, categories=categories)
        if code in COST_FACTOR:
            _costs(actor=actor, project=project, categories=categories)
    code, dimension, status, justification = OVERRIDE
    services.rag_override_set(actor=actor, project=projects[code], dimension=dimension,
                              status=status, justification=justification)
    services.kpi_snapshots_take(actor=actor, projects=[
        projects[code] for code in COST_FACTOR if projects[code].status_date == STATUS_DATE])
