"""A process that levels a plan in a Jalon data directory and stalls in the middle, for
``test_killed_levelling`` to kill with SIGKILL there.

``python -m tests.faults.leveller setup|apply|run``, with ``JALON_DATA_DIR`` set. ``setup``
migrates the database and adds a PMO administrator and a project whose four tasks all need
Alice at once, with a finished levelling of it (three tasks to delay). ``apply`` applies that
levelling and stalls after its transaction's third INSERT (constraints and history written,
not committed). ``run`` starts a new levelling and runs it as a worker does, stalling when the
solver is done but before the run's result is stored (the run is "running"). Each creates the
file ``stalled`` in the data directory and waits to be killed.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

TASKS = 4


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalon.settings")
    import django

    django.setup()


def _stall(when: Callable[[str], bool]) -> Any:
    """Stall this process for good at the first statement ``when`` picks, once it has run."""
    from django.db import connection

    marker = Path(os.environ["JALON_DATA_DIR"]) / "stalled"

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        if when(sql.lstrip().upper()):
            marker.write_text(str(os.getpid()))
            time.sleep(600)  # killed here
        return result

    return connection.execute_wrapper(wrapper)


def setup() -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from jalon.accounts.models import Role
    from jalon.accounts.services import grant_role
    from jalon.planning.models import Task
    from jalon.portfolios.models import Portfolio, Project
    from jalon.resources.levelling import levelling_execute, levelling_start
    from jalon.resources.models import Assignment, LevellingRun, Resource

    pmo = get_user_model().objects.create_user("pmo", password="pass-word-123")
    grant_role(actor=None, user=pmo, role=Role.PMO_ADMIN)
    portfolio = Portfolio.objects.create(code="PF", name="Portefeuille")
    project = Project.objects.create(portfolio=portfolio, code="P1", name="Projet",
                                     planned_start=date(2026, 1, 5))
    alice = Resource.objects.create(code="ALICE", name="Alice")
    for n in range(1, TASKS + 1):
        task = Task.objects.create(project=project, name=f"Tâche {n}", wbs_code=str(n),
                                   position=n, duration=Decimal(3))
        Assignment.objects.create(task=task, resource=alice, units=Decimal(1))
    run = levelling_start(actor=pmo, scope=project)
    levelling_execute(run.pk)  # as the worker would
    run.refresh_from_db()
    assert run.state == LevellingRun.State.DONE and len(run.result["apply"]) == TASKS - 1


def apply() -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from jalon.resources.levelling import levelling_apply
    from jalon.resources.models import LevellingRun

    inserts = [0]

    def third_insert(sql: str) -> bool:
        inserts[0] += sql.startswith("INSERT")
        if inserts[0] == 3:
            assert connection.in_atomic_block
            return True
        return False

    pmo = get_user_model().objects.get(username="pmo")
    run = LevellingRun.objects.get(state=LevellingRun.State.DONE)
    with _stall(third_insert):
        levelling_apply(actor=pmo, run=run)
    sys.exit("apply: the levelling was applied instead of stalling")


def run() -> None:
    from django.contrib.auth import get_user_model

    from jalon.portfolios.models import Project
    from jalon.resources.levelling import levelling_execute, levelling_start

    updates = [0]

    def result_stored(sql: str) -> bool:
        # the first UPDATE of the run marks it running; the next stores the solver's figures
        updates[0] += sql.startswith('UPDATE "RESOURCES_LEVELLINGRUN"')
        return updates[0] == 2

    queued = levelling_start(actor=get_user_model().objects.get(username="pmo"),
                             scope=Project.objects.get(code="P1"))
    with _stall(result_stored):
        levelling_execute(queued.pk)
    sys.exit("run: the levelling finished instead of stalling")


if __name__ == "__main__":
    _setup_django()
    {"setup": setup, "apply": apply, "run": run}[sys.argv[1]]()
