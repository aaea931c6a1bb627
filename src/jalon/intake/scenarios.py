"""Writes to scenarios: keeping them, optimising them in the task queue (the best selection or
the budget's efficient frontier, :mod:`jalon.runs`), and promoting a selection into the
decision: its proposals approved in one action, with who and when."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jalon import runs
from jalon.engine.selection import BalanceRule, SearchProgress, frontier, select
from jalon.errors import ValidationFailed
from jalon.i18n import Message
from jalon.intake import permissions as rules
from jalon.intake import services
from jalon.intake.models import OptimisationRun, Proposal, Scenario
from jalon.intake.selection import build_problem
from jalon.portfolios.models import Portfolio
from jalon.validation import assign_fields, validate

__all__ = ["FRONTIER_POINTS", "optimisation_cancel", "optimisation_execute",
           "optimisation_start", "scenario_create", "scenario_delete", "scenario_promote",
           "scenario_update"]

SCENARIO_FIELDS = {"name", "description", "first_month", "months", "budget", "capacity",
                   "value", "scoring_model", "balance", "time_limit"}
FRONTIER_POINTS = 16


def _amount(value: Any, field: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number) or number < 0:
        raise ValidationFailed(_("%(value)s is not an amount (a number of at least 0).")
                               % {"value": value}, field=field)
    return number


def _check(scenario: Scenario) -> None:
    """The scenario's lists, read as the optimisation reads them; one budget figure stands for
    every month."""
    budget = scenario.budget if isinstance(scenario.budget, list) else [scenario.budget]
    budget = [_amount(v, "budget") for v in budget]
    if len(budget) == 1:
        budget = budget * scenario.months
    if budget and len(budget) != scenario.months:
        raise ValidationFailed(
            _("Give one budget figure for every month, or %(months)s figures (one per month), "
              "not %(count)s.") % {"months": scenario.months, "count": len(budget)},
            field="budget")
    scenario.budget = budget
    if not isinstance(scenario.capacity, dict):
        raise ValidationFailed(_("Capacity overrides are hours per month by skill."),
                               field="capacity")
    scenario.capacity = {str(k): _amount(v, "capacity") for k, v in scenario.capacity.items()}
    if not isinstance(scenario.balance, list):
        raise ValidationFailed(_("Balance rules are a list."), field="balance")
    for number, rule in enumerate(scenario.balance, start=1):
        try:
            BalanceRule(**rule).check(number)
        except TypeError as exc:
            raise ValidationFailed(_("Balance rule %(number)s: %(problem)s")
                                   % {"number": number, "problem": exc}, field="balance") from exc
    if scenario.scoring_model is not None \
            and scenario.scoring_model.portfolio_id != scenario.portfolio_id:
        raise ValidationFailed(_("The scoring model “%(model)s” is not of this portfolio.")
                               % {"model": scenario.scoring_model}, field="scoring_model")


def _set_locks(scenario: Scenario, locked_in: Iterable[Proposal] | None,
               locked_out: Iterable[Proposal] | None) -> None:
    ins = list(locked_in) if locked_in is not None else list(scenario.locked_in.all())
    outs = list(locked_out) if locked_out is not None else list(scenario.locked_out.all())
    for proposal in (*ins, *outs):
        if proposal.portfolio_id != scenario.portfolio_id:
            raise ValidationFailed(_("The proposal “%(proposal)s” is not of this portfolio.")
                                   % {"proposal": proposal}, field="locked_in")
    both = {p.pk for p in ins} & {p.pk for p in outs}
    if both:
        proposal = next(p for p in ins if p.pk in both)
        raise ValidationFailed(_("The proposal “%(proposal)s” cannot be locked both in and out.")
                               % {"proposal": proposal}, field="locked_out")
    scenario.locked_in.set(ins)
    scenario.locked_out.set(outs)


def _save(scenario: Scenario, locked_in: Iterable[Proposal] | None,
          locked_out: Iterable[Proposal] | None) -> Scenario:
    validate(scenario)
    _check(scenario)
    scenario.save()
    _set_locks(scenario, locked_in, locked_out)
    return scenario


@transaction.atomic
def scenario_create(*, actor: Any, portfolio: Portfolio, name: str,
                    locked_in: Iterable[Proposal] = (), locked_out: Iterable[Proposal] = (),
                    **fields: Any) -> Scenario:
    """Keep a scenario of ``portfolio``; ``fields`` are any of :data:`SCENARIO_FIELDS`
    (``budget`` one figure for every month or one per month, in k€)."""
    rules.require_scenario_change(actor, portfolio)
    scenario = Scenario(portfolio=portfolio, name=name, created_by=services.who(actor))
    assign_fields(scenario, fields, SCENARIO_FIELDS)
    return _save(scenario, locked_in, locked_out)


@transaction.atomic
def scenario_update(*, actor: Any, scenario: Scenario,
                    locked_in: Iterable[Proposal] | None = None,
                    locked_out: Iterable[Proposal] | None = None, **changes: Any) -> Scenario:
    """Change a scenario; ``None`` leaves the locks as they are."""
    rules.require_scenario_change(actor, scenario.portfolio)
    assign_fields(scenario, changes, SCENARIO_FIELDS)
    return _save(scenario, locked_in, locked_out)


@transaction.atomic
def scenario_delete(*, actor: Any, scenario: Scenario) -> None:
    rules.require_scenario_change(actor, scenario.portfolio)
    scenario.delete()


# --- optimisation runs -----------------------------------------------------------------------

def optimisation_start(*, actor: Any, scenario: Scenario,
                       kind: str = OptimisationRun.Kind.SELECT) -> OptimisationRun:
    """Queue an optimisation of ``scenario`` (``jalon worker`` runs it; the page polls it)."""
    from jalon.intake.tasks import run_optimisation

    rules.require_scenario_change(actor, scenario.portfolio)
    if kind not in OptimisationRun.Kind.values:
        raise ValidationFailed(_("Unknown kind of optimisation: %(kind)s.") % {"kind": kind},
                               field="kind")
    run = OptimisationRun.objects.create(scenario=scenario, kind=kind,
                                         created_by=services.who(actor))
    run_optimisation.enqueue(run.pk)
    run.refresh_from_db()  # a worker may already have taken it
    return run


def _messages(items: Iterable[Message]) -> list[dict[str, Any]]:
    return [item.to_json() for item in items]


class _Recorder:
    """The solver's progress callback: store the progress, the elapsed time and the best
    figures so far on the run (the page polls them); read the cancel flag, which stops the
    solver at once."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.cancelled = False

    def __call__(self, progress: SearchProgress) -> bool:
        known = {name: value for name, value in (("best_value", progress.objective),
                                                 ("best_bound", progress.bound),
                                                 ("gap", progress.gap)) if value is not None}
        carry_on = runs.record_progress(OptimisationRun, self.run_id, progress.done,
                                        elapsed=round(progress.elapsed, 2), **known)
        self.cancelled = not carry_on
        return carry_on

    def check(self) -> None:
        """After the solve: nothing is stored of a cancelled run."""
        if self.cancelled:
            raise runs.RunCancelled


def _select(run: OptimisationRun) -> dict[str, Any]:
    built = build_problem(run.scenario)
    recorder = _Recorder(run.pk)
    result = select(built.problem, time_limit=run.scenario.time_limit, progress=recorder)
    recorder.check()
    conflict = result.conflict_message
    return {
        "status": result.status, "objective": result.objective, "bound": result.bound,
        "gap": result.gap,
        "selected": [{"code": code, "month": built.months[start].isoformat(),
                      "notes": _messages(result.notes.get(code, ()))}
                     for code, start in result.starts.items()],
        "rejected": [{"code": r.id, "reasons": _messages(r.reasons)} for r in result.rejected],
        "usage": {r: list(v) for r, v in result.usage.items()},
        "limits": {r: list(built.problem.limit(r)) for r in built.problem.resources},
        "conflict": _messages([conflict]) if conflict else [],
        "left_out": _messages(built.left_out),
        "months": [m.isoformat() for m in built.months],
    }


def _frontier(run: OptimisationRun) -> dict[str, Any]:
    built = build_problem(run.scenario)
    recorder = _Recorder(run.pk)
    found = frontier(built.problem, resource="budget", points=FRONTIER_POINTS,
                     time_limit=run.scenario.time_limit, progress=recorder)
    recorder.check()
    return {"resource": found.resource, "left_out": _messages(built.left_out), "points": [
        {"limit": p.limit, "status": p.status, "value": p.value, "selected": list(p.selected),
         "entering": list(p.entering), "leaving": list(p.leaving), "marginal": p.marginal}
        for p in found.points]}


def optimisation_execute(run_id: int) -> None:
    """Run a queued optimisation (the task queue's job) and store its result, or why it
    failed."""
    def work(run: OptimisationRun) -> dict[str, Any]:
        return _frontier(run) if run.kind == OptimisationRun.Kind.FRONTIER else _select(run)

    runs.execute(OptimisationRun, run_id, work)


def optimisation_cancel(*, actor: Any, run: OptimisationRun) -> OptimisationRun:
    rules.require_scenario_change(actor, run.scenario.portfolio)
    return runs.cancel(run)


# --- the decision ----------------------------------------------------------------------------

@transaction.atomic
def scenario_promote(*, actor: Any, run: OptimisationRun) -> list[Proposal]:
    """Approve every proposal the selection ``run`` selected that is not approved yet (through
    the proposals' own transitions: each becomes a project), and record on the scenario who
    promoted which run, and when. Returns the proposals approved now."""
    scenario = run.scenario
    rules.require_scenario_change(actor, scenario.portfolio)
    result = run.result or {}
    if run.kind != OptimisationRun.Kind.SELECT or run.state != OptimisationRun.State.DONE \
            or result.get("status") not in ("optimal", "feasible"):
        raise ValidationFailed(_("Only a finished optimisation that found a selection can be "
                                 "promoted."), field="run")
    codes = [item["code"] for item in result["selected"]]
    proposals = {p.code: p for p in Proposal.objects.filter(portfolio=scenario.portfolio,
                                                             code__in=codes)}
    approved = []
    for code in codes:
        proposal = proposals.get(code)
        if proposal is None or proposal.state == Proposal.State.APPROVED:
            continue
        if proposal.state == Proposal.State.SUBMITTED:
            proposal = services.proposal_transition(actor=actor, proposal=proposal,
                                                    action="review")
        if proposal.state != Proposal.State.UNDER_REVIEW:
            raise ValidationFailed(
                _("The proposal “%(proposal)s” is “%(state)s” now: optimise the scenario again "
                  "before promoting it.")
                % {"proposal": proposal, "state": proposal.get_state_display()}, field="run")
        reason = _("Selected in the scenario “%(scenario)s”.") % {"scenario": scenario}
        approved.append(services.proposal_transition(actor=actor, proposal=proposal,
                                                     action="approve", reason=reason))
    scenario.promoted_by = services.who(actor)
    scenario.promoted_at = timezone.now()
    scenario.promoted_run = run
    scenario.save(update_fields=["promoted_by", "promoted_at", "promoted_run"])
    return approved

