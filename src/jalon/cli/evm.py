"""``jalon evm``: earned value, earned schedule and KPIs, of a project file or of four figures.

Two uses::

    jalon evm plan.yaml --status-date 2026-03-31 [--baseline NAME] [--period month] [--format json]
    jalon evm --bac 100 --pv 70 --ev 50 --ac 70 [--pv-curve 10,30,70,100 --at 3] [--format json]

The file is read by ``jalon.io`` and measured by the engine's one performance report
(:func:`jalon.engine.performance.performance_report`), the platform's own: the same plan gives
the same figures here and on its finance pages and API. Where the file's figures come from:

- **Budget** of a task: its cost by the engine's rule (``jalon.io.costs``): its assignments'
  ``work x standard rate + cost per use`` (an assignment without work counts ``units x
  duration x hours per day``, or its units for a material) plus its ``fixed_cost``. With
  ``--baseline NAME`` the baseline's task ``cost`` is the budget when it gives one, and a task
  the baseline does not hold (or holds without dates) plans nothing.
- **Planned value**: each budget spread linearly over the task's working days, between its
  baseline dates (``--baseline``) or, without a baseline, the early dates of the plan
  scheduled *as planned* (progress, actual dates and status date ignored), which then also
  stands in for the baseline of milestones. PV is the value planned by the end of the status
  date.
- **Earned value**: ``percent_complete / 100 x budget``.
- **Actual cost**: the task key ``actual_cost`` (currency, cumulative to the status date; a
  task without it has spent nothing) and the project's ``actual_cost`` (costs booked to no
  task). Other formats (MSPDI, PSPLIB...) get AC = 0.
- Summary tasks show the sum of their own amounts and their sub-tasks'; the project line is the
  sum of every task plus the project's own costs.
- Earned schedule is in periods (``--period``: day, week or month; default week) from the
  project start; AT is the periods elapsed at the end of the status date. Each task's is in
  working days from its first start.
- **KPIs** with the registry's default thresholds; the risk exposure comes from the file's
  risks (probability x cost of those that cost), while open high threats, over-allocation and
  utilisation need the platform (its risk matrix, its resource pool) and are not assessed.

Undefined figures (a division by zero) print as ``-`` and are ``null`` in JSON. This command
never imports Django.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from jalon.engine.costing import TaskCosts
    from jalon.engine.performance import PerformanceTask
    from jalon.engine.results import Schedule
    from jalon.io import BaselineValues, ProjectDocument

__all__ = ["evm_command", "file_payload"]


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


class PeriodUnit(StrEnum):
    day = "day"
    week = "week"
    month = "month"


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    if math.isnan(number):
        return None
    rounded = round(number, 6)
    return 0.0 if rounded == 0 else rounded


def _point(text: str, planned_start: date | None, option: str) -> date | float:
    from jalon.cli import messages as m
    from jalon.errors import ValidationFailed

    if planned_start is not None:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValidationFailed(m.OPTION_DATE(option=option, value=repr(text)),
                                   field=option) from None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise ValidationFailed(m.OPTION_DAYS_POSITIVE(option=option, value=repr(text)),
                               field=option)
    return value


# -- the computation ----------------------------------------------------------------------------
def _variances(document: ProjectDocument, current: Schedule, planned: Schedule,
               baseline: dict[str, BaselineValues] | None) -> dict[str, float]:
    """The milestones' finish variances (working days) against the baseline, or against the
    plan as planned without one."""
    from jalon.engine import BaselineEntry, compare_to_baseline

    milestones = [t.id for t in document.tasks if t.milestone]
    rows = {ident: row for row, ident in enumerate(planned.ids)}
    if baseline is None:
        entries = {ident: BaselineEntry(finish=float(planned.early_finish[rows[ident]]))
                   for ident in milestones}
    else:
        entries = {ident: BaselineEntry(baseline[ident].start, baseline[ident].finish)
                   for ident in milestones if ident in baseline}
    comparison = compare_to_baseline(current, entries)
    return {ident: v.finish_variance for ident, v in comparison.activities.items()
            if v.finish_variance is not None}


def _tasks(document: ProjectDocument, costs: TaskCosts, planned: Schedule,
           baseline: dict[str, BaselineValues] | None,
           variances: dict[str, float]) -> list[PerformanceTask]:
    """The tasks as measured: budgets and dates from the baseline, or from the plan as
    planned (budgets: their ``costs``)."""
    from jalon.engine.performance import PerformanceTask

    rows = {ident: row for row, ident in enumerate(planned.ids)}
    tasks = []
    for task in document.tasks:
        budget = costs.budget(task.id)
        start: date | float | None = float(planned.early_start[rows[task.id]])
        finish: date | float | None = float(planned.early_finish[rows[task.id]])
        if baseline is not None:
            values = baseline.get(task.id)
            budget = 0.0 if values is None else budget if values.cost is None else values.cost
            start, finish = (None, None) if values is None else (values.start, values.finish)
        tasks.append(PerformanceTask(
            task.id, task.parent, budget, start, finish, task.percent_complete,
            actual_finish=task.actual_finish, milestone=task.milestone,
            finish_variance=variances.get(task.id)))
    return tasks


def file_payload(
    document: ProjectDocument,
    *,
    status: str | date | float | None,
    baseline: str | None = None,
    period: str = "week",
) -> dict[str, Any]:
    """Earned value, earned schedule and KPIs of a project document at a status date, as
    ``jalon evm --format json``.

    ``status`` is an ISO date (calendar time) or a number of working days (abstract time);
    ``None`` takes the document's status date. See the module docstring for the conventions.
    """
    from jalon.cli import messages as m
    from jalon.engine import schedule
    from jalon.engine.earned_schedule import ES_KEYS
    from jalon.engine.earned_value import EVM_KEYS
    from jalon.engine.performance import ActualCost, PerformanceInputs, performance_report
    from jalon.errors import ValidationFailed
    from jalon.io import to_plan
    from jalon.io.costs import document_costs

    plan = to_plan(document)
    if status is None:
        status = document.status_date
    if status is None:
        raise ValidationFailed(m.STATUS_NEEDED(), field="--status-date")
    if isinstance(status, str):
        status = _point(status, plan.start, "--status-date")
    chosen = None
    if baseline is not None:
        if baseline not in document.baselines:
            missing = m.NO_BASELINE(baseline=repr(baseline), known=sorted(document.baselines)) \
                if document.baselines else m.NO_BASELINES(baseline=repr(baseline))
            raise ValidationFailed(missing, field="--baseline")
        chosen = document.baselines[baseline]
    # The plan as planned: progress and actual dates would move the dates PV is spread over.
    planned = schedule(replace(plan, status_date=None, activities=[
        replace(a, percent_complete=0.0, actual_start=None, actual_finish=None)
        for a in plan.activities]))
    current = schedule(replace(plan, status_date=status))
    costs = [ActualCost(task.actual_cost, task.id) for task in document.tasks
             if task.actual_cost]
    if document.actual_cost:
        costs.append(ActualCost(document.actual_cost))
    threats = [r for r in document.risks if r.cost > 0]
    budgets = document_costs(document)
    report = performance_report(PerformanceInputs(
        tasks=_tasks(document, budgets, planned, chosen,
                     _variances(document, current, planned, chosen)),
        status=status, actual_costs=costs, period=period, timeline=planned.timeline,
        current_budget=float(budgets.budgets.sum()),
        risk_exposure=sum(r.probability * r.cost for r in threats)))

    summary_ids = report.summaries
    project_figures: dict[str, Any] = {
        "name": document.name,
        "status_date": status.isoformat() if isinstance(status, date) else _number(status),
        "baseline": baseline, "period": period}
    project_figures.update({k: _number(v) for k, v in
                            report.evm.as_dict(("bac", "pv", "ev", "ac", *EVM_KEYS)).items()})
    project_figures.update(dict.fromkeys(ES_KEYS))
    if report.es is not None:
        project_figures.update({k: _number(v) for k, v in report.es.as_dict(ES_KEYS).items()})
    project_figures.update(at=_number(report.at), planned_duration=_number(
        report.es.planned_duration) if report.es is not None else None)
    tasks = {task.id: task for task in document.tasks}
    task_rows = []
    for ident, figures in zip(report.ids, report.task_figures(("bac", "pv", "ev", "ac",
                                                                *EVM_KEYS)), strict=True):
        task_rows.append({"id": ident, "name": tasks[ident].name,
                          "summary": ident in summary_ids,
                          "percent_complete": None if ident in summary_ids
                          else _number(tasks[ident].percent_complete),
                          **{k: _number(v) for k, v in figures.items()}})
    return {
        "project": project_figures,
        "tasks": task_rows,
        "periods": [{"end": label, "pv": _number(value)} for label, value in
                    zip(report.periods.labels, report.pv_by_period.tolist(), strict=True)],
        "kpis": {k: _number(v) for k, v in report.kpis.items()},
        "statuses": {"kpis": dict(report.kpi_statuses), "computed": dict(report.statuses)},
    }


def calculator_payload(
    bac: float, pv: float, ev: float, ac: float, *,
    pv_curve: list[float] | None = None, at: float | None = None,
) -> dict[str, Any]:
    """The JSON of ``jalon evm --bac --pv --ev --ac [--pv-curve ... --at N]``."""
    from jalon.engine.earned_schedule import ES_KEYS, earned_schedule
    from jalon.engine.earned_value import EVM_KEYS, earned_value

    payload = {k: _number(v) for k, v in earned_value(bac, pv, ev, ac).as_dict(EVM_KEYS).items()}
    if pv_curve is not None and at is not None:
        es = earned_schedule(pv_curve, ev, at)
        payload.update({k: _number(v) for k, v in es.as_dict(ES_KEYS).items()})
    return payload


# -- output -------------------------------------------------------------------------------------
LABELS = {
    "bac": "BAC budget at completion", "pv": "PV planned value", "ev": "EV earned value",
    "ac": "AC actual cost", "sv": "SV schedule variance", "cv": "CV cost variance",
    "spi": "SPI schedule performance index", "cpi": "CPI cost performance index",
    "eac_cpi": "EAC = BAC / CPI", "eac_atypical": "EAC = AC + BAC - EV",
    "eac_cpi_spi": "EAC = AC + (BAC - EV) / (CPI x SPI)", "etc": "ETC = EAC - AC",
    "vac": "VAC = BAC - EAC", "tcpi_bac": "TCPI to BAC", "tcpi_eac": "TCPI to EAC",
    "at": "AT actual time (periods)", "es": "ES earned schedule (periods)",
    "sv_t": "SV(t) = ES - AT", "spi_t": "SPI(t) = ES / AT", "ieac_t": "IEAC(t) = PD / SPI(t)",
    "planned_duration": "PD planned duration (periods)",
}
INDICES = {"spi", "cpi", "tcpi_bac", "tcpi_eac", "spi_t"}


def _show(key: str, value: Any) -> str:
    if value is None:
        return "-"
    if key in INDICES:
        return f"{value:.3f}"
    if key in ("at", "es", "sv_t", "ieac_t", "planned_duration"):
        return f"{value:.2f}"
    return f"{value:,.2f}"


def _console() -> Any:
    from rich.console import Console

    console = Console()
    return console if console.is_terminal else Console(width=160)


def _figures_table(figures: dict[str, Any], title: str) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("Figure")
    table.add_column("Value", justify="right")
    for key, label in LABELS.items():
        if key in figures:
            value = figures[key]
            style = "red" if key in ("sv", "cv", "vac", "sv_t") and value is not None \
                and value < 0 else None
            table.add_row(label, _show(key, value), style=style)
    return table


def _file_table(payload: dict[str, Any]) -> None:
    from rich import box
    from rich.table import Table

    console = _console()
    project = payload["project"]
    title = f"{project['name']} — earned value at {project['status_date']}"
    if project["baseline"]:
        title += f" (baseline {project['baseline']})"
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD,
                  caption="Amounts in currency; - is undefined (a division by zero).",
                  caption_justify="left")
    table.add_column("Id", no_wrap=True)
    table.add_column("Name", overflow="fold", min_width=8)
    keys = ("bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac_cpi", "vac")
    for key in keys:
        table.add_column(key.upper().replace("_CPI", ""), justify="right", no_wrap=True)
    for task in payload["tasks"]:
        table.add_row(task["id"], task["name"], *(_show(k, task[k]) for k in keys),
                      style="bold" if task["summary"] else None)
    console.print(table)
    console.print(_figures_table(project, f"Project (periods: {project['period']}s)"))
    console.print(_kpi_table(payload))


def _kpi_table(payload: dict[str, Any]) -> Any:
    from rich import box
    from rich.table import Table

    from jalon.engine.kpis import registry

    table = Table(title="KPIs (default thresholds)", title_justify="left",
                  box=box.SIMPLE_HEAD)
    table.add_column("KPI")
    table.add_column("Value", justify="right")
    table.add_column("Status")
    styles = {"green": "green", "amber": "yellow", "red": "red"}
    for kpi in registry().kpis:
        value = payload["kpis"].get(kpi.key)
        status = payload["statuses"]["kpis"].get(kpi.key, "")
        shown = "-" if value is None else (f"{value:.{kpi.decimals}f}" if kpi.unit == "index"
                                           else f"{value:,.{kpi.decimals}f}")
        table.add_row(kpi.label, shown, status or "not assessed", style=styles.get(status))
    return table


def _curve(text: str) -> list[float]:
    from jalon.cli import messages as m
    from jalon.cli.errors import report

    try:
        values = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        report(m.PV_CURVE(value=repr(text)))
    return values


def evm_command(
    file: Annotated[Path | None, typer.Argument(
        help="Project file (.json, .yaml, .xml...); tasks may carry actual_cost and "
             "fixed_cost. Leave out to use the calculator options.")] = None,
    status_date: Annotated[str | None, typer.Option(
        "--status-date", help="Status date (or working days without a start date); default: "
                              "the file's.")] = None,
    baseline: Annotated[str | None, typer.Option(
        help="Baseline whose dates and costs are the plan (default: the plan as scheduled).")
    ] = None,
    period: Annotated[PeriodUnit, typer.Option(
        help="Period of the earned schedule: day, week or month.")] = PeriodUnit.week,
    bac: Annotated[float | None, typer.Option(help="Calculator: budget at completion.")] = None,
    pv: Annotated[float | None, typer.Option(help="Calculator: planned value.")] = None,
    ev: Annotated[float | None, typer.Option(help="Calculator: earned value.")] = None,
    ac: Annotated[float | None, typer.Option(help="Calculator: actual cost.")] = None,
    pv_curve: Annotated[str | None, typer.Option(
        "--pv-curve", help="Calculator: cumulative planned value per period, v1,v2,...")] = None,
    at: Annotated[float | None, typer.Option(
        help="Calculator: actual time, in periods (with --pv-curve).")] = None,
    format: Annotated[OutputFormat, typer.Option(  # noqa: A002
        "--format", "-f", help="Output: a table or JSON.")] = OutputFormat.table,
) -> None:
    """Earned value (SV, CV, SPI, CPI, EAC, ETC, VAC, TCPI), earned schedule and KPIs.

    Of a project FILE at a status date, or of figures given with --bac --pv --ev --ac.
    """
    from jalon.cli import messages as m
    from jalon.cli.errors import file_names, report
    from jalon.errors import JalonError
    from jalon.io import load_document

    calculator = {"--bac": bac, "--pv": pv, "--ev": ev, "--ac": ac}
    given = [name for name, value in calculator.items() if value is not None]
    if file is not None and (given or pv_curve is not None or at is not None):
        report(m.FILE_OR_FIGURES())
    document = None
    try:
        if file is None:
            missing = [name for name, value in calculator.items() if value is None]
            if missing:
                report(m.MISSING_FIGURES(options=missing))
            if (pv_curve is None) != (at is None):
                report(m.CURVE_AND_AT())
            curve = _curve(pv_curve) if pv_curve is not None else None
            payload = calculator_payload(bac, pv, ev, ac, pv_curve=curve, at=at)  # type: ignore[arg-type]
            if format is OutputFormat.json:
                typer.echo(json.dumps(payload, indent=2))
            else:
                _console().print(_figures_table(
                    {"bac": bac, "pv": pv, "ev": ev, "ac": ac, **payload,
                     **({"at": at} if curve is not None else {})}, "Earned value"))
            return
        document = load_document(file)
        payload = file_payload(document, status=status_date, baseline=baseline,
                               period=period.value)
    except JalonError as exc:
        names = None if document is None else file_names(
            (t.id, t.name) for t in document.tasks)
        report(exc, file=file, names=names)
    if format is OutputFormat.json:
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        _file_table(payload)
