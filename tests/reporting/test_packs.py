"""Report packs on the Reports pages and the API, generated in the task queue and kept with
their run; who may download which; subscriptions sent by e-mail with the pack attached."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from jalon.reporting import services
from jalon.reporting.models import PackRun, Subscription


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


def _sheets(data: bytes) -> list[str]:
    return load_workbook(io.BytesIO(data)).sheetnames


def _body(response) -> bytes:
    return response.content


def test_a_manager_generates_a_pack_from_the_reports_page_and_downloads_it(
        worker, pm_client, plan, project):
    url = reverse("project-report-packs", args=[project.pk])
    assert pm_client.get(url).status_code == 200
    response = pm_client.post(url, {"action": "pack", "fmt": "xlsx", "language": "fr"})
    run = PackRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("pack-run",
                                                                           args=[run.pk])
    page = pm_client.get(response["Location"]).content.decode()
    assert run.pk and "pack-download" in page
    download = pm_client.get(reverse("pack-download", args=[run.pk]))
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(_body(download)))
    assert "Chiffres clés" in book.sheetnames
    assert project.code in [row[0] for row in book["État RAG"].iter_rows(values_only=True)]
    assert reverse("pack-run", args=[run.pk]).encode() in pm_client.get(url).content


def test_a_bad_format_is_refused_on_the_form(pm_client, project):
    response = pm_client.post(reverse("project-report-packs", args=[project.pk]),
                              {"action": "pack", "fmt": "doc", "language": "fr"})
    assert response.status_code == 400 and not PackRun.objects.exists()


def test_the_reports_page_of_a_portfolio_is_hidden_from_who_may_not_see_it(
        outsider_client, pm_client, portfolio):
    url = reverse("report-packs", kwargs={"pk": portfolio.pk})
    assert outsider_client.get(url).status_code == 404
    assert pm_client.get(url).status_code == 404  # a project manager sees his project only


def test_a_team_members_pack_has_no_money_and_he_cannot_fetch_the_managers(
        worker, manager, member, member_client, plan, project):
    theirs = services.pack_start(actor=manager, scope=project, fmt="xlsx", language="en")
    mine = services.pack_start(actor=member, scope=project, fmt="xlsx", language="en")
    sheets = _sheets(_body(member_client.get(reverse("pack-download", args=[mine.pk]))))
    assert "RAG status" in sheets
    assert "Key figures" not in sheets and "Budget, actual and forecast" not in sheets
    assert member_client.get(reverse("pack-download", args=[theirs.pk])).status_code == 404
    assert member_client.get(reverse("pack-run", args=[theirs.pk])).status_code == 404
    assert "Key figures" in _sheets(PackRun.objects.get(pk=theirs.pk).file.read())


def test_the_api_starts_polls_and_downloads_a_pack(worker, pm_client, plan, project):
    started = pm_client.post(f"/api/v1/projects/{project.pk}/packs",
                             {"format": "pptx", "language": "en"},
                             content_type="application/json")
    assert started.status_code == 202, started.content
    pack = pm_client.get(f"/api/v1/packs/{started.json()['id']}").json()
    assert pack["state"] == "done" and pack["scope"] == project.code
    download = pm_client.get(pack["download"])
    assert download.status_code == 200
    assert _body(download)[:2] == b"PK"  # a PowerPoint file is a zip


def test_the_api_answers_404_for_a_scope_the_user_may_not_see(outsider_client, project):
    response = outsider_client.post(f"/api/v1/projects/{project.pk}/packs",
                                    {"format": "pdf"}, content_type="application/json")
    assert response.status_code == 404
    assert not PackRun.objects.exists()


def test_a_subscription_sends_the_pack_attached_once_a_week(settings, manager, plan, project):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    manager.email = "pm@example.org"
    manager.save()
    services.subscription_create(actor=manager, scope=project, fmt="xlsx", language="fr",
                                 frequency=Subscription.Frequency.WEEKLY)
    monday = datetime.date(2026, 6, 15)
    assert services.subscriptions_send(today=monday) == 1
    assert services.subscriptions_send(today=monday + datetime.timedelta(days=3)) == 0
    (message,) = mail.outbox
    assert message.to == ["pm@example.org"] and project.code in message.subject
    (name, content, mimetype), = message.attachments
    assert name.endswith(".xlsx") and "spreadsheetml" in mimetype
    assert "Chiffres clés" in _sheets(content)
    assert services.subscriptions_send(today=monday + datetime.timedelta(days=7)) == 1


def test_subscriptions_are_managed_on_their_page(manager, pm_client, project):
    manager.email = "pm@example.org"
    manager.save()
    response = pm_client.post(reverse("project-report-packs", args=[project.pk]), {
        "action": "subscribe", "fmt": "pdf", "language": "en", "frequency": "monthly"})
    assert response.status_code == 302
    subscription = Subscription.objects.get(user=manager)
    page = pm_client.get(reverse("pack-subscriptions")).content.decode()
    assert project.code in page
    pm_client.post(reverse("pack-subscription-delete", args=[subscription.pk]))
    assert not Subscription.objects.exists()


def test_nobody_stops_someone_elses_subscription(manager, pmo, pmo_client, project):
    manager.email = "pm@example.org"
    manager.save()
    subscription = services.subscription_create(actor=manager, scope=project, fmt="pdf",
                                                language="fr", frequency="weekly")
    response = pmo_client.post(reverse("pack-subscription-delete", args=[subscription.pk]))
    assert response.status_code == 404
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_a_pack_whose_requester_left_fails_saying_why(manager, project):
    run = PackRun.objects.create(project=project, format="pdf", language="en",
                                 created_by=manager)
    manager.is_active = False
    manager.save()
    services.pack_execute(run.pk)
    run.refresh_from_db()
    assert run.state == PackRun.State.FAILED and not run.file
    with translation.override("en"):
        assert "can no longer sign in" in run.error
