"""Levelling the demo: its part-time developer (0.8) is assigned full time on NUM-ERP tasks.
Levelling NUM-ERP, or the whole portfolio, succeeds with both methods, from the platform and
from ``jalon level`` on the project exported as MS Project XML, and says what it did with them."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from typer.testing import CliRunner

from jalon.cli.main import app
from jalon.interchange.services import export_bytes
from jalon.portfolios.models import Project
from jalon.resources.levelling import levelling_execute, levelling_start
from jalon.resources.models import LevellingRun

pytestmark = pytest.mark.django_db

HUGO = "Hugo Lambert"


@pytest.fixture
def pmo(demo):
    return get_user_model().objects.get(username="pmo")


def level_now(pmo, scope, method):
    run = levelling_start(actor=pmo, scope=scope, method=method, time_limit=2)
    if run.state == LevellingRun.State.QUEUED:  # what ``jalon worker`` would do
        levelling_execute(run.pk)
        run.refresh_from_db()
    return run


@pytest.mark.parametrize("method", ["heuristic", "optimal"])
@pytest.mark.parametrize("whole_portfolio", [False, True])
def test_the_project_and_the_portfolio_level_with_both_methods(pmo, method, whole_portfolio):
    erp = Project.objects.get(code="NUM-ERP")
    run = level_now(pmo, erp.portfolio if whole_portfolio else erp, method)
    assert run.state == LevellingRun.State.DONE, run.error
    capped = [(move["project"], reason) for move in run.result["moves"]
              for reason in move["reasons"] if reason["kind"] == "capped"]
    assert ("NUM-ERP", {"resource": HUGO, "needed": 1.0, "capacity": 0.8}) in [
        (project, {key: reason[key] for key in ("resource", "needed", "capacity")})
        for project, reason in capped]
    assert run.result["moves"] and run.result["makespan"] >= run.result["critical_path_bound"]


@pytest.mark.parametrize("method", ["heuristic", "optimal"])
def test_jalon_level_levels_the_exported_project(pmo, tmp_path, method):
    content, _mime, name = export_bytes(user=pmo, project=Project.objects.get(code="NUM-ERP"),
                                        format="mspdi")
    path = tmp_path / name
    path.write_bytes(content)
    result = CliRunner().invoke(app, ["level", str(path), "--method", method, "--time-limit", "2",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    capped = [e for e in payload["explanations"] if e["kind"] == "capped"]
    assert capped and all(e["needed"] == 1.0 and e["capacity"] == pytest.approx(0.8)
                          for e in capped)
    assert HUGO in capped[0]["message"]
