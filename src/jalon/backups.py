"""Backups of a Jalon installation: one file with a consistent snapshot of the database and the
uploaded files, taken while the server runs, and its restore into an empty installation.

The file is a gzipped tar archive holding ``manifest.json`` (format, database engine, when, and
each table's row count), the database — ``database.sqlite3`` made with SQLite's online backup
API, or ``database.pgdump`` made by ``pg_dump`` in its custom format, both a snapshot of one
moment whatever the writers do meanwhile — and the files under ``files/``. The files are read
and written back through Django's storage API (the default storage), so a backup holds them
wherever they are kept: the data directory, or an S3-compatible bucket (``JALON_STORAGE=s3``).
Uploaded files are never changed once written (a new version is a new file), so files copied
after the snapshot are a superset of those it refers to.

A restore goes into an empty database of the same engine and an empty files directory, and
checks each table's row count against the manifest. The secret key is not in the backup: keep
``JALON_SECRET_KEY`` (or the data directory's ``secret_key``) with your other secrets; without
it, users sign in again after a restore, nothing else is lost.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from glob import glob
from pathlib import Path
from typing import Any

from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.files.utils import validate_file_name
from django.db import connection
from django.utils.translation import gettext as _

from jalon.errors import ValidationFailed

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
FILES = "files"


@dataclass(frozen=True)
class Summary:
    """What a backup holds or a restore wrote: the engine, the number of tables and rows, and of
    files."""

    engine: str
    tables: int
    rows: int
    files: int


def _engine(settings_dict: Mapping[str, Any]) -> str:
    engine = str(settings_dict["ENGINE"])
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise ValidationFailed(_("Backups support SQLite and PostgreSQL, not %(engine)s.")
                           % {"engine": engine})


def _pg_tool(name: str) -> str:
    """``pg_dump`` or ``pg_restore``: from ``JALON_PG_BIN``, the PATH, else the newest server
    binaries of the Debian layout."""
    if folder := os.environ.get("JALON_PG_BIN"):
        return str(Path(folder) / name)
    if found := shutil.which(name):
        return found
    candidates = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(Path(p).parts[-3]))
    if not candidates:
        raise ValidationFailed(_("%(tool)s was not found: install the PostgreSQL client tools or "
                                 "set JALON_PG_BIN to their directory.") % {"tool": name})
    return candidates[-1]


def _pg_environment(settings_dict: Mapping[str, Any], name: str) -> dict[str, str]:
    """The libpq environment reaching database ``name`` with ``settings_dict``'s credentials
    (the password never appears on a command line)."""
    env = dict(os.environ, PGDATABASE=name)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                          ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    # the PostgreSQL client tools, with arguments built here (no shell, no user text)
    done = subprocess.run(command, env=env, capture_output=True, text=True,  # noqa: S603
                          check=False)
    if done.returncode != 0:
        raise ValidationFailed(_("%(tool)s failed: %(error)s") % {
            "tool": Path(command[0]).name, "error": done.stderr.strip()[-500:]})


def table_counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    """Each table's row count."""
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def stored_files(storage: Storage, folder: str = "") -> list[str]:
    """The names of every file in ``storage`` (``/``-separated, as the storage names them),
    sorted; none when its root does not exist yet (a files directory never written to)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    prefix = f"{folder}/" if folder else ""
    names = [prefix + name for name in files]
    for sub in folders:
        names += stored_files(storage, prefix + sub)
    return sorted(names)


def backup(destination: Path, *, storage: Storage | None = None) -> Summary:
    """Write a backup of the database in use and of the files of ``storage`` (default: the
    configured storage, local or object storage) to ``destination``."""
    settings_dict = connection.settings_dict
    engine = _engine(settings_dict)
    storage = storage or default_storage
    with tempfile.TemporaryDirectory() as work:
        if engine == "sqlite":
            snapshot = Path(work) / SQLITE_FILE
            counts = _snapshot_sqlite(snapshot)
        else:
            snapshot = Path(work) / PG_FILE
            counts = _snapshot_postgresql(snapshot, settings_dict)
        files = stored_files(storage)
        manifest = {"format": FORMAT, "engine": engine,
                    "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "tables": counts, "files": len(files)}
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(snapshot, arcname=snapshot.name)
            for name in files:
                with storage.open(name, "rb") as stored:
                    # one file at a time, whatever the storage (no local path with S3)
                    info = tarfile.TarInfo(f"{FILES}/{name}")
                    info.size = storage.size(name)
                    archive.addfile(info, stored)
        partial.replace(destination)  # never a half-written backup under the final name
    return Summary(engine, len(counts), sum(counts.values()), len(files))


def _snapshot_sqlite(snapshot: Path) -> dict[str, int]:
    """Copy the database with SQLite's online backup API, in one step (a consistent snapshot
    however the other processes write meanwhile); returns the copy's row counts."""
    connection.ensure_connection()
    target = sqlite3.connect(snapshot)
    try:
        connection.connection.backup(target)
        tables = [name for (name,) in target.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return table_counts(target.cursor(), tables)
    finally:
        target.close()


def _snapshot_postgresql(snapshot: Path, settings_dict: Mapping[str, Any]) -> dict[str, int]:
    """Dump the database with ``pg_dump`` from a snapshot exported by a repeatable-read
    transaction, whose row counts are therefore exactly the dump's."""
    with _pg_connect(settings_dict) as db, db.transaction():
        db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        exported = db.execute("SELECT pg_export_snapshot()").fetchone()
        counts = table_counts(db.cursor(), _pg_tables(db))
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-acl",
              f"--snapshot={exported[0] if exported else ''}", f"--file={snapshot}"],
             _pg_environment(settings_dict, str(settings_dict["NAME"])))
    return counts


def _pg_connect(settings_dict: Mapping[str, Any]) -> Any:
    import psycopg

    env = _pg_environment(settings_dict, str(settings_dict["NAME"]))
    return psycopg.connect(dbname=env["PGDATABASE"], host=env.get("PGHOST"),
                           port=env.get("PGPORT"), user=env.get("PGUSER"),
                           password=env.get("PGPASSWORD"))


def _pg_tables(db: Any) -> list[str]:
    return sorted(name for (name,) in db.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
        "AND table_type = 'BASE TABLE'"))


@contextmanager
def _opened(source: Path) -> Iterator[tuple[tarfile.TarFile, dict[str, Any]]]:
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 - closed by the with below
    except (OSError, tarfile.TarError) as exc:
        raise ValidationFailed(_("%(file)s is not a Jalon backup: %(error)s")
                               % {"file": source.name, "error": exc}) from exc
    with archive:
        try:
            manifest = json.load(archive.extractfile(MANIFEST) or io.BytesIO())
        except (KeyError, ValueError, tarfile.TarError) as exc:
            raise ValidationFailed(_("%(file)s is not a Jalon backup: it has no manifest.")
                                   % {"file": source.name}) from exc
        if manifest.get("format") != FORMAT:
            raise ValidationFailed(_("%(file)s was written by another version of Jalon (backup "
                                     "format %(format)s).") % {"file": source.name,
                                                               "format": manifest.get("format")})
        yield archive, manifest


def restore(source: Path, *, settings_dict: Mapping[str, Any] | None = None,
            storage: Storage | None = None) -> Summary:
    """Restore the backup ``source`` into the database of ``settings_dict`` (default: the one
    configured) and the files of ``storage`` (default: the configured storage), both empty;
    refuses anything else, naming it, and checks every table's row count."""
    settings_dict = settings_dict or connection.settings_dict
    storage = storage or default_storage
    engine = _engine(settings_dict)
    with _opened(source) as (archive, manifest):
        if manifest["engine"] != engine:
            raise ValidationFailed(_("This backup holds a %(saved)s database; the database "
                                     "configured is %(current)s. Restore it into %(saved)s.")
                                   % {"saved": manifest["engine"], "current": engine})
        if stored_files(storage):
            raise ValidationFailed(_("The file storage is not empty: restore into an empty "
                                     "installation."))
        files = _stored_members(archive)
        snapshot = SQLITE_FILE if engine == "sqlite" else PG_FILE
        with tempfile.TemporaryDirectory() as work:
            try:
                archive.extract(snapshot, work, filter="data")  # no path outside, no links out
            except KeyError as exc:
                raise ValidationFailed(_("%(file)s is not a Jalon backup: it has no database.")
                                       % {"file": source.name}) from exc
            if engine == "sqlite":
                counts = _restore_sqlite(Path(work) / SQLITE_FILE, Path(settings_dict["NAME"]))
            else:
                counts = _restore_postgresql(Path(work) / PG_FILE, settings_dict)
        for member in files:
            _restore_file(archive, member, storage)
    expected = manifest["tables"]
    wrong = sorted(t for t in expected if counts.get(t) != expected[t])
    if wrong:
        raise ValidationFailed(_("The restored database differs from the backup in: "
                                 "%(tables)s.") % {"tables": ", ".join(wrong)})
    return Summary(engine, len(counts), sum(counts.values()), len(files))


def _stored_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    """The archive's uploaded files, each name checked before anything is restored: none
    absolute, none climbing out with ``..``."""
    members = [m for m in archive.getmembers()
               if m.isfile() and m.name.startswith(f"{FILES}/")]
    for member in members:
        name = member.name.removeprefix(f"{FILES}/")
        try:
            validate_file_name(name, allow_relative_path=True)
        except SuspiciousFileOperation as exc:
            raise ValidationFailed(_("The backup holds a file named %(name)s, which is not "
                                     "allowed: nothing was restored.") % {"name": name}) from exc
    return members


def _restore_file(archive: tarfile.TarFile, member: tarfile.TarInfo, storage: Storage) -> None:
    """Write one of the archive's files back into ``storage`` under the name it had; a name
    the storage would change is refused, since the database refers to the files by name."""
    name = member.name.removeprefix(f"{FILES}/")
    saved = storage.save(name, File(archive.extractfile(member), name=name))
    if saved != name:
        raise ValidationFailed(_("The file %(name)s could not be restored under its name "
                                 "(the storage gave %(saved)s).")
                               % {"name": name, "saved": saved})


def _restore_sqlite(snapshot: Path, target: Path) -> dict[str, int]:
    if target.exists() and target.stat().st_size:
        with sqlite3.connect(target) as existing:
            if existing.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
                                ).fetchone()[0]:
                raise ValidationFailed(_("The database %(path)s is not empty: restore into an "
                                         "empty installation.") % {"path": target})
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(snapshot)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
        tables = [name for (name,) in destination.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return table_counts(destination.cursor(), tables)
    finally:
        source.close()
        destination.close()


def _restore_postgresql(snapshot: Path, settings_dict: Mapping[str, Any]) -> dict[str, int]:
    name = str(settings_dict["NAME"])
    with _pg_connect(settings_dict) as db:
        if _pg_tables(db):
            raise ValidationFailed(_("The database %(name)s is not empty: restore into an empty "
                                     "database.") % {"name": name})
    _run([_pg_tool("pg_restore"), "--no-owner", "--no-acl", "--single-transaction",
          "--exit-on-error", f"--dbname={name}", str(snapshot)],
         _pg_environment(settings_dict, name))
    with _pg_connect(settings_dict) as db:
        return table_counts(db.cursor(), _pg_tables(db))
