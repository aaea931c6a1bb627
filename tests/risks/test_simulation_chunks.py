"""A large simulation runs in chunks of iterations (``JALON_SIMULATION_CHUNK``): the merged
result is the engine's for the same chunks, progress counts chunks, a cancel stops every chunk,
and a chunk that fails or whose worker died fails the simulation with the reason.

Two real workers sharing the chunks: tests/tasks_queue/test_workers.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from jalon import runs
from jalon.engine.montecarlo import run_in_chunks
from jalon.portfolios.services import inputs_changed
from jalon.risks import chunks, simulation
from jalon.risks.models import SimulationChunk, SimulationRun

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture
def small_chunks(settings):
    """Chunks of at most 1,000 iterations."""
    settings.JALON_SIMULATION_CHUNK = 1000


def test_a_large_simulation_is_split_and_merged_as_the_engine_runs_its_chunks(
        risky, manager, small_chunks, worker):
    run = simulation.simulation_start(actor=manager, project=risky["project"], iterations=3001,
                                      seed=7, budget=5000)
    run.refresh_from_db()
    assert run.state == SimulationRun.State.DONE, run.error
    assert (run.chunk_count, run.progress) == (4, 1.0)
    assert not SimulationChunk.objects.exists()  # merged, then dropped
    model = chunks.simulation_model(run)
    expected = run_in_chunks(model, iterations=3001, seed=7, count=4)
    expected.timeline = model.timeline
    expected.deterministic_finish_date = model.deterministic_date
    assert run.result == simulation.result_payload(expected, run)
    assert run.result["iterations"] == 3001
    assert sum(run.result["finish"]["histogram"]["counts"]) == 3001


def test_a_small_simulation_is_one_piece_with_the_figures_it_always_had(
        risky, manager, small_chunks, worker):
    run = simulation.simulation_start(actor=manager, project=risky["project"], iterations=1000,
                                      seed=7)
    run.refresh_from_db()
    assert run.chunk_count == 1 and not SimulationChunk.objects.exists()
    model = chunks.simulation_model(run)
    alone = run_in_chunks(model, iterations=1000, seed=7, count=1)
    assert run.result["finish"]["p80"] == pytest.approx(alone.finish.p80, abs=1e-6)


def _on_each_chunk(monkeypatch, act):
    """Call ``act(number)`` before the worker computes its chunk number 1, 2..."""
    computed = []
    original = chunks.run_model

    def run_model(model, **options):
        computed.append(options["iterations"])
        act(len(computed))
        return original(model, **options)

    monkeypatch.setattr(chunks, "run_model", run_model)
    return computed


def test_a_cancel_stops_the_chunks_and_stores_nothing(risky, manager, small_chunks,
                                                     monkeypatch):
    run = simulation.simulation_start(actor=manager, project=risky["project"], iterations=4000,
                                      seed=1)

    def cancel_during_the_second(number):
        if number == 2:
            simulation.simulation_cancel(actor=manager, run=SimulationRun.objects.get(pk=run.pk))

    computed = _on_each_chunk(monkeypatch, cancel_during_the_second)
    simulation.simulation_execute(run.pk)  # one worker: no other takes a chunk
    run.refresh_from_db()
    assert len(computed) == 2  # the others never start
    assert (run.state, run.result) == (SimulationRun.State.CANCELLED, None)
    states = list(run.chunks.values_list("state", flat=True))
    assert states == ["done", "cancelled", "queued", "queued"]


def test_a_chunk_that_fails_fails_the_simulation_with_its_reason(risky, manager, small_chunks,
                                                                 monkeypatch):
    run = simulation.simulation_start(actor=manager, project=risky["project"], iterations=3000,
                                      seed=1)

    def edit_the_plan_after_the_first(number):
        if number == 1:  # a manager edits the plan while the simulation runs
            inputs_changed(projects=[risky["project"]])

    _on_each_chunk(monkeypatch, edit_the_plan_after_the_first)
    simulation.simulation_execute(run.pk)
    run.refresh_from_db()
    assert (run.state, run.result) == (SimulationRun.State.FAILED, None)
    with translation.override("en"):
        assert run.error.startswith("The project changed while it was being simulated")
    with translation.override("fr"):
        assert run.error.startswith("Le projet a changé pendant sa simulation")


def test_a_chunk_whose_worker_died_fails_the_simulation_saying_so(risky, manager, small_chunks):
    run = simulation.simulation_start(actor=manager, project=risky["project"], iterations=3000,
                                      seed=1)
    long_ago = timezone.now() - runs.STALLED - timedelta(minutes=1)
    # another worker took the second chunk, then was killed
    run.chunks.filter(index=1).update(state=SimulationChunk.State.RUNNING, started_at=long_ago,
                                      heartbeat_at=long_ago)
    simulation.simulation_execute(run.pk)
    run.refresh_from_db()
    assert (run.state, run.result) == (SimulationRun.State.FAILED, None)
    assert run.failure["code"] == runs.WORKER_LOST.code
    assert run.progress == pytest.approx(2 / 3, abs=1e-3)  # the two chunks this worker ran
