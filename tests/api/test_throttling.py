"""Each user's calls are counted (ninja's throttling): over the rate, a 429 problem with
Retry-After; uploads have a stricter rate of their own. The rates come from the settings."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jalon.accounts.services import token_create

pytestmark = pytest.mark.django_db


def test_a_user_over_the_rate_gets_a_429_problem_with_retry_after(settings, manager, project,
                                                                   pmo):
    settings.JALON_API_RATE = "3/m"
    _token, raw = token_create(username=manager.username)
    script = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    answers = [script.get("/api/v1/projects") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert refused.json()["code"] == "throttled" and "Retry-After" in refused.json()["message"]
    assert 0 < int(refused["Retry-After"]) <= 60
    # the same person through her session counts as the same user; another user does not
    session = Client()
    session.force_login(manager)
    assert session.get("/api/v1/projects").status_code == 429
    other = Client()
    other.force_login(pmo)
    assert other.get("/api/v1/projects").status_code == 200


def test_uploads_have_their_own_stricter_rate(settings, pmo, project):
    settings.JALON_UPLOAD_RATE = "1/h"
    client = Client()
    client.force_login(pmo)

    def upload():
        return client.post(f"/api/v1/projects/{project.pk}/task-imports",
                           {"file": SimpleUploadedFile("tasks.csv", b"wbs;name\n")})

    assert upload().status_code != 429
    refused = upload()
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) > 60
    assert client.get("/api/v1/projects").status_code == 200  # other calls go on
