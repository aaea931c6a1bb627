"""Settings come from the environment, and production settings pass Django's deploy checks."""

from __future__ import annotations

import importlib.util
import os
import secrets
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from jalon.settings import storages_from


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


def test_files_go_to_the_data_directory_or_to_object_storage_chosen_by_the_environment():
    assert storages_from({})["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"}
    s3 = storages_from({"JALON_STORAGE": "s3", "JALON_S3_BUCKET": "pmo-files",
                        "JALON_S3_ENDPOINT_URL": "https://s3.example.org",
                        "JALON_S3_ACCESS_KEY": "AK", "JALON_S3_SECRET_KEY": "SK",
                        "JALON_S3_PREFIX": "jalon"})
    assert s3["default"] == {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": "pmo-files", "endpoint_url": "https://s3.example.org",
        "access_key": "AK", "secret_key": "SK", "location": "jalon",
        "file_overwrite": False, "default_acl": "private", "querystring_auth": True}}
    assert s3["staticfiles"] == storages_from({})["staticfiles"]  # static files stay served
    # no keys given: boto3 finds its own (AWS_* variables, the machine's role)
    assert "access_key" not in storages_from(
        {"JALON_STORAGE": "s3", "JALON_S3_BUCKET": "b"})["default"]["OPTIONS"]
    with pytest.raises(ImproperlyConfigured, match="JALON_S3_BUCKET"):
        storages_from({"JALON_STORAGE": "s3"})
    with pytest.raises(ImproperlyConfigured, match="'files' or 's3'"):
        storages_from({"JALON_STORAGE": "ftp"})


def test_object_storage_without_django_storages_says_what_to_install(tmp_path):
    if importlib.util.find_spec("storages") is not None:
        pytest.skip("django-storages is installed here")
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(JALON_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="jalon.settings",
                       JALON_STORAGE="s3", JALON_S3_BUCKET="pmo-files")
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"],
                            env=environment, capture_output=True, text=True, timeout=60,
                            check=False)
    assert result.returncode != 0
    assert "pip install 'jalon[s3]'" in result.stderr
