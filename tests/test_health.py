"""The health endpoints a load balancer and an orchestrator probe (docs/deployment.md): live
without the database, ready only when the database, its migrations and the storage serve; no
sign-in, no cookie, nothing sensitive."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jalon.backups import stored_files
from jalon.runs import sweep_stalled


@pytest.fixture
def storage(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.InMemoryStorage"}}
    from django.core.files.storage import default_storage

    return default_storage


def worker_took_a_job(*, ago: timedelta) -> None:
    """A job as a worker leaves it: the periodic sweep, started ``ago``."""
    result = sweep_stalled.enqueue()
    DBTaskResult.objects.filter(id=result.id).update(started_at=timezone.now() - ago)


def test_live_answers_without_the_database(client, django_db_blocker):
    with django_db_blocker.block():  # any query would raise here
        response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_when_the_database_migrations_and_storage_serve(client, storage):
    worker_took_a_job(ago=timedelta(minutes=4))
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {
        "database": "ok", "migrations": "ok", "storage": "ok", "workers": "ok"}}
    assert not response.cookies  # no session, no CSRF cookie written
    assert stored_files(storage) == []  # the probe's file is gone


@pytest.mark.django_db
def test_workers_unseen_are_reported_without_failing_the_node(client, storage):
    worker_took_a_job(ago=timedelta(minutes=30))
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json()["checks"]["workers"] == "not seen"


@pytest.mark.django_db
def test_not_ready_while_a_migration_is_not_applied(client, storage):
    MigrationRecorder.Migration.objects.filter(app="planning").order_by("-id").first().delete()
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["migrations"] == "pending"


@pytest.mark.django_db
def test_not_ready_when_the_storage_cannot_be_written(client, settings, tmp_path):
    (tmp_path / "a-file").write_text("not a directory")
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tmp_path / "a-file" / "files"}}}
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "not writable"
    assert str(tmp_path) not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_not_ready_when_the_database_is_unreachable(client, storage, monkeypatch):
    """A real connection attempt to a database that is not there (a missing SQLite directory,
    a PostgreSQL database that does not exist)."""
    wrapper = connections["default"]
    missing = ("/nonexistent-directory/jalon.sqlite3" if wrapper.vendor == "sqlite"
               else "jalon_no_such_database")
    monkeypatch.setitem(wrapper.settings_dict, "NAME", missing)
    opened, wrapper.connection = wrapper.connection, None  # the next query connects afresh
    try:
        response = client.get("/health/ready")
    finally:
        wrapper.connection = opened
    assert response.status_code == 503
    body = response.json()
    assert body == {"status": "unavailable", "checks": {
        "database": "unreachable", "migrations": "unknown", "storage": "ok",
        "workers": "unknown"}}
    assert missing not in json.dumps(body)


@pytest.mark.django_db
def test_the_probes_take_no_write_and_need_no_sign_in(client, storage):
    for path in ("/health/live", "/health/ready"):
        assert client.post(path).status_code == 405
        assert client.head(path).status_code == 200
