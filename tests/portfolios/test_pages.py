"""Creating, editing and deleting portfolios, programmes and strategic objectives."""

from __future__ import annotations

import pytest

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from jalon.portfolios.models import Portfolio, Programme, Project, StrategicObjective
from tests.factories import ObjectiveFactory, ProgrammeFactory, ProjectFactory, UserFactory
from tests.pages import field_block, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.english]


@pytest.fixture
def portfolio_manager(portfolio):
    user = UserFactory(username="portfolio-manager")
    grant_role(actor=None, user=user, role=Role.PORTFOLIO_MANAGER, scope=portfolio)
    return signed_in(user, language="en")


@pytest.fixture
def programme_manager(programme):
    user = UserFactory(username="programme-manager")
    grant_role(actor=None, user=user, role=Role.PROGRAMME_MANAGER, scope=programme)
    return signed_in(user, language="en")


# --- portfolios ---------------------------------------------------------------------------------

def test_a_pmo_admin_creates_a_portfolio_and_lands_on_it(pmo_client):
    assert "/portfolios/new/" in pmo_client.get("/").content.decode()
    response = pmo_client.post("/portfolios/new/", {"code": "IT", "name": "Information systems"})
    portfolio = Portfolio.objects.get(code="IT")
    assert response.status_code == 302 and response["Location"] == f"/portfolios/{portfolio.pk}/"
    assert "Information systems" in pmo_client.get(response["Location"]).content.decode()


def test_a_bad_portfolio_code_is_shown_next_to_the_field(pmo_client):
    response = pmo_client.post("/portfolios/new/", {"code": "bad code!", "name": "X"})
    assert response.status_code == 400
    assert "Use letters, digits" in field_block(response.content.decode(), "code")
    assert not Portfolio.objects.exists()


def test_a_duplicate_portfolio_code_is_refused(pmo_client, portfolio):
    response = pmo_client.post("/portfolios/new/", {"code": portfolio.code, "name": "Twin"})
    assert response.status_code == 400
    assert "already exists" in field_block(response.content.decode(), "code")
    assert Portfolio.objects.count() == 1


def test_only_pmo_admins_create_portfolios(portfolio_manager, pm_client):
    assert "/portfolios/new/" not in portfolio_manager.get("/").content.decode()
    assert portfolio_manager.get("/portfolios/new/").status_code == 403
    assert pm_client.post("/portfolios/new/", {"code": "X", "name": "X"}).status_code == 403
    assert not Portfolio.objects.filter(code="X").exists()


def test_a_portfolio_manager_edits_but_does_not_delete_the_portfolio(portfolio_manager, portfolio):
    page = portfolio_manager.get(f"/portfolios/{portfolio.pk}/").content.decode()
    assert f"/portfolios/{portfolio.pk}/edit/" in page
    assert f"/portfolios/{portfolio.pk}/delete/" not in page
    response = portfolio_manager.post(f"/portfolios/{portfolio.pk}/edit/",
                                      {"code": portfolio.code, "name": "Renamed", "description": "Why"})
    assert response.status_code == 302
    portfolio.refresh_from_db()
    assert (portfolio.name, portfolio.description) == ("Renamed", "Why")
    assert portfolio_manager.get(f"/portfolios/{portfolio.pk}/delete/").status_code == 403
    assert portfolio_manager.post(f"/portfolios/{portfolio.pk}/delete/").status_code == 403
    assert Portfolio.objects.filter(pk=portfolio.pk).exists()


def test_an_empty_portfolio_name_is_refused_and_nothing_changes(portfolio_manager, portfolio):
    name = portfolio.name
    response = portfolio_manager.post(f"/portfolios/{portfolio.pk}/edit/", {"code": portfolio.code, "name": ""})
    assert response.status_code == 400
    assert "This field is required." in field_block(response.content.decode(), "name")
    portfolio.refresh_from_db()
    assert portfolio.name == name


def test_portfolio_edit_pages_are_404_outside_ones_scope(pm_client, portfolio):
    for url in [f"/portfolios/{portfolio.pk}/edit/", f"/portfolios/{portfolio.pk}/delete/",
                f"/portfolios/{portfolio.pk}/programmes/new/"]:
        assert pm_client.get(url).status_code == 404, url


def test_deleting_a_portfolio_names_its_projects_and_moves_them_to_the_trash(pmo_client, project):
    portfolio = project.portfolio
    confirmation = pmo_client.get(f"/portfolios/{portfolio.pk}/delete/")
    assert confirmation.status_code == 200
    assert str(project) in confirmation.content.decode()
    response = pmo_client.post(f"/portfolios/{portfolio.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert not Portfolio.objects.exists() and not Project.objects.exists()
    assert Project.all_objects.get(pk=project.pk).deleted_at is not None  # in the trash


def test_a_pmo_admin_deletes_an_empty_portfolio(pmo_client, portfolio):
    ProgrammeFactory(portfolio=portfolio)
    response = pmo_client.post(f"/portfolios/{portfolio.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert not Portfolio.objects.exists() and not Programme.objects.exists()
    assert Programme.all_objects.get().deleted_at == Portfolio.all_objects.get().deleted_at


# --- programmes ---------------------------------------------------------------------------------

def test_create_a_programme_from_the_portfolio_page(portfolio_manager, portfolio, pmo):
    assert f"/portfolios/{portfolio.pk}/programmes/new/" in \
        portfolio_manager.get(f"/portfolios/{portfolio.pk}/").content.decode()
    assert portfolio_manager.get(f"/portfolios/{portfolio.pk}/programmes/new/").status_code == 200
    response = portfolio_manager.post(f"/portfolios/{portfolio.pk}/programmes/new/",
                                      {"code": "DIGI", "name": "Digital", "manager": pmo.pk})
    assert response.status_code == 302
    programme = Programme.objects.get(code="DIGI")
    assert (programme.portfolio, programme.manager) == (portfolio, pmo)


def test_a_bad_programme_is_refused_next_to_the_field(portfolio_manager, portfolio):
    response = portfolio_manager.post(f"/portfolios/{portfolio.pk}/programmes/new/",
                                      {"code": "", "name": "Digital", "manager": "999999"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in field_block(page, "code")
    assert "Select a valid choice." in field_block(page, "manager")
    assert not Programme.objects.exists()


def test_a_programme_manager_edits_but_does_not_delete_the_programme(programme_manager, programme):
    page = programme_manager.get(f"/programmes/{programme.pk}/").content.decode()
    assert f"/programmes/{programme.pk}/edit/" in page
    assert f"/programmes/{programme.pk}/delete/" not in page
    response = programme_manager.post(f"/programmes/{programme.pk}/edit/",
                                      {"code": programme.code, "name": "Renamed"})
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Renamed"
    assert programme_manager.post(f"/programmes/{programme.pk}/delete/").status_code == 403
    assert programme_manager.get(f"/portfolios/{programme.portfolio_id}/programmes/new/").status_code == 404


def test_a_project_manager_cannot_edit_the_programme(pm_client, project):
    programme = project.programme
    assert pm_client.get(f"/programmes/{programme.pk}/edit/").status_code == 404  # not visible


def test_deleting_a_programme_takes_its_projects_to_the_trash(portfolio_manager, project):
    programme = project.programme
    assert str(project) in portfolio_manager.get(
        f"/programmes/{programme.pk}/delete/").content.decode()
    response = portfolio_manager.post(f"/programmes/{programme.pk}/delete/")
    assert response.status_code == 302
    assert not Programme.objects.filter(pk=programme.pk).exists()
    assert not Project.objects.filter(pk=project.pk).exists()
    assert portfolio_manager.get(f"/projects/{project.pk}/").status_code == 404


def test_delete_an_empty_programme(portfolio_manager, portfolio):
    programme = ProgrammeFactory(portfolio=portfolio)
    assert portfolio_manager.get(f"/programmes/{programme.pk}/delete/").status_code == 200
    response = portfolio_manager.post(f"/programmes/{programme.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == f"/portfolios/{portfolio.pk}/"
    assert not Programme.objects.exists()


# --- strategic objectives -----------------------------------------------------------------------

def objective_data(**fields):
    return {f"objective-{k}": v for k, v in {"code": "CO2", "name": "Halve emissions", "weight": "3",
                                            **fields}.items()}


def test_add_an_objective_on_the_portfolio_page(portfolio_manager, portfolio):
    response = portfolio_manager.post(f"/portfolios/{portfolio.pk}/objectives/new/", objective_data())
    assert response.status_code == 302
    objective = StrategicObjective.objects.get()
    assert (objective.portfolio, objective.code, objective.weight) == (portfolio, "CO2", 3)
    page = portfolio_manager.get(f"/portfolios/{portfolio.pk}/").content.decode()
    assert "Halve emissions" in page and f"/objectives/{objective.pk}/edit/" in page


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"weight": "0"}, "weight", "greater than or equal to 1"),
        ({"code": "two words"}, "code", "Use letters, digits"),
        ({"name": ""}, "name", "This field is required."),
    ],
)
def test_a_bad_objective_is_refused_on_the_portfolio_page(portfolio_manager, portfolio, fields, field, message):
    response = portfolio_manager.post(f"/portfolios/{portfolio.pk}/objectives/new/", objective_data(**fields))
    assert response.status_code == 400
    assert message in field_block(response.content.decode(), f"objective-{field}")
    assert not StrategicObjective.objects.exists()


def test_a_duplicate_objective_code_is_refused(portfolio_manager, portfolio):
    ObjectiveFactory(portfolio=portfolio, code="CO2")
    response = portfolio_manager.post(f"/portfolios/{portfolio.pk}/objectives/new/", objective_data())
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert StrategicObjective.objects.count() == 1


def test_edit_and_delete_an_objective(portfolio_manager, portfolio):
    objective = ObjectiveFactory(portfolio=portfolio)
    project = ProjectFactory(portfolio=portfolio)
    project.objectives.add(objective)
    assert portfolio_manager.get(f"/objectives/{objective.pk}/edit/").status_code == 200
    response = portfolio_manager.post(f"/objectives/{objective.pk}/edit/",
                                      {"code": objective.code, "name": "Renamed", "weight": "5"})
    assert response.status_code == 302
    objective.refresh_from_db()
    assert (objective.name, objective.weight) == ("Renamed", 5)
    assert portfolio_manager.get(f"/objectives/{objective.pk}/delete/").status_code == 200
    assert portfolio_manager.post(f"/objectives/{objective.pk}/delete/").status_code == 302
    assert not StrategicObjective.objects.exists()
    assert project.objectives.count() == 0  # the project stays, only the link goes


def test_objectives_are_read_only_for_others(executive, pm_client, portfolio):
    objective = ObjectiveFactory(portfolio=portfolio)
    client = signed_in(executive, language="en")
    page = client.get(f"/portfolios/{portfolio.pk}/").content.decode()
    assert "/objectives/" not in page and "objective-code" not in page
    assert client.post(f"/portfolios/{portfolio.pk}/objectives/new/", objective_data()).status_code == 403
    assert client.get(f"/objectives/{objective.pk}/edit/").status_code == 403
    assert client.post(f"/objectives/{objective.pk}/delete/").status_code == 403
    assert pm_client.get(f"/objectives/{objective.pk}/edit/").status_code == 404
    assert StrategicObjective.objects.count() == 1


def test_link_a_project_to_objectives_on_its_edit_form(pm_client, project):
    objective = ObjectiveFactory(portfolio=project.portfolio, name="Cut costs")
    ObjectiveFactory(name="Elsewhere")  # another portfolio's objective is not offered
    page = pm_client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert "Cut costs" in page and "Elsewhere" not in page
    data = {"code": project.code, "name": project.name, "status": project.status,
            "priority": project.priority, "currency": "EUR", "objectives": [objective.pk]}
    assert pm_client.post(f"/projects/{project.pk}/edit/", data).status_code == 302
    assert list(project.objectives.all()) == [objective]
    assert "Cut costs" in pm_client.get(f"/projects/{project.pk}/").content.decode()
