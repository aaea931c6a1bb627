"""``jalon schedule FILE``: textbook answers through the command line, every format, bad files."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from jalon.cli.main import app

runner = CliRunner()

# Hillier & Lieberman, "Introduction to Operations Research", the Reliable Construction Co.
# project: three-point estimates (weeks), expected duration 44, variance 9 along the critical
# path A-B-C-E-F-J-L-N, P(finish within 47 weeks) = Phi(1) = 0.8413. Its slack table gives
# D, G, H, M 4 weeks, I 2 weeks, K 1 week, all others 0.
RELIABLE = [
    ("A", "Excavate", (1, 2, 3), []),
    ("B", "Lay the foundation", (2, 3.5, 8), ["A"]),
    ("C", "Put up the rough wall", (6, 9, 18), ["B"]),
    ("D", "Put up the roof", (4, 5.5, 10), ["C"]),
    ("E", "Install the exterior plumbing", (1, 4.5, 5), ["C"]),
    ("F", "Install the interior plumbing", (4, 4, 10), ["E"]),
    ("G", "Put up the exterior siding", (5, 6.5, 11), ["D"]),
    ("H", "Do the exterior painting", (5, 8, 17), ["E", "G"]),
    ("I", "Do the electrical work", (3, 7.5, 9), ["C"]),
    ("J", "Put up the wallboard", (3, 9, 9), ["F", "I"]),
    ("K", "Install the flooring", (4, 4, 4), ["J"]),
    ("L", "Do the interior painting", (1, 5.5, 7), ["J"]),
    ("M", "Install the exterior fixtures", (1, 2, 3), ["H"]),
    ("N", "Install the interior fixtures", (5, 5.5, 9), ["K", "L"]),
]
SLACK = {"D": 4, "G": 4, "H": 4, "M": 4, "I": 2, "K": 1}
CRITICAL = ["A", "B", "C", "E", "F", "J", "L", "N"]


def reliable(*, estimates: bool, start: str | None = None) -> dict:
    tasks = []
    for ident, name, (a, m, b), predecessors in RELIABLE:
        task = {"id": ident, "name": name, "predecessors": predecessors}
        if estimates:
            task.update(optimistic=a, most_likely=m, pessimistic=b)
        else:
            task["duration"] = (a + 4 * m + b) / 6
        tasks.append(task)
    data: dict = {"name": "Reliable Construction", "tasks": tasks}
    if start:
        data["start"] = start
    return data


@pytest.fixture
def project_file(tmp_path):
    def make(data, name="plan.json"):
        path = tmp_path / name
        path.write_text(data if isinstance(data, str) else json.dumps(data))
        return str(path)

    return make


def run(*args: str):
    return runner.invoke(app, ["schedule", *args])


def test_textbook_floats_and_critical_path(project_file):
    result = run(project_file(reliable(estimates=False)), "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["project"] == {"start": 0.0, "finish": 44.0, "duration": 44.0}
    floats = {t["id"]: t["total_float"] for t in payload["tasks"]}
    assert floats == {ident: SLACK.get(ident, 0) for ident, *_ in RELIABLE}
    assert payload["critical_path"] == CRITICAL
    tasks = {t["id"]: t for t in payload["tasks"]}
    assert (tasks["H"]["early_start"], tasks["H"]["late_finish"]) == (29, 42)
    assert tasks["D"]["free_float"] == 0 and tasks["M"]["free_float"] == 4
    assert set(tasks["A"]) == {"id", "name", "early_start", "early_finish", "late_start",
                               "late_finish", "total_float", "free_float", "critical"}
    assert "pert" not in payload


def test_textbook_pert_probability(project_file):
    result = run(project_file(reliable(estimates=True)), "-f", "json", "--due", "47")
    assert result.exit_code == 0, result.output
    pert = json.loads(result.output)["pert"]
    assert pert["expected_duration"] == pytest.approx(44)
    assert pert["variance"] == pytest.approx(9)
    assert pert["std_dev"] == pytest.approx(3)
    assert pert["critical_path"] == CRITICAL
    assert pert["probability_by_due"] == pytest.approx(0.8413, abs=1e-4)


def test_calendar_time_gives_iso_dates(project_file):
    path = project_file(reliable(estimates=True, start="2026-01-05"))
    result = run(path, "-f", "json", "--due", "2026-03-10")  # end of working day 47
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    first = payload["tasks"][0]
    assert first["early_start"] == "2026-01-05" and first["early_finish"] == "2026-01-06"
    assert payload["project"]["start"] == "2026-01-05"
    assert payload["project"]["duration"] == pytest.approx(44)
    assert isinstance(first["total_float"], float)
    assert payload["pert"]["probability_by_due"] == pytest.approx(0.8413, abs=1e-4)


def test_csv_has_a_header_and_one_row_per_task(project_file):
    result = run(project_file(reliable(estimates=False)), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == ["id", "name", "early_start", "early_finish", "late_start",
                             "late_finish", "total_float", "free_float", "critical"]
    assert len(rows) == 14
    assert {r["id"] for r in rows if r["critical"] == "yes"} == set(CRITICAL)


def test_csv_neutralises_a_name_a_spreadsheet_would_run_as_a_formula(project_file):
    data = reliable(estimates=False)
    data["tasks"][0]["name"] = "=cmd|' /C calc'!A0"
    data["tasks"][1]["name"] = "@SUM(A1)"
    result = run(project_file(data), "--format", "csv")
    assert result.exit_code == 0, result.output
    names = {r["id"]: r["name"] for r in csv.DictReader(io.StringIO(result.output))}
    assert names["A"] == "'=cmd|' /C calc'!A0"
    assert names["B"] == "'@SUM(A1)"
    assert names["C"] == "Put up the rough wall"


def test_table_shows_the_tasks_and_the_critical_path(project_file):
    result = run(project_file(reliable(estimates=True)), "--due", "47")
    assert result.exit_code == 0, result.output
    assert "Excavate" in result.output
    assert "A → B → C → E → F → J → L → N" in result.output
    assert "84.1%" in result.output


def test_yaml_and_status_date(project_file):
    text = ("name: y\nstart: 2026-01-05\ntasks:\n  - id: A\n    duration: 2\n"
            "  - id: B\n    duration: 1\n    predecessors: [A]\n")
    result = run(project_file(text, "plan.yaml"), "-f", "json", "--status-date", "2026-01-09")
    assert result.exit_code == 0, result.output
    tasks = {t["id"]: t for t in json.loads(result.output)["tasks"]}
    assert tasks["A"]["early_start"] == "2026-01-12"  # unstarted work waits for the status date


@pytest.mark.parametrize(("content", "name", "words"), [
    ('{"name": "x", "tasks": [', "broken.json", "broken.json, line 1"),
    ('{"name": "x", "tasks": [{"id": "A", "duration": -2}]}', "neg.json", "task 'A'"),
    ('{"name": "x", "tasks": [{"id": "A", "predecessors": ["B"]}, '
     '{"id": "B", "predecessors": ["A"]}]}', "cycle.json", "cycle"),
    ("<Project><Tasks>", "broken.xml", "not well-formed"),
    ("hello", "plan.sm", "not a PSPLIB"),
])
def test_bad_files_exit_2_with_a_clear_message(project_file, content, name, words):
    result = run(project_file(content, name))
    assert result.exit_code == 2
    assert words in result.output and name in result.output
    assert "Traceback" not in result.output


def test_a_missing_file_and_a_bad_due_date(project_file, tmp_path):
    result = run(str(tmp_path / "nope.json"))
    assert result.exit_code == 2 and "no such file" in result.output
    path = project_file(reliable(estimates=True))
    result = run(path, "--due", "2026-03-31")
    assert result.exit_code == 2 and "--due must be a number" in result.output


def test_the_command_never_imports_django(project_file):
    path = project_file(reliable(estimates=True))
    code = (
        "import sys, json\n"
        "from jalon.cli.main import app\n"
        "try:\n"
        f"    app(['schedule', {path!r}, '-f', 'json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'django')))\n"
    )
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    elapsed = time.perf_counter() - began
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
    print(f"\njalon schedule in a fresh process: {elapsed:.2f} s")
