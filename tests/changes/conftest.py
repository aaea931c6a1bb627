"""Fixtures of the change control tests: a draft change request on the small ``plan``."""

from __future__ import annotations

import pytest
from django.utils import translation

from jalon.changes import services


@pytest.fixture(autouse=True)
def english():
    """Services' messages in English (the clients of the page tests are marked ``english``)."""
    with translation.override("en"):
        yield


@pytest.fixture
def change(plan, manager):
    """A draft on ``plan`` lengthening 2 Build from 3 to 8 working days."""
    draft = services.change_create(actor=manager, project=plan[0].project, title="Bigger build",
                                   reason="The client wants more")
    return services.change_edit_add(actor=manager, change=draft,
                                    edit={"type": "duration", "task": plan[1].pk, "duration": 8})
