"""The KPI dashboard's HTML is kept between visits: every change shows at once, each reader
gets the page of his own rights and language, and the CSRF token is never kept."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client

from jalon.finance import services
from jalon.planning import services as planning
from jalon.planning.models import Task
from jalon.portfolios import services as portfolio_services
from tests.factories import ProjectFactory
from tests.finance.conftest import simple_project
from tests.kept_pages import fresh, page, shows_each_change_at_once
from tests.pages import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]  # the version: digested by PostgreSQL


@pytest.fixture
def three(pmo, project, programme):
    """Two projects in ``programme`` and one directly in its portfolio (as test_rollups')."""
    a = simple_project(actor=pmo, project=project, percent=50, cost="4000")
    b = simple_project(actor=pmo, project=ProjectFactory(portfolio=programme.portfolio,
                                                         programme=programme),
                       percent=30, cost="5000", budget="160")
    c = simple_project(actor=pmo, project=ProjectFactory(portfolio=programme.portfolio),
                       percent=60, cost="4000")
    return a, b, c


def test_each_change_made_through_the_services_shows_at_once(pmo, three, programme):
    portfolio = programme.portfolio
    client = signed_in(pmo, language="en")
    path = f"/portfolios/{portfolio.pk}/kpis/"
    before = page(client, path)
    assert page(client, path) == before  # the second visit: the kept page
    a, b, _c = three
    changes = [
        ("progress", lambda: planning.task_update(actor=pmo, task=Task.objects.get(project=b),
                                                  percent_complete=90)),
        ("cost", lambda: services.cost_entry_create(
            actor=pmo, project=a, date=datetime.date(2025, 3, 6), amount=Decimal("9000"),
            category="labour")),
        ("threshold", lambda: services.thresholds_update(
            actor=pmo, portfolio=portfolio, cpi_green=2, cpi_amber=1.9)),
        ("override", lambda: services.rag_override_set(
            actor=pmo, project=a, dimension="cost", status="green",
            justification="Invoices paid.")),
        ("rename", lambda: portfolio_services.project_update(actor=pmo, project=a,
                                                             name="Renamed at once")),
    ]
    last = shows_each_change_at_once(client, path, changes)
    assert "Renamed at once" in last
    assert page(client, f"{path}?sort=code") != last  # another query, another page


def test_a_reader_who_sees_fewer_projects_never_gets_the_others_page(pmo, manager, three):
    a, b, c = three
    assert all(p.code in page(signed_in(pmo, language="en"), "/kpis/") for p in three)
    html = page(signed_in(manager, language="en"), "/kpis/")
    assert a.code in html
    assert b.code not in html and c.code not in html


def test_french_and_english_readers_each_get_their_language(pmo, three, programme):
    path = f"/portfolios/{programme.portfolio.pk}/kpis/"
    french = page(signed_in(pmo, language="fr"), path)
    english = page(signed_in(pmo, language="en"), path)
    assert "Projects by cost performance and value" in english
    assert "Projects by cost performance and value" not in french
    assert french == fresh(signed_in(pmo, language="fr"), path)


def test_the_kept_page_carries_each_session_its_own_working_csrf_token(pmo, three, programme):
    portfolio = programme.portfolio
    path = f"/portfolios/{portfolio.pk}/kpis/"
    for _session in range(2):  # the second one is drawn from the kept HTML
        client = Client(enforce_csrf_checks=True)
        client.force_login(pmo)
        html = client.get(path).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert token is not None
        response = client.post(f"/portfolios/{portfolio.pk}/kpis/snapshot/",
                               {"csrfmiddlewaretoken": token.group(1)})
        assert response.status_code == 302  # refused with 403 on another session's token
