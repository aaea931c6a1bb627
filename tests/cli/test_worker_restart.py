"""``jalon demo`` and ``jalon worker`` outlive their task worker: killed with SIGKILL, it is
started again while the rest keeps running; a worker that keeps dying stops Jalon."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

# A stand-in worker: writes its process id, then waits to be killed.
WORKER = "import os, sys, time; open(sys.argv[1], 'a').write(f'{os.getpid()}\\n'); time.sleep(60)"
SUPERVISOR = """
import sys
from jalon.cli.main import _run_all
_run_all([[sys.executable, "-c", {worker!r}, {pids!r}]], restart=frozenset({{0}}))
"""


def pids(path: Path) -> list[int]:
    return [int(line) for line in path.read_text().split()] if path.exists() else []


def wait_for(condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("timed out")
        time.sleep(0.1)


def test_a_killed_worker_is_started_again_and_stops_with_jalon(tmp_path):
    record = tmp_path / "pids"
    supervisor = subprocess.Popen(
        [sys.executable, "-c", SUPERVISOR.format(worker=WORKER, pids=str(record))],
        env={**os.environ}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: len(pids(record)) == 1)
        os.kill(pids(record)[0], signal.SIGKILL)
        wait_for(lambda: len(pids(record)) == 2)  # a new worker, a new process
        assert supervisor.poll() is None  # Jalon kept running
    finally:
        supervisor.send_signal(signal.SIGTERM)
        _out, err = supervisor.communicate(timeout=30)
    assert "The task worker stopped (exit code -9); starting it again." in " ".join(err.split())
    second = pids(record)[1]
    with pytest.raises(ProcessLookupError):
        os.kill(second, 0)  # stopped with Jalon


def test_a_worker_that_keeps_dying_stops_jalon(tmp_path):
    code = SUPERVISOR.format(worker="raise SystemExit(3)", pids="unused")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert "The task worker keeps stopping: Jalon stops." in " ".join(done.stderr.split())
