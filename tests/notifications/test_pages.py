"""The inbox, its filters and marking read; the header's bell and the home dashboard's "to do"
panel; every page shows the signed-in user's own notifications only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jalon.notifications.models import Notification
from jalon.notifications.services import notifications_resolve
from tests.pages import signed_in

pytestmark = pytest.mark.django_db
INBOX = "/notifications/"


def test_the_inbox_reads_each_notification_in_the_readers_language(send, manager, pmo):
    send([manager, pmo])
    french = signed_in(manager, language="fr").get(INBOX).content.decode()
    english = signed_in(pmo, language="en").get(INBOX).content.decode()
    assert "Le jalon de décision «\u00a0Dossier d’affaires\u00a0» de" in french
    assert "The gate “Business case”" in english and "Dossier" not in english


def test_unread_ones_are_bold_and_the_filters_choose(send, manager, project):
    read, todo = send([manager])[0], send([manager], action=True, ref="gate:1")[0]
    Notification.objects.filter(pk=read.pk).update(read_at=todo.created_at)
    client = signed_in(manager, language="en")
    page = client.get(INBOX).content.decode()
    assert page.count("<strong>") == 1 and page.count("Mark read</button>") == 1
    assert project.code in page and f'href="/projects/{project.pk}/"' in page
    assert client.get(INBOX + "?show=unread").context["notifications"].object_list == [todo]
    assert list(client.get(INBOX + "?show=todo").context["notifications"]) == [todo]
    notifications_resolve(ref="gate:1")
    assert "Nothing awaits your action." in client.get(INBOX + "?show=todo").content.decode()


def test_marking_read_one_then_all_with_htmx(send, manager):
    first, second, third = (send([manager])[0] for _ in range(3))
    client = signed_in(manager, language="en")
    answer = client.post("/notifications/read/", {"id": first.pk, "show": "unread"},
                         HTTP_HX_REQUEST="true")
    assert answer.status_code == 200 and answer["HX-Trigger"] == "notifications-read"
    assert list(answer.context["notifications"]) == [third, second]  # the unread ones left
    client.post("/notifications/read/", {"all": "1"})
    assert not Notification.objects.filter(recipient=manager, read_at=None).exists()


def test_nobody_reads_or_marks_another_users_notifications(send, manager, member, pmo):
    theirs = send([manager])[0]
    client = signed_in(member, language="en")
    assert "Business case" not in client.get(INBOX).content.decode()
    client.post("/notifications/read/", {"id": theirs.pk})
    client.post("/notifications/read/", {"all": "1"})
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "Business case" not in client.get("/notifications/todo/").content.decode()


def test_the_bell_counts_the_unread_ones_and_every_page_loads_it(send, manager):
    send([manager]), send([manager])
    client = signed_in(manager, language="en")
    assert "2 unread notifications" in client.get("/notifications/bell/").content.decode()
    assert reverse("notification-bell") in client.get("/").content.decode()
    client.post("/notifications/read/", {"all": "1"})
    assert "unread" not in client.get("/notifications/bell/").content.decode()


def test_the_home_dashboard_loads_the_to_do_panel(send, manager, pmo):
    send([manager], action=True, ref="gate:7")
    send([manager])  # not an action: not on the panel
    client = signed_in(manager, language="en")
    assert reverse("notification-todo") in client.get("/").content.decode()
    panel = client.get("/notifications/todo/")
    assert len(panel.context["items"]) == 1 and "Business case" in panel.content.decode()
    assert "Nothing awaits your action." in signed_in(pmo, language="en").get(
        "/notifications/todo/").content.decode()


def test_the_to_do_panel_costs_the_same_for_one_item_and_thirty(send, manager,
                                                                 django_assert_max_num_queries):
    client = signed_in(manager, language="en")
    send([manager], action=True)
    client.get("/notifications/todo/")  # the session and the user, once
    with django_assert_max_num_queries(3) as one:
        client.get("/notifications/todo/")
    for _ in range(30):
        send([manager], action=True)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get("/notifications/todo/")
    assert page.context["more"] and len(page.context["items"]) == 10


def test_the_inbox_costs_the_same_for_one_notification_and_thirty(
        send, manager, django_assert_max_num_queries):
    client = signed_in(manager, language="en")
    send([manager])
    client.get(INBOX)
    with django_assert_max_num_queries(6) as one:
        client.get(INBOX)
    for _ in range(30):
        send([manager])
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(INBOX)


def test_signed_out_visitors_are_sent_to_sign_in(client):
    for url in (INBOX, "/notifications/bell/", "/notifications/todo/",
                "/notifications/preferences/"):
        assert client.get(url)["Location"].startswith("/login/")


def test_the_account_page_links_to_the_preferences(manager):
    page = signed_in(manager, language="en").get("/account/").content.decode()
    assert reverse("notification-preferences") in page
