"""The automatic criteria of the gates, evaluated live from the project's data with the evidence
a reviewer reads ("Not finished: 2.3 Earthworks"), and the manual ones as they were ticked.

What a project's checks read is loaded once per project (:class:`Facts`), so that a page listing
every gate of a project asks the database the same number of times however many gates it has.
Evidence names things as users know them (task WBS and name, risk reference and title) and never
gives an amount: team members read the gates too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jalon.finance.models import BudgetLine
from jalon.governance.models import Criterion, Gate, ProjectDocument, ProjectRole
from jalon.planning.models import Baseline, Task
from jalon.portfolios.models import Project
from jalon.risks.models import Risk

#: How many unmet items evidence names before it says "and N more".
NAMED = 5


@dataclass(frozen=True)
class Evaluation:
    """Whether a criterion is met now, and what shows it."""

    met: bool
    evidence: str


class Facts:
    """What a project's automatic checks read, each loaded once, on first use."""

    def __init__(self, project: Project) -> None:
        self.project = project

    @cached_property
    def tasks(self) -> list[Task]:
        return list(Task.objects.filter(project=self.project).only(
            "pk", "parent_id", "wbs_code", "name", "percent_complete", "is_milestone"))

    @cached_property
    def documents(self) -> list[ProjectDocument]:
        return list(ProjectDocument.objects.filter(phase__project=self.project))

    @cached_property
    def baseline(self) -> Baseline | None:
        return Baseline.objects.filter(project=self.project).order_by("-created_at").first()

    @cached_property
    def approved_budget_lines(self) -> int:
        return BudgetLine.objects.filter(project=self.project, approved__gt=0).count()

    @cached_property
    def risks_without_owner(self) -> list[str]:
        return [f"{r.reference} {r.title}" for r in Risk.objects.filter(
            project=self.project, status=Risk.Status.OPEN, owner=None).order_by("number")]

    @cached_property
    def roles_without_holder(self) -> list[str]:
        return [r.name for r in ProjectRole.objects.filter(project=self.project, holder=None)]

    def descendants(self, root_id: int) -> list[Task]:
        children: dict[int | None, list[Task]] = {}
        for task in self.tasks:
            children.setdefault(task.parent_id, []).append(task)
        found, frontier = [], [root_id]
        while frontier:
            for child in children.get(frontier.pop(), []):
                found.append(child)
                frontier.append(child.pk)
        return found


def _listing(items: list[str]) -> str:
    shown = ", ".join(items[:NAMED])
    if len(items) > NAMED:
        shown += " " + _("and %(count)d more") % {"count": len(items) - NAMED}
    return shown


def _baseline_set(facts: Facts, gate: Gate) -> Evaluation:
    baseline = facts.baseline
    if baseline is None:
        return Evaluation(False, _("No baseline has been saved."))
    return Evaluation(True, _("Baseline “%(name)s” saved.") % {"name": baseline.name})


def _budget_approved(facts: Facts, gate: Gate) -> Evaluation:
    count = facts.approved_budget_lines
    if not count:
        return Evaluation(False, _("No budget line has an approved amount."))
    return Evaluation(True, ngettext("%(count)d budget line approved.",
                                     "%(count)d budget lines approved.", count) % {"count": count})


def _phase_tasks_finished(facts: Facts, gate: Gate) -> Evaluation:
    phase = gate.phase
    if phase.summary_task_id is None:
        return Evaluation(False, _("No task of the plan belongs to this phase."))
    work = [t for t in facts.descendants(phase.summary_task_id) if t.pk != gate.milestone_id]
    if not work:
        return Evaluation(False, _("No task of the plan belongs to this phase."))
    unfinished = [f"{t.wbs_code} {t.name}" for t in work if t.percent_complete < 100]
    if unfinished:
        return Evaluation(False, _("Not finished: %(tasks)s.") % {"tasks": _listing(unfinished)})
    return Evaluation(True, ngettext("The phase's %(count)d task is finished.",
                                     "The phase's %(count)d tasks are finished.",
                                     len(work)) % {"count": len(work)})


def _risks_owned(facts: Facts, gate: Gate) -> Evaluation:
    orphans = facts.risks_without_owner
    if orphans:
        return Evaluation(False, _("Without an owner: %(risks)s.") % {"risks": _listing(orphans)})
    return Evaluation(True, _("Every open risk has an owner."))


def _documents_approved(facts: Facts, gate: Gate) -> Evaluation:
    documents = [d for d in facts.documents if d.phase_id == gate.phase_id]
    waiting = [d.name for d in documents if d.status != ProjectDocument.Status.APPROVED]
    if waiting:
        return Evaluation(False, _("Not approved yet: %(documents)s.")
                          % {"documents": _listing(waiting)})
    if not documents:
        return Evaluation(True, _("The phase requires no document."))
    return Evaluation(True, _("Approved: %(documents)s.")
                      % {"documents": _listing([d.name for d in documents])})


def _roles_filled(facts: Facts, gate: Gate) -> Evaluation:
    empty = facts.roles_without_holder
    if empty:
        return Evaluation(False, _("Nobody holds: %(roles)s.") % {"roles": _listing(empty)})
    return Evaluation(True, _("Every role of the method is held."))


CHECKS: dict[str, Callable[[Facts, Gate], Evaluation]] = {
    "baseline_set": _baseline_set,
    "budget_approved": _budget_approved,
    "phase_tasks_finished": _phase_tasks_finished,
    "risks_owned": _risks_owned,
    "documents_approved": _documents_approved,
    "roles_filled": _roles_filled,
}


def evaluate(facts: Facts, gate: Gate, criterion: Criterion) -> Evaluation:
    """Whether ``criterion`` of ``gate`` is met now: the check's verdict, or the manual tick."""
    if criterion.rule:
        return CHECKS[criterion.rule](facts, gate)
    if criterion.ticked:
        return Evaluation(True, criterion.comment or _("Ticked as met."))
    return Evaluation(False, _("Not ticked yet."))
