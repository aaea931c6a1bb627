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

import sys
from decimal import Decimal

from tests.faults.stalling import migrate_with_project, setup_django, stall, third_insert

TASKS = 4


def setup() -> None:
    from jalon.planning.models import Task
    from jalon.resources.levelling import levelling_execute, levelling_start
    from jalon.resources.models import Assignment, LevellingRun, Resource

    pmo, project = migrate_with_project()
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

    from jalon.resources.levelling import levelling_apply
    from jalon.resources.models import LevellingRun

    pmo = get_user_model().objects.get(username="pmo")
    run = LevellingRun.objects.get(state=LevellingRun.State.DONE)
    with stall(third_insert()):
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
    with stall(result_stored):
        levelling_execute(queued.pk)
    sys.exit("run: the levelling finished instead of stalling")


if __name__ == "__main__":
    setup_django()
    {"setup": setup, "apply": apply, "run": run}[sys.argv[1]]()
