"""Backups: a snapshot of the database and the uploaded files, restored into an empty
installation equal table by table; refused where it would overwrite or cannot be read."""

from __future__ import annotations

import sqlite3
import tarfile
from contextlib import contextmanager

import pytest
from django.db import connection
from django.utils import translation
from typer.testing import CliRunner

from jalon.backups import backup, restore
from jalon.cli.main import app
from jalon.errors import ValidationFailed
from jalon.planning.models import Task
from jalon.portfolios.models import ProjectResult
from tests.factories import TaskFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def media(settings, tmp_path):
    """An uploaded file, as the document libraries store them."""
    settings.MEDIA_ROOT = tmp_path / "files"
    (settings.MEDIA_ROOT / "documents" / "2026").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "2026" / "charte.docx").write_bytes(b"PK\x03\x04 charte")
    return settings.MEDIA_ROOT


@pytest.fixture
def data(project):
    """A plan with a name a careless dump would mangle."""
    TaskFactory(project=project, name="Études préalables – « lot 1 »")
    TaskFactory(project=project, name="Terrassement\u00a0; fondations")
    ProjectResult.objects.create(project=project, kind="schedule", key="k",
                                 data={"finish": "2027-03-01", "tasks": [1, 2.5, None]})
    return project


def rows(cursor, table):
    cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the catalogue
    return sorted(cursor.fetchall(), key=repr)


@contextmanager
def empty_database(tmp_path):
    """The settings of an empty database of the engine under test, and a way to connect to a
    database by name that reads its values exactly as it reads the source's."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        settings_dict = {**connection.settings_dict, "NAME": str(path)}

        def connect_sqlite(name):
            if name != str(path):  # the source: Django's own connection, its converters
                return connection.connection
            return sqlite3.connect(
                path, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)

        yield settings_dict, connect_sqlite
        return
    import psycopg

    name = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    settings_dict = {**connection.settings_dict, "NAME": name}

    def connect(database):  # plain psycopg on both sides: JSON, dates... decoded alike
        return psycopg.connect(dbname=database, host=settings_dict["HOST"] or None,
                               port=settings_dict["PORT"] or None,
                               user=settings_dict["USER"] or None,
                               password=settings_dict["PASSWORD"] or None)

    try:
        yield settings_dict, connect
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restore_equals_the_backup_table_by_table(data, media, tmp_path):
    archive = tmp_path / "jalon.tar.gz"
    summary = backup(archive)
    assert summary.rows > 0 and summary.files == 1
    with empty_database(tmp_path) as (settings_dict, connect):
        restored = restore(archive, settings_dict=settings_dict, media_root=tmp_path / "new")
        assert (restored.tables, restored.rows) == (summary.tables, summary.rows)
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
        assert "planning_task" in tables
        source = connect(connection.settings_dict["NAME"])
        copy = connect(settings_dict["NAME"])
        try:
            for table in tables:
                assert rows(copy.cursor(), table) == rows(source.cursor(), table), table
        finally:
            copy.close()
            if source is not connection.connection:
                source.close()
    assert (tmp_path / "new" / "documents" / "2026" / "charte.docx").read_bytes() == \
        b"PK\x03\x04 charte"


def test_a_restore_never_overwrites_an_installation_in_use(data, media, tmp_path):
    archive = tmp_path / "jalon.tar.gz"
    backup(archive)
    Task.objects.filter(project=data).delete()
    with pytest.raises(ValidationFailed, match="not empty"):
        restore(archive)  # the database in use
    assert not Task.objects.filter(project=data).exists()  # nothing came back over it
    with empty_database(tmp_path) as (settings_dict, _connect), \
            pytest.raises(ValidationFailed, match="files directory .* is not empty"):
        restore(archive, settings_dict=settings_dict, media_root=media)


def test_a_file_that_is_not_a_backup_is_refused_by_name(tmp_path):
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_bytes(b"not a tar at all")
    with pytest.raises(ValidationFailed, match="notes.tar.gz is not a Jalon backup"):
        restore(bogus)
    with tarfile.open(tmp_path / "empty.tar.gz", "w:gz"):
        pass
    with pytest.raises(ValidationFailed, match="it has no manifest"):
        restore(tmp_path / "empty.tar.gz")


def test_the_commands_back_up_and_refuse_to_restore_over_data(data, media, tmp_path):
    runner = CliRunner()
    archive = tmp_path / "nightly" / "jalon.tar.gz"
    done = runner.invoke(app, ["backup", str(archive)])
    assert done.exit_code == 0, done.output
    assert "Backup written" in done.output and archive.exists()
    refused = runner.invoke(app, ["restore", str(archive)])
    assert refused.exit_code == 2
    assert "is not empty: restore into an empty installation" in " ".join(refused.output.split())
