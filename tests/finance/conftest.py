"""A worked earned value example stored in the database, and its known figures.

Project from Monday 3 March 2025 (Monday to Friday). A "Design" (10 days, 80 h at 100/h =
8,000) then B "Build" (10 days, 80 h at 100/h = 8,000, plus a fixed cost of 2,000), then the
milestone C "Handover". Baseline taken before any progress. Status date Friday 21 March 2025
(15 working days): A is planned done (PV 8,000), B half done (5 of 10 days: PV 5,000).
Progress A 100 %, B 30 %: EV = 8,000 + 3,000. Costs to the status date: 9,000 on A, 4,000 on
B, 500 on no task (AC 13,500); 700 on 25 March comes after the status date.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jalon.finance import services
from jalon.planning import services as planning
from tests.factories import AssignmentFactory, DependencyFactory, ResourceFactory, TaskFactory

BAC, PV, EV, AC = 18_000.0, 13_000.0, 11_000.0, 13_500.0


@pytest.fixture
def worked(project, pmo):
    project.planned_start = datetime.date(2025, 3, 3)
    project.save()
    rate = ResourceFactory(code="ENG", name="Engineer", standard_rate=Decimal("100"))
    design = TaskFactory(project=project, name="Design", position=1, wbs_code="1",
                         duration=Decimal("10"))
    build = TaskFactory(project=project, name="Build", position=2, wbs_code="2",
                        duration=Decimal("10"))
    handover = TaskFactory(project=project, name="Handover", position=3, wbs_code="3",
                           duration=Decimal("0"), is_milestone=True)
    DependencyFactory(predecessor=design, successor=build)
    DependencyFactory(predecessor=build, successor=handover)
    AssignmentFactory(task=design, resource=rate, work=Decimal("80"))
    AssignmentFactory(task=build, resource=rate, work=Decimal("80"))
    services.fixed_cost_create(actor=pmo, task=build, amount=Decimal("2000"),
                               category="subcontracting")
    planning.baseline_create(actor=pmo, project=project, name="Initial")
    planning.task_update(actor=pmo, task=design, percent_complete=100,
                         actual_start=datetime.date(2025, 3, 3),
                         actual_finish=datetime.date(2025, 3, 14))
    planning.task_update(actor=pmo, task=build, percent_complete=30,
                         actual_start=datetime.date(2025, 3, 17))
    for day, amount, task in ((10, "9000", design), (20, "4000", build), (21, "500", None),
                              (25, "700", build)):
        services.cost_entry_create(actor=pmo, project=project, date=datetime.date(2025, 3, day),
                                   amount=Decimal(amount), category="labour", task=task)
    project.status_date = datetime.date(2025, 3, 21)
    project.save()
    return {"project": project, "design": design, "build": build, "handover": handover}


def simple_project(*, actor, project, percent: int, cost: str, budget: str = "80"):
    """One 10-day task from Monday 3 March 2025 (``budget`` hours at 100/h), baselined, at
    ``percent`` on Friday 7 March (5 of 10 days planned) with ``cost`` spent."""
    project.planned_start = datetime.date(2025, 3, 3)
    project.save()
    task = TaskFactory(project=project, name="Work", position=1, wbs_code="1",
                       duration=Decimal("10"))
    resource = ResourceFactory(standard_rate=Decimal("100"))
    AssignmentFactory(task=task, resource=resource, work=Decimal(budget))
    planning.baseline_create(actor=actor, project=project, name="Initial")
    planning.task_update(actor=actor, task=task, percent_complete=percent,
                         actual_start=datetime.date(2025, 3, 3))
    services.cost_entry_create(actor=actor, project=project, date=datetime.date(2025, 3, 5),
                               amount=Decimal(cost), category="labour", task=task)
    project.status_date = datetime.date(2025, 3, 7)
    project.save()
    return project
