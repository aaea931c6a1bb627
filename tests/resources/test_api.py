"""The pool's rates in the API, the loading and levelling API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from jalon.resources.models import LevellingRun
from tests.factories import ResourceFactory
from tests.pages import signed_in
from tests.resources.conftest import add_critical_clash


def api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_rates_and_emails_go_to_those_who_see_costs_only(member, manager):
    resource = ResourceFactory(code="DEV", standard_rate=Decimal("68"),
                               cost_per_use=Decimal("5"), email="dev@example.org")
    money = ("standard_rate", "cost_per_use", "email")
    seen = api(manager).get(f"/api/v1/resources/{resource.pk}").json()
    assert [seen[k] for k in money] == ["68.00", "5.00", "dev@example.org"]
    hidden = api(member).get(f"/api/v1/resources/{resource.pk}").json()
    assert [hidden[k] for k in money] == [None, None, None] and hidden["code"] == "DEV"
    (listed,) = api(member).get("/api/v1/resources").json()["items"]
    assert [listed[k] for k in money] == [None, None, None]


def test_get_the_loading_and_the_over_allocations(crowded, manager):
    body = api(manager).get("/api/v1/resources/loading?grain=week").json()
    alice = next(r for r in body["resources"] if r["name"] == "Alice")
    assert (alice["buckets"][0]["demand"], alice["buckets"][0]["capacity"]) == (6, 5)
    (over,) = body["over_allocations"]
    assert (over["name"], over["first"], over["last"], over["excess"]) == (
        "Alice", "2025-03-03", "2025-03-05", 1)
    assert [t["name"] for t in over["tasks"]] == ["A", "B"]


@pytest.mark.usefixtures("worker")
def test_level_read_apply_through_the_api(crowded, manager):
    client = api(manager)
    response = client.post("/api/v1/levelling-runs", {"project": crowded["project"].pk},
                           content_type="application/json")
    assert response.status_code == 201
    run = response.json()
    assert run["state"] == "done" and run["result"]["status"] == "optimal"
    moved = next(m for m in run["result"]["moves"] if m["name"] == "B")
    assert moved["sentences"] and "Alice" in moved["sentences"][0]
    assert client.get(f"/api/v1/levelling-runs/{run['id']}").json()["id"] == run["id"]
    applied = client.post(f"/api/v1/levelling-runs/{run['id']}/apply").json()
    assert applied["applied_at"] is not None
    assert api(manager).get("/api/v1/resources/loading").json()["over_allocations"] == []


@pytest.mark.usefixtures("worker")
def test_level_within_float_through_the_api(crowded, manager):
    add_critical_clash(crowded)
    client = api(manager)
    run = client.post("/api/v1/levelling-runs", {"project": crowded["project"].pk,
                                                 "within_float": True},
                      content_type="application/json").json()
    assert run["within_float"] is True and run["result"]["within_float"] is True
    assert run["result"]["status"] == "infeasible"
    assert run["result"]["finish_after"] == run["result"]["finish_before"]
    assert [o["resource"] for o in run["result"]["over_allocations"]] == ["Carol"]
    b = next(t for t in run["result"]["tasks"] if t["task"] == crowded["b"].pk)
    assert (b["before_start"], b["after_start"]) == ("2025-03-03", "2025-03-06")
    default = client.post("/api/v1/levelling-runs", {"project": crowded["project"].pk},
                          content_type="application/json").json()
    assert default["within_float"] is False


@pytest.mark.parametrize("value", ["perhaps", "true", 1, [True], None])
def test_within_float_of_the_wrong_type_is_a_problem_not_a_crash(crowded, manager, value):
    response = api(manager).post("/api/v1/levelling-runs",
                                 {"project": crowded["project"].pk, "within_float": value},
                                 content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and "within_float" in body["errors"]
    assert body["message"].startswith("within_float:")
    assert not LevellingRun.objects.exists()


def test_queue_and_cancel_through_the_api(crowded, manager):
    client = api(manager)
    run = client.post("/api/v1/levelling-runs", {"project": crowded["project"].pk,
                                                 "method": "optimal", "time_limit": 2},
                      content_type="application/json").json()
    assert run["state"] == "queued"
    assert client.post(f"/api/v1/levelling-runs/{run['id']}/cancel").json()["state"] == "cancelled"


def test_the_preview_as_a_gantt_chart_once_the_run_is_done(crowded, manager, executive, outsider,
                                                           request):
    client = api(manager)
    queued = client.post("/api/v1/levelling-runs", {"project": crowded["project"].pk,
                                                    "method": "optimal", "time_limit": 2},
                         content_type="application/json").json()
    refused = signed_in(manager, language="en").get(f"/api/v1/levelling-runs/{queued['id']}/gantt")
    assert refused.status_code == 400 and "it has not finished" in refused.json()["message"]
    request.getfixturevalue("worker")  # from now on the worker takes each run at once
    run = client.post("/api/v1/levelling-runs", {"project": crowded["project"].pk},
                      content_type="application/json").json()
    chart = client.get(f"/api/v1/levelling-runs/{run['id']}/gantt").json()
    assert chart["compare"] is True and chart["editable"] is False  # a preview is not dragged
    b = next(row for row in chart["rows"] if row["task"] == crowded["b"].pk)
    assert (b["ghost_start"], b["start"], b["moved"], b["delay"]) == (
        "2025-03-03", "2025-03-06", True, 3)
    assert "Alice" in b["note"]
    assert [(m["date"], m["kind"]) for m in chart["markers"]] == [("2025-03-11", "finish")]
    # as the run itself: for those who may level the project
    assert api(executive).get(f"/api/v1/levelling-runs/{run['id']}/gantt").status_code == 403
    assert api(outsider).get(f"/api/v1/levelling-runs/{run['id']}/gantt").status_code == 404


@pytest.mark.parametrize("who", ["member", "executive"])
def test_who_may_level_through_the_api(crowded, manager, who, request, outsider):
    user = request.getfixturevalue(who)
    body = {"project": crowded["project"].pk}
    assert api(user).post("/api/v1/levelling-runs", body,
                          content_type="application/json").status_code == 403
    assert api(outsider).post("/api/v1/levelling-runs", body,
                              content_type="application/json").status_code == 404
    run = LevellingRun.objects.create(project=crowded["project"])
    assert api(user).post(f"/api/v1/levelling-runs/{run.pk}/apply").status_code == 403
    assert api(outsider).get(f"/api/v1/levelling-runs/{run.pk}").status_code == 404


@pytest.mark.usefixtures("worker")
def test_clear_a_project_levelling_through_the_api(crowded, manager):
    client = api(manager)
    project = crowded["project"]
    run = client.post("/api/v1/levelling-runs", {"project": project.pk},
                      content_type="application/json").json()
    client.post(f"/api/v1/levelling-runs/{run['id']}/apply")
    state = client.get(f"/api/v1/projects/{project.pk}/levelling").json()
    assert state["levelled_tasks"] == 1
    assert [(r["id"], r["applied_at"] is not None) for r in state["runs"]] == [(run["id"], True)]
    assert client.get("/api/v1/resources/loading").json()["over_allocations"] == []

    response = client.post(f"/api/v1/projects/{project.pk}/levelling/clear")
    assert response.status_code == 200 and response.json() == {"cleared": 1}
    crowded["b"].refresh_from_db()
    assert crowded["b"].constraint_type == "ASAP" and crowded["b"].constraint_date is None
    (over,) = client.get("/api/v1/resources/loading").json()["over_allocations"]
    assert over["name"] == "Alice"
    assert client.get(f"/api/v1/projects/{project.pk}/levelling").json()["levelled_tasks"] == 0
    assert client.post(f"/api/v1/projects/{project.pk}/levelling/clear").json() == {
        "cleared": 0}


@pytest.mark.usefixtures("worker")
def test_level_and_clear_a_portfolio_through_the_api(crowded, pmo):
    client = api(pmo)
    portfolio = crowded["project"].portfolio
    run = client.post("/api/v1/levelling-runs", {"portfolio": portfolio.pk},
                      content_type="application/json").json()
    assert run["portfolio"] == portfolio.pk and run["state"] == "done"
    client.post(f"/api/v1/levelling-runs/{run['id']}/apply")
    state = client.get(f"/api/v1/portfolios/{portfolio.pk}/levelling").json()
    assert state["levelled_tasks"] == 1 and state["runs"][0]["id"] == run["id"]
    assert "result" not in state["runs"][0]  # the list is light; a run's preview is on its own
    assert client.post(f"/api/v1/portfolios/{portfolio.pk}/levelling/clear").json() == {
        "cleared": 1}
    crowded["b"].refresh_from_db()
    assert crowded["b"].constraint_type == "ASAP"


@pytest.mark.parametrize("who", ["member", "executive"])
def test_who_may_read_and_clear_a_levelling_through_the_api(crowded, who, request, outsider):
    user = request.getfixturevalue(who)
    project = crowded["project"]
    for url in (f"/api/v1/projects/{project.pk}/levelling",
                f"/api/v1/portfolios/{project.portfolio.pk}/levelling"):
        assert api(outsider).get(url).status_code == 404
        assert api(outsider).post(f"{url}/clear").status_code == 404
    # they may see the project, so they read its levelling runs; clearing is a change
    assert api(user).get(f"/api/v1/projects/{project.pk}/levelling").status_code == 200
    assert api(user).post(f"/api/v1/projects/{project.pk}/levelling/clear").status_code == 403
