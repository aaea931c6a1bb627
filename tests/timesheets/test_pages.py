"""The pages: "My timesheet" (a week grid) and a project's timesheets (review and import)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jalon.timesheets.models import TimesheetEntry
from tests.factories import TimesheetEntryFactory, UserFactory
from tests.pages import signed_in
from tests.timesheets.conftest import day

pytestmark = pytest.mark.django_db
Status = TimesheetEntry.Status
WEEK = "/timesheet/?week=2026-06-03"


def english(user):
    return signed_in(user, language="en")


def cell(task, offset: int) -> str:
    return f"h-{task.pk}-{day(offset):%Y%m%d}"


def test_the_grid_shows_the_week_of_the_assigned_tasks(team):
    TimesheetEntryFactory(resource=team["mine"], task=team["build"], date=day(1),
                          hours=Decimal("6.5"))
    response = english(team["member"]).get(WEEK)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Week of 1 June 2026 to 7 June 2026" in html
    assert f'name="{cell(team["build"], 0)}"' in html
    assert f'name="{cell(team["build"], 1)}"' in html and 'value="6.5"' in html
    assert "Submit the week" in html and 'href="/timesheet/"' in html  # the main menu
    assert "?week=2026-05-25" in html and "?week=2026-06-08" in html
    assert team["test"].name not in html  # not assigned, no time


def test_saving_and_submitting_the_week(team):
    client = english(team["member"])
    data = {"week": "2026-06-01", cell(team["build"], 0): "7", cell(team["build"], 1): "7.5",
            "save": "1"}
    response = client.post("/timesheet/", data)
    assert response.status_code == 302 and response["Location"].endswith("?week=2026-06-01")
    assert TimesheetEntry.objects.filter(status=Status.DRAFT).count() == 2
    html = client.get(response["Location"]).content.decode()
    assert "The week was saved." in html and ">14.5<" in html

    data.pop("save")
    data["submit"] = "1"
    response = client.post("/timesheet/", data)
    assert response.status_code == 302
    assert set(TimesheetEntry.objects.values_list("status", flat=True)) == {Status.SUBMITTED}
    html = client.get("/timesheet/?week=2026-06-01").content.decode()
    assert f'name="{cell(team["build"], 0)}"' not in html  # locked now
    assert "Submit the week" in html  # other days may still be filled


def test_a_bad_week_is_shown_with_its_errors_and_nothing_saved(team):
    client = english(team["member"])
    response = client.post("/timesheet/", {"week": "2026-06-01",
                                           cell(team["build"], 0): "30",
                                           cell(team["build"], 1): "7", "save": "1"})
    assert response.status_code == 400
    assert "less than or equal to 24" in response.content.decode()
    assert not TimesheetEntry.objects.exists()


def test_htmx_swaps_the_week_in_place(team):
    response = english(team["member"]).post(
        "/timesheet/", {"week": "2026-06-01", cell(team["build"], 2): "4", "save": "1"},
        HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<section class="card" id="timesheet-week">')
    assert "The week was saved." in html
    assert TimesheetEntry.objects.get().hours == Decimal("4")


def test_without_a_linked_resource_there_is_no_grid(manager):
    html = english(manager).get("/timesheet/").content.decode()
    assert "not linked to a resource" in html


def test_the_manager_reviews_the_submitted_time(team):
    monday = TimesheetEntryFactory(resource=team["mine"], task=team["build"], date=day(0),
                                   status=Status.SUBMITTED, note="<b>bold</b>")
    tuesday = TimesheetEntryFactory(resource=team["mine"], task=team["build"], date=day(1),
                                    status=Status.SUBMITTED)
    client = english(team["manager"])
    url = f"/projects/{team['project'].pk}/timesheets/"
    html = client.get(url).content.decode()
    assert f'href="{url}"' in html  # the project's tab
    assert f'value="{monday.pk}"' in html and "Approve the selected time" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold</b>" not in html

    review = f"/projects/{team['project'].pk}/timesheets/review/"
    response = client.post(review, {"entries": [tuesday.pk], "action": "reject", "reason": ""})
    assert response.status_code == 400 and "Say why" in response.content.decode()
    response = client.post(review, {"entries": [monday.pk], "action": "approve",
                                    "query": "status=all"})
    assert response.status_code == 302 and response["Location"].endswith("?status=all")
    response = client.post(review, {"entries": [tuesday.pk], "action": "reject",
                                    "reason": "Holiday"})
    assert response.status_code == 302
    monday.refresh_from_db()
    tuesday.refresh_from_db()
    assert (monday.status, tuesday.status) == (Status.APPROVED, Status.REJECTED)
    html = client.get(url + "?status=all&week=2026-06-03").content.decode()
    assert "Holiday" in html and "420" in html


def test_the_review_message_counts_entries_in_the_right_number(team):
    entries = [TimesheetEntryFactory(resource=team["mine"], task=team["build"], date=day(d),
                                     status=Status.SUBMITTED) for d in range(3)]
    review = f"/projects/{team['project'].pk}/timesheets/review/"
    french = signed_in(team["manager"], language="fr")
    html = french.post(review, {"entries": [entries[0].pk], "action": "approve"},
                       follow=True).content.decode()
    assert "1 saisie approuvée." in html
    html = english(team["manager"]).post(
        review, {"entries": [e.pk for e in entries[1:]], "action": "reject", "reason": "Leave"},
        follow=True).content.decode()
    assert "2 entries rejected." in html


def test_the_manager_records_and_submits_a_team_members_week(team):
    client = english(team["manager"])
    colleague, test = team["colleague"], team["test"]
    html = client.get(f"/projects/{team['project'].pk}/timesheets/").content.decode()
    assert "Record time for a team member" in html
    assert f'<option value="{colleague.pk}">QA · Quinn QA</option>' in html

    week = f"/timesheet/?resource={colleague.pk}&week=2026-06-03"
    html = client.get(week).content.decode()
    assert '<h1>Timesheet <span class="code">QA</span> Quinn QA</h1>' in html
    assert f'name="{cell(test, 0)}"' in html
    assert f"?resource={colleague.pk}&amp;week=2026-06-08" in html  # next week, same person
    response = client.post("/timesheet/", {"resource": colleague.pk, "week": "2026-06-01",
                                           cell(test, 0): "6", "submit": "1"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?resource={colleague.pk}&week=2026-06-01")
    entry = TimesheetEntry.objects.get()
    assert (entry.resource, entry.task, entry.status) == (colleague, test, Status.SUBMITTED)

    html = client.get(f"/projects/{team['project'].pk}/timesheets/").content.decode()
    assert f'href="/timesheet/?resource={colleague.pk}&amp;week=2026-06-01"' in html


def test_a_team_member_reads_a_colleagues_week_without_changing_it(team):
    colleague, test = team["colleague"], team["test"]
    TimesheetEntryFactory(resource=colleague, task=test, date=day(0), hours=Decimal("3"))
    client = english(team["member"])
    html = client.get(f"/timesheet/?resource={colleague.pk}&week=2026-06-01").content.decode()
    assert "Quinn QA" in html and f'name="{cell(test, 0)}"' not in html
    assert "Submit the week" not in html
    response = client.post("/timesheet/", {"resource": colleague.pk, "week": "2026-06-01",
                                           cell(test, 1): "4", "save": "1"})
    assert response.status_code == 403
    assert TimesheetEntry.objects.count() == 1
    assert client.get("/timesheet/?resource=999999").status_code == 404


def test_team_members_read_but_may_not_review(team):
    entry = TimesheetEntryFactory(resource=team["mine"], task=team["build"], date=day(0),
                                  status=Status.SUBMITTED)
    client = english(team["member"])
    html = client.get(f"/projects/{team['project'].pk}/timesheets/").content.decode()
    assert "Approve the selected time" not in html and "Import timesheets" in html
    response = client.post(f"/projects/{team['project'].pk}/timesheets/review/",
                           {"entries": [entry.pk], "action": "approve"})
    assert response.status_code == 403


def test_team_members_see_the_hours_but_not_what_they_cost(team):
    TimesheetEntryFactory(resource=team["colleague"], task=team["test"], date=day(0),
                          hours=Decimal("7"), rate=Decimal("50"), status=Status.APPROVED)
    url = f"/projects/{team['project'].pk}/timesheets/?status=all"
    html = english(team["member"]).get(url).content.decode()
    assert "Quinn QA" in html and '<td class="num">350</td>' not in html
    assert ">Rate<" not in html and ">Amount<" not in html
    managed = english(team["manager"]).get(url).content.decode()
    assert ">Rate<" in managed and '<td class="num">350</td>' in managed


def test_outsiders_get_404(team, outsider):
    client = english(outsider)
    assert client.get(f"/projects/{team['project'].pk}/timesheets/").status_code == 404
    response = client.post(f"/projects/{team['project'].pk}/timesheets/import/",
                           {"file": SimpleUploadedFile("t.csv", b"x")})
    assert response.status_code == 404


def test_an_import_with_bad_rows_shows_the_report_and_saves_nothing(team):
    content = b"date,resource,task,hours\n2026-06-01,DEV,1.1,7\n2026-06-02,DEV,7.7,7\n"
    response = english(team["manager"]).post(
        f"/projects/{team['project'].pk}/timesheets/import/",
        {"file": SimpleUploadedFile("t.csv", content, content_type="text/csv")})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="import-report"' in html and '<td class="num">3</td><td>task</td>' in html
    assert not TimesheetEntry.objects.exists()


def test_a_good_import_goes_to_the_list(team):
    content = b"date,resource,task,hours\n2026-06-01,DEV,1.1,7\n"
    client = english(team["manager"])
    response = client.post(f"/projects/{team['project'].pk}/timesheets/import/",
                           {"file": SimpleUploadedFile("t.csv", content)})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "1 entry imported (approved: 1, awaiting approval: 0)" in html


def test_the_page_needs_a_login(team):
    from django.test import Client

    response = Client().get("/timesheet/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert UserFactory()  # a user without any role sees the no-resource message
