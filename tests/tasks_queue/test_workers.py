"""Several `jalon worker` processes share one queue: each run is taken by one worker exactly
once, the work is spread over them, and a simulation split into chunks comes out the same as
when one worker runs every chunk. Real processes, on SQLite (a shared file) and on PostgreSQL."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jalon.risks import simulation
from jalon.risks.models import SimulationRun
from jalon.risks.tasks import run_simulation, run_simulation_chunks
from tests.factories import DependencyFactory, TaskFactory

from .workers import jalon_workers, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

FINISHED = ("SELECT COUNT(*) FROM risks_simulationrun "
            "WHERE state IN ('done', 'failed', 'cancelled')")


def chain(project, tasks: int) -> None:
    """``tasks`` tasks in a row, each with a three-point estimate."""
    previous = None
    for number in range(1, tasks + 1):
        task = TaskFactory(project=project, name=f"Step {number}", wbs_code=str(number),
                           duration=Decimal("4"), optimistic=Decimal("3"),
                           most_likely=Decimal("4"), pessimistic=Decimal("8"))
        if previous is not None:
            DependencyFactory(predecessor=previous, successor=task)
        previous = task


def test_two_workers_share_the_queue_and_run_each_run_once(project, manager, tmp_path):
    chain(project, 5)
    started = [simulation.simulation_start(actor=manager, project=project, iterations=5000,
                                           seed=seed) for seed in range(1, 21)]
    with jalon_workers(2, tmp_path) as count:
        wait_for(lambda: count(FINISHED) == len(started))
    finished = SimulationRun.objects.order_by("pk")
    assert [run.state for run in finished] == ["done"] * 20, [run.error for run in finished]
    assert [run.result["seed"] for run in finished] == list(range(1, 21))
    jobs = DBTaskResult.objects.filter(task_path=run_simulation.module_path)
    assert jobs.count() == 20
    assert {job.status for job in jobs} == {TaskResultStatus.SUCCESSFUL}
    assert all(len(job.worker_ids) == 1 for job in jobs)  # claimed once, never again
    by_worker = Counter(job.worker_ids[0] for job in jobs)
    assert len(by_worker) == 2, by_worker  # both workers took some


def test_a_simulation_in_chunks_run_by_two_workers_equals_one_worker_running_them_all(
        project, manager, settings, tmp_path):
    chain(project, 100)
    settings.JALON_SIMULATION_CHUNK = 20_000
    shared = simulation.simulation_start(actor=manager, project=project, iterations=120_000,
                                         seed=3)
    assert shared.chunk_count == 6
    with jalon_workers(2, tmp_path) as count:
        wait_for(lambda: count(FINISHED) == 1)
    shared.refresh_from_db()
    assert shared.state == SimulationRun.State.DONE, shared.error
    took = Counter()
    coordinator = DBTaskResult.objects.get(task_path=run_simulation.module_path)
    chunk_jobs = DBTaskResult.objects.filter(task_path=run_simulation_chunks.module_path)
    for job in chunk_jobs:
        took[job.worker_ids[0]] += job.return_value
    took[coordinator.worker_ids[0]] += 6 - sum(job.return_value for job in chunk_jobs)
    # Each chunk ran once, whoever took it. Which worker takes which chunk is timing: on a busy
    # machine the coordinator may run all six before the other worker next polls the queue
    # (two workers sharing the queue is the test above).
    assert sum(took.values()) == 6, took

    alone = simulation.simulation_start(actor=manager, project=project, iterations=120_000,
                                        seed=3)
    simulation.simulation_execute(alone.pk)  # this process alone, chunk after chunk
    alone.refresh_from_db()
    assert alone.state == SimulationRun.State.DONE, alone.error
    assert alone.result == shared.result
    assert alone.result["iterations"] == 120_000
