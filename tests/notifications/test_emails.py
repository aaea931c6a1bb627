"""E-mail: at once after the commit for the groups a user wants so, in his language with an
absolute link; the daily digest of the rest and of what awaits him; nobody e-mailed without an
address or with nothing to say."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from jalon.notifications import tasks
from jalon.notifications.models import Notification
from jalon.notifications.services import notifications_resolve, preference_update
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(db):
    return UserFactory(username="reader", email="reader@example.org")


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.JALON_BASE_URL = "https://pmo.example.org"


def test_a_group_wanted_at_once_is_e_mailed_after_the_commit_in_the_readers_language(
        send, reader, worker, django_capture_on_commit_callbacks):
    preference_update(actor=reader, deliveries={"gates": "immediate"}, language="en")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = send([reader])[0]
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    [email] = mail.outbox
    assert email.to == ["reader@example.org"]
    assert email.subject.startswith("[Jalon] The gate “Business case” of PRJ")
    assert f"https://pmo.example.org/projects/{notification.project_id}/" in email.body
    assert "https://pmo.example.org/notifications/preferences/" in email.body
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_french_is_the_default_language_of_e_mails(send, reader, worker,
                                                    django_capture_on_commit_callbacks):
    preference_update(actor=reader, deliveries={"gates": "immediate"})
    with django_capture_on_commit_callbacks(execute=True):
        send([reader])
    assert "Le jalon de décision «\u00a0Dossier d’affaires\u00a0»" in mail.outbox[0].subject


def test_digest_and_in_app_groups_are_not_e_mailed_at_once(send, reader, worker,
                                                           django_capture_on_commit_callbacks):
    preference_update(actor=reader, deliveries={"gates": "in_app", "risks": "immediate"})
    with django_capture_on_commit_callbacks(execute=True):
        send([reader])  # gates: in Jalon only
        send([reader], kind="timesheet.submitted")  # approvals: the default, the digest
    assert mail.outbox == []


def test_nobody_is_e_mailed_without_an_address(send, worker, django_capture_on_commit_callbacks):
    silent = UserFactory(username="silent", email="")
    preference_update(actor=silent, deliveries={"gates": "immediate"})
    with django_capture_on_commit_callbacks(execute=True):
        send([silent])
    assert mail.outbox == [] and Notification.objects.get(recipient=silent).emailed_at is None
    assert tasks.send_digests.call() == 0


def test_the_digest_holds_the_days_news_and_the_open_to_do_items(send, reader, project):
    preference_update(actor=reader, deliveries={"approvals": "in_app"}, language="en")
    news = send([reader])[0]
    send([reader], action=True, ref="gate:1")
    send([reader], kind="timesheet.submitted")  # approvals: in Jalon only
    old = send([reader])[0]
    Notification.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2))
    assert tasks.send_digests.call() == 1
    [email] = mail.outbox
    assert email.subject == "[Jalon] Your daily digest: 1 new, 1 to do"
    todo_part, news_part = email.body.split("Since yesterday")
    assert "Awaiting your action" in todo_part and "Business case" in todo_part
    assert news_part.count("Business case") == 1
    assert "https://pmo.example.org/notifications/" in email.body
    news.refresh_from_db()
    assert news.emailed_at is not None


def test_no_digest_when_there_is_nothing_to_say(send, reader):
    assert tasks.send_digests.call() == 0
    send([reader], action=True, ref="gate:1")
    Notification.objects.update(read_at=timezone.now())
    notifications_resolve(ref="gate:1")
    send([reader])
    tasks.send_digests.call()  # the day's news, e-mailed once
    mail.outbox.clear()
    assert tasks.send_digests.call() == 0 and mail.outbox == []


def test_the_digest_leaves_out_the_groups_e_mailed_at_once(send, reader):
    preference_update(actor=reader, deliveries={"gates": "immediate"})
    send([reader])  # e-mailed at once (after the commit), not in the digest
    assert tasks.send_digests.call() == 0


def test_the_digest_runs_every_morning_at_seven_local_time():
    paris = timezone.get_current_timezone()
    evening = datetime.datetime(2026, 3, 2, 20, 0, tzinfo=paris)
    dawn = datetime.datetime(2026, 3, 3, 6, 59, tzinfo=paris)
    expected = datetime.datetime(2026, 3, 3, 7, 0, tzinfo=paris)
    assert tasks.next_digest_time(evening) == tasks.next_digest_time(dawn) == expected
    assert tasks.next_digest_time(expected) == expected + datetime.timedelta(days=1)


def test_the_schedule_is_started_once():
    assert tasks.ensure_digest_schedule() is True
    assert tasks.ensure_digest_schedule() is False
