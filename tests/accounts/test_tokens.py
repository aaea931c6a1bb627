"""Personal API tokens expire, are listed and revoked by their owner (page, API, CLI), and a
read with a token writes its last use at most once a minute."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from typer.testing import CliRunner

from jalon.accounts.models import ApiToken
from jalon.accounts.services import token_create
from jalon.cli.main import app
from jalon.errors import ValidationFailed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_new_token_expires_after_the_default_days_and_then_no_longer_opens_the_api(settings):
    user = UserFactory(username="alice")
    token, raw = token_create(username=user.username)
    assert abs(token.expires_at - timezone.now() - timedelta(days=settings.JALON_TOKEN_DAYS)) \
        < timedelta(minutes=1)
    assert Client().get("/api/v1/me", **_bearer(raw)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client().get("/api/v1/me", **_bearer(raw)).status_code == 401


def test_a_token_may_last_for_ever_but_not_a_negative_time():
    UserFactory(username="alice")
    token, _raw = token_create(username="alice", days=0)
    assert token.expires_at is None
    with pytest.raises(ValidationFailed):
        token_create(username="alice", days=-3)


def test_the_api_lists_ones_tokens_without_secrets_and_revokes_them():
    alice = UserFactory(username="alice")
    token, raw = token_create(username="alice", name="weekly export")
    other, _ = token_create(username=UserFactory(username="bob").username)
    listed = Client().get("/api/v1/me/tokens", **_bearer(raw)).json()
    assert [(t["name"], t["prefix"], t["expired"]) for t in listed] == \
        [("weekly export", token.prefix, False)]
    assert raw not in str(listed)
    client = Client()
    client.force_login(alice)
    assert client.delete(f"/api/v1/me/tokens/{other.pk}").status_code == 404  # bob's: not hers
    assert client.delete(f"/api/v1/me/tokens/{token.pk}").status_code == 204
    assert Client().get("/api/v1/me", **_bearer(raw)).status_code == 401


def test_a_token_cannot_mint_another():
    UserFactory(username="alice")
    _token, raw = token_create(username="alice")
    assert Client().post("/api/v1/me/tokens", {}, content_type="application/json",
                         **_bearer(raw)).status_code == 405


def test_the_last_use_is_written_at_most_once_a_minute():
    UserFactory(username="alice")
    token, raw = token_create(username="alice")
    Client().get("/api/v1/me", **_bearer(raw))
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    Client().get("/api/v1/me", **_bearer(raw))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    Client().get("/api/v1/me", **_bearer(raw))
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first


def test_the_account_page_creates_a_token_shown_once_and_revokes_it():
    alice = UserFactory(username="alice")
    client = Client()
    client.force_login(alice)
    created = client.post("/account/tokens/", {"name": "reporting script", "days": "30"})
    assert created.status_code == 201
    token = ApiToken.objects.get(user=alice)
    page = created.content.decode()
    secret = page.split('<code class="secret">')[1].split("</code>")[0]
    assert secret.startswith(token.prefix)
    assert Client().get("/api/v1/me", **_bearer(secret)).status_code == 200
    assert secret not in client.get("/account/").content.decode()  # shown once
    assert round((token.expires_at - token.created_at) / timedelta(days=1)) == 30
    revoked = client.post(f"/account/tokens/{token.pk}/revoke/", follow=True)
    assert "révoqué" in revoked.content.decode()
    assert Client().get("/api/v1/me", **_bearer(secret)).status_code == 401


def test_nobody_revokes_someone_elses_token_from_the_page():
    token, _raw = token_create(username=UserFactory(username="bob").username)
    client = Client()
    client.force_login(UserFactory(username="alice"))
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_a_user_changes_their_own_password():
    alice = UserFactory(username="alice")
    client = Client()
    client.force_login(alice)
    refused = client.post("/account/password/", {"old_password": "wrong", "new_password1": "x",
                                                  "new_password2": "x"})
    assert refused.status_code == 422
    changed = client.post("/account/password/", {
        "old_password": "pass-word-123", "new_password1": "Une-phrase-longue-42",
        "new_password2": "Une-phrase-longue-42"}, follow=True)
    assert "mot de passe a été modifié" in changed.content.decode()
    assert client.get("/").status_code == 200  # still signed in here
    alice.refresh_from_db()
    assert alice.check_password("Une-phrase-longue-42")


def test_the_cli_lists_and_revokes_a_users_tokens():
    UserFactory(username="alice")
    token, raw = token_create(username="alice", name="nightly")
    runner = CliRunner()
    listed = runner.invoke(app, ["token", "list", "alice"])
    assert listed.exit_code == 0 and token.prefix in listed.output and "nightly" in listed.output
    assert runner.invoke(app, ["token", "revoke", "jln_"]).exit_code != 0  # too short
    revoked = runner.invoke(app, ["token", "revoke", token.prefix])
    assert revoked.exit_code == 0, revoked.output
    assert Client().get("/api/v1/me", **_bearer(raw)).status_code == 401
