"""A live server that really serves requests side by side, on the database the tests run on.

On PostgreSQL, pytest-django's ``live_server``: each of its request threads has its own
connection. On SQLite the tests' database lives in memory, and the live server would share the
test's one connection between its threads (pytest-django does so), which is not how Jalon runs:
there the database is copied to a file, which a separate ``runserver`` process serves with the
settings of production (WAL, IMMEDIATE transactions), then copied back for the test to read.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(url: str, process: subprocess.Popen, *, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {process.stderr.read() if process.stderr else ''}")
        try:
            urllib.request.urlopen(url, timeout=5)  # noqa: S310 - a loopback address
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not start")


@contextmanager
def sqlite_file_server(tmp_path: Path) -> Iterator[str]:
    """The in-memory test database served from a file by another process; its address."""
    path = tmp_path / "jalon.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "JALON_DATA_DIR": str(tmp_path)}
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_for(f"{url}/api/v1/openapi.json", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        with sqlite3.connect(path) as served:
            served.backup(connection.connection)


@contextmanager
def live_server_on_the_test_database(request, tmp_path: Path) -> Iterator[str]:
    """The address of a server answering requests side by side on the tests' database."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        with sqlite_file_server(tmp_path) as url:
            yield url
    else:
        yield request.getfixturevalue("live_server").url
