"""Who governance tells, through ``jalon.notifications``: a gate that awaits a decision goes on
its approvers' "to do" lists until it is passed or the project stopped; a decision is told to
the project's manager."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_noop

from jalon.governance.models import Gate, GateDecision
from jalon.notifications.recipients import project_managers, role_holders
from jalon.notifications.services import in_both_languages, notifications_resolve, notify

GATE_AWAITED = gettext_noop("The gate “%(gate)s” of %(project)s awaits your decision.")
GATE_DECIDED = gettext_noop("Decision at the gate “%(gate)s” of %(project)s: %(decision)s.")


def _ref(gate: Gate) -> str:
    return f"gate:{gate.pk}"


def _params(gate: Gate) -> dict[str, Any]:
    project = gate.phase.project
    return {"gate": {"en": gate.name_en, "fr": gate.name_fr},
            "project": f"{project.code} {project.name}"}


def gate_awaited(gate: Gate, *, approver_roles: frozenset[str] | set[str]) -> None:
    """``gate`` closes the current phase: its approvers have a decision to take."""
    project = gate.phase.project
    notify(recipients=role_holders(project=project, roles=approver_roles), kind="gate.awaited",
           message=GATE_AWAITED, params=_params(gate),
           url=reverse("gate-review", args=[gate.pk]), project=project, action=True,
           ref=_ref(gate))


def gate_decided(record: GateDecision, *, actor: Any) -> None:
    """Tell the project's manager what was decided; a gate no longer open leaves the approvers'
    "to do" lists."""
    gate = record.gate
    project = gate.phase.project
    notify(recipients=[u for u in project_managers(project) if u != actor],
           kind="gate.decided", message=GATE_DECIDED,
           params={**_params(gate),
                   "decision": in_both_languages(GateDecision.Decision(record.decision).label)},
           url=reverse("gate-review", args=[gate.pk]), project=project)
    if not gate.is_open:
        notifications_resolve(ref=_ref(gate))


def gate_left(gate: Gate) -> None:
    """The phase ``gate`` closes is no longer current (the PMO moved the life cycle): nobody
    has to decide there now."""
    notifications_resolve(ref=_ref(gate))
