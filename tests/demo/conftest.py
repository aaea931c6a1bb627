"""The demo is loaded once for this test package: it takes seconds, and tests only read it (or undo
what they change, each test running in a transaction rolled back at its end)."""

from __future__ import annotations

import pytest

from jalon.demo.loader import load_demo, remove_demo
from jalon.resources.models import Skill


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The loader's summary; the demo is in the database for every test of the package."""
    with django_db_blocker.unblock():
        skills_before = set(Skill.objects.values_list("pk", flat=True))
        summary = load_demo()
        yield summary
        remove_demo()
        Skill.objects.exclude(pk__in=skills_before).delete()
