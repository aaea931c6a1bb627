"""The ``jalon`` command: administration commands against the test database."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from jalon.accounts import permissions
from jalon.accounts.services import token_user
from jalon.cli.main import app

pytestmark = pytest.mark.django_db
runner = CliRunner()


def test_token_create_prints_a_token_that_authenticates(pmo):
    result = runner.invoke(app, ["token", "create", pmo.username, "--name", "ci"])
    assert result.exit_code == 0, result.output
    raw = result.output.strip()
    assert token_user(raw) == pmo


def test_token_create_for_an_unknown_user_is_a_clear_error(db):
    result = runner.invoke(app, ["token", "create", "nobody"])
    assert result.exit_code == 1
    assert "nobody" in result.output
    assert "Traceback" not in result.output


def test_createadmin_makes_a_pmo_administrator_of_everything(db):
    result = runner.invoke(app, ["createadmin", "chef", "--password", "Un-mot-de-passe-solide-42"])
    assert result.exit_code == 0, result.output
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="chef")
    assert permissions.is_pmo_admin(user)
    assert user.check_password("Un-mot-de-passe-solide-42")


def test_createadmin_rejects_a_weak_password(db):
    result = runner.invoke(app, ["createadmin", "faible", "--password", "123"])
    assert result.exit_code == 1
    assert "Error" in result.output


def test_help_lists_the_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("demo", "serve", "worker", "migrate", "createadmin", "load-demo", "token"):
        assert command in result.output
