"""The filters of recorded time: a project's timesheets page and ``GET /timesheets`` read the
same definition, so the same query lists the same entries."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from jalon.timesheets.models import TimesheetEntry
from tests.api.test_api import client_for
from tests.factories import ResourceFactory, TaskFactory, TimesheetEntryFactory
from tests.pages import field_block, signed_in
from tests.timesheets.conftest import day

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
Status = TimesheetEntry.Status


@pytest.fixture
def recorded(team):
    """Time of both team members over two weeks, in every status, and time elsewhere."""
    mine, qa, build, test = team["mine"], team["colleague"], team["build"], team["test"]
    entries = {
        "mon": TimesheetEntryFactory(resource=mine, task=build, date=day(0),
                                     status=Status.SUBMITTED),
        "tue": TimesheetEntryFactory(resource=qa, task=test, date=day(1),
                                     status=Status.APPROVED),
        "wed": TimesheetEntryFactory(resource=mine, task=build, date=day(2), status=Status.DRAFT),
        "next": TimesheetEntryFactory(resource=qa, task=test, date=day(8),
                                      status=Status.SUBMITTED, hours=Decimal("3")),
    }
    TimesheetEntryFactory(resource=ResourceFactory(), task=TaskFactory(), date=day(0),
                          status=Status.SUBMITTED)  # another project
    return entries


def page_entries(client, project, query: str) -> list[int]:
    html = client.get(f"/projects/{project.pk}/timesheets/?{query}").content.decode()
    return [int(pk) for pk in re.findall(r'<tr data-entry="(\d+)"', html)]


def api_entries(client, project, query: str) -> list[int]:
    response = client.get(f"/api/v1/timesheets?project={project.pk}&{query}")
    assert response.status_code == 200, response.json()
    return [entry["id"] for entry in response.json()["items"]]


@pytest.mark.parametrize("query, expected", [
    ("status=all", ["next", "wed", "tue", "mon"]),
    ("status=submitted", ["next", "mon"]),
    ("status=all&week=2026-06-03", ["wed", "tue", "mon"]),
    ("status=all&resource={qa}", ["next", "tue"]),
    ("status=all&start=2026-06-02&end=2026-06-09", ["next", "wed", "tue"]),
    ("status=all&week=2026-06-10&start=2026-06-09", ["next"]),
    ("status=approved&week=2026-06-01", ["tue"]),
])
def test_the_page_and_the_api_list_the_same_time(team, recorded, query, expected):
    query = query.format(qa=team["colleague"].pk)
    manager, project = team["manager"], team["project"]
    page = page_entries(signed_in(manager), project, query)
    assert page == [recorded[name].pk for name in expected]
    assert api_entries(client_for(manager), project, query) == page


def test_the_page_shows_the_time_to_review_unless_asked_otherwise(team, recorded):
    """Its own default: the API, like the page's "Any status", lists every status."""
    manager, project = team["manager"], team["project"]
    submitted = [recorded["next"].pk, recorded["mon"].pk]
    assert page_entries(signed_in(manager), project, "") == submitted
    assert page_entries(signed_in(manager), project, "status=&week=") == submitted
    assert len(api_entries(client_for(manager), project, "")) == 4


def totals(client, project, query: str) -> dict[str, int]:
    """Entries per status in the page's totals."""
    html = client.get(f"/projects/{project.pk}/timesheets/?{query}").content.decode()
    section = html[html.index('id="totals"'):html.index("</section>", html.index('id="totals"'))]
    return {status: int(count) for status, count in re.findall(
        r'ts-status ts-(\w+)">[^<]*</span></td><td class="num">(\d+)<', section)}


def test_the_totals_count_every_status_of_the_time_the_other_filters_choose(team, recorded):
    client, project = signed_in(team["manager"]), team["project"]
    assert page_entries(client, project, "week=2026-06-01") == [recorded["mon"].pk]
    assert totals(client, project, "week=2026-06-01") == {
        "draft": 1, "submitted": 1, "approved": 1, "rejected": 0}
    assert totals(client, project, f"resource={team['colleague'].pk}&status=draft") == {
        "draft": 0, "submitted": 1, "approved": 1, "rejected": 0}


def test_the_api_refuses_bad_filters_by_name(team, outsider):
    client = client_for(team["manager"])
    for query, parameter in (("week=someday", "week"), ("status=late", "status"),
                             ("resource=999999", "resource"), ("end=2026-13-01", "end")):
        response = client.get(f"/api/v1/timesheets?{query}")
        assert response.status_code == 422, query
        assert list(response.json()["errors"]) == [parameter]
    hidden = client_for(outsider).get(f"/api/v1/timesheets?project={team['project'].pk}")
    assert hidden.status_code == 422 and list(hidden.json()["errors"]) == ["project"]


def test_the_page_offers_the_api_s_filters_but_its_project_and_shows_a_bad_one(team, recorded):
    html = signed_in(team["manager"], language="en").get(
        f"/projects/{team['project'].pk}/timesheets/?resource=999999&status=all"
    ).content.decode()
    assert "Select a valid choice" in field_block(html, "resource")
    form = html[html.index('class="ts-filters"'):]
    form = form[:form.index("</form>")]
    assert re.findall(r'name="(\w+)"', form) == ["week", "resource", "status", "start", "end"]
