"""`jalon demo` end to end: a fresh data directory, migrations, the demo, gunicorn and the task
worker serving; Ctrl-C stops everything."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_of(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(status.parent.name))
    return found


def is_running(pid: int) -> bool:
    """True unless the process is gone or a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to follow the processes")
def test_jalon_demo_serves_the_demo_and_stops_on_ctrl_c(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(JALON_DATA_DIR=str(tmp_path), JALON_SECRET_KEY="demo-test-key")
    jalon = [sys.executable, "-c", "from jalon.cli.main import app; app()"]
    process = subprocess.Popen([*jalon, "demo", "--port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        # migrations and the demo on a fresh data directory: a minute on a quiet machine, much
        # more on a busy one
        deadline, page = time.monotonic() + 300, None
        while time.monotonic() < deadline and page is None:
            assert process.poll() is None, process.stdout.read()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2) as r:
                    page = r.read().decode()
            except OSError:
                time.sleep(0.5)
        assert page is not None, "the demo never answered"
        assert "jalon" in page.lower()
        assert (tmp_path / "jalon.sqlite3").exists()
        workers = children_of(process.pid)
        assert len(workers) >= 2  # the web server and the task worker

        token = subprocess.run([*jalon, "token", "create", "pmo"], env=env, capture_output=True,
                               text=True, check=True, timeout=60).stdout.strip()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/projects",
                                         headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=10) as r:
            assert json.loads(r.read())["count"] >= 12  # the PMO sees every demo project
    finally:
        process.send_signal(signal.SIGINT)
        try:
            output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert process.returncode == 0, output
    assert "jalon-demo" in output and "cheffe.projet" in output
    still_running = [pid for pid in workers if is_running(pid)]
    assert not still_running, "Ctrl-C left processes behind"


def test_jalon_worker_on_a_database_never_migrated_says_what_to_do(tmp_path):
    env = {**os.environ, "JALON_DATA_DIR": str(tmp_path), "JALON_SECRET_KEY": "worker-test-key"}
    jalon = [sys.executable, "-m", "jalon.cli.main"]
    done = subprocess.run([*jalon, "worker"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1
    assert "run `jalon migrate` first" in done.stderr + done.stdout
    assert "Traceback" not in done.stderr + done.stdout
