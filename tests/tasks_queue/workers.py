"""Real ``jalon worker`` processes on the tests' database, side by side.

On PostgreSQL they connect to the test database. On SQLite the tests' database lives in memory:
it is copied to a file that the workers share (as `jalon demo` runs, WAL and IMMEDIATE
transactions), then copied back for the test to read.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.db import connection

START = "from jalon.cli.main import app; app(prog_name='jalon')"


def _database_url(tmp_path: Path) -> tuple[str, Path | None]:
    """The workers' DATABASE_URL, and the SQLite file standing for the in-memory database."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        path = tmp_path / "jalon.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{path}", path
    db = connection.settings_dict
    credentials = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return (f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/"
            f"{db['NAME']}", None)


def count(sql: str, path: Path | None) -> int:
    """``SELECT COUNT(*)...`` on the database the workers use."""
    if path is not None:
        with sqlite3.connect(path, timeout=30) as db:
            return int(db.execute(sql).fetchone()[0])
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return int(cursor.fetchone()[0])


@contextmanager
def jalon_workers(number: int, tmp_path: Path) -> Iterator[Callable[[str], int]]:
    """``number`` `jalon worker` processes on the tests' database (with the work queued so
    far); yields ``count(sql)`` to watch that database. On leaving, the workers are stopped as
    Ctrl-C stops them and, on SQLite, the database they changed is copied back."""
    url, path = _database_url(tmp_path)
    env = {**os.environ, "DATABASE_URL": url, "JALON_DATA_DIR": str(tmp_path)}
    processes = [subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c", START, "worker"], env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True) for _ in range(number)]
    try:
        yield lambda sql: count(sql, path)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            _out, err = process.communicate(timeout=60)
            assert "Traceback" not in err, err
        if path is not None:
            with sqlite3.connect(path) as served:
                served.backup(connection.connection)


def wait_for(condition: Callable[[], bool], *, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the workers did not finish in time")
        time.sleep(0.5)
