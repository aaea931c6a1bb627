"""The demo's tolerances: the ERP's cost exception raised by the check with its report drafted,
the robotisation's risk exception awaiting its report, and a project saved as a template."""

from __future__ import annotations

import pytest

from jalon.governance.models import ProjectTemplate, ToleranceException

pytestmark = pytest.mark.django_db


def test_the_check_raised_the_demo_s_exceptions(demo):
    raised = {(e.project.code, e.measure): e for e in ToleranceException.objects.filter(
        resolved_at=None).select_related("project")}
    assert set(raised) == {("NUM-ERP", "cost"), ("USINE-ROBOT", "risk")}
    cost = raised["NUM-ERP", "cost"]
    assert cost.measured > cost.limit and cost.reported and "entrepôt" in cost.recommendation
    assert not raised["USINE-ROBOT", "risk"].reported


def test_the_construction_is_saved_as_a_template(demo):
    template = ProjectTemplate.objects.get()
    assert template.methodology == "prince2" and template.source.startswith("LYON-CONST")
    assert len(template.data["phases"]) == 4 and template.data["tasks"]
