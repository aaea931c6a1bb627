"""Background work of the risks app, for the task queue (``jalon worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_simulation(run_id: int) -> str:
    """Run the simulation ``run_id`` (queued by ``simulation_start``); returns its final state."""
    from jalon.risks.models import SimulationRun
    from jalon.risks.simulation import simulation_execute

    simulation_execute(run_id)
    return SimulationRun.objects.get(pk=run_id).state
