"""Background work of the intake app, for the task queue (``jalon worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_optimisation(run_id: int) -> str:
    """Run the optimisation ``run_id`` (queued by ``optimisation_start``); returns its final
    state. A cancelled run is skipped."""
    from jalon.intake.models import OptimisationRun
    from jalon.intake.scenarios import optimisation_execute

    optimisation_execute(run_id)
    return OptimisationRun.objects.get(pk=run_id).state
