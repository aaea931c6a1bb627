"""The cost of a stored project's tasks: the engine's one rule, fed by one gatherer, so that a
baseline, the current budget, earned value and the Monte Carlo cost model all agree."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jalon.finance import services as finance
from jalon.planning import services
from jalon.planning.costing import project_costs
from jalon.risks.simulation import task_costs
from tests.factories import AssignmentFactory, ResourceFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def costed(pmo, project):
    """Pour (5 days): 40 h of a mason at 50 with 20 per use, 10 units of concrete at 90 with 30
    per use, a 500 pump hire; and a summary over it that costs nothing itself."""
    project.planned_start = datetime.date(2025, 3, 3)
    project.save()
    phase = TaskFactory(project=project, name="Phase", position=1, wbs_code="1",
                        duration=Decimal("0"))
    pour = TaskFactory(project=project, parent=phase, name="Pour", position=1, wbs_code="1.1",
                       duration=Decimal("5"))
    AssignmentFactory(task=pour, resource=ResourceFactory(standard_rate=Decimal("50"),
                                                          cost_per_use=Decimal("20")),
                      work=Decimal("40"))
    concrete = ResourceFactory(kind="material", standard_rate=Decimal("90"),
                               cost_per_use=Decimal("30"))
    AssignmentFactory(task=pour, resource=concrete, work=Decimal("10"))  # 10 units consumed
    finance.fixed_cost_create(actor=pmo, task=pour, amount=Decimal("500"), category="equipment")
    return {"project": project, "phase": phase, "pour": pour}


def test_a_task_costs_its_assignments_and_its_fixed_costs(costed):
    costs = project_costs(costed["project"])
    pour = str(costed["pour"].pk)
    assert costs.assignment_cost(pour) == 40 * 50 + 20 + 10 * 90 + 30
    assert costs.budget(pour) == 2950 + 500
    assert costs.budget(str(costed["phase"].pk)) == 0


def test_a_baseline_records_the_same_cost(pmo, costed):
    baseline = services.baseline_create(actor=pmo, project=costed["project"], name="B0")
    row = baseline.tasks.get(task=costed["pour"])
    assert (row.cost, row.fixed_cost, row.work) == (Decimal("2950"), Decimal("500"),
                                                    Decimal("50"))


def test_the_simulation_s_cost_follows_the_duration_of_the_mason_only(costed):
    model = task_costs(costed["project"])
    assert set(model) == {str(costed["pour"].pk)}  # the summary is not drawn
    pour = model[str(costed["pour"].pk)]
    # 2,000 of the mason's work over 5 days; per use, concrete and the pump hire are fixed.
    assert (pour.rate, pour.fixed) == (400, 20 + 900 + 30 + 500)
