"""Imports killed with SIGKILL in the middle of their write transaction leave nothing
half-written, and the server starts again on the database they left behind (issue 18, item 4).

Each import runs in its own process (``tests.faults.importer``) on a real SQLite data
directory; it stalls after its transaction's third INSERT, when rows are written but not
committed, and is killed there. The database is then read as it is on disk. The data directory
is set up once for the module (migrations take most of its time).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.cli.test_demo_command import free_port
from tests.faults.processes import ROOT, database, env, kill_when_stalled, run_helper

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="kills real processes")

IMPORTER = "tests.faults.importer"


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("faults")
    run_helper(IMPORTER, folder, "setup")
    return folder


def _counts(data: Path) -> dict[str, int]:
    with database(data) as db:
        count = {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 (our names)
                 for table in ("portfolios_project", "planning_task", "planning_historicaltask",
                               "planning_dependency", "finance_costentry",
                               "finance_historicalcostentry", "timesheets_timesheetentry",
                               "portfolios_inputsversion")}
        count["orphan tasks"] = db.execute(
            "SELECT count(*) FROM planning_task WHERE project_id NOT IN "
            "(SELECT id FROM portfolios_project)").fetchone()[0]
        count["versions"] = db.execute(
            "SELECT coalesce(sum(version), 0) FROM portfolios_inputsversion").fetchone()[0]
    return count


@pytest.mark.parametrize("kind", ["plan", "costs", "timesheets"])
def test_an_import_killed_mid_write_leaves_nothing_behind(data, kind):
    before = _counts(data)
    kill_when_stalled(IMPORTER, data, kind)
    after = _counts(data)
    assert after == before
    assert after["orphan tasks"] == 0


def test_the_server_starts_again_on_the_database_the_kills_left(data):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "jalon.cli.main", "serve", "--port",
                               str(port), "--workers", "1"], env=env(data), cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline, status = time.monotonic() + 120, None
        while status is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as r:
                    status = r.status
            except OSError:
                assert server.poll() is None, "the server stopped"
                time.sleep(0.5)
        assert status == 200
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    assert _counts(data)["portfolios_project"] == 1
