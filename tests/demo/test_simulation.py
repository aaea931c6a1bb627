"""Simulating the demo's NUM-ERP, under way at its status date: the deterministic finish shown
beside the simulation is the project's finish, from the platform and from ``jalon schedule``
and ``jalon risk`` on the project exported as MS Project XML, and the tasks finished months
ago are neither critical nor drivers of the finish."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from typer.testing import CliRunner

from jalon.cli.main import app
from jalon.engine.montecarlo import simulate
from jalon.interchange.services import export_bytes
from jalon.planning.models import Dependency, Task
from jalon.planning.scheduling import project_schedule
from jalon.portfolios.models import Project
from jalon.risks.models import SimulationRun
from jalon.risks.simulation import simulated_plan, simulation_execute, simulation_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def pmo(demo):
    return get_user_model().objects.get(username="pmo")


@pytest.fixture
def erp(demo):
    return Project.objects.get(code="NUM-ERP")


def test_the_simulation_of_num_erp_starts_from_its_progress(pmo, erp):
    run = simulation_start(actor=pmo, project=erp, iterations=300, seed=1)
    if SimulationRun.objects.get(pk=run.pk).state == SimulationRun.State.QUEUED:
        simulation_execute(run.pk)  # what ``jalon worker`` would do
    run.refresh_from_db()
    assert run.state == SimulationRun.State.DONE, run.failure
    finish = run.result["finish"]
    assert finish["deterministic_date"] == project_schedule(erp).finish.isoformat()
    finished = {str(pk) for pk in Task.objects.filter(project=erp, percent_complete=100)
                .values_list("pk", flat=True)}
    assert finished  # the demo's ERP is well under way
    assert not finished & {row["task"] for row in run.result["criticality"]}
    assert not finished & {row["task"] for row in run.result["tornado"]}
    assert finish["p10_date"] > erp.status_date.isoformat()  # only what remains is drawn


def test_jalon_schedule_and_jalon_risk_agree_on_the_exported_project(pmo, erp, tmp_path):
    content, _mime, name = export_bytes(user=pmo, project=erp, format="mspdi")
    path = tmp_path / name
    path.write_bytes(content)
    runner = CliRunner()
    planned = runner.invoke(app, ["schedule", str(path), "--format", "json"])
    assert planned.exit_code == 0, planned.output
    simulated = runner.invoke(app, ["risk", str(path), "-n", "300", "--format", "json"])
    assert simulated.exit_code == 0, simulated.output
    finish = json.loads(planned.stdout)["project"]["finish"]
    assert json.loads(simulated.stdout)["finish"]["deterministic"] == finish
    assert finish == project_schedule(erp).finish.isoformat()


def test_projects_waiting_on_other_projects_simulate_from_the_dates_those_impose(demo):
    """LYON-AMENAG and USINE-MAINT follow tasks of other projects: the simulation takes the
    other projects' dates as scheduled, so its deterministic plan is still the schedule."""
    waiting = Dependency.objects.exclude(predecessor__project=F("successor__project"))
    linked = Project.objects.filter(pk__in=waiting.values("successor__project"))
    assert {"LYON-AMENAG", "USINE-MAINT"} <= {p.code for p in linked}
    for project in linked:
        result = simulate(simulated_plan(project), iterations=20, seed=1,
                          retained_logic=project.retained_logic)
        assert result.deterministic_finish_date == project_schedule(project).finish, project.code
