"""``jalon portfolio optimize|frontier|ahp FILE``: select a portfolio, draw its efficient
frontier, weigh criteria by pairwise comparisons.

Reads selection files and AHP files (JSON or YAML, ``docs/file-format.md``). Never imports
Django. An infeasible selection is an answer (exit 0, status ``infeasible``, the rules in
conflict named); a file that cannot be read, or breaks a rule of the format, exits 2 naming the
file, the candidate or the cell, and the problem. Sentences (reasons, conflicts) are in the
user's language (``LC_ALL``, ``LC_MESSAGES`` or ``LANG``).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from jalon.engine.ahp import AhpResult
    from jalon.engine.selection import Frontier, SelectionProblem, SelectionResult
    from jalon.i18n import Message, Ref

__all__ = ["ahp_payload", "frontier_payload", "optimize_payload", "portfolio_app"]

portfolio_app = typer.Typer(
    help="Portfolio decisions: optimal selection, efficient frontier, AHP weights.",
    no_args_is_help=True)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


def _number(value: float | None) -> float | None:
    return None if value is None else round(float(value), 6)


def _names(problem: SelectionProblem | None) -> Callable[[Ref], str | None]:
    from jalon.io.selection_file import candidate_names

    return candidate_names(() if problem is None else problem.candidates)


def _text(message: Message, problem: SelectionProblem) -> str:
    from jalon.i18n import Catalogue, environment_language

    return message.named(_names(problem)).render(Catalogue(environment_language()))


def optimize_payload(result: SelectionResult, problem: SelectionProblem) -> dict[str, Any]:
    """The JSON document of ``jalon portfolio optimize --format json``."""
    payload: dict[str, Any] = {
        "status": result.status,
        "objective": _number(result.objective),
        "bound": _number(result.bound),
        "gap": _number(result.gap),
        "selected": [{"id": ident, "start": start} for ident, start in result.starts.items()],
        "rejected": [{"id": r.id, "reasons": [_text(reason, problem) for reason in r.reasons]}
                     for r in result.rejected],
        "usage": {resource: [_number(v) for v in values]
                  for resource, values in result.usage.items()},
    }
    if result.status == "infeasible":
        payload["conflict"] = [_text(rule.message(problem), problem) for rule in result.conflict]
    if result.notes:  # an extra key, like "conflict": only when a waits_for set a start
        payload["notes"] = {ident: [_text(note, problem) for note in notes]
                            for ident, notes in result.notes.items()}
    return payload


def frontier_payload(found: Frontier) -> dict[str, Any]:
    """The JSON document of ``jalon portfolio frontier --format json``."""
    return {"resource": found.resource, "points": [
        {"limit": _number(p.limit), "status": p.status, "value": _number(p.value),
         "bound": _number(p.bound), "selected": list(p.selected), "entering": list(p.entering),
         "leaving": list(p.leaving), "marginal": _number(p.marginal)} for p in found.points]}


def ahp_payload(result: AhpResult) -> dict[str, Any]:
    """The JSON document of ``jalon portfolio ahp --format json``."""
    return {
        "weights": {name: round(w, 6) for name, w in result.weights.items()},
        "lambda_max": round(result.lambda_max, 6),
        "ci": round(result.ci, 6),
        "cr": round(result.cr, 6),
        "consistent": result.consistent,
        "inconsistent": [{"row": j.row, "column": j.column, "given": round(j.given, 6),
                          "implied": round(j.implied, 6)} for j in result.inconsistent],
    }


@contextmanager
def _solver_banner_to_stderr() -> Iterator[None]:
    """HiGHS prints a banner on standard output (file descriptor 1, below Python) when its
    first solver is made; the JSON goes there, so the banner goes to standard error."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def _console() -> Any:
    from rich.console import Console

    console = Console()
    return console if console.is_terminal else Console(width=160)


FILE_HELP = "Selection file (.json, .yaml)."
FORMAT = typer.Option("--format", "-f", help="Output: a table or JSON.")
TIME_LIMIT_HELP = "Seconds of search (the explanations get as much again at most)."


@portfolio_app.command("optimize")
def optimize_command(
    file: Annotated[Path, typer.Argument(help=FILE_HELP)],
    time_limit: Annotated[float, typer.Option("--time-limit", min=0.01,
                                              help=TIME_LIMIT_HELP)] = 10.0,
    format: Annotated[OutputFormat, FORMAT] = OutputFormat.table,  # noqa: A002
) -> None:
    """The selection of greatest total value within the limits and rules of FILE, with why
    each candidate is left out (or the rules in conflict)."""
    from jalon.cli.errors import report
    from jalon.engine.selection import select
    from jalon.errors import JalonError
    from jalon.io.selection_file import read_selection_file

    problem = None
    try:
        problem = read_selection_file(file)
        with _solver_banner_to_stderr():
            result = select(problem, time_limit=time_limit)
    except JalonError as exc:
        report(exc, file=file, names=_names(problem))
    if format is OutputFormat.json:
        typer.echo(json.dumps(optimize_payload(result, problem), indent=2, ensure_ascii=False))
    else:
        _optimize_table(result, problem)


def _optimize_table(result: SelectionResult, problem: SelectionProblem) -> None:
    from rich import box
    from rich.table import Table

    console = _console()
    payload = optimize_payload(result, problem)
    if result.status == "infeasible":
        console.print("[red]Infeasible[/]: no selection keeps every rule. In conflict:")
        for rule in payload["conflict"]:
            console.print(f"• {rule}", highlight=False)
        return
    console.print(f"Status {result.status}: total value {payload['objective']:g} "
                  f"(bound {payload['bound']:g}, gap {100 * (result.gap or 0):.2f} %).")
    table = Table(box=box.SIMPLE_HEAD, title="Selected", title_justify="left")
    for column in ("Id", "Name", "Start", "Value"):
        table.add_column(column, justify="right" if column in ("Start", "Value") else "left")
    for ident, start in result.starts.items():
        candidate = problem.candidates[problem.index[ident]]
        table.add_row(ident, candidate.name, str(start), f"{candidate.value:g}")
    console.print(table)
    for notes in payload.get("notes", {}).values():
        for note in notes:
            console.print(f"• {note}", highlight=False)
    usage = Table(box=box.SIMPLE_HEAD, title="Use against limits by period",
                  title_justify="left")
    usage.add_column("Resource")
    for period in range(problem.periods):
        usage.add_column(str(period), justify="right")
    for resource, values in result.usage.items():
        usage.add_row(resource, *(f"{used:g}/{limit:g}" for used, limit in
                                  zip(values, problem.limit(resource), strict=True)))
    console.print(usage)
    for rejected in payload["rejected"]:
        console.print(f"[bold]Left out {rejected['id']}[/]", highlight=False)
        for reason in rejected["reasons"]:
            console.print(f"  • {reason}", highlight=False)


@portfolio_app.command("frontier")
def frontier_command(
    file: Annotated[Path, typer.Argument(help=FILE_HELP)],
    resource: Annotated[str, typer.Option("--resource", help="The resource whose total grows "
                                          "(its per-period limits become one over the "
                                          "horizon).")],
    points: Annotated[int, typer.Option("--points", help="Points from 0 to what every "
                                        "candidate uses.")] = 16,
    time_limit: Annotated[float, typer.Option("--time-limit", min=0.01,
                                              help="Seconds of search per point.")] = 10.0,
    format: Annotated[OutputFormat, FORMAT] = OutputFormat.table,  # noqa: A002
) -> None:
    """The best total value as the total of one resource grows, and who enters at each step."""
    from jalon.cli.errors import report
    from jalon.engine.selection import frontier
    from jalon.errors import JalonError
    from jalon.io.selection_file import read_selection_file

    problem = None
    try:
        problem = read_selection_file(file)
        with _solver_banner_to_stderr():
            found = frontier(problem, resource=resource, points=points,
                             time_limit=time_limit)
    except JalonError as exc:
        report(exc, file=file, names=_names(problem))
    if format is OutputFormat.json:
        typer.echo(json.dumps(frontier_payload(found), indent=2, ensure_ascii=False))
        return
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, title=f"Efficient frontier of {resource}",
                  title_justify="left")
    for column in ("Limit", "Status", "Value", "Marginal", "Entering", "Leaving"):
        table.add_column(column, justify="right" if column in ("Limit", "Value", "Marginal")
                         else "left")
    for point in found.points:
        table.add_row(f"{point.limit:g}", point.status,
                      "" if point.value is None else f"{point.value:g}",
                      "" if point.marginal is None else f"{point.marginal:.4g}",
                      ", ".join(point.entering), ", ".join(point.leaving))
    _console().print(table)


@portfolio_app.command("ahp")
def ahp_command(
    file: Annotated[Path, typer.Argument(help="AHP file (.json, .yaml): criteria and matrix.")],
    format: Annotated[OutputFormat, FORMAT] = OutputFormat.table,  # noqa: A002
) -> None:
    """The weights of the criteria of FILE from their pairwise comparisons, with λmax, CI and
    CR (consistent when CR <= 0.1)."""
    from jalon.cli.errors import report
    from jalon.errors import JalonError
    from jalon.io.selection_file import read_ahp_file

    try:
        result = read_ahp_file(file)
    except JalonError as exc:
        report(exc, file=file)
    if format is OutputFormat.json:
        typer.echo(json.dumps(ahp_payload(result), indent=2, ensure_ascii=False))
        return
    from rich import box
    from rich.table import Table

    console = _console()
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("Criterion")
    table.add_column("Weight", justify="right")
    for name, weight in result.weights.items():
        table.add_row(name, f"{weight:.4f}")
    console.print(table)
    verdict = "consistent" if result.consistent else "[red]not consistent[/] (CR > 0.1)"
    console.print(f"λmax {result.lambda_max:.4f}, CI {result.ci:.4f}, CR {result.cr:.4f}: "
                  f"{verdict}.")
    for judgement in result.inconsistent:
        console.print(f"• {judgement.row} over {judgement.column}: {judgement.given:.3g} given, "
                      f"{judgement.implied:.3g} implied by the weights.", highlight=False)
