"""Programme managers get their programme's pages like a portfolio's: Gantt, risks, levelling,
loading and KPIs, and nothing of another programme."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from tests.factories import (
    AssignmentFactory,
    ProgrammeFactory,
    ProjectFactory,
    ResourceFactory,
    TaskFactory,
    UserFactory,
)
from tests.pages import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbour(portfolio):
    """Another programme of the same portfolio, with a project."""
    other = ProgrammeFactory(portfolio=portfolio, code="OTHER")
    ProjectFactory(portfolio=portfolio, programme=other, code="NEIGHBOUR")
    return other


@pytest.fixture
def programme_manager(programme):
    user = UserFactory(username="prog-manager")
    grant_role(actor=None, user=user, role=Role.PROGRAMME_MANAGER, scope=programme)
    return user


def _loaded(project, resource_name: str) -> None:
    project.planned_start = datetime.date(2025, 3, 3)
    project.save()
    task = TaskFactory(project=project, name="Work", duration=Decimal("5"))
    AssignmentFactory(task=task, resource=ResourceFactory(name=resource_name),
                      work=Decimal("40"))


PAGES = ["/programmes/{pk}/", "/programmes/{pk}/gantt/", "/programmes/{pk}/risks/",
         "/programmes/{pk}/levelling/", "/programmes/{pk}/kpis/",
         "/resources/loading/?programme={pk}", "/resources/over-allocations/?programme={pk}"]


@pytest.mark.parametrize("url", PAGES)
def test_a_programme_manager_has_the_programme_pages(programme_manager, programme, project,
                                                     neighbour, url):
    client = signed_in(programme_manager)
    assert client.get(url.format(pk=programme.pk)).status_code == 200
    assert client.get(url.format(pk=neighbour.pk)).status_code == 404


def test_the_programme_kpis_list_its_projects_only(programme_manager, programme, project,
                                                   neighbour):
    page = signed_in(programme_manager).get(f"/programmes/{programme.pk}/kpis/")
    text = page.content.decode()
    assert f'data-project="{project.code}"' in text
    assert 'data-project="NEIGHBOUR"' not in text
    export = signed_in(programme_manager).get(f"/programmes/{programme.pk}/kpis/export/",
                                              {"format": "csv"})
    assert export.status_code == 200
    assert project.code in export.content.decode() and "NEIGHBOUR" not in export.content.decode()


def test_the_programme_loading_counts_its_projects_only(pmo, programme, project, neighbour):
    _loaded(project, "Alice Inside")
    _loaded(neighbour.projects.get(), "Bob Elsewhere")
    text = signed_in(pmo).get(f"/resources/loading/?programme={programme.pk}").content.decode()
    assert "Alice Inside" in text and "Bob Elsewhere" not in text
    assert f"?programme={programme.pk}" in text  # the other loading pages keep the scope


def test_the_programme_page_links_its_kpis_for_those_who_see_costs(programme_manager,
                                                                   programme):
    member = UserFactory()
    grant_role(actor=None, user=member, role=Role.TEAM_MEMBER, scope=programme)
    kpis = f"/programmes/{programme.pk}/kpis/"
    assert kpis in signed_in(programme_manager).get(f"/programmes/{programme.pk}/").content.decode()
    page = signed_in(member).get(f"/programmes/{programme.pk}/").content.decode()
    assert kpis not in page
    assert f"/resources/loading/?programme={programme.pk}" in page
    assert signed_in(member).get(kpis).status_code == 403
