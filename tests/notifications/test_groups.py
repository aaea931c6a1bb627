"""Every kind of notification the apps send lands in the preference group its readers expect,
whatever separator the sending app writes after its first word."""

from __future__ import annotations

import pytest

from jalon.notifications.models import group_of


@pytest.mark.parametrize(("kind", "group"), [
    ("gate.awaited", "gates"), ("gate.decided", "gates"),
    ("change.decision", "changes"), ("change.decided", "changes"),
    ("document_review", "documents"), ("document_approved", "documents"),
    ("tolerance_exception", "exceptions"), ("raid_assigned", "risks"),
    ("timesheet.submitted", "approvals"), ("assignment.created", "assignments"),
    ("anything", "other"),
])
def test_each_kind_has_its_group(kind, group):
    assert group_of(kind) == group
