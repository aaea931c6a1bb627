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


@task()
def run_simulation_chunks(run_id: int) -> int:
    """Run chunks of the split simulation ``run_id`` that no worker took yet (queued by the
    worker that took the simulation); returns how many this worker ran."""
    from jalon.risks.chunks import chunks_work

    return chunks_work(run_id)
