"""A small team on an in-progress project: the member's resource (60/h) is assigned to
"Build"; "Test" is another work task of the project, "Phase" a summary task. The week used is
Monday 1 June to Sunday 7 June 2026."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from jalon.portfolios.models import Project
from tests.factories import AssignmentFactory, ResourceFactory, TaskFactory

MONDAY = datetime.date(2026, 6, 1)


def day(offset: int) -> datetime.date:
    """A day of the test week: 0 is Monday 1 June 2026."""
    return MONDAY + datetime.timedelta(days=offset)


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English (the source language; French is the default)."""
    with translation.override("en"):
        yield


@pytest.fixture
def team(project, member, manager):
    project.status = Project.Status.IN_PROGRESS
    project.save()
    phase = TaskFactory(project=project, name="Phase", position=1, wbs_code="1")
    build = TaskFactory(project=project, name="Build", position=2, wbs_code="1.1", parent=phase)
    test = TaskFactory(project=project, name="Test", position=3, wbs_code="1.2", parent=phase)
    mine = ResourceFactory(code="DEV", name="Dana Dev", standard_rate=Decimal("60"),
                           user=member)
    colleague = ResourceFactory(code="QA", name="Quinn QA", standard_rate=Decimal("50"))
    AssignmentFactory(task=build, resource=mine, work=Decimal("40"))
    AssignmentFactory(task=test, resource=colleague, work=Decimal("40"))
    return {"project": project, "phase": phase, "build": build, "test": test, "mine": mine,
            "colleague": colleague, "member": member, "manager": manager}
