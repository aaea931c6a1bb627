"""The demo's change requests on the headquarters' construction (PRINCE2): one approved by the
board with its impact and a new baseline, one submitted awaiting the board."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jalon.changes.authority import BOARD, authority
from jalon.changes.models import ChangeRequest
from jalon.planning.models import Task

pytestmark = pytest.mark.django_db


def test_one_change_was_approved_and_one_awaits_the_board(demo):
    approved, waiting = ChangeRequest.objects.filter(
        project__code="LYON-CONST").order_by("number")
    assert approved.status == ChangeRequest.Status.APPROVED
    assert approved.decided_by.username == "portefeuille"
    assert approved.baseline is not None and approved.impact["cost_delta"] == 48000
    assert Task.objects.get(project__code="LYON-CONST",
                            name="Fondations profondes (pieux)").duration == Decimal("15")

    assert waiting.status == ChangeRequest.Status.SUBMITTED
    assert waiting.impact["slip_days"] == 7
    assert [m["task"] for m in waiting.impact["milestones"]] == [
        "6.4 Jalon : réception des travaux"]
    assert authority(waiting).level == BOARD
    assert not Task.objects.filter(name__startswith="Essais d'étanchéité à l'air").exists()
