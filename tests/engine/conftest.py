"""Small builders for engine tests."""

from __future__ import annotations

import pytest
from django.utils import translation

from jalon.engine import Activity, Link, Plan


def make_plan(
    durations: dict[str, float], links: list[tuple], name: str = "test", **plan_fields
) -> Plan:
    """Plan from ``{"A": 3, ...}`` and ``[("A", "B"), ("A", "C", "SS", 2), ...]``."""
    activities = [Activity(ident, duration=d) for ident, d in durations.items()]
    return Plan(name, activities, [Link(*link) for link in links], **plan_fields)


@pytest.fixture
def plan_factory():
    return make_plan


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English, the language they are written in (French is the
    platform's default, and the test run sets Django up)."""
    with translation.override("en"):
        yield
