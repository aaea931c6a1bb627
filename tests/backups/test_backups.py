"""Backups: a snapshot of the database and the uploaded files, restored into an empty
installation equal table by table; refused where it would overwrite or cannot be read."""

from __future__ import annotations

import io
import sqlite3
import tarfile
from contextlib import contextmanager

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, default_storage
from django.db import connection
from django.utils import translation
from typer.testing import CliRunner

from jalon.backups import backup, restore, stored_files
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


UPLOADED = {"documents/2026/charte.docx": b"PK\x03\x04 charte",
            "documents/2026/12/plan de masse – lot 1.pdf": b"%PDF-1.7 plan",
            "packs/2026/12/revue.xlsx": bytes(range(256)) * 40}


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files, as the document libraries and report packs store them, in an object
    storage as ``JALON_STORAGE=s3`` configures it: nothing of them is in the data directory."""
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.InMemoryStorage"}}
    for name, content in UPLOADED.items():
        assert default_storage.save(name, ContentFile(content)) == name
    assert not settings.MEDIA_ROOT.exists()
    return default_storage


def stored(storage):
    """Every file of ``storage``, by name, with its content."""
    return {name: storage.open(name).read() for name in stored_files(storage)}


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


def test_a_restore_equals_the_backup_table_by_table_and_file_by_file(data, media, tmp_path):
    archive = tmp_path / "jalon.tar.gz"
    summary = backup(archive)
    assert summary.rows > 0 and summary.files == len(UPLOADED)
    new_storage = InMemoryStorage()
    with empty_database(tmp_path) as (settings_dict, connect):
        restored = restore(archive, settings_dict=settings_dict, storage=new_storage)
        assert (restored.tables, restored.rows, restored.files) == \
            (summary.tables, summary.rows, summary.files)
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
    assert stored(new_storage) == stored(media) == UPLOADED


def test_the_files_go_back_through_the_storage_configured(data, media, tmp_path, settings):
    """``jalon restore`` writes into the configured storage, here the data directory's."""
    archive = tmp_path / "jalon.tar.gz"
    backup(archive)
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tmp_path / "new"}}}
    with empty_database(tmp_path) as (settings_dict, _connect):
        restore(archive, settings_dict=settings_dict)
    on_disk = {path.relative_to(tmp_path / "new").as_posix(): path.read_bytes()
               for path in (tmp_path / "new").rglob("*") if path.is_file()}
    assert on_disk == UPLOADED


def test_a_restore_never_overwrites_an_installation_in_use(data, media, tmp_path):
    archive = tmp_path / "jalon.tar.gz"
    backup(archive)
    Task.objects.filter(project=data).delete()
    with pytest.raises(ValidationFailed, match="not empty"):
        restore(archive)  # the database in use
    assert not Task.objects.filter(project=data).exists()  # nothing came back over it
    with empty_database(tmp_path) as (settings_dict, _connect), \
            pytest.raises(ValidationFailed, match="file storage is not empty"):
        restore(archive, settings_dict=settings_dict)
    assert stored(media) == UPLOADED


def test_a_file_name_climbing_out_of_the_storage_is_refused(data, tmp_path, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.InMemoryStorage"}}
    archive = tmp_path / "jalon.tar.gz"
    backup(archive)
    hostile = tmp_path / "hostile.tar.gz"
    with tarfile.open(archive, "r:gz") as good, tarfile.open(hostile, "w:gz") as bad:
        for member in good.getmembers():
            bad.addfile(member, good.extractfile(member))
        intruder = tarfile.TarInfo("files/../../etc/cron.d/jalon")
        intruder.size = 4
        bad.addfile(intruder, io.BytesIO(b"boom"))
    with empty_database(tmp_path) as (settings_dict, connect):
        with pytest.raises(ValidationFailed, match="file named ../../etc/cron.d/jalon"):
            restore(hostile, settings_dict=settings_dict)
        untouched = connect(settings_dict["NAME"])
        try:  # refused before the database was written
            assert untouched.execute("SELECT count(*) FROM information_schema.tables WHERE "
                                     "table_schema = 'public'" if connection.vendor != "sqlite"
                                     else "SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        finally:
            untouched.close()


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
