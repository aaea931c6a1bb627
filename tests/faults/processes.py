"""Running the fault tests' helper processes on a real SQLite data directory, and killing
them with SIGKILL where they stall (the file ``stalled`` in the data directory says they are
there)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def env(data: Path) -> dict[str, str]:
    """The environment of a process of Jalon on the data directory ``data`` (SQLite)."""
    inherited = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return {**inherited, "JALON_DATA_DIR": str(data), "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"}


def run_helper(module: str, data: Path, step: str) -> None:
    """Run ``python -m module step`` to its end."""
    subprocess.run([sys.executable, "-m", module, step], env=env(data), check=True, timeout=600,
                   cwd=ROOT)


def kill_when_stalled(module: str, data: Path, step: str) -> None:
    """Start ``python -m module step``, wait until it stalls, and kill it with SIGKILL there."""
    marker = data / "stalled"
    marker.unlink(missing_ok=True)
    process = subprocess.Popen([sys.executable, "-m", module, step], env=env(data), cwd=ROOT,
                               stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert process.poll() is None, process.communicate()[1]
            assert time.monotonic() < deadline, f"{step}: the write never began"
            time.sleep(0.1)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def database(data: Path) -> sqlite3.Connection:
    """The data directory's database, checked whole (``PRAGMA integrity_check``)."""
    db = sqlite3.connect(data / "jalon.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return db
