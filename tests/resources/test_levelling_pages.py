"""The levelling pages, browser-free: start, poll with htmx, preview with reasons, apply, clear."""

from __future__ import annotations

import re

import pytest

from jalon.planning.models import Task
from jalon.resources.loading import compute_loading
from jalon.resources.models import LevellingRun
from tests.factories import AssignmentFactory, ProjectFactory, TaskFactory
from tests.pages import signed_in
from tests.resources.conftest import MONDAY, add_critical_clash, build_crowded

pytestmark = pytest.mark.english
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def crowded(project):
    return build_crowded(project)


@pytest.mark.usefixtures("worker")
def test_level_preview_apply_and_clear_through_the_pages(crowded, manager):
    client = signed_in(manager, language="en")
    project = crowded["project"]
    overview = client.get(f"/projects/{project.pk}/").content.decode()
    assert f"/projects/{project.pk}/levelling/" in overview  # the action link
    response = client.post(f"/projects/{project.pk}/levelling/",
                           {"method": "heuristic", "time_limit": "5"})
    run = LevellingRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/levelling/{run.pk}/"
    html = client.get(f"/levelling/{run.pk}/").content.decode()
    assert "Optimal: no schedule within capacity finishes earlier." in html
    assert ("B is delayed from 03/03/2025 to 06/03/2025: on 03/03/2025, Alice has a capacity "
            "of 1, with 1 already taken by A; B needs 1.") in html
    assert Task.objects.get(pk=crowded["b"].pk).constraint_type == "ASAP"  # preview only
    page = client.post(f"/levelling/{run.pk}/apply/", follow=True).content.decode()
    assert "Levelling applied: 1 task starts no earlier than its levelled date." in page
    assert Task.objects.get(pk=crowded["b"].pk).constraint_type == "SNET"
    assert compute_loading([project]).over_allocations == []
    assert "1 task holds a levelling constraint." in page
    page = client.post(f"/projects/{project.pk}/levelling/clear/", follow=True).content.decode()
    assert "Levelling cleared: 1 task is free again." in page
    assert Task.objects.get(pk=crowded["b"].pk).constraint_type == "ASAP"


def test_the_run_fragment_polls_while_queued_and_cancel_stops_it(crowded, manager):
    client = signed_in(manager, language="en")
    project = crowded["project"]
    client.post(f"/projects/{project.pk}/levelling/", {"method": "heuristic", "time_limit": "2"})
    run = LevellingRun.objects.get()
    assert run.state == LevellingRun.State.QUEUED  # even the fast method: never in the request
    fragment = client.get(f"/levelling/{run.pk}/", **HTMX).content.decode()
    assert fragment.startswith('\n<div id="levelling-run"') or 'id="levelling-run"' in fragment
    assert 'hx-trigger="every 1s"' in fragment and "<html" not in fragment
    fragment = client.post(f"/levelling/{run.pk}/cancel/", **HTMX).content.decode()
    assert "This levelling was cancelled." in fragment and "hx-trigger" not in fragment


def test_the_portfolio_page_has_the_level_action(crowded, pmo, portfolio):
    client = signed_in(pmo, language="en")
    assert f"/portfolios/{portfolio.pk}/levelling/" in client.get(
        f"/portfolios/{portfolio.pk}/").content.decode()
    assert client.get(f"/portfolios/{portfolio.pk}/levelling/").status_code == 200


def test_who_may_level_through_the_pages(crowded, manager, member, executive, outsider):
    project = crowded["project"]
    run_page = signed_in(manager).post(f"/projects/{project.pk}/levelling/",
                                       {"method": "heuristic", "time_limit": "5"})
    run = LevellingRun.objects.get()
    assert run_page.status_code == 302
    for user in (member, executive):
        client = signed_in(user)
        assert f"/projects/{project.pk}/levelling/" not in client.get(
            f"/projects/{project.pk}/").content.decode()
        assert client.get(f"/projects/{project.pk}/levelling/").status_code == 403
        assert client.post(f"/levelling/{run.pk}/apply/").status_code == 403
    client = signed_in(outsider)
    assert client.get(f"/projects/{project.pk}/levelling/").status_code == 404
    assert client.get(f"/levelling/{run.pk}/").status_code == 404
    assert Task.objects.get(pk=crowded["b"].pk).constraint_type == "ASAP"


def chart_of(client, html: str) -> dict:
    """The data the preview's Gantt draws: the page names the API endpoint that gives them."""
    found = re.search(r'<div class="gantt gantt-compare" data-url="([^"]+)"', html)
    assert found, "no Gantt chart on the page"
    response = client.get(found.group(1))
    assert response.status_code == 200
    return response.json()


@pytest.mark.usefixtures("worker")
def test_the_preview_draws_before_and_after_bars_with_the_reasons(crowded, manager):
    client = signed_in(manager, language="en")
    project = crowded["project"]
    client.post(f"/projects/{project.pk}/levelling/", {"method": "heuristic", "time_limit": "5"})
    html = client.get(f"/levelling/{LevellingRun.objects.get().pk}/").content.decode()
    run = LevellingRun.objects.get()
    assert f'class="gantt gantt-compare" data-url="/api/v1/levelling-runs/{run.pk}/gantt"' in html
    assert "/static/jalon/gantt.js" in html and "Before levelling" in html  # legend, no CDN
    assert 'id="levelling-moves"' in html  # the table of moves stays under the chart
    assert "{#" not in html and "{%" not in html
    chart = chart_of(client, html)
    assert chart["compare"] and not chart["editable"]
    rows = {row["name"]: row for row in chart["rows"]}
    b = rows["B"]
    assert (b["ghost_start"], b["ghost_finish"], b["start"], b["finish"]) == (
        "2025-03-03", "2025-03-05", "2025-03-06", "2025-03-10")
    assert b["moved"] and b["delay"] == 3
    assert b["note"] == ("B is delayed from 03/03/2025 to 06/03/2025: on 03/03/2025, Alice has a "
                         "capacity of 1, with 1 already taken by A; B needs 1.")
    a = rows["A"]
    assert (a["ghost_start"], a["start"], a["moved"], a["note"]) == (
        "2025-03-03", "2025-03-03", False, "")
    assert chart["markers"] == [{"date": "2025-03-11", "kind": "finish",
                                 "label": "Finish (unchanged)"}]
    assert [link["to"] for link in chart["links"]] == [f"t{crowded['c'].pk}"]


@pytest.mark.usefixtures("worker")
def test_the_level_form_offers_within_float_and_the_preview_lists_what_remains(crowded, manager):
    add_critical_clash(crowded)
    client = signed_in(manager, language="en")
    project = crowded["project"]
    form = client.get(f"/projects/{project.pk}/levelling/").content.decode()
    assert 'name="within_float"' in form and "the finish date never slips" in form
    client.post(f"/projects/{project.pk}/levelling/",
                {"method": "heuristic", "time_limit": "5", "within_float": "on"})
    run = LevellingRun.objects.get()
    assert run.within_float
    html = client.get(f"/levelling/{run.pk}/").content.decode()
    assert "within float only: the finish date does not move" in html
    assert "moving tasks within their float does not remove them all" in html
    remaining = html[html.index('id="levelling-remaining"'):]
    assert "Carol" in remaining and "X, Y" in remaining and "03/03/2025" in remaining
    assert "11/03/2025 → <strong>11/03/2025</strong> (unchanged)" in html
    assert {row["name"] for row in chart_of(client, html)["rows"] if row["moved"]} == {"B"}
    assert 'id="levelling-apply"' in html  # what can move within float may still be applied
    client.post(f"/levelling/{run.pk}/apply/")
    assert Task.objects.get(pk=crowded["b"].pk).constraint_type == "SNET"
    recent = client.get(f"/projects/{project.pk}/levelling/").content.decode()
    assert "within float only" in recent


@pytest.mark.usefixtures("worker")
def test_the_portfolio_preview_has_a_row_per_project(crowded, pmo, portfolio):
    urgent = ProjectFactory(portfolio=portfolio, planned_start=MONDAY, priority=900,
                            code="URG")
    d = TaskFactory(project=urgent, name="D", duration=2)
    AssignmentFactory(task=d, resource=crowded["alice"], units=1)
    client = signed_in(pmo, language="en")
    form = client.get(f"/portfolios/{portfolio.pk}/levelling/").content.decode()
    assert 'name="within_float"' in form
    client.post(f"/portfolios/{portfolio.pk}/levelling/",
                {"method": "heuristic", "time_limit": "5"})
    chart = chart_of(client, client.get(f"/levelling/{LevellingRun.objects.get().pk}/").content.decode())
    projects = [row for row in chart["rows"] if row["kind"] == "project"]
    assert [row["id"] for row in projects] == [f"p{crowded['project'].pk}", f"p{urgent.pk}"]
    rows = {row["name"]: row for row in chart["rows"]}
    assert rows["D"]["parent"] == f"p{urgent.pk}" and not rows["D"]["moved"]
    assert rows["A"]["moved"] and rows["B"]["moved"]  # both wait for the urgent project's D


@pytest.mark.usefixtures("worker")
def test_task_names_reach_the_chart_as_text(crowded, manager):
    Task.objects.filter(pk=crowded["b"].pk).update(name="</script><img src=x onerror=alert(1)>")
    client = signed_in(manager, language="en")
    client.post(f"/projects/{crowded['project'].pk}/levelling/",
                {"method": "heuristic", "time_limit": "5"})
    html = client.get(f"/levelling/{LevellingRun.objects.get().pk}/").content.decode()
    assert "<img src=x" not in html
    assert any(row["name"].startswith("</script>") for row in chart_of(client, html)["rows"])
