"""The finance tab's worked example (tests/finance/conftest.py) under way, a project manager
who is the project's, and a programme manager (a reviewer)."""

from __future__ import annotations

import pytest

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from jalon.portfolios.models import Project
from tests.factories import UserFactory
from tests.finance.conftest import worked  # noqa: F401  (the fixture, shared)


@pytest.fixture
def under_way(worked, manager):  # noqa: F811
    project = worked["project"]
    project.status = Project.Status.IN_PROGRESS
    project.project_manager = manager
    project.save()
    return worked


@pytest.fixture
def programme_manager(project):
    user = UserFactory(username="progm-test", email="progm@example.org")
    grant_role(actor=None, user=user, role=Role.PROGRAMME_MANAGER, scope=project.programme)
    return user
