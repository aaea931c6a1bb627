"""Signing in: repeated failures lock the sign-in out, ``?next=`` never leaves Jalon, sessions
end, and every page carries a Content-Security-Policy without inline scripts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _sign_in(client: Client, username: str, password: str, **extra):
    return client.post("/login/", {"username": username, "password": password}, **extra)


def test_five_wrong_passwords_lock_the_sign_in_even_for_the_right_one(settings):
    UserFactory(username="alice")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, "alice", "guess").status_code == 200  # the form again
    assert _sign_in(client, "alice", "guess").status_code == 429
    locked = _sign_in(client, "alice", "pass-word-123")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "15 minutes" in locked.content.decode()
    assert client.get("/").status_code == 302  # still signed out


def test_the_lockout_ends_after_its_time_and_a_success_resets_the_count(settings):
    UserFactory(username="alice")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "alice", "guess")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _sign_in(client, "alice", "pass-word-123").status_code == 302
    assert not AccessAttempt.objects.exists()


def test_a_lockout_does_not_lock_a_colleague_out():
    UserFactory(username="alice")
    UserFactory(username="bob")
    attacker = Client()
    for _ in range(10):
        _sign_in(attacker, "alice", "guess")
    assert _sign_in(Client(), "bob", "pass-word-123").status_code == 302


def test_the_lockout_page_is_in_french_by_default(settings):
    UserFactory(username="alice")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = _sign_in(client, "alice", "guess")
    assert response.status_code == 429
    assert "Connexion bloquée" in response.content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x",
                                    "http://testserver.evil.example/"])
def test_next_never_sends_the_user_to_another_host(target):
    UserFactory(username="alice")
    response = Client().post(f"/login/?next={target}",
                             {"username": "alice", "password": "pass-word-123", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_next_within_jalon_is_followed():
    UserFactory(username="alice")
    response = Client().post("/login/", {"username": "alice", "password": "pass-word-123",
                                         "next": "/resources/"})
    assert response["Location"] == "/resources/"


def test_a_session_ends_with_the_browser_and_after_its_hours(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    UserFactory(username="alice")
    client = Client()
    _sign_in(client, "alice", "pass-word-123")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 12 * 3600


@pytest.mark.parametrize("path", ["/login/", "/", "/api/docs", "/api/v1/projects"])
def test_every_answer_carries_a_policy_without_inline_scripts(path):
    client = Client()
    client.force_login(UserFactory(username="alice"))
    response = client.get(path)
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
