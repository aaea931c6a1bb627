"""The demo's risk registers: real threats and an opportunity, linked to the tasks they delay."""

from __future__ import annotations

import pytest

from jalon.demo.loader import load_demo
from jalon.risks.models import Issue, Risk


@pytest.mark.django_db
def test_the_demo_has_risk_registers_the_simulation_can_use():
    load_demo()
    risks = Risk.objects.all()
    assert risks.count() >= 12
    assert risks.filter(kind="opportunity").exists()
    assert risks.filter(escalated=True).values("project__portfolio").distinct().count() == 1
    linked = risks.filter(task_links__isnull=False).distinct()
    assert linked.count() >= 6  # they delay named tasks of their projects
    for risk in linked:
        assert all(link.task.project_id == risk.project_id for link in risk.task_links.all())
    assert {r.score for r in risks} != {1}  # scores follow probability x impact
    assert Issue.objects.filter(status="open").exists()
    assert Issue.objects.filter(status="resolved").exclude(resolution="").exists()
