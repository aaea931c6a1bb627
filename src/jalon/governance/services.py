"""Writes of governance, each in a transaction, each checking the actor's rights first: a
project set up from a pack, manual criteria ticked, gate decisions moving the project through its
life cycle, the PMO's override, documents and roles, and the PMO's adapted packs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.accounts.history import record_created
from jalon.accounts.models import Role
from jalon.errors import NotFound, PermissionDenied, ValidationFailed
from jalon.governance import notices, packs, selectors
from jalon.governance.models import (
    Criterion,
    Gate,
    GateCondition,
    GateDecision,
    LifecycleOverride,
    MethodPack,
    Phase,
    ProjectDocument,
    ProjectRole,
)
from jalon.planning import services as planning
from jalon.planning.models import Task
from jalon.portfolios import services as portfolios
from jalon.portfolios.models import Portfolio, Project
from jalon.risks import services as risks
from jalon.validation import validate

#: Who decides at the gates of a project whose roles name no approver; a pack's approving roles
#: (its board) map to some of these (``packs.APPROVER_ROLES``), and the PMO always decides.
DEFAULT_APPROVERS = frozenset(packs.APPROVER_ROLES)


# --- a project set up from a pack ------------------------------------------------------------

def _skeleton(actor: Any, project: Project, pack_phase: packs.Phase,
              previous_gate: Task | None) -> tuple[Task, Task]:
    """The phase's summary task, a work task per document (or one for the phase), and the gate
    milestone that ends it, linked after the previous phase's gate."""
    summary = planning.task_create(actor=actor, project=project, name=str(pack_phase.name))
    work_names = [str(d.name) for d in pack_phase.documents] or [str(pack_phase.name)]
    work = [planning.task_create(actor=actor, project=project, name=name, parent=summary,
                                 duration=pack_phase.duration) for name in work_names]
    milestone = planning.task_create(actor=actor, project=project, parent=summary,
                                     name=str(pack_phase.gate.name), is_milestone=True,
                                     duration=0)
    for task in work:
        if previous_gate is not None:
            planning.dependency_create(actor=actor, predecessor=previous_gate, successor=task)
        planning.dependency_create(actor=actor, predecessor=task, successor=milestone)
    return summary, milestone


def _planned_dates(project: Project, pack: packs.Pack) -> list[datetime.date | None]:
    """Without a skeleton, each gate is expected when the pack's durations (working days, taken
    as five a week) have run from the project's planned start."""
    if project.planned_start is None:
        return [None] * len(pack.phases)
    dates: list[datetime.date | None] = []
    days = 0
    for phase in pack.phases:
        days += phase.duration
        dates.append(project.planned_start + datetime.timedelta(days=days * 7 // 5))
    return dates


@transaction.atomic
def project_start(*, actor: Any, project: Project, skeleton: bool = True) -> list[Phase]:
    """Set ``project`` up from the pack its ``methodology`` names: its phases (the first one
    current) each closed by a gate with the pack's criteria, the documents to produce, the roles
    to fill and the starter risks; with ``skeleton``, the WBS skeleton too (a summary task per
    phase and the gate milestone at its end), otherwise the gates' expected dates."""
    perms.require_change(actor, project)
    if project.phases.exists():
        raise ValidationFailed(_("The project already follows a methodology."),
                               field="methodology")
    pack = selectors.pack_for(portfolio=project.portfolio, key=project.methodology)
    dates = _planned_dates(project, pack) if not skeleton else [None] * len(pack.phases)
    created, previous_gate = [], None
    for position, (pack_phase, planned) in enumerate(zip(pack.phases, dates, strict=True)):
        summary = milestone = None
        if skeleton:
            summary, milestone = _skeleton(actor, project, pack_phase, previous_gate)
            previous_gate = milestone
        phase = Phase.objects.create(
            project=project, position=position, key=pack_phase.key,
            name_en=pack_phase.name.en, name_fr=pack_phase.name.fr, summary_task=summary,
            status=Phase.Status.ACTIVE if position == 0 else Phase.Status.PENDING)
        gate = Gate.objects.create(phase=phase, name_en=pack_phase.gate.name.en,
                                   name_fr=pack_phase.gate.name.fr, milestone=milestone,
                                   planned_date=planned)
        record_created(Criterion, Criterion.objects.bulk_create(
            Criterion(gate=gate, position=i, key=c.key, label_en=c.label.en, label_fr=c.label.fr,
                      mandatory=c.mandatory, rule=c.check)
            for i, c in enumerate(pack_phase.gate.criteria)), actor=actor)
        record_created(ProjectDocument, ProjectDocument.objects.bulk_create(
            ProjectDocument(phase=phase, key=d.key, name_en=d.name.en, name_fr=d.name.fr)
            for d in pack_phase.documents), actor=actor)
        created.append(phase)
    record_created(ProjectRole, ProjectRole.objects.bulk_create(
        ProjectRole(project=project, key=r.key, name_en=r.name.en, name_fr=r.name.fr,
                    jalon_role=r.jalon_role, approver=r.approver,
                    holder=project.project_manager if r.key == "project_manager" else None)
        for r in pack.roles), actor=actor)
    for risk in pack.risks:  # the project manager owns them until he hands them over
        risks.risk_create(actor=actor, project=project, title=str(risk.title),
                          category=risk.category, owner=project.project_manager)
    if created:  # the first phase is current: its gate awaits the approvers' decision
        notices.gate_awaited(created[0].gate, approver_roles=approver_roles(project))
    return created


@transaction.atomic
def project_adopt(*, actor: Any, project: Project, key: str) -> list[Phase]:
    """Make an existing project follow a methodology: its phases, gates (expected from the
    pack's durations, the plan left as it is), documents, roles and starter risks."""
    perms.require_change(actor, project)
    if key not in dict(selectors.methodology_choices(project.portfolio)):
        raise ValidationFailed(_("Choose one of the methodologies offered."), field="methodology")
    portfolios.project_update(actor=actor, project=project, methodology=key)
    return project_start(actor=actor, project=project, skeleton=False)


# --- criteria and decisions ------------------------------------------------------------------

@transaction.atomic
def criterion_tick(*, actor: Any, criterion: Criterion, met: bool, comment: str = "") -> Criterion:
    """Tick (or untick) a manual criterion, with a comment; automatic ones follow the data."""
    perms.require_change(actor, criterion.gate.phase.project)
    if criterion.automatic:
        raise ValidationFailed(_("“%(criterion)s” is checked from the project's data; it cannot "
                                 "be ticked.") % {"criterion": criterion.label}, field="met")
    if not criterion.gate.is_open:
        raise ValidationFailed(_("The gate “%(gate)s” has been decided.")
                               % {"gate": criterion.gate.name}, field="met")
    criterion.ticked, criterion.comment = met, comment
    criterion.ticked_by, criterion.ticked_at = (actor, timezone.now()) if met else (None, None)
    criterion.save()
    return criterion


def approver_roles(project: Project) -> frozenset[str]:
    """The Jalon roles that decide at the project's gates: those its pack's board roles map to
    (portfolio or programme manager) and the PMO administrator."""
    approvers = {r.jalon_role for r in ProjectRole.objects.filter(project=project, approver=True)}
    return frozenset(approvers | {Role.PMO_ADMIN}) if approvers else DEFAULT_APPROVERS


def can_decide(user: Any, project: Project) -> bool:
    """May ``user`` decide at the project's gates? The approving roles, reaching the project."""
    if perms.is_superuser(user):
        return True
    return bool(perms.roles_on(user, project) & approver_roles(project))


@dataclass(frozen=True)
class Condition:
    """A condition of a "go with conditions", as the door received it."""

    description: str
    owner: Any
    due_date: datetime.date


def _status(project: Project, status: str, actor: Any) -> None:
    if project.status != status:
        portfolios.project_update(actor=actor, project=project, status=status)


def _move_on(actor: Any, gate: Gate) -> None:
    """After a go: the phase is done, the next one current, or the project closed."""
    phase = gate.phase
    project = phase.project
    phase.status = Phase.Status.DONE
    phase.save(update_fields=["status"])
    following = project.phases.filter(position__gt=phase.position).order_by("position").first()
    if following is None:
        _status(project, Project.Status.CLOSED, actor)
        return
    following.status = Phase.Status.ACTIVE
    following.save(update_fields=["status"])
    _status(project, Project.Status.IN_PROGRESS, actor)
    notices.gate_awaited(following.gate, approver_roles=approver_roles(project))


OUTCOMES = {
    GateDecision.Decision.GO: Gate.Status.PASSED,
    GateDecision.Decision.GO_WITH_CONDITIONS: Gate.Status.PASSED_WITH_CONDITIONS,
    GateDecision.Decision.HOLD: Gate.Status.ON_HOLD,
    GateDecision.Decision.RECYCLE: Gate.Status.RECYCLED,
    GateDecision.Decision.STOP: Gate.Status.STOPPED,
}


@transaction.atomic
def gate_decide(*, actor: Any, gate: Gate, decision: str, comment: str = "",
                conditions: list[Condition] | None = None) -> GateDecision:
    """Record the approvers' decision at a gate and move the project accordingly: go (with
    conditions or not) makes the next phase current, or closes the project at the last gate;
    hold puts it on hold; recycle sends the phase back to work; stop cancels it.

    Go, with or without conditions, needs every mandatory criterion met: the refusal names the
    unmet ones (``errors["criteria"]``)."""
    project = gate.phase.project
    if not can_decide(actor, project):
        raise PermissionDenied(_("Only the project's approvers (its board: portfolio or programme "
                                 "managers, the PMO) decide at its gates."))
    if decision not in OUTCOMES:
        raise ValidationFailed(_("Choose go, go with conditions, hold, recycle or stop."),
                               field="decision")
    if not gate.is_open:
        raise ValidationFailed(_("The gate “%(gate)s” has been decided.") % {"gate": gate.name},
                               field="decision")
    if gate.phase.status != Phase.Status.ACTIVE:
        raise ValidationFailed(_("The gate “%(gate)s” closes “%(phase)s”, which is not the "
                                 "current phase.") % {"gate": gate.name, "phase": gate.phase.name},
                               field="decision")
    conditions = conditions or []
    going = decision in {GateDecision.Decision.GO, GateDecision.Decision.GO_WITH_CONDITIONS}
    if going:
        unmet = [c.label for c, e in selectors.gate_review(gate).criteria
                 if c.mandatory and not e.met]
        if unmet:
            raise ValidationFailed(
                _("“%(gate)s” cannot pass: these mandatory criteria are not met: %(criteria)s.")
                % {"gate": gate.name, "criteria": "; ".join(unmet)},
                field="criteria", errors={"criteria": unmet})
    if decision == GateDecision.Decision.GO_WITH_CONDITIONS and not conditions:
        raise ValidationFailed(_("Give at least one condition, with its owner and due date."),
                               field="conditions")
    if decision != GateDecision.Decision.GO_WITH_CONDITIONS and conditions:
        raise ValidationFailed(_("Only a go with conditions has conditions."), field="conditions")
    if decision in {GateDecision.Decision.HOLD, GateDecision.Decision.STOP} and not comment.strip():
        raise ValidationFailed(_("Say why in the comment."), field="comment")
    record = GateDecision(gate=gate, decision=decision, comment=comment, decided_by=actor)
    validate(record)
    record.save()
    for condition in conditions:
        action = GateCondition(decision=record, description=condition.description,
                               owner=condition.owner, due_date=condition.due_date)
        validate(action)
        action.save()
    gate.status = OUTCOMES[GateDecision.Decision(decision)]
    gate.save(update_fields=["status"])
    if going:
        _move_on(actor, gate)
    elif decision == GateDecision.Decision.HOLD:
        _status(project, Project.Status.ON_HOLD, actor)
    elif decision == GateDecision.Decision.STOP:
        gate.phase.status = Phase.Status.DONE
        gate.phase.save(update_fields=["status"])
        _status(project, Project.Status.CANCELLED, actor)
    else:  # recycle: the phase's work goes on, the gate is reviewed again
        _status(project, Project.Status.IN_PROGRESS, actor)
    notices.gate_decided(record, actor=actor)
    return record


def can_override(user: Any, project: Project) -> bool:
    """PMO administrators reaching the project may change its life cycle outside the gates."""
    return perms.is_superuser(user) or Role.PMO_ADMIN in perms.roles_on(user, project)


@transaction.atomic
def lifecycle_override(*, actor: Any, project: Project, phase: Phase | None, status: str,
                       justification: str) -> LifecycleOverride:
    """A PMO administrator sets the current phase and the status outside the gates; the
    justification is kept and shown."""
    if not can_override(actor, project):
        raise PermissionDenied(_("Only PMO administrators may override the life cycle."))
    if not justification.strip():
        raise ValidationFailed(_("Give the justification of the override."), field="justification")
    if phase is not None and phase.project_id != project.pk:
        raise ValidationFailed(_("The phase belongs to another project."), field="phase")
    if status not in Project.Status.values:
        raise ValidationFailed(_("Choose a status."), field="status")
    if phase is not None:
        for other in project.phases.select_related("gate"):
            other.status = (Phase.Status.DONE if other.position < phase.position else
                            Phase.Status.ACTIVE if other.pk == phase.pk else Phase.Status.PENDING)
            other.save(update_fields=["status"])
            notices.gate_left(other.gate)
        if phase.gate.is_open:
            notices.gate_awaited(phase.gate, approver_roles=approver_roles(project))
    _status(project, status, actor)
    return LifecycleOverride.objects.create(project=project, phase=phase, status=status,
                                            justification=justification, decided_by=actor)


# --- documents and roles ---------------------------------------------------------------------

@transaction.atomic
def document_set_status(*, actor: Any, document: ProjectDocument, status: str) -> ProjectDocument:
    perms.require_change(actor, document.phase.project)
    if status not in ProjectDocument.Status.values:
        raise ValidationFailed(_("Choose a status."), field="status")
    document.status = status
    document.save(update_fields=["status"])
    return document


@transaction.atomic
def role_assign(*, actor: Any, role: ProjectRole, holder: Any) -> ProjectRole:
    perms.require_change(actor, role.project)
    role.holder = holder
    role.save(update_fields=["holder"])
    return role


# --- a portfolio's adapted packs -------------------------------------------------------------

def can_adapt(user: Any, portfolio: Portfolio) -> bool:
    """PMO administrators reaching the portfolio adapt its methodologies."""
    return perms.is_superuser(user) or Role.PMO_ADMIN in perms.roles_on(user, portfolio)


def require_adapt(actor: Any, portfolio: Portfolio) -> None:
    if not can_adapt(actor, portfolio):
        raise PermissionDenied(_("Only PMO administrators adapt the methodologies."))


@transaction.atomic
def pack_adapt(*, actor: Any, portfolio: Portfolio, key: str) -> MethodPack:
    """Copy a shipped pack for ``portfolio``, for its PMO to adapt (the copy already made, when
    there is one)."""
    require_adapt(actor, portfolio)
    if key not in packs.SHIPPED:
        raise NotFound(_("Unknown methodology “%(key)s”.") % {"key": key})
    existing = MethodPack.objects.filter(portfolio=portfolio, key=key).first()
    if existing is not None:
        return existing
    copy = MethodPack(portfolio=portfolio, key=key,
                      data=packs.pack_to_data(packs.shipped_pack(key)))
    validate(copy)
    copy.save()
    return copy


@transaction.atomic
def pack_update(*, actor: Any, pack: MethodPack, data: Any) -> MethodPack:
    """Replace an adapted pack's content, validated as the shipped files are."""
    require_adapt(actor, pack.portfolio)
    read = packs.read_pack(data, source=f"{pack.portfolio.code} · {pack.key}")
    if read.key != pack.key:
        raise ValidationFailed(_("The key must stay “%(key)s”.") % {"key": pack.key}, field="data")
    pack.data = data
    pack.save()
    return pack

