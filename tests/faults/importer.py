"""A process that imports into a Jalon data directory and stalls in the middle of the write
transaction, for ``test_killed_imports`` to kill with SIGKILL there.

``python -m tests.faults.importer setup|plan|costs|timesheets``, with ``JALON_DATA_DIR`` set.
``setup`` migrates the database and adds a PMO administrator, a portfolio and a project of
three tasks with a resource. The others import a large file as that administrator; after
their transaction's third INSERT they create the file ``stalled`` in the data directory and
wait to be killed.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

from tests.faults.stalling import migrate_with_project, setup_django, stall, third_insert

ROWS = 600


def setup() -> None:
    from jalon.planning.models import Task
    from jalon.resources.models import Resource

    _, project = migrate_with_project()
    for n in (1, 2, 3):
        Task.objects.create(project=project, name=f"Tâche {n}", wbs_code=str(n), position=n)
    Resource.objects.create(code="R1", name="Alice")


def _plan() -> Any:
    from jalon import io

    tasks = [io.TaskDef(id=str(n), name=f"Tâche {n}", duration=1.0) for n in range(1, ROWS + 1)]
    links = [io.LinkDef(predecessor=str(n - 1), successor=str(n)) for n in range(2, ROWS + 1)]
    return io.ProjectDocument(name="Grand plan", start=date(2026, 1, 5), tasks=tasks, links=links)


def run(kind: str) -> None:
    from django.contrib.auth import get_user_model

    from jalon.portfolios.models import Portfolio, Project

    pmo = get_user_model().objects.get(username="pmo")
    project = Project.objects.get(code="P1")
    days = [date(2026, 1, 5 + n % 20) for n in range(ROWS)]
    with stall(third_insert()):
        if kind == "plan":
            from jalon.interchange.services import project_import

            project_import(actor=pmo, document=_plan(), code="BIG",
                           portfolio=Portfolio.objects.get(code="PF"))
        elif kind == "costs":
            from jalon.finance.services import cost_entries_import

            rows = "".join(f"{day.isoformat()},{10 + n},labour,{1 + n % 3}\n"
                           for n, day in enumerate(days))
            cost_entries_import(actor=pmo, project=project, name="costs.csv",
                                content=("date,amount,category,task\n" + rows).encode())
        elif kind == "timesheets":
            from jalon.timesheets.importing import timesheet_entries_import

            first = date(2026, 1, 1).toordinal()
            rows = "".join(f"{date.fromordinal(first + n).isoformat()},R1,P1,{1 + n % 3},0.5\n"
                           for n in range(ROWS))
            timesheet_entries_import(actor=pmo, project=project, name="time.csv",
                                     content=("date,resource,project,task,hours\n"
                                              + rows).encode())
    sys.exit(f"{kind}: the import finished instead of stalling")


if __name__ == "__main__":
    setup_django()
    setup() if sys.argv[1] == "setup" else run(sys.argv[1])
