"""``jalon level FILE``: JSON shape, table, methods, seeds, bad input, no Django."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jalon.cli.main import app

runner = CliRunner()
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
J301_1 = SHARED / "psplib" / "j30" / "j301_1.sm"

CREW = """\
name: House
tasks:
  - {id: W, name: Wiring, duration: 3}
  - {id: P, name: Plumbing, duration: 2}
  - {id: F, name: Finishing, duration: 1, predecessors: [P]}
resources:
  - {id: E, name: Electricians, max_units: 2}
  - {id: CE, name: Cement, kind: material}
assignments:
  - {task: W, resource: E, units: 2}
  - {task: P, resource: E, units: 1}
  - {task: F, resource: E, units: 1}
  - {task: F, resource: CE, units: 30}
"""


@pytest.fixture
def crew_file(tmp_path):
    path = tmp_path / "house.yaml"
    path.write_text(CREW, encoding="utf-8")
    return path


def invoke_json(*args):
    result = runner.invoke(app, ["level", *map(str, args), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_shape_on_a_jalon_file(crew_file):
    payload = invoke_json(crew_file, "--method", "optimal", "--time-limit", "5")
    assert {"makespan", "status", "lower_bound", "tasks", "explanations"} <= set(payload)
    assert payload["makespan"] == 6 and payload["status"] == "optimal"
    assert payload["lower_bound"] == 6
    tasks = {t["id"]: t for t in payload["tasks"]}
    assert set(tasks) == {"W", "P", "F"}
    assert all(set(t) == {"id", "start", "finish"} for t in payload["tasks"])
    assert tasks["F"]["start"] >= tasks["P"]["finish"]
    assert all("message" in e and e["activity"] in tasks for e in payload["explanations"])


def test_psplib_job_ids_are_job_numbers_and_j301_1_levels_to_43():
    if not J301_1.is_file():
        pytest.skip("shared PSPLIB data not available")
    payload = invoke_json(J301_1, "--method", "optimal", "--time-limit", "20")
    assert (payload["makespan"], payload["status"], payload["lower_bound"]) == (43, "optimal", 43)
    assert [t["id"] for t in payload["tasks"]] == [str(n) for n in range(1, 33)]


def test_heuristic_is_reproducible_by_seed(crew_file):
    first = invoke_json(crew_file, "--seed", "5", "--schedules", "30")
    assert first == invoke_json(crew_file, "--seed", "5", "--schedules", "30")
    assert first["status"] in ("optimal", "feasible")


def test_table_explains_why_tasks_moved(crew_file):
    result = runner.invoke(app, ["level", str(crew_file)])
    assert result.exit_code == 0, result.output
    assert "Makespan 6" in result.stdout
    assert "Electricians" in result.stdout and "delayed" in result.stdout


def test_a_task_asking_more_than_a_resource_ever_has_is_levelled_at_its_capacity(tmp_path):
    """Not a failure of the whole run (issue 14): levelled at the capacity, and said."""
    path = tmp_path / "house.yaml"
    path.write_text(CREW.replace("resource: E, units: 2}", "resource: E, units: 3}"),
                    encoding="utf-8")
    result = runner.invoke(app, ["level", str(path)])
    assert result.exit_code == 0, result.output
    assert "Wiring needs 3 of Electricians, which never has more than 2" in result.output
    assert "Makespan 6" in result.output


@pytest.mark.parametrize("content, expected", [
    (CREW.replace("resource: E, units: 1}", "resource: X, units: 1}", 1), "X"),
    ("name: [unclosed", "house.yaml"),
])
def test_bad_input_is_a_clear_message_and_exit_code_2(tmp_path, content, expected):
    path = tmp_path / "house.yaml"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["level", str(path)])
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output


def test_missing_file_and_bad_option(tmp_path):
    result = runner.invoke(app, ["level", str(tmp_path / "none.sm")])
    assert result.exit_code == 2 and "none.sm" in result.output
    result = runner.invoke(app, ["level", str(tmp_path / "none.sm"), "--method", "magic"])
    assert result.exit_code == 2


def test_level_does_not_import_django(crew_file):
    code = ("import sys; from jalon.cli.main import app\n"
            "try:\n    app(['level', sys.argv[1], '--format', 'json'])\n"
            "except SystemExit:\n    pass\n"
            "assert 'django' not in sys.modules, 'django imported'\n")
    done = subprocess.run([sys.executable, "-c", code, str(crew_file)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["makespan"] == 6
