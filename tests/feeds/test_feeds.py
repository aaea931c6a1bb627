"""Calendar feeds: the .ics of milestones behind a secret address, read with the owner's rights
at each read, revocable."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from icalendar import Calendar

from jalon.accounts.models import Role, RoleGrant
from jalon.accounts.permissions import forget_grants
from jalon.feeds import services
from jalon.feeds.models import CalendarFeed, FeedScope
from tests.factories import (
    AssignmentFactory,
    DependencyFactory,
    ProjectFactory,
    ResourceFactory,
    TaskFactory,
    UserFactory,
)
from tests.pages import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def go_live(plan):
    """A milestone after "Build" (3 to 7 March 2025): it falls on Friday 7 March."""
    milestone = TaskFactory(project=plan[0].project, name="Go live", position=4, wbs_code="4",
                            duration=Decimal("0"), is_milestone=True)
    DependencyFactory(predecessor=plan[1], successor=milestone)
    return milestone


def _read(client, secret: str) -> Calendar:
    response = client.get(f"/feeds/{secret}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def _events(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def test_project_feed_has_one_all_day_event_per_milestone(client, manager, project, go_live):
    _feed, secret = services.feed_create(actor=manager, scope=FeedScope.PROJECT, project=project)
    [event] = _events(_read(client, secret))  # no login: the secret is enough
    assert event["summary"] == f"{project.code} — 4 Go live"
    assert event.decoded("dtstart") == datetime.date(2025, 3, 7)
    # iCalendar's end is exclusive: an all-day event on the 7th ends on the 8th
    assert event.decoded("dtend") == datetime.date(2025, 3, 8)
    assert event["uid"] == f"milestone-{go_live.pk}@jalon"
    assert project.name in str(event["description"])


def test_the_uid_stays_when_the_date_moves(client, manager, project, plan, go_live):
    _feed, secret = services.feed_create(actor=manager, scope=FeedScope.PROJECT, project=project)
    before = _events(_read(client, secret))[0]
    from jalon.planning import services as planning

    planning.task_update(actor=manager, task=plan[1], duration=Decimal("5"))
    after = _events(_read(client, secret))[0]
    assert after["uid"] == before["uid"]
    assert after.decoded("dtstart") == datetime.date(2025, 3, 11)


def test_revoked_feed_answers_404(client, manager, project, go_live):
    feed, secret = services.feed_create(actor=manager, scope=FeedScope.PROJECT, project=project)
    assert client.get(f"/feeds/{secret}.ics").status_code == 200
    services.feed_revoke(actor=manager, feed=feed)
    assert client.get(f"/feeds/{secret}.ics").status_code == 404


def test_unknown_secret_answers_404(client, db):
    assert client.get("/feeds/cal_not-a-secret.ics").status_code == 404
    assert client.get("/feeds/nothing.ics").status_code == 404


def test_only_the_hash_of_the_secret_is_stored(manager, project):
    feed, secret = services.feed_create(actor=manager, scope=FeedScope.PROJECT, project=project)
    stored = CalendarFeed.objects.filter(pk=feed.pk).values().get()
    assert secret not in {str(value) for value in stored.values()}


def test_losing_the_role_empties_the_feed(client, manager, project, go_live):
    _feed, secret = services.feed_create(actor=manager, scope=FeedScope.PROJECT, project=project)
    RoleGrant.objects.filter(user=manager).delete()
    forget_grants(manager)
    assert _events(_read(client, secret)) == []


def test_portfolio_feed_shows_the_portfolios_projects_only(client, project, go_live):
    executive = UserFactory(username="exec-portfolio")
    RoleGrant.objects.create(user=executive, role=Role.EXECUTIVE, portfolio=project.portfolio)
    elsewhere = ProjectFactory(planned_start=datetime.date(2025, 3, 3))
    TaskFactory(project=elsewhere, name="Other launch", duration=Decimal("0"), is_milestone=True)
    _feed, secret = services.feed_create(actor=executive, scope=FeedScope.PORTFOLIO,
                                         portfolio=project.portfolio)
    summaries = [str(e["summary"]) for e in _events(_read(client, secret))]
    assert summaries == [f"{project.code} — 4 Go live"]


def test_a_project_manager_has_no_portfolio_feed(manager, project):
    from jalon.errors import NotFound

    with pytest.raises(NotFound):
        services.feed_create(actor=manager, scope=FeedScope.PORTFOLIO, portfolio=project.portfolio)


def test_nobody_creates_a_feed_of_what_they_cannot_see(outsider, project):
    from jalon.errors import NotFound

    with pytest.raises(NotFound):
        services.feed_create(actor=outsider, scope=FeedScope.PROJECT, project=project)


def test_my_feed_has_the_projects_i_work_on(client, project, go_live):
    person = UserFactory(username="worker")
    RoleGrant.objects.create(user=person, role=Role.TEAM_MEMBER, project=project)
    elsewhere = ProjectFactory(planned_start=datetime.date(2025, 3, 3))
    RoleGrant.objects.create(user=person, role=Role.TEAM_MEMBER, project=elsewhere)
    TaskFactory(project=elsewhere, name="Not mine", duration=Decimal("0"), is_milestone=True)
    _feed, secret = services.feed_create(actor=person, scope=FeedScope.MINE)
    assert _events(_read(client, secret)) == []
    AssignmentFactory(task=project.tasks.get(name="Build"),
                      resource=ResourceFactory(user=person))
    assert [str(e["summary"]) for e in _events(_read(client, secret))] == [
        f"{project.code} — 4 Go live"]


def test_hostile_names_are_escaped(client, manager, project, go_live):
    go_live.name = "Launch; DTSTART:19700101\r\nBEGIN:VEVENT, <script>"
    go_live.save()
    _feed, secret = services.feed_create(actor=manager, scope=FeedScope.PROJECT, project=project)
    content = client.get(f"/feeds/{secret}.ics").content.decode()
    assert content.split("\r\n").count("BEGIN:VEVENT") == 1  # no line injected
    [event] = _events(Calendar.from_ical(content))
    # iCalendar text has one kind of line break (written \n): the carriage return goes
    assert str(event["summary"]) == f"{project.code} — 4 " + go_live.name.replace("\r\n", "\n")


def test_feeds_page_creates_shows_the_address_once_and_revokes(manager, project, go_live):
    client = signed_in(manager, language="en")
    page = client.post("/calendar-feeds/", {"scope": "project", "project": project.pk})
    assert page.status_code == 200
    address = re.search(r'value="(http://[^"]+\.ics)"', page.content.decode()).group(1)
    assert client.get(address).status_code == 200
    again = client.get("/calendar-feeds/").content.decode()
    assert address not in again and project.code in again
    feed = CalendarFeed.objects.get(owner=manager)
    client.post(f"/calendar-feeds/{feed.pk}/revoke/")
    assert client.get(address).status_code == 404


def test_a_project_feed_needs_its_project(manager):
    client = signed_in(manager, language="en")
    page = client.post("/calendar-feeds/", {"scope": "project"})
    assert page.status_code == 400
    assert "Choose the project." in page.content.decode()
    assert not CalendarFeed.objects.exists()


def test_nobody_revokes_another_users_feed(manager, project, outsider):
    feed, _secret = services.feed_create(actor=manager, scope=FeedScope.PROJECT, project=project)
    response = signed_in(outsider).post(f"/calendar-feeds/{feed.pk}/revoke/")
    assert response.status_code == 404
    assert CalendarFeed.objects.filter(pk=feed.pk).exists()


def test_my_feed_has_the_projects_i_manage(client, manager, project, go_live):
    project.project_manager = manager
    project.save()
    _feed, secret = services.feed_create(actor=manager, scope=FeedScope.MINE)
    assert [str(e["summary"]) for e in _events(_read(client, secret))] == [
        f"{project.code} — 4 Go live"]


def test_open_gates_without_a_milestone_come_on_their_expected_date(client, pmo, manager, project,
                                                                    go_live):
    from jalon.governance import services as governance
    from jalon.governance.models import Gate

    governance.project_adopt(actor=pmo, project=project, key="prince2")  # the plan stays as is
    gates = list(Gate.objects.filter(phase__project=project, milestone__isnull=True))
    assert gates and all(gate.planned_date for gate in gates)
    _feed, secret = services.feed_create(actor=manager, scope=FeedScope.PROJECT, project=project)
    events = _events(_read(client, secret))
    by_uid = {str(event["uid"]): event for event in events}
    assert f"milestone-{go_live.pk}@jalon" in by_uid
    first = gates[0]
    assert by_uid[f"gate-{first.pk}@jalon"].decoded("dtstart") == first.planned_date
    assert str(by_uid[f"gate-{first.pk}@jalon"]["summary"]).startswith(f"{project.code} — ")
    first.status = Gate.Status.PASSED
    first.save()
    assert f"gate-{first.pk}@jalon" not in {str(e["uid"]) for e in _events(_read(client, secret))}
