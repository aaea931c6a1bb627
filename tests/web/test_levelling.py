"""The levelling pages, browser-free: start, poll with htmx, preview with reasons, apply, clear."""

from __future__ import annotations

import pytest

from jalon.planning.models import Task
from jalon.resources.loading import compute_loading
from jalon.resources.models import LevellingRun
from tests.resources.conftest import build_crowded
from tests.web.conftest import signed_in

pytestmark = pytest.mark.english
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def crowded(project):
    return build_crowded(project)


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
    assert ("B is delayed from 03/03/2025 to 03/06/2025: on 03/03/2025, Alice has 1 units and "
            "1 are taken by A; B needs 1.") in html
    assert Task.objects.get(pk=crowded["b"].pk).constraint_type == "ASAP"  # preview only
    client.post(f"/levelling/{run.pk}/apply/")
    assert Task.objects.get(pk=crowded["b"].pk).constraint_type == "SNET"
    assert compute_loading([project]).over_allocations == []
    page = client.get(f"/projects/{project.pk}/levelling/").content.decode()
    assert "1 task holds a levelling constraint." in page
    client.post(f"/projects/{project.pk}/levelling/clear/")
    assert Task.objects.get(pk=crowded["b"].pk).constraint_type == "ASAP"


def test_the_run_fragment_polls_while_queued_and_cancel_stops_it(crowded, manager):
    client = signed_in(manager, language="en")
    project = crowded["project"]
    client.post(f"/projects/{project.pk}/levelling/", {"method": "optimal", "time_limit": "2"})
    run = LevellingRun.objects.get()
    assert run.state == LevellingRun.State.QUEUED  # the optimal method goes to the queue
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
