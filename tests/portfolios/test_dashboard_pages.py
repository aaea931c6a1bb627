"""The dashboard a page of projects at a time: the tree's order kept from page to page, the
counts above it covering every project."""

from __future__ import annotations

import re

import pytest

from jalon.portfolios.views import dashboard
from tests.factories import ProgrammeFactory, ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.english]


@pytest.fixture
def five(portfolio):
    """Two projects in programme B, one in programme A, two outside any programme, and an
    empty programme C: the tree's order is A's, B's, C (empty), then the others."""
    a, b = ProgrammeFactory(portfolio=portfolio, code="A"), ProgrammeFactory(portfolio=portfolio,
                                                                             code="B")
    ProgrammeFactory(portfolio=portfolio, code="C", name="Empty programme")
    ProjectFactory(portfolio=portfolio, programme=b, code="B2", status="on_hold")
    ProjectFactory(portfolio=portfolio, programme=b, code="B1")
    ProjectFactory(portfolio=portfolio, programme=a, code="A1")
    ProjectFactory(portfolio=portfolio, code="Z1")
    ProjectFactory(portfolio=portfolio, code="Y1", status="on_hold")


def _codes(html: str) -> list[str]:
    return re.findall(r'<td class="code"><a href="/projects/\d+/">([^<]+)</a>', html)


def test_a_small_portfolio_is_on_one_page_without_a_pager(pmo_client, five):
    html = pmo_client.get("/").content.decode()
    assert _codes(html) == ["A1", "B1", "B2", "Y1", "Z1"]
    assert 'class="pages"' not in html and "Empty programme" in html


def test_page_two_shows_the_next_projects_and_the_counts_still_cover_all(
        pmo_client, five, monkeypatch):
    monkeypatch.setattr(dashboard, "PER_PAGE", 2)
    first = pmo_client.get("/").content.decode()
    assert _codes(first) == ["A1", "B1"]
    assert 'href="?page=2" rel="next"' in first
    assert "Page 1 of 3" in first
    assert "Empty programme" in first  # an empty programme is on the first page
    second = pmo_client.get("/?page=2").content.decode()
    assert _codes(second) == ["B2", "Y1"]
    assert 'href="?page=1" rel="prev"' in second and "Page 2 of 3" in second
    assert "Projects outside any programme" in second and "Empty programme" not in second
    for html in (first, second):  # the counts are of every project, whichever the page
        assert "5 projects in your portfolios" in html
        assert 'status-on_hold"><span class="kpi-value">2<' in html.replace("kpi ", "")
    assert _codes(pmo_client.get("/?page=3").content.decode()) == ["Z1"]
    assert _codes(pmo_client.get("/?page=99").content.decode()) == ["Z1"]  # the last one


def test_the_finish_is_read_back_from_the_stored_schedule(pm_client, project, plan):
    assert "07/03/2025" in pm_client.get("/").content.decode()  # computed, then stored
    assert "07/03/2025" in pm_client.get("/").content.decode()  # read from the store
