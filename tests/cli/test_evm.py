"""``jalon evm``: the calculator's JSON keys, textbook cases, a project file, bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml
from typer.testing import CliRunner

from jalon.cli.main import app

runner = CliRunner()
EVM_KEYS = ["sv", "cv", "spi", "cpi", "eac_cpi", "eac_atypical", "eac_cpi_spi", "etc", "vac",
            "tcpi_bac", "tcpi_eac"]


def run(*args: str):
    return runner.invoke(app, ["evm", *args])


def test_calculator_json_keys_and_the_textbook_worksheet():
    # BAC 100, PV 70, EV 50, AC 70 (see tests/engine/test_earned_value.py for the source)
    result = run("--bac", "100", "--pv", "70", "--ev", "50", "--ac", "70", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert list(payload) == EVM_KEYS
    assert payload["sv"] == payload["cv"] == -20
    assert round(payload["spi"], 3) == round(payload["cpi"], 3) == 0.714
    assert round(payload["tcpi_bac"], 3) == 1.667
    assert payload["eac_cpi"] == 140 and payload["eac_atypical"] == 120


def test_calculator_earned_schedule_lipke_example():
    curve = "10,25,45,70,100,130,160,190,215,235,250"
    result = run("--bac", "250", "--pv", "160", "--ev", "115", "--ac", "120",
                 "--pv-curve", curve, "--at", "7", "-f", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert list(payload) == [*EVM_KEYS, "es", "sv_t", "spi_t", "ieac_t"]
    assert payload["es"] == 5.5 and payload["sv_t"] == -1.5 and payload["ieac_t"] == 14


def test_undefined_figures_are_null_in_json_and_a_dash_in_the_table():
    result = run("--bac", "100", "--pv", "0", "--ev", "0", "--ac", "0", "-f", "json")
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert payload["cpi"] is None and payload["spi"] is None and payload["sv"] == 0
    table = run("--bac", "100", "--pv", "0", "--ev", "0", "--ac", "0")
    assert table.exit_code == 0 and "CPI cost performance index" in table.output
    assert "-" in table.output


@pytest.mark.parametrize(("args", "message"), [
    (["--bac", "100", "--pv", "70", "--ev", "-1", "--ac", "70"], "EV must not be negative"),
    (["--bac", "100", "--pv", "70"], "missing --ev, --ac"),
    (["--bac", "1", "--pv", "1", "--ev", "1", "--ac", "1", "--at", "2"], "go together"),
    (["--bac", "1", "--pv", "1", "--ev", "1", "--ac", "1", "--pv-curve", "1,x", "--at", "1"],
     "--pv-curve must be numbers"),
    (["--bac", "1", "--pv", "1", "--ev", "1", "--ac", "1", "--pv-curve", "5,3", "--at", "1"],
     "must not decrease"),
    (["--bac", "ten", "--pv", "1", "--ev", "1", "--ac", "1"], "--bac"),
])
def test_bad_calculator_input_is_a_clear_error(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


PROJECT = {
    "name": "Extension",
    "start": "2026-01-05",
    "tasks": [
        {"id": "P", "name": "Phase 1"},
        {"id": "A", "name": "Foundations", "duration": 10, "parent": "P",
         "percent_complete": 100, "actual_cost": 5200},
        {"id": "B", "name": "Walls", "duration": 10, "predecessors": ["A"], "parent": "P",
         "percent_complete": 40, "actual_cost": 3000, "fixed_cost": 1000},
        {"id": "C", "name": "Roof", "duration": 5, "predecessors": ["B"]},
    ],
    "resources": [{"id": "mason", "standard_rate": 50},
                  {"id": "roofer", "standard_rate": 60, "cost_per_use": 200}],
    "assignments": [{"task": "A", "resource": "mason"}, {"task": "B", "resource": "mason"},
                    {"task": "C", "resource": "roofer", "work": 40}],
}


@pytest.fixture
def project_file(tmp_path):
    def make(data, name="plan.yaml"):
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data) if name.endswith(".yaml") else json.dumps(data))
        return str(path)

    return make


def test_project_file_figures(project_file):
    # A: 80 h x 50 = 4,000; B: 80 h x 50 + 1,000 fixed = 5,000; C: 40 h x 60 + 200 = 2,600.
    # At the end of Friday 2026-01-30 (working day 20) A and B were planned done: PV 9,000;
    # EV = 4,000 + 40 % x 5,000 = 6,000; AC = 8,200.
    result = run(project_file(PROJECT), "--status-date", "2026-01-30", "-f", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    project = payload["project"]
    assert (project["bac"], project["pv"], project["ev"], project["ac"]) == (
        11600, 9000, 6000, 8200)
    assert project["sv"] == -3000 and project["cv"] == -2200
    assert project["cpi"] == pytest.approx(6000 / 8200, abs=1e-6)
    # weekly PV 2,000 / 4,000 / 6,500 / 9,000 / 11,600: ES = 2 + 2,000 / 2,500 = 2.8, AT = 4
    assert [p["pv"] for p in payload["periods"]] == [2000, 4000, 6500, 9000, 11600]
    assert project["es"] == 2.8 and project["at"] == 4 and project["planned_duration"] == 5
    tasks = {t["id"]: t for t in payload["tasks"]}
    assert tasks["P"]["summary"] and tasks["P"]["bac"] == 9000 and tasks["P"]["ac"] == 8200
    assert tasks["C"]["cpi"] is None  # nothing spent: CPI undefined
    leaves = [t for t in payload["tasks"] if not t["summary"]]
    for key in ("bac", "pv", "ev", "ac"):  # the project is the sum of its parts
        assert sum(t[key] for t in leaves) == pytest.approx(project[key])


def test_the_json_keys_of_a_file_are_kept_and_gain_earned_schedule_and_kpis(project_file):
    result = run(project_file(PROJECT), "--status-date", "2026-01-30", "-f", "json")
    payload = json.loads(result.output)
    assert list(payload) == ["project", "tasks", "periods", "kpis", "statuses"]
    assert list(payload["project"]) == ["name", "status_date", "baseline", "period", "bac", "pv",
                                        "ev", "ac", *EVM_KEYS, "es", "sv_t", "spi_t", "ieac_t",
                                        "at", "planned_duration"]
    assert list(payload["tasks"][0]) == ["id", "name", "summary", "percent_complete", "bac",
                                         "pv", "ev", "ac", *EVM_KEYS, "es", "sv_t", "spi_t",
                                         "ieac_t"]
    tasks = {t["id"]: t for t in payload["tasks"]}
    # B: 10 days from day 10, 40 % earned at day 20 (5,000 budget): 4 days' worth of 10.
    assert (tasks["B"]["es"], tasks["B"]["sv_t"]) == (4, -6)
    kpis, statuses = payload["kpis"], payload["statuses"]
    assert kpis["spi"] == pytest.approx(6000 / 9000, abs=1e-6)
    assert kpis["overspend"] == pytest.approx((8200 - 6000) / 11600 * 100, abs=1e-6)
    assert statuses["kpis"]["spi"] == "red" and statuses["computed"]["overall"] == "red"
    assert kpis["high_risks"] is None and statuses["kpis"]["overallocation"] == ""


def test_month_periods_and_the_file_s_risks(project_file):
    data = {**PROJECT, "risks": [{"id": "R1", "probability": 0.25, "tasks": ["C"], "cost": 800},
                                 {"id": "R2", "probability": 0.5, "tasks": ["C"], "cost": -400}]}
    result = run(project_file(data), "--status-date", "2026-01-30", "--period", "month",
                 "-f", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert [p["end"] for p in payload["periods"]] == ["2026-01-31", "2026-02-28"]
    assert payload["project"]["period"] == "month"
    # Only the threat counts: 25 % x 800 over a budget of 11,600.
    assert payload["kpis"]["risk_exposure"] == pytest.approx(200 / 11600 * 100, abs=1e-6)


def test_a_baseline_budgets_only_the_tasks_it_holds_and_project_costs_count(project_file):
    data = {**PROJECT, "actual_cost": 300, "baselines": {"Baseline": {
        "A": {"start": "2026-01-05", "finish": "2026-01-16", "cost": 4000},
        "B": {"start": "2026-01-19", "finish": "2026-01-30"}}}}
    result = run(project_file(data), "--status-date", "2026-01-30", "--baseline", "Baseline",
                 "-f", "json")
    payload = json.loads(result.output)
    tasks = {t["id"]: t for t in payload["tasks"]}
    # C is not in the baseline: it plans nothing (its 2,600 show as scope growth); B's budget
    # is its current cost, the baseline giving none.
    assert (tasks["A"]["bac"], tasks["B"]["bac"], tasks["C"]["bac"]) == (4000, 5000, 0)
    assert payload["project"]["ac"] == 8200 + 300
    assert payload["kpis"]["scope_growth"] == pytest.approx((11600 - 9000) / 9000 * 100,
                                                            abs=1e-6)


def test_project_table_and_baseline(project_file):
    data = {**PROJECT, "baselines": {"Baseline": {
        "A": {"start": "2026-01-05", "finish": "2026-01-09", "cost": 4000},
        "B": {"start": "2026-01-12", "finish": "2026-01-23", "cost": 5000}}}}
    path = project_file(data, "plan.json")
    result = run(path, "--status-date", "2026-01-16", "--baseline", "Baseline", "-f", "json")
    assert result.exit_code == 0, result.output
    project = json.loads(result.output)["project"]
    # baseline: A over week 1 (4,000), B over weeks 2-3: by 2026-01-16, 4,000 + 2,500
    assert project["pv"] == 6500 and project["baseline"] == "Baseline"
    table = run(path, "--status-date", "2026-01-16")
    assert table.exit_code == 0 and "Foundations" in table.output and "SPI(t)" in table.output
    assert "Open high threats" in table.output and "not assessed" in table.output


def test_bad_project_input(project_file, tmp_path):
    path = project_file(PROJECT)
    result = run(path)
    assert result.exit_code == 2 and "--status-date is needed" in result.output
    result = run(path, "--status-date", "soon")
    assert result.exit_code == 2 and "must be a date" in result.output
    result = run(path, "--status-date", "2026-01-30", "--baseline", "B9")
    assert result.exit_code == 2 and "no baseline named 'B9'" in result.output
    bad = {**PROJECT, "tasks": [{**PROJECT["tasks"][1], "parent": None, "actual_cost": "lots"}]}
    result = run(project_file(bad, "bad.yaml"), "--status-date", "2026-01-30")
    assert result.exit_code == 2
    assert "task 'A', field actual_cost: must be a number, not 'lots'" in result.output
    result = run(str(tmp_path / "nope.json"), "--status-date", "2026-01-30")
    assert result.exit_code == 2 and "no such file" in result.output
    result = run(path, "--bac", "1")
    assert result.exit_code == 2 and "not both" in result.output
    assert all("Traceback" not in r.output for r in [result])


def test_the_command_never_imports_django(project_file):
    path = project_file(PROJECT)
    code = (
        "import sys, json\n"
        "from jalon.cli.main import app\n"
        "try:\n"
        f"    app(['evm', {path!r}, '--status-date', '2026-01-30', '-f', 'json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'django')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
