"""The demo users each see and change what their role says — and nothing more."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from jalon.accounts import permissions
from jalon.demo.catalogue import PORTFOLIO_CODE
from jalon.planning.models import Task
from jalon.portfolios.models import Portfolio, Programme, Project

pytestmark = pytest.mark.django_db


def user(username: str):
    return get_user_model().objects.get(username=username)  # fresh: grants are cached per object


def visible(username: str) -> set[str]:
    return set(permissions.visible_projects(user(username)).values_list("code", flat=True))


def all_codes() -> set[str]:
    return set(Project.objects.filter(portfolio__code=PORTFOLIO_CODE).values_list("code", flat=True))


def test_pmo_and_the_executive_see_every_project(demo):
    assert visible("pmo") >= all_codes()
    assert visible("dirigeant") >= all_codes()


def test_the_executive_cannot_change_anything(demo):
    executive = user("dirigeant")
    portfolio = Portfolio.objects.get(code=PORTFOLIO_CODE)
    objects = [portfolio, *portfolio.programmes.all(), *portfolio.projects.all()]
    assert not any(permissions.can_change(executive, obj) for obj in objects)
    assert not any(permissions.can_record_progress(executive, p) for p in portfolio.projects.all())
    assert not permissions.can_manage_pool(executive)


def test_the_pmo_administrator_changes_everything(demo):
    pmo = user("pmo")
    assert permissions.is_pmo_admin(pmo) and permissions.can_manage_pool(pmo)
    assert all(permissions.can_change(pmo, p) for p in Project.objects.filter(portfolio__code=PORTFOLIO_CODE))


def test_the_project_manager_sees_only_her_projects(demo):
    mine = visible("cheffe.projet")
    assert 2 <= len(mine) <= 3 and mine < all_codes()
    cheffe = user("cheffe.projet")
    for project in Project.objects.filter(portfolio__code=PORTFOLIO_CODE):
        assert permissions.can_change(cheffe, project) == (project.code in mine)
        if project.code in mine:
            assert project.project_manager == cheffe
    assert not permissions.can_change(cheffe, Programme.objects.get(code="PRG-NUM"))


def test_the_programme_manager_reaches_his_programme_only(demo):
    programme = Programme.objects.get(code="PRG-NUM")
    assert visible("programme") == set(programme.projects.values_list("code", flat=True))
    assert programme.manager == user("programme")
    assert permissions.can_change(user("programme"), programme)


def test_the_portfolio_manager_reaches_the_whole_portfolio(demo):
    assert visible("portefeuille") == all_codes()
    assert permissions.can_manage_pool(user("portefeuille"))


def test_the_team_member_records_progress_but_changes_nothing_else(demo):
    mine = visible("equipe")
    assert 2 <= len(mine) < len(all_codes())
    member = user("equipe")
    for project in Project.objects.filter(code__in=mine):
        assert permissions.can_record_progress(member, project)
        assert not permissions.can_change(member, project)
    assert member.resource.code.startswith("AUR-")


def test_the_team_member_records_progress_on_his_tasks_and_sees_no_costs(demo):
    member = user("equipe")
    own = set()
    for project in Project.objects.filter(code__in=visible("equipe")):
        assert not permissions.can_see_costs(member, project)
        ids = permissions.progress_task_ids(member, project)
        assert len(ids) < Task.objects.filter(project=project).count()
        own |= ids
    assert own  # the tour shows Antoine Roux's own tasks open to his progress
    assert not Task.objects.filter(pk__in=own).exclude(assignments__resource=member.resource).exists()
    assert not permissions.can_see_costs(member)
    assert permissions.can_see_costs(user("dirigeant")) and permissions.can_see_costs(user("pmo"))


def test_there_is_a_user_for_every_role(demo):
    from jalon.accounts.models import Role, RoleGrant

    roles = set(RoleGrant.objects.filter(user__email__endswith="@groupe-aurore.example")
                .values_list("role", flat=True))
    assert roles == set(Role.values)
