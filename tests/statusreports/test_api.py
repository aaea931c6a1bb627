"""The status reports API: the same services and rules as the pages."""

from __future__ import annotations

import json

import pytest

from tests.finance.conftest import EV

pytestmark = pytest.mark.django_db


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_a_report_is_written_submitted_and_published_through_the_api(pm_client, pmo_client,
                                                                    member_client, under_way):
    project = under_way["project"]
    created = _post(pm_client, f"/api/v1/projects/{project.pk}/status-reports",
                    {"achievements": "Design delivered"})
    assert created.status_code == 201, created.content
    report = created.json()
    assert report["state"] == "draft" and report["period_start"] == "2025-03-01"
    assert report["figures"]["figures"]["ev"] == pytest.approx(EV)
    pk = report["id"]
    patched = pm_client.patch(f"/api/v1/status-reports/{pk}",
                              json.dumps({"help_needed": "A second tester"}),
                              content_type="application/json")
    assert patched.json()["help_needed"] == "A second tester"
    assert patched.json()["achievements"] == "Design delivered"
    assert _post(pm_client, f"/api/v1/status-reports/{pk}/transitions",
                 {"action": "submit"}).json()["state"] == "submitted"
    assert _post(member_client, f"/api/v1/status-reports/{pk}/transitions",
                 {"action": "publish"}).status_code == 403
    assert _post(pm_client, f"/api/v1/status-reports/{pk}/transitions",
                 {"action": "publish"}).status_code == 403
    published = _post(pmo_client, f"/api/v1/status-reports/{pk}/transitions",
                      {"action": "publish"})
    assert published.json()["state"] == "published"
    listing = pm_client.get(f"/api/v1/projects/{project.pk}/status-reports").json()
    assert [r["id"] for r in listing["items"]] == [pk]
    hidden = member_client.get(f"/api/v1/status-reports/{pk}").json()["figures"]
    assert hidden["figures"] is None and hidden["rag"] is None
    assert hidden["milestones"]["coming"][0]["task"] == "3 Handover"


def test_a_second_report_for_the_period_is_a_clear_problem(pm_client, under_way):
    url = f"/api/v1/projects/{under_way['project'].pk}/status-reports"
    _post(pm_client, url, {})
    again = _post(pm_client, url, {})
    assert again.status_code == 400
    assert again.json()["code"] == "invalid" and under_way["project"].code in \
        again.json()["message"]


def test_the_cadence_and_the_reports_due(pmo_client, pm_client, under_way):
    portfolio = under_way["project"].portfolio
    url = f"/api/v1/portfolios/{portfolio.pk}/reporting-cadence"
    assert pmo_client.get(url).json() == {"cadence": "monthly"}
    assert pmo_client.put(url, json.dumps({"cadence": "weekly"}),
                          content_type="application/json").json() == {"cadence": "weekly"}
    assert pmo_client.put(url, json.dumps({"cadence": "daily"}),
                          content_type="application/json").status_code == 422
    due = pmo_client.get(f"/api/v1/portfolios/{portfolio.pk}/status-reports/due").json()
    assert [d["project_code"] for d in due] == [under_way["project"].code]
