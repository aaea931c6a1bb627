"""A small over-allocated project: two three-day tasks in parallel for one person, from a Monday."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tests.factories import AssignmentFactory, DependencyFactory, ResourceFactory, TaskFactory

MONDAY = datetime.date(2025, 3, 3)


@pytest.fixture
def crowded(project):
    return build_crowded(project)


def build_crowded(project):
    """Alice (capacity 1) on A and B (3 days each, in parallel); C follows A (4 days) with Bob
    at half time. Alice is over-allocated Monday to Wednesday by 1 unit."""
    project.planned_start = MONDAY
    project.save()
    alice = ResourceFactory(code="ALICE", name="Alice")
    bob = ResourceFactory(code="BOB", name="Bob")
    a = TaskFactory(project=project, name="A", wbs_code="1", duration=Decimal("3"))
    b = TaskFactory(project=project, name="B", wbs_code="2", duration=Decimal("3"))
    c = TaskFactory(project=project, name="C", wbs_code="3", duration=Decimal("4"))
    DependencyFactory(predecessor=a, successor=c)
    AssignmentFactory(task=a, resource=alice, units=Decimal("1"))
    AssignmentFactory(task=b, resource=alice, units=Decimal("1"))
    AssignmentFactory(task=c, resource=bob, units=Decimal("0.5"))
    return {"project": project, "alice": alice, "bob": bob, "a": a, "b": b, "c": c}


def add_critical_clash(crowded):
    """Carol (capacity 1) on X and Y, 7 days each in parallel: both as long as the project, so
    neither has float; levelling within float cannot separate them."""
    carol = ResourceFactory(code="CAROL", name="Carol")
    for name in ("X", "Y"):
        task = TaskFactory(project=crowded["project"], name=name, wbs_code=name,
                           duration=Decimal("7"))
        AssignmentFactory(task=task, resource=carol, units=Decimal("1"))
        crowded[name.lower()] = task
    crowded["carol"] = carol
    return crowded
