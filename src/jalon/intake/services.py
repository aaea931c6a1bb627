"""Writes to proposals: drafting, estimates, the transitions of their life cycle, and the
approval that turns one into a project. Each in one transaction, each checking the actor's
rights first (``jalon.intake.permissions``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jalon.accounts.people import name_of
from jalon.errors import ValidationFailed
from jalon.finance import services as finance
from jalon.finance.models import CostCategory, Expenditure
from jalon.intake import permissions as rules
from jalon.intake.models import Proposal, ProposalCost, ProposalEffort, Transition
from jalon.portfolios import services as portfolios
from jalon.portfolios.models import Portfolio, Project, StrategicObjective
from jalon.resources.models import Skill
from jalon.validation import assign_fields, validate

PROPOSAL_FIELDS = {"code", "title", "sponsor", "problem", "benefits", "category",
                   "earliest_start", "duration", "risks", "risk_level", "mandatory", "moscow"}

State = Proposal.State


@dataclass(frozen=True)
class Cost:
    """The cost expected in one period (month from the earliest start), CAPEX and OPEX."""

    period: int
    capex: Decimal
    opex: Decimal


@dataclass(frozen=True)
class Effort:
    """The hours of one skill expected in one period."""

    skill: Skill
    period: int
    hours: Decimal


@dataclass(frozen=True)
class Step:
    """An action on a proposal: the states it leaves from, the one it leads to, whether it
    needs a reason, and whether it is the managers' (else the author's)."""

    sources: frozenset[str]
    target: str
    needs_reason: bool = False
    managers: bool = True


STEPS: dict[str, Step] = {
    "submit": Step(frozenset({State.DRAFT}), State.SUBMITTED, managers=False),
    "review": Step(frozenset({State.SUBMITTED}), State.UNDER_REVIEW),
    "approve": Step(frozenset({State.UNDER_REVIEW}), State.APPROVED),
    "reject": Step(frozenset({State.SUBMITTED, State.UNDER_REVIEW}), State.REJECTED,
                   needs_reason=True),
    "defer": Step(frozenset({State.SUBMITTED, State.UNDER_REVIEW}), State.DEFERRED),
    "resume": Step(frozenset({State.DEFERRED}), State.UNDER_REVIEW),
}
"""The life cycle: draft → submitted → under review → approved, rejected or deferred; a
deferred proposal may be reviewed again."""


def who(actor: Any) -> Any:
    """The actor to record as author (None for a script acting without a user)."""
    return actor if getattr(actor, "pk", None) else None


def _check_links(proposal: Proposal, objectives: Iterable[StrategicObjective] | None,
                 depends_on: Iterable[Proposal] | None,
                 depends_on_projects: Iterable[Project] | None) -> None:
    for objective in objectives or ():
        if objective.portfolio_id != proposal.portfolio_id:
            raise ValidationFailed(_("The objective %(code)s belongs to another portfolio.")
                                   % {"code": objective.code}, field="objectives")
    for other in depends_on or ():
        if other.pk == proposal.pk:
            raise ValidationFailed(_("A proposal cannot depend on itself."), field="depends_on")
        if other.portfolio_id != proposal.portfolio_id:
            raise ValidationFailed(_("The proposal %(code)s belongs to another portfolio.")
                                   % {"code": other.code}, field="depends_on")
    for project in depends_on_projects or ():
        if project.portfolio_id != proposal.portfolio_id:
            raise ValidationFailed(_("The project %(code)s belongs to another portfolio.")
                                   % {"code": project.code}, field="depends_on_projects")


def _set_costs(proposal: Proposal, costs: list[Cost]) -> None:
    rows = []
    for cost in costs:
        _check_period(proposal, cost.period, "costs")
        rows.append(ProposalCost(proposal=proposal, period=cost.period, capex=cost.capex,
                                 opex=cost.opex))
    _check_twice([row.period for row in rows], "costs")
    for row in rows:
        validate(row, exclude=["proposal"])
    proposal.costs.all().delete()
    ProposalCost.objects.bulk_create(rows)


def _set_efforts(proposal: Proposal, efforts: list[Effort]) -> None:
    rows = []
    for effort in efforts:
        _check_period(proposal, effort.period, "efforts")
        rows.append(ProposalEffort(proposal=proposal, skill=effort.skill, period=effort.period,
                                   hours=effort.hours))
    seen: set[tuple[int, int]] = set()
    for row in rows:
        if (row.skill.pk, row.period) in seen:
            raise ValidationFailed(_("%(skill)s: the month %(period)s is given twice.")
                                   % {"skill": row.skill.name, "period": row.period + 1},
                                   field="efforts")
        seen.add((row.skill.pk, row.period))
        validate(row, exclude=["proposal"])
    proposal.efforts.all().delete()
    ProposalEffort.objects.bulk_create(rows)


def _check_period(proposal: Proposal, period: int, field: str) -> None:
    if not 0 <= period < proposal.duration:
        raise ValidationFailed(
            _("Month %(period)s is outside the proposal's duration (%(duration)s months).")
            % {"period": period + 1, "duration": proposal.duration}, field=field)


def _check_twice(periods: list[int], field: str) -> None:
    seen: set[int] = set()
    for period in periods:
        if period in seen:
            raise ValidationFailed(_("The month %(period)s is given twice.")
                                   % {"period": period + 1}, field=field)
        seen.add(period)


def _save(proposal: Proposal, *, objectives: list[StrategicObjective] | None,
          depends_on: list[Proposal] | None, depends_on_projects: list[Project] | None,
          costs: list[Cost] | None, efforts: list[Effort] | None) -> Proposal:
    validate(proposal)
    proposal.save()
    _check_links(proposal, objectives, depends_on, depends_on_projects)
    if objectives is not None:
        proposal.objectives.set(objectives)
    if depends_on is not None:
        proposal.depends_on.set(depends_on)
    if depends_on_projects is not None:
        proposal.depends_on_projects.set(depends_on_projects)
    # the estimates are checked against the duration, even when only the duration changed
    _set_costs(proposal, costs if costs is not None else [
        Cost(c.period, c.capex, c.opex) for c in proposal.costs.all()])
    _set_efforts(proposal, efforts if efforts is not None else [
        Effort(e.skill, e.period, e.hours) for e in proposal.efforts.select_related("skill")])
    return proposal


@transaction.atomic
def proposal_create(*, actor: Any, portfolio: Portfolio, code: str, title: str,
                    objectives: list[StrategicObjective] | None = None,
                    depends_on: list[Proposal] | None = None,
                    depends_on_projects: list[Project] | None = None,
                    costs: list[Cost] | None = None, efforts: list[Effort] | None = None,
                    **fields: Any) -> Proposal:
    """Draft a proposal in ``portfolio``. ``fields`` are any of :data:`PROPOSAL_FIELDS`;
    ``costs`` and ``efforts`` are by month from the earliest start (period 0 is the first)."""
    rules.require_propose(actor, portfolio)
    proposal = Proposal(portfolio=portfolio, code=code, title=title, created_by=who(actor))
    assign_fields(proposal, fields, PROPOSAL_FIELDS)
    return _save(proposal, objectives=objectives, depends_on=depends_on,
                 depends_on_projects=depends_on_projects, costs=costs, efforts=efforts)


@transaction.atomic
def proposal_update(*, actor: Any, proposal: Proposal,
                    objectives: list[StrategicObjective] | None = None,
                    depends_on: list[Proposal] | None = None,
                    depends_on_projects: list[Project] | None = None,
                    costs: list[Cost] | None = None, efforts: list[Effort] | None = None,
                    **changes: Any) -> Proposal:
    """Change a proposal; ``None`` leaves a list as it is, a list replaces it."""
    rules.require_edit(actor, proposal)
    assign_fields(proposal, changes, PROPOSAL_FIELDS)
    return _save(proposal, objectives=objectives, depends_on=depends_on,
                 depends_on_projects=depends_on_projects, costs=costs, efforts=efforts)


@transaction.atomic
def proposal_delete(*, actor: Any, proposal: Proposal) -> None:
    """Delete a draft (its author, its sponsor, the portfolio's managers); a submitted proposal
    is decided, not deleted, so that its history stays."""
    if proposal.state != State.DRAFT:
        raise ValidationFailed(_("Only a draft may be deleted: reject or defer the proposal "
                                 "“%(proposal)s” instead.") % {"proposal": proposal})
    rules.require_edit(actor, proposal)
    proposal.delete()


def allowed_actions(user: Any, proposal: Proposal) -> list[str]:
    """The transitions ``user`` may make now (keys of :data:`STEPS`): those
    :func:`proposal_transition` accepts from the proposal's state."""
    decide = rules.can_decide(user, proposal.portfolio)
    return [action for action, step in STEPS.items() if proposal.state in step.sources
            and (decide if step.managers else rules.can_edit(user, proposal))]


@transaction.atomic
def proposal_transition(*, actor: Any, proposal: Proposal, action: str,
                        reason: str = "") -> Proposal:
    """Move ``proposal`` by ``action`` (a key of :data:`STEPS`), recording who, when and why.

    Approving creates the project (:func:`_project_from`) in the same transaction.
    """
    step = STEPS.get(action)
    if step is None:
        raise ValidationFailed(_("Unknown action: %(action)s.") % {"action": action},
                               field="action")
    # the state read again under a lock: two managers approving at once create one project
    proposal.state = Proposal.objects.select_for_update().values_list(
        "state", flat=True).get(pk=proposal.pk)
    if step.managers:
        rules.require_decide(actor, proposal.portfolio)
    else:
        rules.require_edit(actor, proposal)
    if proposal.state not in step.sources:
        raise ValidationFailed(
            _("The proposal “%(proposal)s” is in the state “%(state)s”: it cannot go to "
              "“%(target)s”.")
            % {"proposal": proposal, "state": proposal.get_state_display(),
               "target": State(step.target).label}, field="action")
    reason = reason.strip()
    if step.needs_reason and not reason:
        raise ValidationFailed(_("Give the reason of the rejection."), field="reason")
    Transition.objects.create(proposal=proposal, source=proposal.state, target=step.target,
                              actor=who(actor), reason=reason)
    proposal.state = step.target
    if step.target in (State.REJECTED, State.DEFERRED, State.APPROVED):
        proposal.decision_reason = reason
    if step.target == State.APPROVED:
        proposal.project = _project_from(actor, proposal)
    proposal.save()
    return proposal


def _month(start: date, period: int) -> date:
    months = start.year * 12 + start.month - 1 + period
    return date(months // 12, months % 12 + 1, 1)


def _project_from(actor: Any, proposal: Proposal) -> Project:
    """The project an approved proposal becomes: its code, title, description (problem and
    benefits), sponsor, objectives and earliest start, status "approved", and a budget line
    per kind of expense (CAPEX, OPEX) holding the estimates, spread over the months from the
    earliest start when there is one."""
    description = "\n\n".join(part for part in (proposal.problem, proposal.benefits) if part)
    project = portfolios.project_create(
        actor=actor, portfolio=proposal.portfolio, code=proposal.code, name=proposal.title,
        description=description, status=Project.Status.APPROVED,
        sponsor=name_of(proposal.sponsor),
        planned_start=proposal.earliest_start, objectives=list(proposal.objectives.all()))
    costs = list(proposal.costs.all())
    for expenditure in (Expenditure.CAPEX, Expenditure.OPEX):
        amounts = [(cost.period, getattr(cost, expenditure.value)) for cost in costs]
        total = sum((amount for _period, amount in amounts), Decimal("0"))
        if not total:
            continue
        line = finance.budget_line_create(
            actor=actor, project=project, category=CostCategory.OTHER, expenditure=expenditure,
            approved=total,
            description=_("Estimate of the proposal %(code)s") % {"code": proposal.code})
        if proposal.earliest_start is not None:
            finance.budget_months_set(actor=actor, line=line, months=[
                (_month(proposal.earliest_start, period), amount, None)
                for period, amount in amounts if amount])
    return project
