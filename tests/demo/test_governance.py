"""The demo's governance: construction runs PRINCE2, manufacturing PMBOK, IT AgilePM, with gates
passed (one with a condition), one on hold and the current ones awaiting the board."""

from __future__ import annotations

import pytest

from jalon.governance.models import Gate, GateCondition
from jalon.portfolios.models import Project

pytestmark = pytest.mark.django_db


def _gates(code: str) -> list[tuple[str, str]]:
    return [(g.phase.key, g.status) for g in
            Gate.objects.filter(phase__project__code=code).select_related("phase")]


def test_the_governed_projects_follow_their_methodology(demo):
    assert {p.code: p.methodology for p in Project.objects.filter(
        code__in=["LYON-CONST", "USINE-ROBOT", "NUM-CRM"])} == {
        "LYON-CONST": "prince2", "USINE-ROBOT": "pmbok", "NUM-CRM": "agilepm"}
    assert _gates("LYON-CONST") == [("starting_up", "passed"),
                                    ("initiating", "passed_with_conditions"),
                                    ("delivery", "pending"), ("closing", "pending")]
    assert _gates("USINE-ROBOT")[2] == ("executing", "on_hold")
    assert _gates("NUM-CRM")[2] == ("foundations", "pending")
    assert Project.objects.get(code="USINE-ROBOT").status == "on_hold"
    assert Project.objects.get(code="LYON-CONST").status == "in_progress"
    condition = GateCondition.objects.get()
    assert condition.owner.username == "chef.chantier"
