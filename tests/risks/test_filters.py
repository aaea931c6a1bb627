"""The risk register's and the issue log's filters: one definition, the same risks and issues
through the page and through the API, values refused by name."""

from __future__ import annotations

import re

import pytest

from jalon.risks.services import matrix_config_update
from tests.api.test_api import client_for
from tests.factories import UserFactory
from tests.pages import field_block, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def page_risks(client, project, query: str) -> list[int]:
    html = client.get(f"/projects/{project.pk}/risks/?{query}").content.decode()
    table = html[html.index('id="risk-list"'):]
    return list(dict.fromkeys(int(pk) for pk in re.findall(r'href="/risks/(\d+)/"', table)))


def api_risks(client, project, query: str) -> list[int]:
    response = client.get(f"/api/v1/projects/{project.pk}/risks?{query}")
    assert response.status_code == 200, response.json()
    return [risk["id"] for risk in response.json()["items"]]


@pytest.fixture
def register(make_risk, manager):
    owner = UserFactory(username="olga")
    return {
        "debt": make_risk(title="Tech debt", category="technical", probability=5,
                          impact_cost=5, owner=owner).pk,
        "lawsuit": make_risk(title="Lawsuit", category="legal", escalated=True,
                             description="A supplier may sue").pk,
        "windfall": make_risk(title="Windfall", kind="opportunity", probability=2,
                              impact_cost=3, status="closed").pk,
        "owner": owner,
    }


@pytest.mark.parametrize("query, expected", [
    ("", ["debt", "windfall", "lawsuit"]),
    ("q=SUPPLIER", ["lawsuit"]),               # words of the description too
    ("category=legal", ["lawsuit"]),
    ("kind=opportunity", ["windfall"]),
    ("status=closed", ["windfall"]),
    ("level=high", ["debt"]),
    ("level=medium", ["windfall"]),
    ("level=low", ["lawsuit"]),
    ("escalated=true", ["lawsuit"]),
    ("escalated=false", ["debt", "windfall"]),
    ("owner={owner}", ["debt"]),
    ("category=technical&status=closed", []),
])
def test_the_register_and_the_api_list_the_same_risks(register, manager, project, query,
                                                      expected):
    query = query.format(owner=register["owner"].pk)
    page = page_risks(signed_in(manager), project, query)
    assert page == [register[name] for name in expected]
    assert api_risks(client_for(manager), project, query) == page


def test_the_level_reads_the_portfolio_s_own_thresholds(register, pmo, manager, project):
    matrix_config_update(actor=pmo, portfolio=project.portfolio, medium_from=2, high_from=6)
    assert page_risks(signed_in(manager), project, "level=high") == [register["debt"],
                                                                     register["windfall"]]
    assert api_risks(client_for(manager), project, "level=medium") == []
    assert api_risks(client_for(manager), project, "level=low") == [register["lawsuit"]]


@pytest.mark.parametrize("query, parameter", [
    ("level=huge", "level"), ("status=ended", "status"), ("owner=999999", "owner"),
    ("escalated=perhaps", "escalated"), ("kind=risk", "kind"),
])
def test_the_api_refuses_a_bad_filter_by_its_name(register, manager, project, query, parameter):
    response = client_for(manager).get(f"/api/v1/projects/{project.pk}/risks?{query}")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and list(body["errors"]) == [parameter]
    assert body["message"].startswith(f"{parameter}: ")


@pytest.mark.english
def test_the_register_shows_a_bad_filter_next_to_its_field(register, pm_client, project):
    html = pm_client.get(f"/projects/{project.pk}/risks/?level=huge&category=legal"
                         ).content.decode()
    assert "Select a valid choice" in field_block(html, "level")
    assert "Select a valid choice" not in field_block(html, "category")
    table = html[html.index('id="risk-list"'):]
    assert "Lawsuit" in table and "Tech debt" not in table  # the valid filters still apply


def test_the_register_offers_every_filter_of_the_api(pm_client, project):
    html = pm_client.get(f"/projects/{project.pk}/risks/").content.decode()
    for name in ("q", "status", "category", "kind", "level", "owner", "escalated"):
        assert f'name="{name}"' in html, name


# --- the issue log -----------------------------------------------------------------------------

def page_issues(client, project, query: str) -> list[int]:
    html = client.get(f"/projects/{project.pk}/issues/?{query}").content.decode()
    return [int(pk) for pk in re.findall(r'href="/issues/(\d+)/edit/"', html)]


@pytest.mark.parametrize("query, expected", [
    ("", ["outage", "typo"]), ("severity=critical", ["outage"]), ("status=closed", ["typo"]),
    ("severity=low&status=open", []),
])
def test_the_issue_log_and_the_api_list_the_same_issues(manager, project, query, expected):
    from jalon.risks.services import issue_create

    issues = {"outage": issue_create(actor=manager, project=project, title="Outage",
                                     severity="critical").pk,
              "typo": issue_create(actor=manager, project=project, title="Typo", severity="low",
                                   status="closed", resolution="Fixed").pk}
    page = page_issues(signed_in(manager), project, query)
    assert sorted(page) == sorted(issues[name] for name in expected)
    listed = client_for(manager).get(f"/api/v1/projects/{project.pk}/issues?{query}").json()
    assert [issue["id"] for issue in listed["items"]] == page


@pytest.mark.english
def test_a_bad_issue_filter_is_refused_by_name_and_shown_next_to_its_field(pm_client, manager,
                                                                          project):
    response = client_for(manager).get(f"/api/v1/projects/{project.pk}/issues?severity=dire")
    assert response.status_code == 422 and list(response.json()["errors"]) == ["severity"]
    html = pm_client.get(f"/projects/{project.pk}/issues/?severity=dire").content.decode()
    assert "Select a valid choice" in field_block(html, "severity")
