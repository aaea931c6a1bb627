"""Settings come from the environment, and production settings pass Django's deploy checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys


def run_check(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE would (rightly) make the deploy check warn.
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environment.update(JALON_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="jalon.settings", **env)
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment, capture_output=True, text=True, timeout=120, check=False,
    )


def test_production_settings_pass_the_deploy_checks(tmp_path):
    result = run_check(
        tmp_path,
        JALON_SECRET_KEY=secrets.token_urlsafe(60),
        JALON_HTTPS="1",
        JALON_ALLOWED_HOSTS="pmo.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_demo_settings_are_flagged_by_the_deploy_checks(tmp_path):
    """Without HTTPS settings the deploy check must complain: the check really runs."""
    result = run_check(tmp_path, JALON_SECRET_KEY=secrets.token_urlsafe(60))
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stdout + result.stderr


def test_the_data_directory_holds_the_sqlite_file_and_a_generated_secret(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "JALON_SECRET_KEY")}
    environment.update(JALON_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="jalon.settings")
    code = "from django.conf import settings as s; print(s.DATABASES['default']['NAME'])"
    result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"],
                            env=environment, capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == str(tmp_path / "jalon.sqlite3")
    assert (tmp_path / "secret_key").exists()
