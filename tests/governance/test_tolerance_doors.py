"""Tolerances and exceptions through the API and the pages: contracts, permissions, money hidden
from team members, the exception on the portfolio page and the cockpit until it is resolved."""

from __future__ import annotations

import datetime

import pytest

from jalon.cockpit.selectors import cockpit
from jalon.governance.exceptions import exception_report, exceptions_check
from jalon.governance.models import PortfolioTolerances, ProjectTolerances
from tests.finance.conftest import worked  # noqa: F401 - fixture
from tests.governance.test_tolerances import over_budget  # noqa: F401 - fixture
from tests.pages import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.english]

TODAY = datetime.date(2025, 3, 21)


def put(client, url, body):
    return client.put(url, body, content_type="application/json")


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_tolerances_api_reads_and_replaces_them(over_budget, pmo):  # noqa: F811
    client = signed_in(pmo, language="en")
    url = f"/api/v1/projects/{over_budget.pk}/tolerances"
    body = client.get(url).json()
    assert body["tolerances"]["cost_percent"] == {"value": 10.0, "source": "pack"}
    cost = next(m for m in body["measures"] if m["measure"] == "cost")
    assert cost["breached"] and cost["unit"] == "amount"
    assert cost["limit"] == pytest.approx(1_800)

    answer = put(client, url, {"cost_percent": 30, "time_days": 60})
    assert answer.status_code == 200
    assert answer.json()["tolerances"]["cost_percent"] == {"value": 30.0, "source": "project"}
    assert not next(m for m in answer.json()["measures"] if m["measure"] == "cost")["breached"]

    refused = put(client, url, {"cost_percent": -5})
    assert refused.status_code in (400, 422)


def test_team_members_cannot_set_tolerances_and_see_no_money(over_budget, member):  # noqa: F811
    client = signed_in(member, language="en")
    url = f"/api/v1/projects/{over_budget.pk}/tolerances"
    assert put(client, url, {"cost_percent": 99}).status_code == 403
    cost = next(m for m in client.get(url).json()["measures"] if m["measure"] == "cost")
    assert cost["value"] is None and cost["limit"] is None and not cost["breached"]

    exceptions_check(projects=[over_budget])
    listed = client.get(f"/api/v1/projects/{over_budget.pk}/exceptions").json()
    assert [(e["measure"], e["measured"], e["limit"]) for e in listed] == [("cost", None, None)]
    page = signed_in(member, language="en").get(f"/projects/{over_budget.pk}/governance/")
    assert page.status_code == 200
    assert "4,091" not in page.content.decode() and "Not shown: money." in page.content.decode()


def test_report_and_resolve_through_the_api(over_budget, board, manager, pmo):  # noqa: F811
    exception = exceptions_check(projects=[over_budget])[0]
    portfolio_url = f"/api/v1/portfolios/{over_budget.portfolio_id}/exceptions"
    assert [e["id"] for e in signed_in(pmo).get(portfolio_url).json()] == [exception.pk]

    early = post(signed_in(board, language="en"), f"/api/v1/exceptions/{exception.pk}/resolve",
                 {"decision": "accept", "comment": "ok"})
    assert early.status_code == 400
    assert "exception report" in early.json()["message"]

    report = post(signed_in(manager, language="en"), f"/api/v1/exceptions/{exception.pk}/report",
                  {"cause": "Steel", "consequences": "Over budget", "options": "Cut; accept",
                   "recommendation": "Accept"})
    assert report.status_code == 200 and report.json()["reported"]
    assert post(signed_in(manager), f"/api/v1/exceptions/{exception.pk}/resolve",
                {"decision": "accept", "comment": "ok"}).status_code == 403
    bad = post(signed_in(board, language="en"), f"/api/v1/exceptions/{exception.pk}/resolve",
               {"decision": "shrug", "comment": "ok"})
    assert bad.status_code == 400 and bad.json()["errors"]

    done = post(signed_in(board, language="en"), f"/api/v1/exceptions/{exception.pk}/resolve",
                {"decision": "exception_plan", "comment": "Replan the steel works"})
    assert done.status_code == 200
    assert done.json()["open"] is False and done.json()["decision"] == "exception_plan"
    assert signed_in(pmo).get(portfolio_url).json() == []


def test_outsiders_see_nothing(over_budget, outsider):  # noqa: F811
    exception = exceptions_check(projects=[over_budget])[0]
    client = signed_in(outsider)
    assert client.get(f"/api/v1/projects/{over_budget.pk}/tolerances").status_code == 404
    assert client.get(f"/api/v1/exceptions/{exception.pk}/report").status_code == 405
    assert post(client, f"/api/v1/exceptions/{exception.pk}/report",
                {"cause": "x", "consequences": "x", "options": "x",
                 "recommendation": "x"}).status_code == 404
    assert client.get(f"/exceptions/{exception.pk}/").status_code == 404


def test_the_exception_shows_on_the_portfolio_page_and_the_cockpit_until_resolved(
        over_budget, board, manager, pmo):  # noqa: F811
    exception = exceptions_check(projects=[over_budget])[0]
    page = signed_in(pmo, language="en").get(f"/portfolios/{over_budget.portfolio_id}/")
    text = page.content.decode()
    assert 'id="open-exceptions"' in text and "Cost: estimate at completion" in text
    assert f"/exceptions/{exception.pk}/" in text
    board_view = cockpit(user=pmo, portfolio=over_budget.portfolio, today=TODAY)
    assert board_view.attention.counts["exception"] == 1

    exception_report(actor=manager, exception=exception, cause="c", consequences="c",
                     options="o", recommendation="r")
    client = signed_in(board, language="en")
    response = client.post(f"/exceptions/{exception.pk}/resolve/",
                           {"decision": "accept", "comment": "Accepted", "cost_percent": "30"})
    assert response.status_code == 302
    text = signed_in(pmo, language="en").get(f"/portfolios/{over_budget.portfolio_id}/")
    assert 'id="open-exceptions"' not in text.content.decode()
    assert cockpit(user=pmo, portfolio=over_budget.portfolio, today=TODAY).attention.counts["exception"] == 0


def test_the_governance_page_shows_each_measure_and_the_report_form(over_budget, manager):  # noqa: F811
    exception = exceptions_check(projects=[over_budget])[0]
    client = signed_in(manager, language="en")
    text = client.get(f"/projects/{over_budget.pk}/governance/").content.decode()
    assert 'id="tolerance-list"' in text and "Broken" in text and "4,091" in text
    assert "Set the tolerances" not in text  # project managers do not set them
    detail = client.get(f"/exceptions/{exception.pk}/").content.decode()
    assert f'action="/exceptions/{exception.pk}/report/"' in detail
    refused = client.post(f"/exceptions/{exception.pk}/report/", {"cause": "Only a cause"})
    assert refused.status_code == 400
    assert client.post(f"/exceptions/{exception.pk}/report/", {
        "cause": "Steel", "consequences": "Over", "options": "Cut",
        "recommendation": "Accept"}).status_code == 302


def test_the_pmo_sets_tolerances_on_their_page(over_budget, pmo, member):  # noqa: F811
    url = f"/projects/{over_budget.pk}/governance/tolerances/"
    assert signed_in(member).get(url).status_code == 403
    client = signed_in(pmo, language="en")
    assert client.get(url).status_code == 200
    assert client.post(url, {"cost_percent": "40", "time_days": "60"}).status_code == 302
    assert ProjectTolerances.objects.get(project=over_budget).cost_percent == 40
    portfolio_url = f"/portfolios/{over_budget.portfolio_id}/tolerances/"
    assert client.post(portfolio_url, {"risk_score": "12"}).status_code == 302
    assert PortfolioTolerances.objects.get(portfolio=over_budget.portfolio).risk_score == 12
