"""A scenario's selection problem: its portfolio's proposals as the engine's candidates, within
the scenario's budget and the capacity the pool has left (``jalon.engine.selection``).

Periods are the scenario's months. A candidate is a submitted, under-review or approved
proposal (approved ones are decided: locked in), its id the proposal's code. It is worth its
aggregate score under the scenario's scoring model, or its strategic alignment; it uses the
budget (CAPEX + OPEX, k€) and each skill (hours) along its estimates, month by month from its
start, and may start in any month of the horizon from its earliest start. ``depends on`` a
proposal becomes ``requires`` and ``after``; ``depends on`` an existing project makes it wait
for that project's forecast finish (its stored schedule's finish): it starts in the month after
at the earliest (the engine's ``waits_for``), unless the project is closed, or is an approved
proposal that is itself a candidate (then it is ``requires`` and ``after`` that candidate).
Skill limits are the pool's capacity minus what
running projects load (:mod:`jalon.intake.capacity`), unless the scenario overrides them.

A proposal that cannot be a candidate (its estimates do not fit in the horizon from its
earliest start or after the projects it waits for, it depends on a proposal that is not a
candidate, or on a project whose finish is not known) is left out with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from jalon.engine.selection import BalanceRule, Candidate, SelectionProblem, candidate_ref
from jalon.engine.selection.problem import project_ref
from jalon.errors import ValidationFailed
from jalon.i18n import Message, MessageCode, Ref, gettext_noop
from jalon.intake.capacity import RUNNING, month_starts, skill_months
from jalon.intake.models import Proposal, Scenario
from jalon.intake.ranking import ranking
from jalon.planning.selectors import schedules_for
from jalon.portfolios.models import Project
from jalon.resources.models import Skill

__all__ = ["BUDGET", "CANDIDATE_STATES", "Built", "build_problem", "namer", "resource_names",
           "skill_resource"]

BUDGET = "budget"
CANDIDATE_STATES = (Proposal.State.SUBMITTED, Proposal.State.UNDER_REVIEW,
                    Proposal.State.APPROVED)

# Stored with a run's result, so declared (see jalon.i18n).
OUT_OF_HORIZON = MessageCode(
    "intake.out_of_horizon",
    gettext_noop("%(candidate)s cannot start after its earliest start and finish within the "
                 "scenario's months."))
DEPENDS_ON_OUT = MessageCode(
    "intake.depends_on_out",
    gettext_noop("%(candidate)s depends on %(other)s, which is not a candidate (not submitted, "
                 "under review nor approved, or left out)."))
WAITS_OUT_OF_HORIZON = MessageCode(
    "intake.waits_out_of_horizon",
    gettext_noop("%(candidate)s cannot start after %(project)s finishes (%(finish)s) and finish "
                 "within the scenario's months."))
PROJECT_NO_FINISH = MessageCode(
    "intake.project_no_finish",
    gettext_noop("%(candidate)s depends on %(project)s, whose forecast finish is not known (its "
                 "plan has no dates or cannot be scheduled)."))
PROJECT_CANCELLED = MessageCode(
    "intake.project_cancelled",
    gettext_noop("%(candidate)s depends on %(project)s, which is cancelled."))
NO_BUDGET = MessageCode(
    "intake.no_budget",
    gettext_noop("Give the scenario a budget per month before optimising it."))
NO_SCORING_MODEL = MessageCode(
    "intake.no_scoring_model",
    gettext_noop("Choose the scoring model whose scores value the proposals, or value them by "
                 "strategic alignment."))
NO_PROPOSAL = MessageCode(
    "intake.no_candidate",
    gettext_noop("No proposal of this portfolio is submitted, under review or approved: there "
                 "is nothing to select."))


def skill_resource(skill_pk: int) -> str:
    """A skill as a resource of the problem."""
    return f"skill-{skill_pk}"


@dataclass(frozen=True)
class Built:
    """The problem of a scenario, with what turns its ids back into what users know."""

    problem: SelectionProblem
    proposals: dict[str, Proposal]
    months: list[date]
    left_out: list[Message] = field(default_factory=list)


def _values(scenario: Scenario, proposals: list[Proposal]) -> dict[int, float]:
    if scenario.value == Scenario.Value.ALIGNMENT:
        return {row.proposal.pk: row.alignment
                for row in ranking(model=None, proposals=proposals)}
    if scenario.scoring_model is None:
        raise ValidationFailed(NO_SCORING_MODEL(), field="scoring_model")
    return {row.proposal.pk: row.score or 0.0
            for row in ranking(model=scenario.scoring_model, proposals=proposals)}


def _uses(proposal: Proposal) -> dict[str, list[float]]:
    """Budget (k€) and hours per skill, per month from its start, over its duration at least."""
    costs = list(proposal.costs.all())
    efforts = list(proposal.efforts.all())
    length = max([proposal.duration, *(c.period + 1 for c in costs),
                  *(e.period + 1 for e in efforts)])
    budget = [0.0] * length
    for cost in costs:
        budget[cost.period] += float(cost.capex + cost.opex) / 1000
    uses = {BUDGET: budget}
    for effort in efforts:
        profile = uses.setdefault(skill_resource(effort.skill_id), [0.0] * length)
        profile[effort.period] += float(effort.hours)
    return uses


def _month_index(scenario: Scenario, day: date) -> int:
    """The period ``day`` falls in (negative: before the scenario's first month)."""
    first = scenario.first_month
    return (day.year - first.year) * 12 + day.month - first.month


def _first_start(scenario: Scenario, proposal: Proposal) -> int:
    if proposal.earliest_start is None:
        return 0
    return max(0, _month_index(scenario, proposal.earliest_start))


@dataclass(frozen=True)
class _Waits:
    """What a proposal's dependencies on existing projects make of it: the proposals (by code)
    those projects came from, still candidates; the others' finish month by project code; the
    finish dates; or why it cannot be a candidate."""

    proposals: list[str] = field(default_factory=list)
    periods: dict[str, int] = field(default_factory=dict)
    finishes: dict[str, date] = field(default_factory=dict)
    refused: Message | None = None


def _waits(scenario: Scenario, proposals: list[Proposal]) -> dict[str, _Waits]:
    """Each proposal's dependencies on existing projects, from one read of the stored
    schedules."""
    projects = {p.pk: p for proposal in proposals for p in proposal.depends_on_projects.all()}
    schedules = schedules_for(p for p in projects.values()
                              if p.status not in (Project.Status.CLOSED,
                                                  Project.Status.CANCELLED))
    candidates = {p.project_id: p.code for p in proposals if p.project_id is not None}
    found: dict[str, _Waits] = {}
    for proposal in proposals:
        waits = _Waits()
        who = candidate_ref(proposal.code)
        for project in proposal.depends_on_projects.all():
            ref = project_ref(project.code)
            schedule = schedules.get(project.pk)
            if candidates.get(project.pk) == proposal.code:
                continue  # its own project: nothing to wait for
            if project.pk in candidates:
                waits.proposals.append(candidates[project.pk])
            elif project.status == Project.Status.CLOSED:
                continue
            elif project.status == Project.Status.CANCELLED:
                waits = _Waits(refused=PROJECT_CANCELLED(candidate=who, project=ref))
                break
            elif schedule is None or schedule.finish is None:
                waits = _Waits(refused=PROJECT_NO_FINISH(candidate=who, project=ref))
                break
            else:
                waits.periods[project.code] = _month_index(scenario, schedule.finish)
                waits.finishes[project.code] = schedule.finish
        found[proposal.code] = waits
    return found


def _balance(scenario: Scenario, skills: dict[str, Skill]) -> list[BalanceRule]:
    """The scenario's rules; a rule's resource is ``budget`` or a skill's name."""
    rules = []
    for rule in scenario.balance:
        resource = rule.get("resource")
        if resource and resource != BUDGET and resource in skills:
            rule = {**rule, "resource": skill_resource(skills[resource].pk)}
        rules.append(BalanceRule(**rule))
    return rules


def _candidates(scenario: Scenario, proposals: list[Proposal], waits: dict[str, _Waits]
                ) -> tuple[list[Proposal], list[Message]]:
    """The proposals that can be candidates, and why each other one cannot."""
    left_out: list[Message] = []
    kept = {}
    for proposal in proposals:
        length = len(_uses(proposal)[BUDGET])
        waiting = waits[proposal.code]
        who = candidate_ref(proposal.code)
        last = max(waiting.periods, key=lambda c: waiting.periods[c], default=None)
        if waiting.refused is not None:
            left_out.append(waiting.refused)
        elif _first_start(scenario, proposal) + length > scenario.months:
            left_out.append(OUT_OF_HORIZON(candidate=who))
        elif last is not None and waiting.periods[last] + 1 + length > scenario.months:
            left_out.append(WAITS_OUT_OF_HORIZON(candidate=who, project=project_ref(last),
                                                 finish=waiting.finishes[last]))
        else:
            kept[proposal.code] = proposal
    changed = True
    while changed:  # a proposal depending on one left out is left out too
        changed = False
        for code, proposal in list(kept.items()):
            missing = [d for d in proposal.depends_on.all() if d.code not in kept] + [
                d for d in proposals if d.code in waits[code].proposals and d.code not in kept]
            if missing:
                del kept[code]
                changed = True
                left_out.append(DEPENDS_ON_OUT(candidate=candidate_ref(code),
                                               other=candidate_ref(missing[0].code)))
    return list(kept.values()), left_out


def build_problem(scenario: Scenario) -> Built:
    """The selection problem of ``scenario`` (raises :class:`ValidationFailed` naming what is
    missing, or what the engine refuses)."""
    if not scenario.budget:
        raise ValidationFailed(NO_BUDGET(), field="budget")
    proposals = list(Proposal.objects.filter(portfolio=scenario.portfolio,
                                             state__in=CANDIDATE_STATES)
                     .prefetch_related("costs", "efforts", "depends_on", "depends_on_projects")
                     .order_by("code"))
    if not proposals:
        raise ValidationFailed(NO_PROPOSAL(), field="proposals")
    values = _values(scenario, proposals)
    waits = _waits(scenario, proposals)
    proposals, left_out = _candidates(scenario, proposals, waits)
    locked_in = set(scenario.locked_in.values_list("pk", flat=True))
    locked_out = set(scenario.locked_out.values_list("pk", flat=True))
    candidates = []
    for proposal in proposals:
        locked = (True if proposal.state == Proposal.State.APPROVED or proposal.pk in locked_in
                  else False if proposal.pk in locked_out else None)
        codes = [d.code for d in proposal.depends_on.all()] + waits[proposal.code].proposals
        candidates.append(Candidate(
            proposal.code, value=values[proposal.pk], uses=_uses(proposal),
            starts=range(_first_start(scenario, proposal), scenario.months),
            name=proposal.title, mandatory=proposal.mandatory, requires=codes, after=codes,
            category=proposal.category, locked=locked,
            waits_for=waits[proposal.code].periods))
    skill_ids = sorted({e.skill_id for p in proposals for e in p.efforts.all()})
    skills = list(Skill.objects.filter(pk__in=skill_ids).order_by("name"))
    # the projects the candidates already are (approved ones) are candidates, not load
    running = Project.objects.filter(planned_start__isnull=False, status__in=RUNNING) \
        .exclude(proposal__in=proposals)
    pool = skill_months(skills=skills, first=scenario.first_month, months=scenario.months,
                        projects=running)
    limits: dict[str, list[float]] = {BUDGET: [float(v) for v in scenario.budget]}
    for s, skill in enumerate(skills):
        override = scenario.capacity.get(str(skill.pk))
        limits[skill_resource(skill.pk)] = (
            [float(override)] * scenario.months if override is not None
            else [round(float(v), 2) for v in pool.left[s]])
    problem = SelectionProblem(limits=limits, candidates=candidates, periods=scenario.months,
                               balance=_balance(scenario, {s.name: s for s in skills}))
    return Built(problem, {p.code: p for p in proposals},
                 month_starts(scenario.first_month, scenario.months), left_out)


def resource_names(idents: list[str]) -> dict[str, str]:
    """What users call the problem's resources: the budget, the skills by name."""
    pks = [int(i.removeprefix("skill-")) for i in idents if i.startswith("skill-")]
    skills = dict(Skill.objects.filter(pk__in=pks).values_list("pk", "name"))
    names = {BUDGET: _("Budget (k€)")}
    names.update({skill_resource(pk): _("%(skill)s (hours)") % {"skill": name}
                  for pk, name in skills.items()})
    return {i: names.get(i, i) for i in idents}


def namer(*, portfolio_id: int, resources: dict[str, str]) -> Callable[[Ref], str | None]:
    """Names for the references of a stored message: proposals by code and title, projects by
    code and name, resources as :func:`resource_names` names them."""
    titles = dict(Proposal.objects.filter(portfolio_id=portfolio_id)
                  .values_list("code", "title"))
    projects = dict(Project.objects.filter(portfolio_id=portfolio_id)
                    .values_list("code", "name"))

    def name(ref: Ref) -> str | None:
        if ref.kind == "candidate":
            return f"{ref.id} – {titles[ref.id]}" if ref.id in titles else None
        if ref.kind == "project":
            return f"{ref.id} – {projects[ref.id]}" if ref.id in projects else None
        if ref.kind == "resource":
            return resources.get(ref.id)
        return None

    return name
