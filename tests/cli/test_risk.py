"""``jalon risk FILE``: JSON keys, dates in calendar time, costs, bad input, no Django."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from jalon.cli.main import app

runner = CliRunner()

PLAN = {
    "name": "Extension",
    "tasks": [
        {"id": "A", "optimistic": 4, "most_likely": 5, "pessimistic": 9},
        {"id": "B", "optimistic": 8, "most_likely": 10, "pessimistic": 15, "predecessors": ["A"],
         "distribution": "pert"},
        {"id": "C", "duration": 3, "predecessors": ["A"]},
        {"id": "D", "duration": 2, "predecessors": ["B", "C"]},
    ],
    "risks": [{"id": "R1", "probability": 0.3, "tasks": ["B"], "delay": 4, "cost": 500}],
}


@pytest.fixture
def write(tmp_path):
    def make(data, name="plan.json"):
        path = tmp_path / name
        path.write_text(json.dumps(data) if isinstance(data, dict) else data, encoding="utf-8")
        return str(path)
    return make


def test_json_has_exactly_the_documented_keys(write):
    result = runner.invoke(app, ["risk", write(PLAN), "--iterations", "2000", "--seed", "3",
                                 "--due", "20", "--budget", "400", "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert list(payload) == ["iterations", "finish", "cost", "probability_by_due",
                             "probability_within_budget", "criticality", "sensitivity"]
    assert payload["iterations"] == 2000
    assert list(payload["finish"]) == ["mean", "std", "p10", "p50", "p80", "p90",
                                       "deterministic"]
    assert list(payload["cost"]) == ["mean", "std", "p10", "p50", "p80", "p90"]
    finish = payload["finish"]
    assert finish["p10"] <= finish["p50"] <= finish["p80"] <= finish["p90"]
    assert 0 <= payload["probability_by_due"] <= 1
    assert payload["probability_within_budget"] == pytest.approx(0.7, abs=0.05)  # no risk
    assert payload["criticality"]["A"] == 1.0 and payload["criticality"]["C"] == 0.0
    assert payload["sensitivity"]["B"] > payload["sensitivity"]["A"] > 0
    assert set(payload["sensitivity"]) == {"A", "B", "C", "D"}


def test_same_seed_same_output_and_lhs_runs(write):
    path = write(PLAN)
    args = ["risk", path, "-n", "500", "--seed", "9", "-f", "json"]
    assert runner.invoke(app, args).output == runner.invoke(app, args).output
    assert runner.invoke(app, [*args, "--lhs"]).exit_code == 0


def test_without_costs_there_is_no_cost_key(write):
    data = {**PLAN, "risks": []}
    payload = json.loads(runner.invoke(app, ["risk", write(data), "-n", "200", "-f", "json"])
                         .output)
    assert "cost" not in payload
    assert payload["probability_by_due"] is None
    assert payload["probability_within_budget"] is None


def test_calendar_time_gives_dates_for_percentiles(write):
    data = {**PLAN, "start": "2026-01-05"}
    result = runner.invoke(app, ["risk", write(data), "-n", "500", "--due", "2026-02-06",
                                 "-f", "json"])
    payload = json.loads(result.output)
    assert payload["finish"]["p50"].startswith("2026-")
    assert isinstance(payload["finish"]["mean"], float)


def test_costs_come_from_assignments(write):
    data = {**PLAN, "risks": [],
            "resources": [{"id": "M", "standard_rate": 10}],
            "assignments": [{"task": "C", "resource": "M", "units": 1}]}
    payload = json.loads(runner.invoke(app, ["risk", write(data), "-n", "100", "-f", "json"])
                         .output)
    assert payload["cost"]["mean"] == pytest.approx(3 * 8 * 10)  # C is deterministic


PROGRESS = """\
name: Under way
start: 2026-01-05
status_date: 2026-02-13
tasks:
  - {id: A, name: Design, duration: 10, actual_start: 2026-01-05, actual_finish: 2026-01-23}
  - {id: B, name: Build, optimistic: 10, most_likely: 15, pessimistic: 25, duration: 15,
     actual_start: 2026-01-26, percent_complete: 40, predecessors: [A]}
  - {id: C, name: Test, duration: 5, calendar: six, predecessors: [{id: B, lag: 2,
     lag_unit: edays}]}
calendars:
  - {id: six, name: Six days, working_weekdays: [0, 1, 2, 3, 4, 5]}
"""


def test_jalon_schedule_and_jalon_risk_agree_on_the_finish(write):
    """Design finished late, Build is under way at the status date, Test has its own calendar
    and waits two calendar days: the simulation's plan is the schedule, to the day."""
    path = write(PROGRESS, "progress.yaml")
    planned = json.loads(runner.invoke(app, ["schedule", path, "-f", "json"]).output)
    result = runner.invoke(app, ["risk", path, "-n", "500", "-f", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["finish"]["deterministic"] == planned["project"]["finish"]
    assert payload["criticality"]["A"] == 0.0 and payload["sensitivity"]["A"] == 0.0
    assert payload["finish"]["p10"] <= payload["finish"]["p90"]
    table = runner.invoke(app, ["risk", path, "-n", "200"]).output
    (plan_row,) = [line.split() for line in table.splitlines() if line.split()[:1] == ["plan"]]
    assert plan_row == ["plan", planned["project"]["finish"]]


def test_table_output(write):
    result = runner.invoke(app, ["risk", write(PLAN), "-n", "300", "--due", "20"])
    assert result.exit_code == 0, result.output
    assert "P80" in result.output and "tornado" in result.output
    assert "P(finish by due)" in result.output


@pytest.mark.parametrize(("args", "data", "words"), [
    (["--due", "2026-01-01"], PLAN, "--due must be a number"),
    (["--budget", "100"], {**PLAN, "risks": []}, "--budget needs costs"),
    (["-n", "1"], PLAN, "at least 2"),
    ([], {**PLAN, "tasks": [{"id": "A", "duration": 1,
                             "distribution": {"type": "normal", "std": -1}}]}, "std >= 0"),
    ([], {**PLAN, "risks": [{"id": "R", "probability": 2, "tasks": ["A"]}]}, "between 0 and 1"),
])
def test_bad_input_exits_2_with_a_message(write, args, data, words):
    result = runner.invoke(app, ["risk", write(data), *args])
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output


def test_missing_file_exits_2(tmp_path):
    result = runner.invoke(app, ["risk", str(tmp_path / "nope.json")])
    assert result.exit_code == 2 and "no such file" in result.output


def test_the_command_does_not_import_django(write):
    path = write(PLAN)
    code = ("import sys; from jalon.cli.main import app\n"
            f"try:\n    app(['risk', {path!r}, '-n', '50'])\nexcept SystemExit:\n    pass\n"
            "assert not any(m.startswith('django') for m in sys.modules), 'django imported'\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
