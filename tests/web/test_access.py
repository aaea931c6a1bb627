"""Every page renders for someone with access, and is a 404 (not a 403) for anyone else."""

from __future__ import annotations

import pytest
from django.test import Client

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from tests.factories import (
    AssignmentFactory,
    CalendarFactory,
    ObjectiveFactory,
    ProjectFactory,
    ResourceFactory,
)
from tests.pages import signed_in

pytestmark = pytest.mark.django_db


def project_pages(project) -> list[str]:
    return [
        f"/projects/{project.pk}/",
        f"/projects/{project.pk}/tasks/",
        f"/projects/{project.pk}/resources/",
        f"/projects/{project.pk}/governance/",
        f"/projects/{project.pk}/edit/",
        f"/projects/{project.pk}/delete/",
    ]


def test_signed_out_visitors_are_sent_to_the_login_page(project):
    for url in ["/", f"/projects/{project.pk}/", f"/projects/{project.pk}/tasks/", "/resources/", "/calendars/"]:
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=")


def test_login_page_shows_the_name_and_the_language_switch():
    page = Client().get("/login/").content.decode()
    assert "Jalon" in page
    assert 'action="/i18n/setlang/"' in page and "English" in page and "Français" in page


def test_signing_in_leads_to_the_dashboard(manager):
    client = Client()
    response = client.post("/login/", {"username": "pm-test", "password": "pass-word-123"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_wrong_password_is_refused_with_a_message(manager):
    response = Client().post("/login/", {"username": "pm-test", "password": "nope"})
    assert response.status_code == 200
    assert 'class="alert alert-error"' in response.content.decode()


def test_the_project_manager_sees_every_tab_of_the_project(pm_client, project, plan):
    for url in project_pages(project):
        # deleting her project is for its programme's managers: not even the confirmation
        expected = 403 if url.endswith("/delete/") else 200
        assert pm_client.get(url).status_code == expected, url


def test_a_project_manager_gets_404_on_another_project(pm_client, other_project):
    for url in project_pages(other_project):
        assert pm_client.get(url).status_code == 404, url


def test_the_404_page_is_translated_and_shows_no_internals(pm_client, other_project):
    response = pm_client.get(f"/projects/{other_project.pk}/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Traceback" not in page and "not found." not in page
    assert '<html lang="fr">' in page


def test_pmo_sees_portfolio_programme_pool_and_calendars(pmo_client, portfolio, programme, project):
    objective = ObjectiveFactory(portfolio=portfolio, name="Reduce energy use")
    project.objectives.add(objective)
    direct = ProjectFactory(portfolio=portfolio, name="Direct project")
    ResourceFactory(name="Crane")
    CalendarFactory(name="Site calendar")
    page = pmo_client.get(f"/portfolios/{portfolio.pk}/").content.decode()
    assert programme.name in page and direct.name in page and "Reduce energy use" in page
    assert project.code in page  # listed under the objective it serves
    assert project.name in pmo_client.get(f"/programmes/{programme.pk}/").content.decode()
    assert "Crane" in pmo_client.get("/resources/").content.decode()
    assert "Site calendar" in pmo_client.get("/calendars/").content.decode()
    assert pmo_client.get(f"/portfolios/{portfolio.pk}/projects/new/").status_code == 200
    assert pmo_client.get(f"/programmes/{programme.pk}/projects/new/").status_code == 200
    assert pmo_client.get("/resources/new/").status_code == 200


def test_portfolio_and_programme_pages_are_404_outside_ones_scope(pm_client, portfolio, programme):
    assert pm_client.get(f"/portfolios/{portfolio.pk}/").status_code == 404
    assert pm_client.get(f"/programmes/{programme.pk}/").status_code == 404
    assert pm_client.get(f"/programmes/{programme.pk}/projects/new/").status_code == 404


def test_a_programme_manager_sees_the_programme_not_the_portfolio(programme, project):
    from tests.factories import UserFactory

    user = UserFactory()
    grant_role(actor=None, user=user, role=Role.PROGRAMME_MANAGER, scope=programme)
    client = signed_in(user)
    assert client.get(f"/programmes/{programme.pk}/").status_code == 200
    assert client.get(f"/portfolios/{programme.portfolio.pk}/").status_code == 404
    assert client.get(f"/programmes/{programme.pk}/projects/new/").status_code == 200


def test_an_executive_reads_but_gets_403_on_edit_forms(executive, project):
    client = signed_in(executive)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert f"/projects/{project.pk}/edit/" not in page  # no edit control shown
    response = client.get(f"/projects/{project.pk}/edit/")
    assert response.status_code == 403
    assert "403" in response.content.decode()
    assert client.get("/resources/new/").status_code == 403


def test_edit_controls_show_only_to_those_who_may_change(pm_client, pmo_client, member_client, member,
                                                        project, plan):
    overview = pm_client.get(f"/projects/{project.pk}/").content.decode()
    assert f"/projects/{project.pk}/edit/" in overview
    # deleting is for the programme's managers, not the project manager
    assert f"/projects/{project.pk}/delete/" not in overview
    assert f"/projects/{project.pk}/delete/" in pmo_client.get(f"/projects/{project.pk}/").content.decode()
    member_page = member_client.get(f"/projects/{project.pk}/tasks/").content.decode()
    assert "/indent/" not in member_page and f'action="/projects/{project.pk}/tasks/add/"' not in member_page
    assert "?edit=" not in member_page  # no task of his
    AssignmentFactory(task=plan[0], resource=ResourceFactory(user=member))
    member_page = member_client.get(f"/projects/{project.pk}/tasks/").content.decode()
    assert f"?edit={plan[0].pk}" in member_page  # he records progress on his own task


def test_the_dashboard_shows_the_tree_with_computed_finish(pm_client, project, plan):
    page = pm_client.get("/").content.decode()
    assert project.code in page and project.name in page
    # 2 + 3 days from Monday 3 March 2025 end on Friday 7 March (inclusive)
    assert "07/03/2025" in page
    # the user has no role on the portfolio or programme: headings, not links
    assert f'href="/portfolios/{project.portfolio.pk}/"' not in page
    assert f'href="/programmes/{project.programme_id}/"' not in page
    assert project.programme.name in page


def test_the_programme_is_a_link_for_its_manager(pmo_client, project):
    assert f'href="/programmes/{project.programme_id}/"' in pmo_client.get("/").content.decode()


def test_the_dashboard_counts_projects_per_status(pmo_client, portfolio):
    ProjectFactory(portfolio=portfolio, status="in_progress")
    ProjectFactory(portfolio=portfolio, status="in_progress")
    ProjectFactory(portfolio=portfolio, status="on_hold")
    page = pmo_client.get("/").content.decode()
    assert "status-in_progress\"><span class=\"kpi-value\">2<" in page.replace("kpi ", "")


def test_user_text_is_escaped(pm_client, project):
    project.name = "<script>alert(1)</script>"
    project.save()
    page = pm_client.get(f"/projects/{project.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_no_traceback_reaches_the_user_on_a_server_error(client, settings, monkeypatch, manager):
    from jalon.portfolios.views import dashboard as home

    def boom(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(home.selectors, "portfolio_tree", boom)
    client = Client(raise_request_exception=False)
    client.force_login(manager)
    response = client.get("/")
    assert response.status_code == 500
    assert "secret internals" not in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_an_htmx_request_after_the_session_expired_goes_to_the_login_page(project):
    """htmx follows redirects itself: the login page would land inside the task table."""
    tasks = f"/projects/{project.pk}/tasks/"
    response = Client().post(f"{tasks}add/", {"name": "X"}, HTTP_HX_REQUEST="true",
                             HTTP_HX_CURRENT_URL=f"http://testserver{tasks}")
    assert response.status_code == 200 and response.content == b""
    assert response["HX-Redirect"] == f"/login/?next={tasks}"
    # the partial's own URL is the fallback when htmx does not say where the user was
    response = Client().get(f"/projects/{project.pk}/tasks/1/edit/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == f"/login/?next=/projects/{project.pk}/tasks/1/edit/"
    # without htmx, the usual redirect
    assert Client().get(tasks)["Location"] == f"/login/?next={tasks}"


def test_an_htmx_request_from_another_site_is_not_sent_back_there(project):
    response = Client().get(f"/projects/{project.pk}/tasks/", HTTP_HX_REQUEST="true",
                            HTTP_HX_CURRENT_URL="https://evil.example/steal")
    assert response["HX-Redirect"] == f"/login/?next=/projects/{project.pk}/tasks/"
