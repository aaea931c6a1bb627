"""``jalon risk FILE``: Monte Carlo simulation of a project file's finish and cost.

Durations follow each task's ``distribution`` (default: triangular from the three-point
estimate; a task without one keeps its duration), risk events come from the file's ``risks``,
and costs from the resources assigned to tasks and the tasks' fixed costs (the engine's one cost
rule, ``jalon.engine.costing``). Never imports Django.

What is simulated is the work that remains at the file's status date: finished tasks keep
their actual dates, started ones sample their remaining duration, as ``jalon schedule``
schedules them; the deterministic finish is that schedule's.

JSON output (``--format json``)::

    {"iterations": 10000,
     "finish": {"mean": 41.2, "std": 3.1, "p10": 37.4, "p50": 41.0, "p80": 43.8, "p90": 45.3,
                "deterministic": 40.0},           # the schedule's finish
     "cost": {...the same keys...},            # only when the plan has costs
     "probability_by_due": 0.82,               # null without --due
     "probability_within_budget": 0.64,        # null without --budget
     "criticality": {"A": 1.0, "B": 0.37},     # share of iterations where the task is critical
     "sensitivity": {"A": 0.12, "B": 0.81}}    # Spearman rho of the duration with the finish

Finish figures are working days from the start in abstract time; in calendar time (a plan
with a start date) the percentiles are ISO dates (the last working day) and mean and std stay in
working days.
"""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from jalon.engine.montecarlo import SimulationResult, TaskCost
    from jalon.io import ProjectDocument

__all__ = ["risk_command", "risk_payload", "task_costs"]

_PROGRESS_CELLS = 20_000_000  # tasks x iterations above which a progress bar is shown
_PERCENTILES = (("p10", 0.10), ("p50", 0.50), ("p80", 0.80), ("p90", 0.90))


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


def task_costs(document: ProjectDocument) -> dict[str, TaskCost] | None:
    """Per leaf task, ``fixed + rate x duration`` by the one cost rule (``jalon.io.costs``);
    None without any cost.

    People's and equipment's work x standard rate is spread over the task's duration, so the
    cost follows the simulated duration; costs per use, materials (their work or units x
    standard rate) and the task's ``fixed_cost`` are fixed.
    """
    from jalon.io.costs import document_costs

    return document_costs(document).simulation_costs(
        task.id for task in document.tasks if not task.summary)


def _number(value: float) -> float:
    rounded = round(float(value), 6)
    return 0.0 if rounded == 0 else rounded


def risk_payload(result: SimulationResult, *, due: date | float | None = None,
                 budget: float | None = None) -> dict[str, Any]:
    """The JSON document of ``jalon risk --format json`` (see the module docstring)."""
    finish: dict[str, Any] = {"mean": _number(result.finish.mean),
                              "std": _number(result.finish.std)}
    for key, confidence in _PERCENTILES:
        when = result.finish_date(confidence)
        finish[key] = when.isoformat() if when is not None else _number(
            result.finish.percentile(confidence))
    planned = result.deterministic_finish_date
    finish["deterministic"] = planned.isoformat() if planned is not None else _number(
        result.finish.deterministic)
    payload: dict[str, Any] = {"iterations": result.iterations, "finish": finish}
    if result.cost is not None:
        payload["cost"] = {"mean": _number(result.cost.mean), "std": _number(result.cost.std),
                           **{key: _number(result.cost.percentile(confidence))
                              for key, confidence in _PERCENTILES}}
    payload["probability_by_due"] = (None if due is None
                                     else round(result.probability_by(due), 6))
    payload["probability_within_budget"] = (None if budget is None
                                            else round(result.probability_within_budget(budget), 6))
    payload["criticality"] = {k: _number(v) for k, v in result.criticality.items()}
    payload["sensitivity"] = {k: _number(v) for k, v in result.sensitivity.items()}
    return payload


def _table(payload: dict[str, Any], result: SimulationResult, name: str) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:
        console = Console(width=120)
    dated = result.timeline is not None
    console.print(f"[bold]{name}[/]: {payload['iterations']:,} iterations")
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("")
    table.add_column("finish" + (" (date)" if dated else " (working days)"), justify="right")
    if "cost" in payload:
        table.add_column("cost", justify="right")
    rows = [("mean", "mean"), ("std", "std")] + [(k.upper(), k) for k, _ in _PERCENTILES]
    for label, key in rows:
        value = payload["finish"][key]
        cells = [label, f"{value:,.1f}" + (" wd" if dated else "") if isinstance(value, float)
                 else str(value)]
        if "cost" in payload:
            cells.append(f"{payload['cost'][key]:,.0f}")
        table.add_row(*cells)
    planned = payload["finish"]["deterministic"]
    cells = ["plan", planned if isinstance(planned, str) else f"{planned:g}"]
    if result.cost is not None:
        cells.append(f"{result.cost.deterministic:,.0f}")
    table.add_row(*cells, style="dim")
    console.print(table)
    contingency = result.finish.contingency(0.8)
    line = f"Schedule contingency for P80: {contingency:,.1f} working days"
    if result.cost is not None:
        line += f"; cost contingency for P80: {result.cost.contingency(0.8):,.0f}"
    console.print(line)
    if payload["probability_by_due"] is not None:
        console.print(f"P(finish by due) = {payload['probability_by_due']:.1%}")
    if payload["probability_within_budget"] is not None:
        console.print(f"P(cost within budget) = {payload['probability_within_budget']:.1%}")
    top = Table(title="Most influential tasks (tornado)", title_justify="left",
                box=box.SIMPLE_HEAD)
    top.add_column("task")
    top.add_column("sensitivity (ρ)", justify="right")
    top.add_column("criticality", justify="right")
    for task, rho in result.tornado(10):
        top.add_row(task, f"{rho:+.2f}", f"{result.criticality[task]:.0%}")
    if top.row_count:
        console.print(top)


def _simulate(document: ProjectDocument, iterations: int, seed: int, lhs: bool
              ) -> SimulationResult:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from jalon.engine.montecarlo import simulate
    from jalon.io import to_plan

    plan = to_plan(document)
    distributions = {t.id: t.distribution for t in document.tasks
                     if t.distribution is not None and not t.summary}
    options: dict[str, Any] = {
        "iterations": iterations, "seed": seed, "lhs": lhs, "distributions": distributions,
        "risks": document.risks, "costs": task_costs(document),
    }
    console = Console(stderr=True)
    if not console.is_terminal or iterations * len(plan.activities) < _PROGRESS_CELLS:
        return simulate(plan, **options)
    with Progress(TextColumn("Simulating"), BarColumn(), TextColumn("{task.completed:,}/"
                  "{task.total:,}"), TimeRemainingColumn(), console=console,
                  transient=True) as bar:
        job = bar.add_task("simulate", total=iterations)
        return simulate(plan, progress=lambda done, _total: bar.update(job, completed=done),
                        **options)


def risk_command(
    file: Annotated[Path, typer.Argument(help="Project file: .json, .yaml, .xml (MSPDI)...")],
    iterations: Annotated[int, typer.Option(
        "--iterations", "-n", help="Number of iterations.")] = 10_000,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same "
                                           "figures.")] = 1,
    due: Annotated[str | None, typer.Option(
        help="Due date (or working days without a start date): probability of finishing "
             "by it.")] = None,
    budget: Annotated[float | None, typer.Option(
        help="Budget: probability that the cost stays within it.")] = None,
    format: Annotated[OutputFormat, typer.Option(  # noqa: A002
        "--format", "-f", help="Output: a table or JSON.")] = OutputFormat.table,
    lhs: Annotated[bool, typer.Option(
        "--lhs", help="Latin hypercube sampling (steadier figures for the same iterations).")
    ] = False,
) -> None:
    """Monte Carlo simulation of FILE: finish and cost percentiles, criticality, tornado."""
    from jalon.cli import messages as m
    from jalon.cli.errors import file_names, report
    from jalon.cli.schedule import _point
    from jalon.errors import JalonError, ValidationFailed

    document = None
    try:
        from jalon.io import load_document

        if iterations < 2:
            raise ValidationFailed(m.ITERATIONS(value=iterations), field="iterations")
        if budget is not None and budget != budget:  # NaN
            raise ValidationFailed(m.BUDGET_NUMBER(), field="budget")
        document = load_document(file)
        due_value = _point(due, document, "--due")  # type: ignore[arg-type]
        result = _simulate(document, iterations, seed, lhs)
        if budget is not None and result.cost is None:
            raise ValidationFailed(m.BUDGET_NEEDS_COSTS(), field="budget")
        payload = risk_payload(result, due=due_value, budget=budget)
    except JalonError as exc:
        names = None if document is None else file_names(
            ((t.id, t.name) for t in document.tasks),
            ((r.id, r.name) for r in document.resources))
        report(exc, file=file, names=names)
    if format is OutputFormat.json:
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        _table(payload, result, document.name)
