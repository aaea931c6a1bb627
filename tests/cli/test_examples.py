"""The example files the README shows run as the README says, and the README lists every demo
login."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from jalon.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
runner = CliRunner()


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_every_example_command_of_the_readme_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^\.venv/bin/jalon ((?:\w+ )+examples/\S+.*?)\s*$", readme,
                          flags=re.M)
    assert len(commands) >= 7
    for command in commands:
        _run(*command.split())


def test_the_office_move_schedules_and_simulates():
    plan = EXAMPLES / "office-move.yaml"
    schedule = json.loads(_run("schedule", str(plan), "--format", "json"))
    assert schedule["project"]["finish"] >= "2026-05-18"  # the move may not start before 15 May
    risk = json.loads(_run("risk", str(plan), "--iterations", "2000", "--seed", "1",
                           "--format", "json"))
    assert risk["finish"]["p80"] >= risk["finish"]["p10"]


def test_the_workshop_levels_to_its_optimum():
    output = _run("level", str(EXAMPLES / "workshop.sm"), "--method", "optimal")
    assert "Makespan 15 (optimal" in output


def test_the_readme_lists_every_demo_login():
    from jalon.demo.users import USERS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([\w.]+)` \|", readme, flags=re.M))
    assert {spec.username for spec in USERS} <= listed


def test_the_portfolio_example_is_selected_optimally_and_explained():
    selection = json.loads(_run("portfolio", "optimize", str(EXAMPLES / "portfolio.yaml"),
                                "--format", "json"))
    assert selection["status"] == "optimal"
    chosen = {item["id"] for item in selection["selected"]}
    assert "ERP" in chosen and not {"CRM", "CRM-lite"} <= chosen  # mandatory; exclusive
    assert {item["id"] for item in selection["rejected"]} == {"CRM", "CRM-lite", "BI", "IOT",
                                                              "GED"} - chosen
    weights = json.loads(_run("portfolio", "ahp", str(EXAMPLES / "criteria.json"),
                              "--format", "json"))
    assert weights["consistent"] and abs(sum(weights["weights"].values()) - 1) < 1e-9
