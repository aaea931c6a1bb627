"""Time recorded as XLSX and CSV, from the project's timesheets page and from the API: every
entry the filters select, rates and amounts only for those who may see costs."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tests.exports import column, csv_rows, xlsx_rows
from tests.factories import TimesheetEntryFactory
from tests.timesheets.conftest import day

pytestmark = pytest.mark.english


@pytest.fixture
def recorded(team):
    for offset in range(3):
        TimesheetEntryFactory(task=team["build"], resource=team["mine"], date=day(offset),
                              hours=Decimal("7.5"), status="submitted",
                              note="@here see the log" if offset == 0 else "")
    TimesheetEntryFactory(task=team["test"], resource=team["colleague"], date=day(4),
                          hours=Decimal("4"), status="draft")
    return team["project"]


def test_the_page_exports_what_its_filters_select_with_money_for_a_manager(pm_client,
                                                                          recorded):
    page = pm_client.get(f"/projects/{recorded.pk}/timesheets/").content.decode()
    assert f"/projects/{recorded.pk}/timesheets/export/?format=xlsx" in page
    # the page lists the time submitted for approval unless told otherwise: so does its export
    rows = xlsx_rows(pm_client.get(f"/projects/{recorded.pk}/timesheets/export/?format=xlsx"))
    assert rows[0] == ["Project", "Date", "Resource", "Task", "Hours", "Rate", "Amount",
                       "Currency", "Status", "Note"]
    assert column(rows, "Date") == [datetime.datetime.combine(day(n), datetime.time())
                                    for n in (2, 1, 0)]
    assert column(rows, "Hours") == [7.5] * 3
    assert column(rows, "Amount") == [450] * 3
    assert column(rows, "Task") == ["1.1 Build"] * 3


def test_the_csv_neutralises_a_note_and_hides_money_from_a_team_member(member_client, recorded):
    rows = csv_rows(member_client.get(f"/projects/{recorded.pk}/timesheets/export/"
                                      "?format=csv&status=all"), delimiter=",")
    assert "Rate" not in rows[0] and "Amount" not in rows[0]
    assert column(rows, "Note")[-1] == "'@here see the log"
    assert column(rows, "Hours") == ["4.00", "7.50", "7.50", "7.50"]


def test_the_api_exports_the_time_it_lists(member_client, pm_client, recorded):
    query = f"project={recorded.pk}&status=draft"
    rows = xlsx_rows(pm_client.get(f"/api/v1/timesheets/export?{query}"))
    assert column(rows, "Resource") == ["Quinn QA"]
    assert column(rows, "Amount") == [200]
    assert "Amount" not in xlsx_rows(member_client.get(f"/api/v1/timesheets/export?{query}"))[0]


def test_an_outsider_gets_no_time(outsider_client, recorded):
    assert outsider_client.get(
        f"/projects/{recorded.pk}/timesheets/export/?format=xlsx").status_code == 404
