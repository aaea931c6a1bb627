"""Monte Carlo simulation of a stored project: build the engine's inputs from the plan, the
register and the assignments, run it in the task queue, keep the result as plain JSON.

Only :func:`jalon.engine.montecarlo.simulate` computes, on what remains at the project's status
date, with the project's retained logic or progress override: its deterministic plan is the
project's schedule. Durations are triangular from a task's
three-point estimate when it has one, fixed otherwise (the engine's default); each open risk
with a probability becomes one ``RiskEvent`` hitting its linked tasks, each with its link's own
delay where given, else the risk's (an opportunity's delay and cost are gains, so negative). Finish figures are working days from the project start, and
dates (the last working day) when the project has a planned start.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from jalon import runs
from jalon.accounts import permissions as perms
from jalon.engine import Plan
from jalon.engine.montecarlo import (
    RiskEvent,
    SimulationCancelled,
    SimulationResult,
    TaskCost,
    chunk_count,
    simulate,
)
from jalon.errors import NotFound, ValidationFailed
from jalon.planning.costing import project_costs
from jalon.planning.models import Dependency, Task
from jalon.planning.scheduling import naming_errors, project_plan
from jalon.planning.selectors import project_schedule
from jalon.portfolios.models import Project
from jalon.risks.chunks import chunks_create, simulate_in_chunks
from jalon.risks.models import Risk, SimulationRun
from jalon.risks.selectors import risk_probability
from jalon.risks.services import matrix_config_for
from jalon.validation import validate

__all__ = ["risk_events", "simulation_cancel", "simulation_execute", "simulation_run_get", "simulation_run_list",
           "simulation_start", "task_costs"]

BINS = 30
CURVE_POINTS = 51
TOP = 10
_PERCENTILES = (("p10", 0.10), ("p50", 0.50), ("p80", 0.80), ("p90", 0.90))


def risk_events(project: Project, *, residual: bool = False) -> list[RiskEvent]:
    """The project's open risks as engine risk events (those with no effect are left out).

    The probability is :func:`jalon.risks.selectors.risk_probability` (with ``residual``, the
    residual level when the risk has one)."""
    size = matrix_config_for(project.portfolio).size
    events = []
    risks = Risk.objects.filter(project=project, status=Risk.Status.OPEN).prefetch_related(
        "task_links").order_by("number")
    for risk in risks:
        links = list(risk.task_links.all())
        tasks = tuple(str(link.task_id) for link in links)
        delay, percent = float(risk.delay_days), float(risk.delay_percent)
        cost = float(risk.cost_impact)
        sign = -1.0 if risk.kind == Risk.Kind.OPPORTUNITY else 1.0
        # a link with its own impact overrides the risk's days and/or percentage for its task
        delays = {str(link.task_id): (sign * float(link.effective_delay_days),
                                      sign * float(link.effective_delay_percent))
                  for link in links
                  if link.delay_days is not None or link.delay_percent is not None}
        if not tasks:
            delay = percent = 0.0
        hits = any(delay or percent if task not in delays else any(delays[task])
                   for task in tasks)
        if not (hits or cost):
            continue
        probability = risk_probability(risk, size, residual=residual)
        events.append(RiskEvent(risk.reference, probability, tasks, delay=sign * delay,
                                delay_percent=sign * percent, cost=sign * cost,
                                name=risk.title, delays=delays))
    return events


def task_costs(project: Project) -> dict[str, TaskCost] | None:
    """The cost model of the project's leaf tasks, ``fixed + rate x duration``, by the one cost
    rule (:mod:`jalon.planning.costing`): people's and equipment's work x rate follows the
    simulated duration, costs per use, materials and the task's fixed costs do not. None when
    nothing costs."""
    parents = set(Task.objects.filter(project=project, parent__isnull=False)
                  .values_list("parent_id", flat=True))
    costs = project_costs(project)
    return costs.simulation_costs(ident for ident in costs.ids if int(ident) not in parents)


# --- runs ------------------------------------------------------------------------------------

def simulation_run_get(*, user: Any, pk: Any) -> SimulationRun:
    """A run of a project the user may see (404 otherwise)."""
    run = (SimulationRun.objects.select_related("project__portfolio").filter(pk=pk).first()
           if str(pk).isdigit() else None)
    if run is None or not perms.can_view(user, run.project):
        raise NotFound(_("Simulation %(pk)s: not found.") % {"pk": pk})
    return run


def simulation_run_list(*, user: Any, project: Project) -> list[SimulationRun]:
    perms.require_view(user, project)
    return list(SimulationRun.objects.filter(project=project)[:10])


@transaction.atomic
def _create(actor: Any, project: Project, **options: Any) -> SimulationRun:
    perms.require_change(actor, project)
    run = SimulationRun(project=project, created_by=actor if getattr(actor, "pk", None) else None,
                        **options)
    validate(run, exclude=["project", "created_by"])
    if run.due_date is not None and project.planned_start is None:
        raise ValidationFailed(_("Give the project a planned start to ask about a due date."),
                               field="due_date")
    if not Task.objects.filter(project=project).exists():
        raise ValidationFailed(_("The project has no tasks to simulate."), field="iterations")
    run.chunk_count = chunk_count(run.iterations, settings.JALON_SIMULATION_CHUNK)
    run.save()
    chunks_create(run)
    return run


def simulation_start(*, actor: Any, project: Project, iterations: int = 5000, seed: int = 1,
                     due_date: date | None = None, budget: Decimal | None = None,
                     residual: bool = False) -> SimulationRun:
    """Queue a simulation of ``project`` for the task queue (``jalon worker``); the page polls
    the run. Project managers and above may start one. A simulation of more iterations than
    ``JALON_SIMULATION_CHUNK`` is split into chunks that several workers share
    (:mod:`jalon.risks.chunks`)."""
    run = _create(actor, project, iterations=iterations, seed=seed, due_date=due_date,
                  budget=budget, residual=residual)
    from jalon.risks.tasks import run_simulation

    run_simulation.enqueue(run.pk)
    return run


def _recorder(run_id: int) -> Any:
    """The engine's progress callback: store the progress (the page polls it) and read the
    cancel flag; ``False`` stops the engine after the current block."""

    def record(done: int, total: int) -> bool:
        return runs.record_progress(SimulationRun, run_id, done / total if total else 0.0)

    return record


def simulated_plan(project: Project) -> Plan:
    """The plan a simulation of ``project`` draws from: its own tasks, with what other projects
    impose on it written in. Each task not yet started that follows a task of another project
    starts no earlier than the date the linked schedule gives it (the other projects' dates are
    taken as scheduled, not drawn), so that the deterministic plan is the project's schedule."""
    plan = project_plan(project)
    waiting = set(Dependency.objects.filter(successor__project=project)
                  .exclude(predecessor__project=project).order_by()
                  .values_list("successor_id", flat=True))
    if not waiting:
        return plan
    dates = project_schedule(project).tasks
    activities = []
    for activity in plan.activities:
        when = dates.get(int(activity.id))
        if (int(activity.id) in waiting and not activity.actual_start and when and when.start
                and activity.constraint_type in (Task.Constraint.ASAP, Task.Constraint.SNET)):
            day = max(when.start, activity.constraint_date or when.start)
            activity = replace(activity, constraint_type=Task.Constraint.SNET, constraint_date=day)
        activities.append(activity)
    return replace(plan, activities=activities)


def _simulate(run: SimulationRun) -> dict[str, Any]:
    """The work of a run: the simulation's figures as JSON."""
    if run.chunk_count > 1:
        return result_payload(simulate_in_chunks(run), run)
    try:
        with naming_errors():
            result = simulate(simulated_plan(run.project), iterations=run.iterations,
                              seed=run.seed, risks=risk_events(run.project, residual=run.residual),
                              costs=task_costs(run.project), progress=_recorder(run.pk),
                              retained_logic=run.project.retained_logic)
    except SimulationCancelled:
        raise runs.RunCancelled from None
    return result_payload(result, run)


def simulation_execute(run_id: int) -> None:
    """Run a queued simulation (the task queue's job) and store its result, or why it failed.
    A run cancelled meanwhile stays cancelled: the engine stops at the next block and nothing
    is stored."""
    runs.execute(SimulationRun, run_id, _simulate)


def simulation_cancel(*, actor: Any, run: SimulationRun) -> SimulationRun:
    """Cancel a queued or running simulation (project managers and above, like starting one):
    it is marked cancelled at once; a running one stops after its current block of iterations
    and stores nothing. A finished run is left as it is."""
    perms.require_change(actor, run.project)
    return runs.cancel(run)


def _n(value: float) -> float:
    rounded = round(float(value), 6)
    return 0.0 if rounded == 0 else rounded


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def result_payload(result: SimulationResult, run: SimulationRun) -> dict[str, Any]:
    """The stored result: plain JSON the page and the API read without the engine."""
    names = dict(Task.objects.filter(project=run.project).values_list("pk", "name"))

    def task(ident: str) -> str:
        return names.get(int(ident), ident)

    finish: dict[str, Any] = {"mean": _n(result.finish.mean), "std": _n(result.finish.std),
                              "deterministic": _n(result.finish.deterministic)}
    for key, confidence in _PERCENTILES:
        finish[key] = _n(result.finish.percentile(confidence))
        finish[f"{key}_date"] = _iso(result.finish_date(confidence))
    finish["deterministic_date"] = _iso(result.deterministic_finish_date)
    edges, counts = result.finish.histogram(BINS)
    values, probabilities = result.finish.cumulative(CURVE_POINTS)
    finish["histogram"] = {"counts": [int(c) for c in counts], "edges": [_n(e) for e in edges],
                           "dates": [_iso(result.date_of(e)) for e in edges]}
    finish["curve"] = {"values": [_n(v) for v in values],
                       "probabilities": [_n(p) for p in probabilities]}
    payload: dict[str, Any] = {"iterations": result.iterations, "seed": run.seed,
                               "residual": run.residual, "finish": finish, "cost": None,
                               "due_date": _iso(run.due_date), "probability_due": None,
                               "budget": None if run.budget is None else float(run.budget),
                               "probability_budget": None}
    if result.cost is not None:
        cost: dict[str, Any] = {"mean": _n(result.cost.mean), "std": _n(result.cost.std),
                                "deterministic": _n(result.cost.deterministic)}
        for key, confidence in _PERCENTILES:
            cost[key] = _n(result.cost.percentile(confidence))
        edges, counts = result.cost.histogram(BINS)
        values, probabilities = result.cost.cumulative(CURVE_POINTS)
        cost["histogram"] = {"counts": [int(c) for c in counts], "edges": [_n(e) for e in edges]}
        cost["curve"] = {"values": [_n(v) for v in values],
                         "probabilities": [_n(p) for p in probabilities]}
        payload["cost"] = cost
        if run.budget is not None:
            payload["probability_budget"] = _n(result.probability_within_budget(
                float(run.budget)))
    if run.due_date is not None:
        payload["probability_due"] = _n(result.probability_by(run.due_date))
    payload["criticality"] = sorted(
        ({"task": k, "name": task(k), "value": _n(v)} for k, v in result.criticality.items()
         if v > 0), key=lambda row: (-row["value"], row["name"]))
    payload["tornado"] = [{"task": k, "name": task(k), "value": _n(v)}
                          for k, v in result.tornado(TOP)]
    payload["risks"] = [{"id": k, "occurrence": _n(v),
                         "sensitivity": _n(result.risk_sensitivity.get(k, 0.0))}
                        for k, v in result.risk_occurrence.items()]
    return payload
