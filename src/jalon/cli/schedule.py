"""``jalon schedule FILE``: the critical path of a project file, as a table, JSON or CSV.

This command never imports Django (the engine and the readers are plain Python), so it starts
fast; heavy modules are imported inside the command, not at import time.
"""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from jalon.engine import Plan, Schedule

__all__ = ["schedule_command", "schedule_payload"]


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _number(value: float) -> float:
    rounded = round(float(value), 6)
    return 0.0 if rounded == 0 else rounded


def _time(value: float, when: date | None) -> Any:
    return when.isoformat() if when is not None else _number(value)


def _point(text: str | None, plan: Plan, option: str) -> date | float | None:
    """Parse a ``--due``/``--status-date`` value: a date in calendar time, else a number."""
    from jalon.cli import messages as m
    from jalon.errors import ValidationFailed

    if text is None:
        return None
    if plan.start is not None:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValidationFailed(m.OPTION_DATE(option=option, value=repr(text)),
                                   field=option) from None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ValidationFailed(m.OPTION_DAYS(option=option, value=repr(text)), field=option)
    return value


def schedule_payload(result: Schedule, *, due: date | float | None = None) -> dict[str, Any]:
    """The JSON document of ``jalon schedule --format json`` for a computed schedule.

    Times are numbers of working days in abstract time and ISO dates in calendar time; floats
    and durations are always working days.
    """
    calendar = result.start_dates is not None
    tasks = []
    for row in result:
        tasks.append({
            "id": row.id,
            "name": row.name,
            "early_start": _time(row.early_start, row.start_date),
            "early_finish": _time(row.early_finish, row.finish_date),
            "late_start": _time(row.late_start, row.late_start_date),
            "late_finish": _time(row.late_finish, row.late_finish_date),
            "total_float": _number(row.total_float),
            "free_float": _number(row.free_float),
            "critical": bool(row.critical),
        })
    payload: dict[str, Any] = {
        "project": {
            "start": _time(result.start, result.start_date if calendar else None),
            "finish": _time(result.finish, result.finish_date if calendar else None),
            "duration": _number(result.duration),
        },
        "tasks": tasks,
        "critical_path": list(result.critical_path),
    }
    if result.pert is not None:
        pert: dict[str, Any] = {
            "expected_duration": _number(result.pert.expected_duration),
            "variance": _number(result.pert.variance),
            "std_dev": _number(result.pert.std_dev),
            "critical_path": list(result.pert.critical_path),
        }
        if due is not None:
            pert["probability_by_due"] = round(result.pert.probability_by(due), 6)
        payload["pert"] = pert
    return payload


def _csv(payload: dict[str, Any]) -> str:
    from jalon.io.tables import neutralised

    out = io.StringIO()
    columns = ["id", "name", "early_start", "early_finish", "late_start", "late_finish",
               "total_float", "free_float", "critical"]
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    for task in payload["tasks"]:
        # a task named "=cmd|..." must not run as a formula in the spreadsheet that opens this
        writer.writerow({**{key: neutralised(value) if isinstance(value, str) else value
                            for key, value in task.items()},
                         "critical": "yes" if task["critical"] else "no"})
    return out.getvalue()


def _table(payload: dict[str, Any], name: str) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:  # piped or captured: no terminal width to respect
        console = Console(width=160)
    table = Table(title=name, title_justify="left", caption="ES/EF early start/finish, "
                  "LS/LF late start/finish, TF/FF total/free float (working days).",
                  caption_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("Id", no_wrap=True)
    table.add_column("Name", overflow="fold", min_width=8)
    for column in ("ES", "EF", "LS", "LF", "TF", "FF"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("Crit.", justify="center", no_wrap=True)
    for task in payload["tasks"]:
        table.add_row(
            task["id"], task["name"],
            *(f"{task[key]:g}" if isinstance(task[key], float) else str(task[key])
              for key in ("early_start", "early_finish", "late_start", "late_finish",
                          "total_float", "free_float")),
            "yes" if task["critical"] else "",
            style="bold red" if task["critical"] else None,
        )
    console.print(table)
    project = payload["project"]
    console.print(f"Project: {project['start']} → {project['finish']} "
                  f"({project['duration']:g} working days)")
    console.print(f"Critical path: {' → '.join(payload['critical_path']) or '-'}")
    pert = payload.get("pert")
    if pert:
        line = (f"PERT: expected {pert['expected_duration']:g} working days, "
                f"σ {pert['std_dev']:.3g}")
        if "probability_by_due" in pert:
            line += f", P(finish by due) = {pert['probability_by_due']:.1%}"
        console.print(line)


def schedule_command(
    file: Annotated[Path, typer.Argument(help="Project file: .json, .yaml, .xml (MSPDI), .sm, "
                                              "or .mpp/.xer... with the mpxj extra.")],
    format: Annotated[OutputFormat, typer.Option(  # noqa: A002
        "--format", "-f", help="Output: a table, JSON or CSV.")] = OutputFormat.table,
    due: Annotated[str | None, typer.Option(
        help="Due date (or number of working days without a start date) for the PERT "
             "probability.")] = None,
    status_date: Annotated[str | None, typer.Option(
        "--status-date", help="Status date of the progress data (overrides the file's).")] = None,
) -> None:
    """Schedule FILE (critical path method) and print dates, floats and the critical path."""
    from jalon.cli.errors import file_names, report
    from jalon.errors import JalonError

    plan = None
    try:
        from jalon.engine import schedule
        from jalon.io import load_project

        plan = load_project(file)
        if status_date is not None:
            plan.status_date = _point(status_date, plan, "--status-date")
        due_value = _point(due, plan, "--due")
        result = schedule(plan)
        payload = schedule_payload(result, due=due_value)
    except JalonError as exc:
        names = file_names((a.id, a.name) for a in plan.activities) if plan else None
        report(exc, file=file, names=names)
    if format is OutputFormat.json:
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    elif format is OutputFormat.csv:
        typer.echo(_csv(payload), nl=False)
    else:
        _table(payload, plan.name)
