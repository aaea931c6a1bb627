"""Fixtures of the governance tests: a project created from a pack, and who decides."""

from __future__ import annotations

import pytest
from django.utils import translation

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from jalon.portfolios import services as portfolios
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def english():
    """Services' messages in English (the clients of the page tests are marked ``english``)."""
    with translation.override("en"):
        yield


@pytest.fixture
def board(programme):
    """A programme manager: the PRINCE2 senior user and supplier map to him."""
    user = UserFactory(username="board")
    grant_role(actor=None, user=user, role=Role.PROGRAMME_MANAGER, scope=programme)
    return user


def create_from_pack(actor, programme, key: str = "prince2", code: str = "P2", start=None):
    return portfolios.project_create(actor=actor, programme=programme, code=code,
                                     name=f"Project {key}", methodology=key, planned_start=start)
