"""A small project with two tasks in sequence, and a risk factory."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jalon.risks import services
from tests.factories import AssignmentFactory, DependencyFactory, ResourceFactory, TaskFactory

MONDAY = datetime.date(2025, 3, 3)


@pytest.fixture
def planned(project):
    """A (4 days, estimates 3/4/8) then B (5 days): finishes on Thursday 13 March 2025."""
    project.planned_start = MONDAY
    project.save()
    a = TaskFactory(project=project, name="Design", wbs_code="1", duration=Decimal("4"),
                    optimistic=Decimal("3"), most_likely=Decimal("4"), pessimistic=Decimal("8"))
    b = TaskFactory(project=project, name="Build", wbs_code="2", duration=Decimal("5"))
    DependencyFactory(predecessor=a, successor=b)
    return {"project": project, "a": a, "b": b}


@pytest.fixture
def risky(planned, manager):
    """The plan, Alice at 100/h on Build, and a 50% threat of 4 days on Build costing 2000."""
    AssignmentFactory(task=planned["b"], resource=ResourceFactory(standard_rate=Decimal("100")),
                      units=Decimal("1"))
    risk = services.risk_create(actor=manager, project=planned["project"], title="Supplier late",
                                probability=3, probability_percent=Decimal("50"),
                                delay_days=Decimal("4"), cost_impact=Decimal("2000"))
    services.task_link_create(actor=manager, risk=risk, task=planned["b"])
    return {**planned, "risk": risk}


@pytest.fixture
def make_risk(project, manager):
    def make(**fields):
        fields.setdefault("title", "Supplier late")
        return services.risk_create(actor=manager, project=fields.pop("project", project),
                                    **fields)

    return make
