"""Background work of the resources app, for the task queue (``jalon worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_levelling(run_id: int) -> str:
    """Run the levelling ``run_id`` (queued by ``levelling_start``); returns its final state.

    The solver reports its progress into the run, which the page polls; a cancelled run is
    skipped, or its result dropped."""
    from jalon.resources.levelling import levelling_execute
    from jalon.resources.models import LevellingRun

    levelling_execute(run_id)
    return LevellingRun.objects.get(pk=run_id).state
