"""A large simulation shared by several workers: its iterations in chunks, merged at the end.

A simulation of more iterations than ``JALON_SIMULATION_CHUNK`` is split when it is started
into chunks (:class:`~jalon.risks.models.SimulationChunk`, each a run of its own), with the
random streams of :mod:`jalon.engine.montecarlo.chunks`. The worker that takes the simulation
(:func:`simulate_in_chunks`) queues one task per other chunk, so that idle workers take them
(:func:`chunks_work`), and computes chunks itself until none is left to take; then it waits for
the chunks other workers run, and merges them. Whoever ran which chunk, the result is the same
as one worker running them all.

The simulation's progress is the share of chunks done. Cancelling the simulation stops every
chunk at its next block. A chunk that fails fails the simulation with its reason; a chunk whose
worker died (no heartbeat, :func:`jalon.runs.fail_stalled`) fails it saying so.
"""

from __future__ import annotations

import time
from functools import partial
from typing import Any

import numpy as np

from jalon import runs
from jalon.calendars.models import CalendarsVersion
from jalon.engine.montecarlo import (
    OutcomeDistribution,
    SimulationCancelled,
    SimulationModel,
    SimulationResult,
    build_model,
    merge,
    split,
    stream,
)
from jalon.engine.montecarlo import run as run_model
from jalon.errors import JalonError
from jalon.i18n import Message, MessageCode, gettext_noop
from jalon.planning.scheduling import naming_errors
from jalon.portfolios.models import InputsVersion, Project
from jalon.risks.models import SimulationChunk, SimulationRun

__all__ = ["chunks_create", "chunks_work", "simulate_in_chunks"]

INPUTS_CHANGED = MessageCode("simulation.inputs_changed", gettext_noop(
    "The project changed while it was being simulated (its plan, risks, costs or calendars); "
    "the simulation would mix two plans. Start it again."))

_BY_KEY = ("criticality", "sensitivity", "risk_occurrence", "risk_sensitivity")

#: Seconds between two looks at the chunks other workers run.
POLL = 0.5


def inputs_stamp(project: Project) -> str:
    """What the project's figures are computed from, now: its inputs and calendars versions."""
    version = InputsVersion.objects.filter(project=project).values_list(
        "version", flat=True).first()
    calendars = CalendarsVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return f"{version or 0}:{calendars or 0}"


def chunks_create(run: SimulationRun) -> None:
    """Split a new run into its chunks (in the transaction that creates it)."""
    if run.chunk_count < 2:
        return
    SimulationChunk.objects.bulk_create(
        SimulationChunk(simulation=run, index=index, iterations=size)
        for index, size in enumerate(split(run.iterations, run.chunk_count)))


def simulation_model(run: SimulationRun) -> SimulationModel:
    """The engine's model of the run's project, as it is now."""
    from jalon.risks.simulation import risk_events, simulated_plan, task_costs  # imports us

    with naming_errors():
        return build_model(simulated_plan(run.project),
                           risks=risk_events(run.project, residual=run.residual),
                           costs=task_costs(run.project),
                           retained_logic=run.project.retained_logic)


def simulate_in_chunks(run: SimulationRun) -> SimulationResult:
    """The work of a split simulation, for the worker that took it: share the chunks out, run
    some, wait for the others, and merge them (see the module)."""
    from jalon.risks.tasks import run_simulation_chunks

    chunks = SimulationChunk.objects.filter(simulation=run)
    # read before the model is built: a change made meanwhile fails the chunks, never mixes
    chunks.update(inputs=inputs_stamp(run.project))
    model = simulation_model(run)
    for _index in range(run.chunk_count - 1):
        run_simulation_chunks.enqueue(run.pk)
    chunks_work(run.pk, model=model)
    while True:
        runs.fail_stalled(chunks)
        states = list(chunks.values_list("state", "failure"))
        done = sum(state == SimulationChunk.State.DONE for state, _failure in states)
        if not runs.record_progress(SimulationRun, run.pk, done / len(states)):
            raise runs.RunCancelled
        failures = [failure or runs.CRASHED().to_json() for state, failure in states
                    if state in (SimulationChunk.State.FAILED, SimulationChunk.State.CANCELLED)]
        if failures:
            raise JalonError(Message.from_json(failures[0]))
        if done == len(states):
            break
        time.sleep(POLL)
    parts = [_part_from_json(result or {}) for result in chunks.values_list("result", flat=True)]
    merged = merge(parts)
    merged.timeline = model.timeline
    merged.deterministic_finish_date = model.deterministic_date
    chunks.delete()  # the samples are in the merged result now
    return merged


def chunks_work(run_id: int, *, model: SimulationModel | None = None) -> int:
    """Run the chunks of simulation ``run_id`` that no worker took yet, one after the other;
    returns how many this call ran. ``model`` is the simulation's (built here when not given)."""
    ran = 0
    waiting = SimulationChunk.objects.filter(simulation_id=run_id, state=SimulationChunk.State.QUEUED)
    for chunk_id in list(waiting.values_list("pk", flat=True)):
        run = SimulationRun.objects.select_related("project").get(pk=run_id)
        if run.finished:
            break
        if model is None:
            model = simulation_model(run)
        if runs.execute(SimulationChunk, chunk_id, partial(_compute, run=run, model=model)):
            ran += 1
    return ran


def _compute(chunk: SimulationChunk, *, run: SimulationRun, model: SimulationModel
             ) -> dict[str, Any]:
    """The work of one chunk: its samples and counts, as JSON."""
    if inputs_stamp(run.project) != chunk.inputs:
        raise JalonError(INPUTS_CHANGED())

    def carry_on(done: int, total: int) -> bool:
        runs.record_progress(SimulationChunk, chunk.pk, done / total)
        return not SimulationRun.objects.filter(pk=run.pk, cancel_requested=True).exists()

    try:
        result = run_model(model, iterations=chunk.iterations,
                           seed=stream(run.seed, chunk.index, run.chunk_count),
                           progress=carry_on)
    except SimulationCancelled:
        runs.cancel(chunk)  # RunCancelled leaves the marking to cancel()
        raise runs.RunCancelled from None
    return _part_json(result)


def _part_json(result: SimulationResult) -> dict[str, Any]:
    """A chunk's result as JSON. Floats are written so that they read back the same; figures
    by task or risk are lists of pairs, in order (a JSON object's keys may come back sorted)."""
    return {"iterations": result.iterations, "ids": result.ids,
            "finish": result.finish.samples.tolist(),
            "finish_deterministic": result.finish.deterministic,
            "cost": None if result.cost is None else result.cost.samples.tolist(),
            "cost_deterministic": None if result.cost is None else result.cost.deterministic,
            **{name: list(getattr(result, name).items()) for name in _BY_KEY}}


def _part_from_json(data: dict[str, Any]) -> SimulationResult:
    cost = None
    if data["cost"] is not None:
        cost = OutcomeDistribution(np.array(data["cost"], dtype=np.float64),
                                   float(data["cost_deterministic"]))

    def by_key(name: str) -> dict[str, float]:
        return {key: float(value) for key, value in data[name]}

    return SimulationResult(
        iterations=int(data["iterations"]), ids=list(data["ids"]),
        finish=OutcomeDistribution(np.array(data["finish"], dtype=np.float64),
                                   float(data["finish_deterministic"])),
        cost=cost, criticality=by_key("criticality"), sensitivity=by_key("sensitivity"),
        risk_occurrence=by_key("risk_occurrence"), risk_sensitivity=by_key("risk_sensitivity"))
