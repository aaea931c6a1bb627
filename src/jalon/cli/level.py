"""``jalon level FILE``: level a project's resources, print the schedule and why tasks moved.

Reads Jalon files (a task's assignments carry ``units``; a resource's ``max_units`` is its
capacity), MS Project XML (MSPDI) and PSPLIB ``.sm`` files (a job's id is its number). Times are
periods (working days) from the project start. Never imports Django.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from jalon.engine.levelling import LevellingProblem, LevellingResult

__all__ = ["level_command", "level_payload", "load_levelling_problem"]



class Method(StrEnum):
    heuristic = "heuristic"
    optimal = "optimal"


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


def load_levelling_problem(path: Path) -> LevellingProblem:
    """The levelling problem of a project file (resources and demands from its assignments)."""
    from jalon.engine.levelling import LevellingProblem, Resource
    from jalon.errors import ValidationFailed
    from jalon.io import FileFormatError, load_document, to_plan

    if path.suffix.lower() == ".sm":
        from jalon.io.psplib import read_psplib

        instance = read_psplib(path)
        return LevellingProblem(instance.plan,
                                [Resource(r, c) for r, c in instance.capacities.items()],
                                instance.demands)
    document = load_document(path)
    try:
        plan = to_plan(document)
        # materials are consumed, not renewed each period: they are not levelled
        renewable = {r.id for r in document.resources if r.kind != "material"}
        resources = [Resource(r.id, r.max_units, name=r.name or r.id)
                     for r in document.resources if r.id in renewable]
        demands: dict[str, dict[str, float]] = {}
        for assignment in document.assignments:
            if assignment.resource not in renewable:
                continue
            needs = demands.setdefault(assignment.task, {})
            needs[assignment.resource] = needs.get(assignment.resource, 0.0) + assignment.units
        return LevellingProblem(plan, resources, demands)
    except FileFormatError:
        raise
    except ValidationFailed as exc:
        raise FileFormatError(exc.sentence, path=path, field=exc.field) from None


def level_payload(result: LevellingResult) -> dict[str, Any]:
    """The JSON document of ``jalon level --format json``: times in periods from 0, a task
    finishing at ``finish`` (exclusive end, = start + duration)."""
    return {
        "makespan": result.makespan,
        "status": result.status,
        "lower_bound": result.lower_bound,
        "critical_path_bound": result.critical_path_bound,
        "method": result.method,
        "tasks": [{"id": ident, "start": result.starts[ident], "finish": result.finishes[ident]}
                  for ident in result.instance.ids],
        "explanations": [e.as_dict() for e in result.explanations],
        "over_allocations": [
            {"resource": o.resource, "first": o.first, "last": o.last, "excess": o.excess,
             "activities": list(o.activities)} for o in result.over_allocations],
    }


def _table(result: LevellingResult, name: str) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:
        console = Console(width=160)
    instance = result.instance
    table = Table(title=name, title_justify="left", box=box.SIMPLE_HEAD,
                  caption="Start/finish in working days from the project start; "
                          "ES = early start without resource limits.", caption_justify="left")
    for column, justify in (("Id", "left"), ("Name", "left"), ("ES", "right"),
                            ("Start", "right"), ("Finish", "right"), ("Moved", "right")):
        table.add_column(column, justify=justify, no_wrap=column != "Name")  # type: ignore[arg-type]
    for i, ident in enumerate(instance.ids):
        moved = result.starts[ident] - int(instance.early_start[i])
        table.add_row(ident, instance.names[i], str(int(instance.early_start[i])),
                      str(result.starts[ident]), str(result.finishes[ident]),
                      f"+{moved}" if moved else "", style="yellow" if moved else None)
    console.print(table)
    console.print(f"Makespan {result.makespan} ({result.status}; lower bound "
                  f"{result.lower_bound}, critical path {result.critical_path_bound}).")
    for explanation in result.explanations:
        console.print(f"• {explanation.message}", highlight=False)
    for over in result.over_allocations:
        console.print(f"[red]Still over-allocated:[/] {over.resource}, periods {over.first}-"
                      f"{over.last}, {over.excess:g} units over ({', '.join(over.activities)}).")


def level_command(
    file: Annotated[Path, typer.Argument(help="Project file: .json, .yaml, .xml (MSPDI) or a "
                                              "PSPLIB .sm file.")],
    method: Annotated[Method, typer.Option(
        help="heuristic (fast) or optimal (CP-SAT, proves optimality when time allows).")
    ] = Method.heuristic,
    time_limit: Annotated[float, typer.Option(
        "--time-limit", min=0.01, help="Seconds of search for the optimal method.")] = 10.0,
    format: Annotated[OutputFormat, typer.Option(  # noqa: A002
        "--format", "-f", help="Output: a table or JSON.")] = OutputFormat.table,
    seed: Annotated[int, typer.Option(min=0, help="Random seed (same seed, same result).")] = 0,
    schedules: Annotated[int, typer.Option(
        min=1, help="Schedules the heuristic generates.")] = 1000,
    workers: Annotated[int, typer.Option(min=1, help="CP-SAT search workers.")] = 2,
) -> None:
    """Level the resources of FILE: the shortest schedule within capacity, and why tasks moved."""
    from jalon.cli.errors import file_names, report
    from jalon.errors import JalonError

    problem = None
    try:
        from jalon.engine.levelling import level

        problem = load_levelling_problem(file)
        if method is Method.optimal:
            result = _with_progress(problem, level, time_limit=time_limit, seed=seed,
                                    schedules=schedules, workers=workers)
        else:
            result = level(problem, method="heuristic", seed=seed, schedules=schedules)
    except JalonError as exc:
        names = None if problem is None else file_names(
            ((a.id, a.name) for a in problem.plan.activities),
            ((r.id, r.name) for r in problem.resources))
        report(exc, file=file, names=names)
    if format is OutputFormat.json:
        typer.echo(json.dumps(level_payload(result), indent=2, ensure_ascii=False))
    else:
        _table(result, problem.plan.name)


def _with_progress(problem: LevellingProblem, level: Any, **options: Any) -> LevellingResult:
    """Run the optimal method with a Rich progress bar on stderr (time spent / time limit)."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(TextColumn("[bold]Levelling[/] {task.description}"), BarColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("(warm start)", total=options["time_limit"])

        def report(progress: Any) -> None:
            found = "-" if progress.makespan is None else progress.makespan
            bar.update(task, completed=min(progress.elapsed, progress.time_limit),
                       description=f"makespan {found}, lower bound {progress.lower_bound}")

        return level(problem, method="optimal", progress=report, **options)
