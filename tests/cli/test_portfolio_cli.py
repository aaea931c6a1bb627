"""``jalon portfolio optimize|frontier|ahp``: JSON contracts, infeasible answers, bad input with
exit code 2 naming the file and the candidate or cell, French messages, no Django."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from jalon.cli.main import app

runner = CliRunner()

PORTFOLIO = """\
periods: 4
limits:
  budget: [300, 300, 250, 250]
  dev: 8
candidates:
  - id: ERP
    name: Nouvel ERP
    value: 80
    uses: {budget: [150, 100], dev: [4, 4]}
    mandatory: true
    category: compliance
  - id: CRM
    name: Portail client
    value: 60
    uses: {budget: [90, 60], dev: [3, 2]}
    start: [0, 1, 2]
    requires: [ERP]
    excludes: [CRM-lite]
    after: [ERP]
    category: growth
  - {id: CRM-lite, value: 30, uses: {budget: 40}, start: [0, 1, 2, 3], category: growth}
  - {id: BIG, value: 50, uses: {budget: [200, 200]}, start: [2], category: innovation}
balance:
  - {category: compliance, resource: budget, min_share: 0.1}
  - {category: innovation, max_count: 2}
"""


def write(tmp_path, content, name="portfolio.yaml"):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def invoke(*args, env=None):
    return runner.invoke(app, ["portfolio", *map(str, args)], env=env)


def invoke_json(*args):
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_optimize_gives_the_proven_optimum_with_starts_and_reasons(tmp_path):
    payload = invoke_json("optimize", write(tmp_path, PORTFOLIO))
    assert set(payload) == {"status", "objective", "bound", "gap", "selected", "rejected",
                            "usage"}
    assert payload["status"] == "optimal"
    # ERP + CRM-lite + BIG (160) beats ERP + CRM (140): CRM excludes CRM-lite and, after ERP,
    # can only start in period 2, where BIG needs the budget
    assert payload["objective"] == 160 and payload["bound"] == 160 and payload["gap"] == 0
    assert payload["selected"] == [{"id": "ERP", "start": 0}, {"id": "CRM-lite", "start": 0},
                                   {"id": "BIG", "start": 2}]
    (rejected,) = payload["rejected"]
    assert rejected["id"] == "CRM"
    assert rejected["reasons"][0] == ("“CRM Portail client” and 'CRM-lite' exclude each other, "
                                      "and 'CRM-lite' is selected.")
    assert payload["usage"] == {"budget": [190, 100, 200, 200], "dev": [4, 4, 0, 0]}


def test_an_infeasible_selection_is_an_answer_naming_the_conflict(tmp_path):
    content = PORTFOLIO.replace("value: 30, uses: {budget: 40}",
                                "value: 30, mandatory: true, uses: {budget: 200}")
    content = content.replace("start: [0, 1, 2, 3]", "start: [0]")
    content = content.replace("  - {category: compliance, resource: budget, min_share: 0.1}\n", "")
    payload = invoke_json("optimize", write(tmp_path, content))
    assert payload["status"] == "infeasible"
    assert payload["objective"] is None and payload["selected"] == []
    assert payload["conflict"] == ["the limit of 'budget' in period 0 (300)",
                                   "“ERP Nouvel ERP” is mandatory", "'CRM-lite' is mandatory"]


def test_the_table_names_what_is_left_out(tmp_path):
    result = invoke("optimize", write(tmp_path, PORTFOLIO))
    assert result.exit_code == 0, result.output
    assert "Status optimal" in result.output and "Left out CRM" in result.output


def test_waits_for_pushes_a_start_after_an_existing_project_and_says_so(tmp_path):
    # CRM-lite could start in period 0; waiting for OPS (finishing in period 2) it starts in 3
    content = PORTFOLIO.replace("start: [0, 1, 2, 3], category: growth}",
                                "start: [0, 1, 2, 3], category: growth,\n"
                                "     waits_for: {OPS: 2, HR: 0}}")
    path = write(tmp_path, content)
    payload = invoke_json("optimize", path)
    assert payload["objective"] == 160 and payload["status"] == "optimal"
    assert {"id": "CRM-lite", "start": 3} in payload["selected"]
    assert payload["usage"]["budget"] == [150, 100, 200, 240]
    note = "'CRM-lite' starts in period 3 at the earliest: after 'OPS' finishes."
    assert payload["notes"] == {"CRM-lite": [note]}
    table = invoke("optimize", path)
    assert table.exit_code == 0 and note in table.output
    french = invoke("optimize", path, env={"LANG": "fr_FR.UTF-8"})
    assert "'CRM-lite' commence en période 3 au plus tôt\u00a0: après la fin de 'OPS'." \
        in french.output


def test_no_notes_without_waits_for(tmp_path):
    payload = invoke_json("optimize", write(tmp_path, PORTFOLIO.replace(
        "category: growth}", "category: growth, waits_for: {OPS: -1}}")))
    assert "notes" not in payload  # OPS finished before the horizon: no start was cut
    assert {"id": "CRM-lite", "start": 0} in payload["selected"]


def test_the_frontier_goes_from_nothing_to_everything(tmp_path):
    payload = invoke_json("frontier", write(tmp_path, PORTFOLIO), "--resource", "budget",
                          "--points", "15")
    points = payload["points"]
    assert payload["resource"] == "budget" and len(points) == 15
    assert points[0]["limit"] == 0 and points[-1]["limit"] == 250 + 150 + 40 + 400
    values = [p["value"] for p in points if p["value"] is not None]
    assert values == sorted(values)
    assert set(points[-1]["selected"]) == {"ERP", "CRM", "BIG"}
    assert {"id", "limit", "marginal", "entering"} - {"id"} <= set(points[-1])


def test_ahp_with_fractions(tmp_path):
    path = write(tmp_path, json.dumps({
        "criteria": ["value", "risk", "cost"],
        "matrix": [[1, 3, "5"], ["1/3", 1, 3], ["1/5", "1/3", 1]]}), "ahp.json")
    payload = invoke_json("ahp", path)
    assert set(payload) >= {"weights", "lambda_max", "ci", "cr", "consistent"}
    assert list(payload["weights"]) == ["value", "risk", "cost"]
    assert sum(payload["weights"].values()) == pytest.approx(1, abs=1e-5)
    assert payload["weights"]["value"] == pytest.approx(0.637, abs=1e-3)
    assert payload["consistent"] is True and payload["cr"] < 0.1


@pytest.mark.parametrize(("command", "content", "expected"), [
    ("optimize", PORTFOLIO.replace("requires: [ERP]", "requires: [ERB]"),
     "Candidate “CRM Portail client”: requires names unknown candidate 'ERB'."),
    ("optimize", PORTFOLIO.replace("value: 60", "value: -60"),
     "Candidate “CRM Portail client”: value must not be negative (got -60)."),
    ("optimize", PORTFOLIO.replace("{budget: 40}", "{budget: -40}"),
     "its use of 'budget' must be numbers >= 0"),
    ("optimize", PORTFOLIO.replace("start: [2]", "start: [3]"),
     "Candidate 'BIG': its profile lasts 2 periods and ends within the 4 periods from none of "
     "its allowed starts (3)."),
    ("optimize", PORTFOLIO.replace("[300, 300, 250, 250]", "[300, 300, 250]"),
     "the limit of 'budget' has 3 values; give one number, or one per period (4)."),
    ("optimize", PORTFOLIO.replace("category: growth\n", "category: growth\n    colour: red\n", 1),
     "unknown keys colour"),
    ("optimize", PORTFOLIO.replace("category: growth}", "category: growth, waits_for: {OPS: soon}}"),
     "Candidate 'CRM-lite': waits_for must map each project to the period it finishes in (a "
     "whole number), not {'OPS': 'soon'}."),
    ("optimize", PORTFOLIO.replace("category: growth}", "category: growth, waits_for: [OPS]}"),
     "Candidate 'CRM-lite': waits_for must map each project"),
    ("optimize", PORTFOLIO.replace("category: growth}", "category: growth, waits_for: {OPS: 3}}"),
     "Candidate 'CRM-lite': it cannot start after 'OPS' finishes (period 3) and end within the "
     "4 periods from any of its allowed starts (0, 1, 2, 3)."),
    ("optimize", "limits: [unclosed", "invalid YAML"),
])
def test_bad_selection_files_exit_2_naming_file_and_candidate(tmp_path, command, content,
                                                              expected):
    path = write(tmp_path, content)
    result = invoke(command, path)
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "portfolio.yaml" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(("matrix", "expected"), [
    ([[1, 3], [3, 1]], "Row 1, column 2: 3 is not the reciprocal of 3"),
    ([[1, "1/12"], [12, 1]], "Row 1, column 2: a judgement must lie between 1/9 and 9"),
    ([[1, "three"], ["1/3", 1]], "Row 1, column 2: must be a number or a fraction"),
])
def test_bad_ahp_files_exit_2_naming_the_cell(tmp_path, matrix, expected):
    path = write(tmp_path, json.dumps({"criteria": ["a", "b"], "matrix": matrix}), "ahp.json")
    result = invoke("ahp", path)
    assert result.exit_code == 2
    assert "ahp.json" in result.output and expected in result.output


def test_unknown_frontier_resource_and_french_messages(tmp_path):
    path = write(tmp_path, PORTFOLIO)
    result = invoke("frontier", path, "--resource", "cash")
    assert result.exit_code == 2
    assert "unknown resource 'cash' (the limits name budget, dev)" in result.output
    french = invoke("optimize", write(tmp_path, PORTFOLIO.replace("requires: [ERP]",
                                                                  "requires: [ERB]")),
                    env={"LANG": "fr_FR.UTF-8"})
    assert french.exit_code == 2
    assert "Erreur" in french.output and "candidat inconnu 'ERB'" in french.output


def test_portfolio_does_not_import_django(tmp_path):
    path = write(tmp_path, PORTFOLIO)
    code = ("import sys; from jalon.cli.main import app\n"
            "try:\n    app(['portfolio', 'optimize', sys.argv[1], '--format', 'json'])\n"
            "except SystemExit:\n    pass\n"
            "assert 'django' not in sys.modules, 'django imported'\n")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "optimal"
