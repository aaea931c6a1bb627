"""A levelling killed with SIGKILL leaves nothing half-written (issue 18, item 4): its apply,
killed inside its write transaction, leaves the tasks, their history and the projects' inputs
version as they were; a levelling run whose worker was killed is failed, saying so, when a
worker starts again, never "running" for ever.

The levelling runs in its own process (``tests.faults.leveller``) on a real SQLite data
directory set up once for the module, and is killed where it stalls.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.faults.processes import ROOT, database, env, kill_when_stalled, run_helper

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="kills real processes")

LEVELLER = "tests.faults.leveller"


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("levelling")
    run_helper(LEVELLER, folder, "setup")
    return folder


def _plan(data: Path) -> dict[str, object]:
    """What a levelling apply writes, read from the database on disk."""
    with database(data) as db:
        def rows(sql: str) -> list[tuple[object, ...]]:
            return db.execute(sql).fetchall()

        return {
            "tasks": rows("SELECT id, constraint_type, constraint_date, version "
                          "FROM planning_task ORDER BY id"),
            "task history": rows("SELECT count(*) FROM planning_historicaltask"),
            "levelled tasks": rows("SELECT count(*) FROM resources_levelledtask"),
            "applied runs": rows("SELECT count(*) FROM resources_levellingrun "
                                 "WHERE applied_at IS NOT NULL"),
            "inputs versions": rows("SELECT project_id, version FROM portfolios_inputsversion "
                                    "ORDER BY project_id"),
        }


def _runs(data: Path) -> list[tuple[str, str | None]]:
    with database(data) as db:
        return db.execute("SELECT state, failure FROM resources_levellingrun "
                          "ORDER BY id").fetchall()


def test_an_apply_killed_mid_write_leaves_the_plan_as_it_was(data):
    before = _plan(data)
    assert before["tasks"] and before["applied runs"] == [(0,)]
    kill_when_stalled(LEVELLER, data, "apply")
    assert _plan(data) == before


def test_a_run_whose_worker_was_killed_is_failed_when_a_worker_starts(data):
    kill_when_stalled(LEVELLER, data, "run")
    assert _runs(data)[-1] == ("running", None)
    # the dead worker's last heartbeat, as it is once STALLED has passed without another
    with database(data) as db:
        db.execute("UPDATE resources_levellingrun SET started_at = datetime('now', "
                   "'-10 minutes'), heartbeat_at = datetime('now', '-10 minutes') "
                   "WHERE state = 'running'")
    worker = subprocess.Popen([sys.executable, "-m", "jalon.cli.main", "worker"], env=env(data),
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while _runs(data)[-1][0] == "running":
            assert worker.poll() is None, "the worker stopped"
            assert time.monotonic() < deadline, "the dead worker's run is still running"
            time.sleep(0.5)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    state, failure = _runs(data)[-1]
    assert state == "failed"
    assert json.loads(failure or "{}")["code"] == "run.worker_lost"
    assert _runs(data)[0][0] == "done"  # the finished levelling is untouched
