"""Two people at once on the same records: Alice Martin, the project's manager, and Bruno, the
PMO administrator; a task, a risk, a budget line and the project they both edit."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from jalon.finance import services as finance
from jalon.risks import services as risks
from tests.factories import TaskFactory


@dataclass(frozen=True)
class Kind:
    """One kind of record people edit side by side, as the API and the pages reach it."""

    name: str
    api: str  # the record's API address, with {pk}
    field: str  # a field both people change, as the API names it
    mine: Any  # the value the stale editor sends
    theirs: Any  # the value the other person saved first

    def url(self, record) -> str:
        return self.api.format(pk=record.pk)


KINDS = {
    "task": Kind("task", "/api/v1/tasks/{pk}", "duration", "5.00", "3.00"),
    "risk": Kind("risk", "/api/v1/risks/{pk}", "title", "Late supplier", "Supplier goes bankrupt"),
    "budget line": Kind("budget line", "/api/v1/budget-lines/{pk}", "approved", "9000.00",
                        "12000.00"),
    "project": Kind("project", "/api/v1/projects/{pk}", "name", "Mine", "Theirs"),
}


@pytest.fixture
def alice(manager):
    manager.first_name, manager.last_name = "Alice", "Martin"
    manager.save()
    return manager


@pytest.fixture
def bruno(pmo):
    pmo.first_name, pmo.last_name = "Bruno", "Petit"
    pmo.save()
    return pmo


@pytest.fixture
def records(project, alice):
    """One record of each kind, on ``project``."""
    return {
        "task": TaskFactory(project=project, name="Design", duration=Decimal("2")),
        "risk": risks.risk_create(actor=alice, project=project, title="Supplier late"),
        "budget line": finance.budget_line_create(actor=alice, project=project,
                                                  category="labour", approved=Decimal("10000")),
        "project": project,
    }
