"""Fixtures shared by every test: users with roles on a small portfolio."""

from __future__ import annotations

import pytest

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from tests.factories import PortfolioFactory, ProgrammeFactory, ProjectFactory, UserFactory


@pytest.fixture
def portfolio(db):
    return PortfolioFactory()


@pytest.fixture
def programme(portfolio):
    return ProgrammeFactory(portfolio=portfolio)


@pytest.fixture
def project(programme):
    return ProjectFactory(portfolio=programme.portfolio, programme=programme)


@pytest.fixture
def other_project(db):
    return ProjectFactory()


def _user_with(role: str, scope=None, username: str | None = None):
    user = UserFactory(username=username) if username else UserFactory()
    grant_role(actor=None, user=user, role=role, scope=scope)
    return user


@pytest.fixture
def pmo(db):
    return _user_with(Role.PMO_ADMIN, username="pmo-test")


@pytest.fixture
def executive(db):
    return _user_with(Role.EXECUTIVE, username="exec-test")


@pytest.fixture
def manager(project):
    """The project manager of ``project`` only."""
    return _user_with(Role.PROJECT_MANAGER, project, username="pm-test")


@pytest.fixture
def member(project):
    return _user_with(Role.TEAM_MEMBER, project, username="member-test")


@pytest.fixture
def outsider(db):
    """A user with a role on an unrelated project."""
    return _user_with(Role.PROJECT_MANAGER, ProjectFactory(), username="outsider-test")
