"""Gate decisions move the project through its life cycle: go to the next phase, the last go
closes it, hold puts it on hold, recycle sends the phase back to work, stop cancels it; only the
current phase's gate is decided, once; the PMO's override is justified."""

from __future__ import annotations

import pytest

from jalon.errors import PermissionDenied, ValidationFailed
from jalon.governance import services
from jalon.governance.models import Gate, LifecycleOverride, ProjectDocument, ProjectRole
from tests.governance.conftest import create_from_pack

pytestmark = pytest.mark.django_db


def _ready(project) -> list[Gate]:
    """Every automatic criterion of the hybrid pack met but the tasks; manual ones ticked."""
    ProjectDocument.objects.filter(phase__project=project).update(status="approved")
    ProjectRole.objects.filter(project=project).update(holder=project.project_manager)
    project.budget_lines.create(category="labour", expenditure="opex", approved=1000)
    gates = list(Gate.objects.filter(phase__project=project))
    for gate in gates:
        gate.criteria.filter(rule="").update(ticked=True)
        for task in project.tasks.all():
            task.percent_complete = 100
            task.save()
    return gates


def _statuses(project) -> list[str]:
    return list(project.phases.values_list("status", flat=True))


def test_go_at_every_gate_closes_the_project(board, programme):
    project = create_from_pack(board, programme, key="hybrid")
    for gate in _ready(project):
        services.gate_decide(actor=board, gate=gate, decision="go")
    project.refresh_from_db()
    assert project.status == "closed" and _statuses(project) == ["done", "done", "done"]


def test_hold_recycle_and_stop(board, programme):
    project = create_from_pack(board, programme, key="hybrid")
    first = _ready(project)[0]
    with pytest.raises(ValidationFailed, match="Say why"):
        services.gate_decide(actor=board, gate=first, decision="hold")
    services.gate_decide(actor=board, gate=first, decision="hold", comment="Funding")
    project.refresh_from_db()
    assert project.status == "on_hold" and Gate.objects.get(pk=first.pk).status == "on_hold"
    services.gate_decide(actor=board, gate=first, decision="recycle", comment="Redo")
    project.refresh_from_db()
    assert project.status == "in_progress" and _statuses(project)[0] == "active"
    services.gate_decide(actor=board, gate=first, decision="stop", comment="No business case")
    project.refresh_from_db()
    assert project.status == "cancelled"
    with pytest.raises(ValidationFailed, match="has been decided"):
        services.gate_decide(actor=board, gate=first, decision="go")


def test_only_the_current_phase_gate_is_decided(board, programme):
    project = create_from_pack(board, programme, key="hybrid")
    second = _ready(project)[1]
    with pytest.raises(ValidationFailed, match="not the current phase"):
        services.gate_decide(actor=board, gate=second, decision="go")


def test_a_go_with_conditions_needs_a_condition_and_the_mandatory_criteria(board, programme):
    project = create_from_pack(board, programme, key="hybrid")
    gate = Gate.objects.filter(phase__project=project).first()
    condition = services.Condition(description="Sign the charter", owner=board,
                                   due_date=project.created_at.date())
    with pytest.raises(ValidationFailed) as refused:
        services.gate_decide(actor=board, gate=gate, decision="go_with_conditions",
                             conditions=[condition])
    assert refused.value.field_errors is not None
    assert len(refused.value.errors["criteria"]) == 2  # the charter and the budget
    _ready(project)
    with pytest.raises(ValidationFailed, match="condition"):
        services.gate_decide(actor=board, gate=gate, decision="go_with_conditions")
    decision = services.gate_decide(actor=board, gate=gate, decision="go_with_conditions",
                                    conditions=[condition])
    assert [c.description for c in decision.conditions.all()] == ["Sign the charter"]


def test_the_project_manager_does_not_pass_his_own_gates(manager, project, pmo):
    services.project_adopt(actor=pmo, project=project, key="hybrid")
    gate = Gate.objects.filter(phase__project=project).first()
    with pytest.raises(PermissionDenied):
        services.gate_decide(actor=manager, gate=gate, decision="stop", comment="No")


def test_the_pmo_overrides_the_life_cycle_with_a_justification(board, programme, pmo):
    project = create_from_pack(board, programme, key="pmbok")
    third = project.phases.get(position=2)
    with pytest.raises(PermissionDenied):
        services.lifecycle_override(actor=board, project=project, phase=third,
                                    status="in_progress", justification="Catch up")
    with pytest.raises(ValidationFailed, match="justification"):
        services.lifecycle_override(actor=pmo, project=project, phase=third,
                                    status="in_progress", justification=" ")
    services.lifecycle_override(actor=pmo, project=project, phase=third, status="in_progress",
                                justification="Planning done before Jalon")
    assert _statuses(project) == ["done", "done", "active", "pending", "pending"]
    assert LifecycleOverride.objects.get().justification == "Planning done before Jalon"
