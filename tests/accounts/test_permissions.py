"""Roles reach everything below their scope, and only that."""

from __future__ import annotations

import pytest

from jalon.accounts import permissions as perms
from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from jalon.errors import NotFound, PermissionDenied
from jalon.portfolios import services
from tests.factories import ProgrammeFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_programme_grant_reaches_its_projects_and_nothing_else(portfolio):
    inside = ProgrammeFactory(portfolio=portfolio)
    outside = ProgrammeFactory(portfolio=portfolio)
    mine = ProjectFactory(portfolio=portfolio, programme=inside)
    other = ProjectFactory(portfolio=portfolio, programme=outside)
    direct = ProjectFactory(portfolio=portfolio)
    user = UserFactory()
    grant_role(actor=None, user=user, role=Role.PROGRAMME_MANAGER, scope=inside)
    assert list(perms.visible_projects(user)) == [mine]
    assert perms.can_change(user, mine) and perms.can_change(user, inside)
    assert not perms.can_view(user, other) and not perms.can_view(user, direct)
    assert not perms.can_view(user, portfolio)


def test_a_portfolio_grant_reaches_every_project_in_it(portfolio):
    projects = {ProjectFactory(portfolio=portfolio), ProjectFactory(portfolio=portfolio,
                programme=ProgrammeFactory(portfolio=portfolio))}
    ProjectFactory()  # elsewhere
    user = UserFactory()
    grant_role(actor=None, user=user, role=Role.PORTFOLIO_MANAGER, scope=portfolio)
    assert set(perms.visible_projects(user)) == projects
    assert perms.can_manage_pool(user)


def test_project_manager_changes_the_project_but_not_its_programme(manager, project):
    assert perms.can_change(manager, project)
    assert not perms.can_view(manager, project.programme)
    with pytest.raises(PermissionDenied):
        services.project_delete(actor=manager, project=project)


def test_team_member_records_progress_only(member, project):
    assert perms.can_record_progress(member, project)
    assert not perms.can_change(member, project)


def test_executive_reads_everything_and_changes_nothing(executive, project, other_project):
    assert set(perms.visible_projects(executive)) == {project, other_project}
    assert not perms.can_change(executive, project)
    with pytest.raises(PermissionDenied):
        services.project_update(actor=executive, project=project, name="Nope")


def test_hidden_objects_are_not_found_rather_than_forbidden(outsider, project):
    with pytest.raises(NotFound):
        services.project_update(actor=outsider, project=project, name="Nope")


def test_pmo_admin_of_everything_gets_the_django_admin(pmo):
    pmo.refresh_from_db()
    assert pmo.is_staff
    assert pmo.has_perm("portfolios.change_project")


def test_those_who_manage_the_budget_see_costs_team_members_do_not(member, manager, executive,
                                                                   pmo, project, other_project):
    for user in (manager, executive, pmo):
        assert perms.can_see_costs(user, project) and perms.can_see_costs(user)
    assert not perms.can_see_costs(member, project)
    assert not perms.can_see_costs(member)  # nor the pool's rates
    with pytest.raises(PermissionDenied):
        perms.require_costs(member, project)
    with pytest.raises(NotFound):  # a project he may not see stays hidden
        perms.require_costs(member, other_project)
    assert set(perms.costed_projects(executive)) == {project, other_project}
    assert set(perms.costed_projects(manager)) == {project}
    assert not perms.costed_projects(member).exists()


def test_a_project_manager_elsewhere_sees_costs_only_where_he_manages(member, project,
                                                                     other_project):
    grant_role(actor=None, user=member, role=Role.PROJECT_MANAGER, scope=other_project)
    perms.forget_grants(member)
    assert perms.can_see_costs(member, other_project) and perms.can_see_costs(member)
    assert not perms.can_see_costs(member, project)
    assert set(perms.costed_projects(member)) == {other_project}
