"""What a status report shows at the project's status date, gathered from the stored results
and the other apps' reads — never computed here (one number, one definition):

- **RAG**: the effective statuses of the finance tab (computed against the portfolio's
  thresholds, the PMO's overrides applied), per dimension and overall
  (``jalon.finance.evm.project_performance``).
- **Key figures**: EV, PV, AC, CPI, SPI, SPI(t), EAC (= BAC / CPI, the finance tab's first) and
  VAC, from the same performance.
- **Milestones**: achieved in the period and the next ones coming, each with its finish variance
  against the baseline the finance figures use (working days, positive = late,
  ``planning.scheduling.baseline_comparison``) and its dates from the stored schedule.
- **Risks and issues**: the open risks of highest score, the open issues of highest severity.
- **Resource hotspots**: the over-allocations, from the status date on, of the resources this
  project's tasks load (``resources.loading.compute_loading`` over every scheduled project, as
  the finance over-allocation KPI counts them); only this project's tasks are named.
- **Decisions needed**: whatever the figure ``"decisions"`` gives
  (``portfolios.figures``), a list of ``{"title", "kind", "due"}`` per project — the hook for
  governance's open changes and decisions; empty while nothing provides it.

The result is JSON-ready (dates as ISO strings, undefined numbers as ``None``, codes rather than
labels, so that a snapshot reads in the reader's language): it is what publishing freezes in
:attr:`StatusReport.snapshot`.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from jalon.engine.kpis import registry
from jalon.errors import JalonError
from jalon.finance.evm import Performance, project_performance
from jalon.planning.models import Baseline, Task
from jalon.planning.scheduling import baseline_comparison
from jalon.planning.selectors import schedule_or_error
from jalon.portfolios.figures import figures_of
from jalon.portfolios.models import Project
from jalon.resources.loading import compute_loading
from jalon.risks.models import Issue, Risk
from jalon.risks.services import matrix_config_for

VERSION = 1
"""Bumped when the shape of the figures changes; a snapshot keeps the version it was made with."""
TOP = 5
"""How many risks, issues and coming milestones a report lists."""
HOTSPOTS = 10
KEY_FIGURES = ("ev", "pv", "ac", "cpi", "spi", "spi_t", "eac", "vac")
SEVERITY_ORDER: dict[str, int] = {Issue.Severity.CRITICAL: 0, Issue.Severity.HIGH: 1,
                                   Issue.Severity.MEDIUM: 2, Issue.Severity.LOW: 3}
RANK = {"red": 0, "amber": 1, "green": 2}


def _number(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _key_figures(performance: Performance) -> dict[str, float | None]:
    evm, es = performance.evm, performance.es
    if not performance.available or evm is None:
        return dict.fromkeys(KEY_FIGURES)
    return {"ev": _number(evm.ev), "pv": _number(evm.pv), "ac": _number(evm.ac),
            "cpi": _number(evm.cpi), "spi": _number(evm.spi),
            "spi_t": _number(es.spi_t) if es is not None else None,
            "eac": _number(evm.eac_cpi), "vac": _number(evm.vac)}


def _rag(performance: Performance) -> dict[str, str]:
    keys = (*registry().dimensions, "overall")
    return {key: performance.effective.get(key, "") for key in keys}


def _milestones(project: Project, baseline: Baseline | None, start: date,
                end: date) -> dict[str, list[dict[str, Any]]]:
    """Achieved in ``start``-``end`` (complete, finished in the period) and the next coming."""
    tasks = list(Task.objects.filter(project=project, is_milestone=True))
    if not tasks:
        return {"achieved": [], "coming": []}
    schedule, _error = schedule_or_error(project)
    planned: dict[int, date | None] = {}
    variances: dict[int, float | None] = {}
    if baseline is not None:
        planned = {row.task_id: row.finish for row in baseline.tasks.all() if row.task_id}
        try:
            comparison = baseline_comparison(project, baseline)
        except JalonError:
            comparison = None
        if comparison is not None:
            variances = {int(key): v.finish_variance
                         for key, v in comparison.activities.items()}
    achieved, coming = [], []
    for task in tasks:
        dates = schedule.tasks.get(task.pk) if schedule is not None else None
        finish = task.actual_finish or (dates.finish if dates is not None else None)
        row = {"task": str(task), "finish": _day(finish),
               "baseline_finish": _day(planned.get(task.pk)),
               "slip": _number(variances.get(task.pk))}
        if task.percent_complete >= 100:
            if finish is not None and start <= finish <= end:
                achieved.append(row)
        else:
            coming.append(row)
    achieved.sort(key=lambda r: r["finish"] or "")
    coming.sort(key=lambda r: (r["finish"] is None, r["finish"] or ""))
    return {"achieved": achieved, "coming": coming[:TOP]}


def _risks(project: Project) -> list[dict[str, Any]]:
    matrix = matrix_config_for(project.portfolio)
    risks = (Risk.objects.filter(project=project, status=Risk.Status.OPEN)
             .order_by("-score", "number")[:TOP])
    return [{"reference": risk.reference, "title": risk.title,
             "kind": risk.kind, "score": risk.score,
             "level": matrix.level(risk.score)} for risk in risks]


def _issues(project: Project) -> list[dict[str, Any]]:
    issues = Issue.objects.filter(project=project, status__in=[Issue.Status.OPEN,
                                                               Issue.Status.IN_PROGRESS])
    chosen = sorted(issues, key=lambda i: (SEVERITY_ORDER.get(i.severity, 9),
                                           i.due_date or date.max, i.pk))[:TOP]
    return [{"title": issue.title, "severity": issue.severity, "due": _day(issue.due_date)}
            for issue in chosen]


def _hotspots(project: Project, since: date) -> list[dict[str, Any]]:
    projects = list(Project.objects.filter(planned_start__isnull=False)
                    .select_related("calendar"))
    if not any(p.pk == project.pk for p in projects):
        return []
    loading = compute_loading(projects, first=since)
    rows = []
    for over in loading.over_allocations:
        own = [ref.name for ref in over.tasks if ref.project_id == project.pk]
        if own:
            rows.append({"resource": over.resource.name, "first": _day(over.first),
                         "last": _day(over.last), "excess": _number(over.excess),
                         "tasks": own})
    return rows[:HOTSPOTS]


def prefill(project: Project, *, period_start: date, period_end: date) -> dict[str, Any]:
    """The figures of a status report of ``project`` for the period ``period_start`` -
    ``period_end`` (inclusive), at the project's status date (see the module docstring)."""
    performance = project_performance(project)
    status = project.status_date
    return {
        "version": VERSION,
        "status_date": _day(status),
        "available": performance.available,
        "baseline": performance.baseline.name if performance.baseline is not None else "",
        "currency": project.currency,
        "rag": _rag(performance),
        "figures": _key_figures(performance),
        "milestones": _milestones(project, performance.baseline, period_start, period_end),
        "risks": _risks(project),
        "issues": _issues(project),
        "hotspots": _hotspots(project, status or period_end),
        "decisions": list(figures_of("decisions", [project]).get(project.pk, [])),
    }


def trends(current: dict[str, str], previous: dict[str, str] | None) -> dict[str, str]:
    """Per dimension (and overall), ``"better"``, ``"worse"`` or ``"same"`` since ``previous``
    (the previous published report's statuses); ``""`` when either was not assessed."""
    result = {}
    for key, status in current.items():
        before = (previous or {}).get(key, "")
        if status not in RANK or before not in RANK:
            result[key] = ""
        elif RANK[status] == RANK[before]:
            result[key] = "same"
        else:
            result[key] = "better" if RANK[status] > RANK[before] else "worse"
    return result
