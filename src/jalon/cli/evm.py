"""``jalon evm``: earned value and earned schedule, of a project file or of four figures.

Two uses::

    jalon evm plan.yaml --status-date 2026-03-31 [--baseline NAME] [--period week] [--format json]
    jalon evm --bac 100 --pv 70 --ev 50 --ac 70 [--pv-curve 10,30,70,100 --at 3] [--format json]

Where the file's figures come from
----------------------------------
- **Budget** of a task: ``sum(work x standard rate + cost per use)`` over its assignments (work in
  hours; an assignment without work counts ``units x duration x hours per day``) plus an
  optional task key ``fixed_cost``. With ``--baseline NAME`` the baseline's task ``cost`` is
  the budget when it is given.
- **Planned value**: each budget spread linearly over the task's working days, between its
  baseline dates (``--baseline``) or, without a baseline (or for a task the baseline lacks),
  the early dates of the plan scheduled *as planned* (progress, actual dates and status date
  ignored). PV is the value planned by the end of the status date.
- **Earned value**: ``percent_complete / 100 x budget``.
- **Actual cost**: Jalon files carry no actual cost, so this command reads an optional task key
  ``actual_cost`` (currency, cumulative to the status date) from the raw JSON/YAML itself and
  removes it (and ``fixed_cost``) before the ordinary reader checks the file. A task without it
  has spent nothing. Other formats (MSPDI, PSPLIB...) get AC = 0.
- Summary tasks show the sum of their own amounts and their sub-tasks'; the project line is the
  sum of every task.
- Earned schedule is in periods (``--period``: day, week or month; default week) from the
  project start; AT is the periods elapsed at the end of the status date.

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
    from jalon.io import ProjectDocument

__all__ = ["EXTRA_TASK_KEYS", "evm_command", "file_payload"]

EXTRA_TASK_KEYS = ("actual_cost", "fixed_cost")
"""Task keys this command reads from Jalon files, besides the ordinary ones."""


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


# -- reading the file ---------------------------------------------------------------------------
def _read(path: Path) -> tuple[ProjectDocument, dict[str, float], dict[str, float]]:
    """The document, and the actual and fixed costs per task id (Jalon files only)."""
    from jalon.io import FileFormatError, load_document
    from jalon.io import messages as m
    from jalon.io.jalon_file import document_from_data

    if path.suffix.lower() not in (".json", ".yaml", ".yml") or not path.is_file():
        return load_document(path), {}, {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FileFormatError(m.CANNOT_READ(reason=str(exc)), path=path) from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FileFormatError(m.INVALID_JSON(reason=exc.msg, column=exc.colno), path=path,
                                  line=exc.lineno) from None
    else:
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise FileFormatError(m.INVALID_YAML(reason=str(getattr(exc, "problem", None) or exc)),
                                  path=path, line=mark.line + 1 if mark else None) from None
    extras: dict[str, dict[str, float]] = {key: {} for key in EXTRA_TASK_KEYS}
    if isinstance(data, dict) and isinstance(data.get("tasks"), list):
        tasks = []
        for task in data["tasks"]:
            if isinstance(task, dict) and any(key in task for key in EXTRA_TASK_KEYS):
                task = dict(task)
                for key in EXTRA_TASK_KEYS:
                    if key in task:
                        extras[key][str(task.get("id"))] = _amount(task.pop(key), path, task, key)
            tasks.append(task)
        data = {**data, "tasks": tasks}
    document = document_from_data(data, path=path, text=text)
    return document, extras["actual_cost"], extras["fixed_cost"]


def _amount(value: Any, path: Path, task: dict[str, Any], key: str) -> float:
    from jalon.io import FileFormatError
    from jalon.io import messages as m

    if (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value) and value >= 0):
        return float(value)
    raise FileFormatError(m.AMOUNT(key=key, value=repr(value)), path=path,
                          element=m.TASK(task=repr(task.get("id"))), field=key)


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
def file_payload(
    document: ProjectDocument,
    *,
    status: str | date | float | None,
    baseline: str | None = None,
    period: str = "week",
    actual_costs: dict[str, float] | None = None,
    fixed_costs: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Earned value of a project document at a status date, as ``jalon evm --format json``.

    ``status`` is an ISO date (calendar time) or a number of working days (abstract time);
    ``None`` takes the document's status date. See the module docstring for the conventions.
    """
    import numpy as np

    from jalon.cli import messages as m
    from jalon.engine import messages as engine_messages
    from jalon.engine import schedule
    from jalon.engine.cost_phasing import (
        earned_amounts,
        make_periods,
        planned_value,
        rollup,
        task_budgets,
    )
    from jalon.engine.earned_schedule import ES_KEYS, earned_schedule
    from jalon.engine.earned_value import EVM_KEYS, earned_value
    from jalon.errors import ValidationFailed
    from jalon.io import to_plan

    actual_costs = actual_costs or {}
    fixed_costs = fixed_costs or {}
    plan = to_plan(document)
    if status is None:
        status = document.status_date
    if status is None:
        raise ValidationFailed(m.STATUS_NEEDED(), field="--status-date")
    if isinstance(status, str):
        status = _point(status, plan.start, "--status-date")
    # The plan as planned: progress and actual dates would move the dates PV is spread over.
    planned = replace(plan, status_date=None, activities=[
        replace(a, percent_complete=0.0, actual_start=None, actual_finish=None)
        for a in plan.activities])
    result = schedule(planned)
    timeline = result.timeline
    ids = result.ids
    row_of = {ident: row for row, ident in enumerate(ids)}
    tasks = {task.id: task for task in document.tasks}
    n = len(ids)

    # Budgets (BAC per task).
    resources = {r.id: r for r in document.resources}
    hours_per_day = document.work_calendar.hours_per_day
    rows, work, rate, per_use = [], [], [], []
    for assignment in document.assignments:
        resource = resources[assignment.resource]
        hours = assignment.work
        if hours is None:
            hours = assignment.units * tasks[assignment.task].duration * hours_per_day
        rows.append(row_of[assignment.task])
        work.append(hours)
        rate.append(resource.standard_rate)
        per_use.append(resource.cost_per_use)
    fixed = np.array([fixed_costs.get(ident, 0.0) for ident in ids])
    budgets = task_budgets(n, rows, work, rate, per_use, fixed)
    starts = result.early_start.astype(float).copy()
    finishes = result.early_finish.astype(float).copy()
    if baseline is not None:
        if baseline not in document.baselines:
            missing = m.NO_BASELINE(baseline=repr(baseline), known=sorted(document.baselines)) \
                if document.baselines else m.NO_BASELINES(baseline=repr(baseline))
            raise ValidationFailed(missing, field="--baseline")
        for ident, values in document.baselines[baseline].items():
            row = row_of.get(ident)
            if row is None:
                continue
            if values.cost is not None:
                budgets[row] = values.cost
            if timeline is not None and values.start is not None and values.finish is not None:
                starts[row] = timeline.start_time(values.start)
                finishes[row] = max(starts[row], timeline.finish_time(values.finish))
    if isinstance(status, date):
        if timeline is None:  # pragma: no cover - a dated status needs a start date
            raise ValidationFailed(engine_messages.STATUS_NEEDS_START(), field="--status-date")
        status_time = float(timeline.finish_time(status))
    else:
        status_time = float(status)

    # Own amounts per task, then roll-ups (summaries = own + parts; project = sum of all).
    percent = np.array([tasks[ident].percent_complete for ident in ids], dtype=float)
    actual = np.array([actual_costs.get(ident, 0.0) for ident in ids], dtype=float)
    pv_own = planned_value(starts, finishes, budgets, [status_time])[:, 0]
    ev_own = earned_amounts(budgets, percent)
    own = np.stack([budgets, pv_own, ev_own, actual], axis=1)
    parents = np.array([row_of.get(parent, -1) if (parent := tasks[i].parent) else -1
                        for i in ids], dtype=np.int64)
    rolled = rollup(own, parents)
    totals = own.sum(axis=0)
    per_task = earned_value(rolled[:, 0], rolled[:, 1], rolled[:, 2], rolled[:, 3])
    project = earned_value(*totals)

    # Earned schedule over the project's periods.
    origin = float(min(starts.min(initial=0.0), 0.0))
    periods = make_periods(origin, max(float(finishes.max(initial=0.0)), status_time),
                           period, timeline=timeline)
    curve = planned_value(starts, finishes, budgets, periods.ends).sum(axis=0)
    at = periods.elapsed(status_time)
    es_figures: dict[str, Any] = dict.fromkeys(ES_KEYS)
    es_figures.update(at=_number(at), planned_duration=None)
    if curve.size and curve[-1] > 0:
        es = earned_schedule(curve, totals[2], at)
        es_figures.update({k: _number(v) for k, v in es.as_dict(ES_KEYS).items()})
        es_figures["planned_duration"] = _number(es.planned_duration)

    summary_ids = {task.parent for task in document.tasks if task.parent}
    project_figures = {"name": document.name,
                       "status_date": status.isoformat() if isinstance(status, date)
                       else _number(status),
                       "baseline": baseline, "period": period}
    project_figures.update({k: _number(v) for k, v in
                            project.as_dict(("bac", "pv", "ev", "ac", *EVM_KEYS)).items()})
    project_figures.update(es_figures)
    figures = per_task.as_dict(("bac", "pv", "ev", "ac", *EVM_KEYS))
    task_rows = []
    for row, ident in enumerate(ids):
        task_rows.append({"id": ident, "name": tasks[ident].name,
                          "summary": ident in summary_ids,
                          "percent_complete": None if ident in summary_ids
                          else _number(percent[row]),
                          **{k: _number(v[row]) for k, v in figures.items()}})
    return {
        "project": project_figures,
        "tasks": task_rows,
        "periods": [{"end": label, "pv": _number(value)}
                    for label, value in zip(periods.labels, curve.tolist(), strict=True)],
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
    """Earned value (SV, CV, SPI, CPI, EAC, ETC, VAC, TCPI) and earned schedule.

    Of a project FILE at a status date, or of figures given with --bac --pv --ev --ac.
    """
    from jalon.cli import messages as m
    from jalon.cli.errors import file_names, report
    from jalon.errors import JalonError

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
        document, actual, fixed = _read(file)
        payload = file_payload(document, status=status_date, baseline=baseline,
                               period=period.value, actual_costs=actual, fixed_costs=fixed)
    except JalonError as exc:
        names = None if document is None else file_names(
            (t.id, t.name) for t in document.tasks)
        report(exc, file=file, names=names)
    if format is OutputFormat.json:
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        _file_table(payload)
