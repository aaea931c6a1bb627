"""Benchmark: importing a large MS Project XML (MSPDI) plan.

For each of ``--sizes`` a plan of N tasks is generated and written with Jalon's own MSPDI writer
(one summary task per ten, a chain of finish-to-start links inside each group and one link from
group to group, a resource assigned to every task from a pool of 50 of them, a calendar with
holidays, a baseline and a fixed cost on every tenth task). It is then imported as the
portfolio import page does: the file is read (**parse**: ``interchange.read_upload``), the
plan checked into plain data with no transaction open (**check**:
``interchange.import_prepare``), then written in one transaction (**write**:
``interchange.import_write``). Each step prints its seconds (wall clock, and this process's CPU
time) and its database queries; the write is the only time other writers can be kept waiting.

Run:  .venv/bin/python benchmarks/import_benchmark.py [--sizes 1000 5000 20000]
      (an SQLite database in a temporary directory; set DATABASE_URL to measure PostgreSQL)
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

GROUP = 10
POOL = 50


def _setup() -> None:
    os.environ.setdefault("JALON_DATA_DIR", tempfile.mkdtemp(prefix="jalon-bench-"))
    os.environ.setdefault("JALON_SECRET_KEY", "benchmark-only-secret-key-0123456789abcdef")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalon.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def plan_document(size: int) -> Any:
    """A plan of ``size`` tasks (summaries included) as :mod:`jalon.io` describes it."""
    from jalon import io
    from jalon.engine import WorkCalendar

    tasks: list[io.TaskDef] = []
    links: list[io.LinkDef] = []
    assignments: list[io.AssignmentDef] = []
    baseline: dict[str, io.BaselineValues] = {}
    summary: str | None = None
    previous_group: str | None = None
    for n in range(1, size + 1):
        ident = str(n)
        if n % GROUP == 1:
            if summary is not None:
                previous_group = summary
            summary = ident
            tasks.append(io.TaskDef(id=ident, name=f"Lot {n // GROUP + 1}", summary=True))
            continue
        tasks.append(io.TaskDef(id=ident, name=f"Tâche {n}", parent=summary, outline_level=2,
                                duration=float(1 + n % 7), notes="Importée" if n % 3 else "",
                                fixed_cost=250.0 if n % GROUP == 0 else 0.0))
        if n % GROUP == 2 and previous_group is not None:
            links.append(io.LinkDef(predecessor=str(n - GROUP), successor=ident))
        elif n % GROUP != 2:
            links.append(io.LinkDef(predecessor=str(n - 1), successor=ident,
                                    lag=1.0 if n % 5 == 0 else 0.0))
        assignments.append(io.AssignmentDef(task=ident, resource=f"R{n % POOL}"))
        baseline[ident] = io.BaselineValues(duration=float(1 + n % 7), cost=100.0)
    holidays = frozenset({date(2026, 5, 1), date(2026, 7, 14), date(2026, 12, 25)})
    return io.ProjectDocument(
        name=f"Plan de {size} tâches", start=date(2026, 1, 5), calendar="1",
        calendars=[io.CalendarDef(id="1", name="Chantier",
                                  calendar=WorkCalendar(holidays=holidays))],
        tasks=tasks, links=links, assignments=assignments,
        resources=[io.ResourceDef(id=f"R{r}", name=f"Ressource {r}", standard_rate=60.0)
                   for r in range(POOL)],
        baselines={"Baseline": baseline},
    )


@contextmanager
def _counted() -> Iterator[list[int]]:
    from django.db import connection

    count = [0]

    def counter(execute: Callable[..., Any], sql: str, params: Any, many: bool,
                context: Any) -> Any:
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        yield count


def _step(what: Callable[[], Any]) -> tuple[Any, str, int]:
    """What ``what`` returns, its seconds ("wall (CPU)": on a shared machine the CPU seconds
    of this process vary less than the wall clock) and its number of queries."""
    with _counted() as queries:
        started, cpu = time.perf_counter(), time.process_time()
        result = what()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return result, f"{elapsed:.2f} ({cpu:.2f})", queries[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    args = parser.parse_args()
    _setup()

    from django.contrib.auth import get_user_model

    from jalon.accounts.models import Role
    from jalon.accounts.services import grant_role
    from jalon.interchange import services as interchange
    from jalon.io.mspdi_writer import mspdi_bytes
    from jalon.portfolios.models import Portfolio

    pmo = get_user_model().objects.create_user("pmo-bench")
    grant_role(actor=None, user=pmo, role=Role.PMO_ADMIN)
    portfolio = Portfolio.objects.create(code="BENCH", name="Benchmark")
    # The figures depend on what else the machine runs: say so next to them.
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print("seconds: wall clock (CPU time of this process)")
    print(f"{'tasks':>7} {'file MB':>8} {'parse s':>13} {'check s':>13} {'queries':>8} "
          f"{'write s':>13} {'queries':>8}")
    for size in args.sizes:
        content = mspdi_bytes(plan_document(size))
        document, parse_s, _ = _step(
            lambda content=content: interchange.read_upload(name="plan.xml", content=content))
        prepared, check_s, check_q = _step(lambda document=document, size=size: (
            interchange.import_prepare(actor=pmo, document=document, code=f"B{size}",
                                       portfolio=portfolio)))
        report, write_s, write_q = _step(lambda prepared=prepared: (
            interchange.import_write(prepared)))
        assert report.project.tasks.count() == size
        print(f"{size:>7} {len(content) / 2**20:>8.1f} {parse_s:>13} {check_s:>13} "
              f"{check_q:>8} {write_s:>13} {write_q:>8}", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
