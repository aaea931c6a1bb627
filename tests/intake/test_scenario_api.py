"""The scenario API: keep a scenario, start a run and poll it, read the reasons, promote, and
the frontier; the readers and the errors."""

from __future__ import annotations

import pytest

from jalon.intake.models import Proposal
from tests.pages import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def send(client, method, url, body=None):
    return getattr(client, method)(url, body or {}, content_type="application/json")


def test_from_a_scenario_to_the_promoted_selection(boss, portfolio, model, three, worker):
    client = signed_in(boss, language="en")
    response = send(client, "post", f"/api/v1/portfolios/{portfolio.pk}/scenarios", {
        "name": "Budget 2027", "first_month": "2027-01-01", "months": 3,
        "budget": [1000, 0, 0], "scoring_model": model.pk,
        "balance": [{"category": "growth", "max_count": 5}],
        "locked_in": [three["B"].pk]})
    assert response.status_code == 201, response.json()
    scenario = response.json()
    assert scenario["budget"] == [1000.0, 0.0, 0.0] and scenario["locked_in"] == [three["B"].pk]
    run = send(client, "post", f"/api/v1/scenarios/{scenario['id']}/runs", {"kind": "select"})
    assert run.status_code == 201
    polled = client.get(f"/api/v1/optimisation-runs/{run.json()['id']}").json()
    assert polled["state"] == "done"
    result = polled["result"]
    assert result["status"] == "optimal"
    # B locked in leaves 500 k€: C fits beside it, A (600 k€) no longer does
    assert {s["code"] for s in result["selected"]} == {"B", "C"}
    rejected = {r["code"]: r["sentences"] for r in result["rejected"]}
    assert any("“A – Projet A”" in s and "“Budget (k€)”" in s for s in rejected["A"])
    promoted = send(client, "post", f"/api/v1/optimisation-runs/{polled['id']}/promote").json()
    assert sorted(promoted["approved"]) == ["B", "C"]
    assert promoted["scenario"]["promoted_run"] == polled["id"]
    assert Proposal.objects.get(code="C").project is not None


def test_the_frontier_through_the_api(boss, scenario, worker):
    client = signed_in(boss, language="en")
    run = send(client, "post", f"/api/v1/scenarios/{scenario.pk}/runs", {"kind": "frontier"})
    points = client.get(f"/api/v1/optimisation-runs/{run.json()['id']}").json()["result"][
        "points"]
    assert len(points) == 16 and points[-1]["entering"] is not None


def test_errors_are_named_and_readers_checked(boss, chief, member, scenario, worker):
    client = signed_in(boss, language="en")
    bad = send(client, "patch", f"/api/v1/scenarios/{scenario.pk}", {"budget": [1, 2]})
    assert bad.status_code == 400
    assert "3 figures" in str(bad.json())
    assert send(signed_in(chief), "post", f"/api/v1/scenarios/{scenario.pk}/runs").status_code \
        == 403
    assert signed_in(member).get(f"/api/v1/scenarios/{scenario.pk}").status_code == 404
