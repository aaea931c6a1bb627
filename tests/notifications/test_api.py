"""The API of one's notifications: list them (unread, to do), mark them read, read and set
one's preferences; never another user's."""

from __future__ import annotations

import pytest

from jalon.notifications.models import Notification
from jalon.notifications.services import notifications_resolve
from tests.pages import signed_in

pytestmark = pytest.mark.django_db
LIST = "/api/v1/me/notifications"
GROUPS = ("gates", "approvals", "exceptions", "risks", "assignments", "changes", "documents",
          "other")


def test_the_list_is_the_callers_own_newest_first_in_his_language(send, manager, member,
                                                                   project):
    first = send([manager])[0]
    todo = send([manager, member], action=True, ref="gate:3")[0]
    items = signed_in(manager, language="en").get(LIST).json()
    assert [i["id"] for i in items] == [todo.pk, first.pk]
    assert items[0]["text"].startswith("The gate “Business case” of PRJ")
    assert items[0]["project"] == project.pk and items[0]["project_code"] == project.code
    assert items[0]["action"] and items[0]["open"] and items[1]["read_at"] is None
    french = signed_in(manager, language="fr").get(LIST).json()
    assert french[0]["text"].startswith("Le jalon de décision")
    assert [i["id"] for i in signed_in(member).get(LIST).json()] == [
        Notification.objects.get(recipient=member).pk]


def test_the_filters_unread_and_to_do(send, manager):
    done = send([manager], action=True, ref="gate:1")[0]
    open_ = send([manager], action=True, ref="gate:2")[0]
    read = send([manager])[0]
    Notification.objects.filter(pk__in=[read.pk, open_.pk]).update(read_at=read.created_at)
    notifications_resolve(ref="gate:1")
    client = signed_in(manager)
    assert [i["id"] for i in client.get(LIST + "?unread=true").json()] == [done.pk]
    assert [i["id"] for i in client.get(LIST + "?todo=true").json()] == [open_.pk]


def test_marking_read_some_or_all_never_anothers(send, manager, member):
    mine = send([manager])[0]
    send([manager])
    theirs = send([member])[0]
    client = signed_in(manager)
    answer = client.post(LIST + "/read", {"ids": [mine.pk, theirs.pk]},
                         content_type="application/json")
    assert answer.status_code == 200 and answer.json() == {"marked": 1}
    assert client.post(LIST + "/read", {"all": True},
                       content_type="application/json").json() == {"marked": 1}
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.english
def test_marking_read_nothing_is_a_clear_error(manager):
    answer = signed_in(manager, language="en").post(LIST + "/read", {},
                                                    content_type="application/json")
    assert answer.status_code == 400
    assert answer.json()["message"] == "Choose the notifications to mark read."


def test_the_preferences_are_read_and_set(manager):
    client = signed_in(manager, language="en")
    url = "/api/v1/me/notification-preferences"
    assert client.get(url).json() == {
        "deliveries": dict.fromkeys(GROUPS, "digest"),
        "language": ""}
    answer = client.put(url, {"deliveries": {"gates": "immediate"}, "language": "en"},
                        content_type="application/json")
    assert answer.status_code == 200
    assert answer.json()["deliveries"]["gates"] == "immediate"
    assert answer.json()["deliveries"]["risks"] == "digest" and answer.json()["language"] == "en"
    refused = client.put(url, {"deliveries": {"gates": "pigeon"}}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["message"] == "Choose in Jalon only, e-mail at once or daily digest."
    wrong = client.put(url, {"deliveries": {}, "language": "de"}, content_type="application/json")
    assert wrong.status_code == 400 and client.get(url).json()["language"] == "en"


def test_the_preferences_page_saves_the_same_choices(manager):
    client = signed_in(manager, language="en")
    page = client.get("/notifications/preferences/")
    assert "E-mail at once" in page.content.decode()
    form = dict.fromkeys(GROUPS, "in_app")
    answer = client.post("/notifications/preferences/", {**form, "risks": "immediate",
                                                         "language": "fr"})
    assert answer.status_code == 302
    saved = client.get("/api/v1/me/notification-preferences").json()
    assert saved["deliveries"]["risks"] == "immediate" and saved["language"] == "fr"
    assert saved["deliveries"]["gates"] == "in_app"
    assert client.post("/notifications/preferences/", {**form, "gates": "x"}).status_code == 422
