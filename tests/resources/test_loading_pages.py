"""The loading pages: heat map, histograms with the capacity line, over-allocation list."""

from __future__ import annotations

import pytest

from tests.factories import SkillFactory
from tests.pages import signed_in
from tests.resources.conftest import build_crowded

pytestmark = pytest.mark.english


@pytest.fixture
def crowded(project):
    return build_crowded(project)


@pytest.fixture
def client(manager):
    return signed_in(manager, language="en")


def test_the_heat_map_colours_an_over_allocated_week(crowded, client):
    response = client.get("/resources/loading/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="heatmap"' in html and "Alice" in html
    assert 'class="heat-over"' in html  # Alice: 6 unit-days for 5


def test_a_resource_histogram_draws_bars_and_the_capacity_line(crowded, client):
    html = client.get(f"/resources/{crowded['alice'].pk}/loading/?grain=day").content.decode()
    assert '<polyline class="capacity"' in html
    assert html.count('class="bar over"') == 3  # Monday to Wednesday
    assert "No over-allocation." not in html


def test_a_skill_histogram_sums_its_resources(crowded, client):
    skill = SkillFactory(name="Masonry")
    skill.resources.add(crowded["alice"])
    response = client.get(f"/skills/{skill.pk}/loading/?grain=week")
    assert response.status_code == 200
    assert '<polyline class="capacity"' in response.content.decode()


def test_the_over_allocation_list_links_to_the_tasks(crowded, client):
    html = client.get("/resources/over-allocations/").content.decode()
    project = crowded["project"]
    assert f'/projects/{project.pk}/tasks/#task-{crowded["a"].pk}' in html
    assert f'/projects/{project.pk}/tasks/#task-{crowded["b"].pk}' in html


def test_outsiders_see_nothing_of_projects_they_cannot_see(crowded, outsider):
    client = signed_in(outsider, language="en")
    assert "Alice" not in client.get("/resources/loading/").content.decode()
    assert client.get(f"/resources/loading/?portfolio={crowded['project'].portfolio_id}").status_code == 404


def test_the_heat_map_shows_a_page_of_people_and_keeps_the_grain(crowded, client, monkeypatch):
    from jalon.resources.views import loading

    monkeypatch.setattr(loading, "PER_PAGE", 1)
    skill = SkillFactory(name="Masonry")
    skill.resources.add(crowded["alice"], crowded["bob"])
    first = client.get("/resources/loading/?grain=month").content.decode()
    assert ">Alice</a>" in first and ">Bob</a>" not in first  # by name
    assert 'href="?grain=month&amp;page=2" rel="next"' in first
    second = client.get("/resources/loading/?grain=month&page=2").content.decode()
    assert ">Bob</a>" in second and ">Alice</a>" not in second
    for html in (first, second):  # the skill sums both people, whichever the page
        assert ">Masonry</a>" in html
