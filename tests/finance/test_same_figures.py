"""The same plan gives the same figures on the platform and in ``jalon evm``.

A project is built in the database (a summary, people, equipment and a material with rates and
costs per use, fixed costs, a baseline, progress, cost entries on tasks and on none, approved
timesheet time, milestones, risks), exported as a Jalon file through the API, and measured by
``jalon evm FILE --baseline Initial --period month --format json``: every earned value, earned
schedule and KPI figure, for the project and each task, must equal the evm endpoint's.
"""

from __future__ import annotations

import datetime
import json
import math
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from jalon.cli.main import app
from jalon.engine.earned_value import EVM_KEYS
from jalon.finance import services
from jalon.planning import services as planning
from jalon.risks import services as risks
from tests.api.test_api import client_for
from tests.factories import (
    AssignmentFactory,
    DependencyFactory,
    ResourceFactory,
    TaskFactory,
    TimesheetEntryFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PROJECT_KEYS = ("bac", "pv", "ev", "ac", *EVM_KEYS, "es", "sv_t", "spi_t", "ieac_t", "at",
                "planned_duration")
TASK_KEYS = ("bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac_cpi", "etc", "vac", "es",
             "sv_t", "spi_t", "ieac_t")
# What a file can carry: open high threats need the portfolio's risk matrix, over-allocation and
# utilisation the whole resource pool.
FILE_KPIS = ("spi", "spi_t", "milestone_slip", "milestone_hit_rate", "schedule_lag", "cpi",
             "overspend", "scope_growth", "risk_exposure")


def day(month: int, number: int) -> datetime.date:
    return datetime.date(2025, month, number)


@pytest.fixture
def measured(pmo, project):
    """From Monday 3 March 2025: Structure (Design, then Build), the Approval milestone after
    Design, Testing after Build and the Handover milestone; at Wednesday 2 April."""
    project.planned_start = day(3, 3)
    project.save()
    engineer = ResourceFactory(code="ENG", standard_rate=Decimal("100"),
                               cost_per_use=Decimal("50"))
    crane = ResourceFactory(code="CRANE", kind="equipment", standard_rate=Decimal("90"))
    steel = ResourceFactory(code="STEEL", kind="material", standard_rate=Decimal("12"),
                            cost_per_use=Decimal("30"))
    tester = ResourceFactory(code="QA", standard_rate=Decimal("200"))
    structure = TaskFactory(project=project, name="Structure", position=1, wbs_code="1",
                            duration=Decimal("0"))
    design = TaskFactory(project=project, parent=structure, name="Design", position=1,
                         wbs_code="1.1", duration=Decimal("10"))
    build = TaskFactory(project=project, parent=structure, name="Build", position=2,
                        wbs_code="1.2", duration=Decimal("15"))
    approval = TaskFactory(project=project, name="Approval", position=2, wbs_code="2",
                           duration=Decimal("0"), is_milestone=True)
    testing = TaskFactory(project=project, name="Testing", position=3, wbs_code="3",
                          duration=Decimal("10"))
    handover = TaskFactory(project=project, name="Handover", position=4, wbs_code="4",
                           duration=Decimal("0"), is_milestone=True)
    for before, after in ((design, build), (design, approval), (build, testing),
                          (testing, handover)):
        DependencyFactory(predecessor=before, successor=after)
    AssignmentFactory(task=design, resource=engineer, work=Decimal("80"))
    AssignmentFactory(task=build, resource=engineer, units=Decimal("0.5"), work=Decimal("60"))
    AssignmentFactory(task=build, resource=crane, work=Decimal("40"))
    AssignmentFactory(task=build, resource=steel, work=Decimal("100"))  # 100 units of steel
    AssignmentFactory(task=testing, resource=tester, work=Decimal("40"))
    services.fixed_cost_create(actor=pmo, task=design, amount=Decimal("1000"),
                               category="subcontracting")
    planning.baseline_create(actor=pmo, project=project, name="Initial")
    # Since the baseline: more scope on Testing, progress and costs.
    services.fixed_cost_create(actor=pmo, task=testing, amount=Decimal("1500"),
                               category="equipment")
    planning.task_update(actor=pmo, task=design, percent_complete=100, actual_start=day(3, 3),
                         actual_finish=day(3, 14))
    planning.task_update(actor=pmo, task=approval, percent_complete=100,
                         actual_start=day(3, 14), actual_finish=day(3, 14))
    planning.task_update(actor=pmo, task=build, percent_complete=40, actual_start=day(3, 17))
    for when, amount, task in ((day(3, 10), "9000", design), (day(3, 25), "3000", build),
                               (day(3, 28), "400", None), (day(4, 7), "800", build)):
        services.cost_entry_create(actor=pmo, project=project, date=when, amount=Decimal(amount),
                                   category="labour", task=task)
    fitter = ResourceFactory(standard_rate=Decimal("50"))
    for when, status in ((day(3, 20), "approved"), (day(3, 21), "approved"),
                         (day(3, 24), "submitted")):
        TimesheetEntryFactory(task=build, resource=fitter, date=when, hours=Decimal("8"),
                              status=status)
    risks.risk_create(actor=pmo, project=project, title="Crane breakdown",
                      probability_percent=Decimal("20"), cost_impact=Decimal("5000"))
    risks.risk_create(actor=pmo, project=project, title="Late steel", probability=3,
                      cost_impact=Decimal("1000"))
    risks.risk_create(actor=pmo, project=project, title="Reuse", kind="opportunity",
                      probability=4, cost_impact=Decimal("2000"))
    project.status_date = day(4, 2)
    project.save()
    return project


def _same(cli: float | None, web: float | None) -> bool:
    if cli is None or web is None or (isinstance(web, float) and math.isnan(web)):
        return cli is None and (web is None or math.isnan(web))
    return math.isclose(cli, web, rel_tol=1e-9, abs_tol=1e-6)  # the CLI rounds to 6 decimals


def test_the_cli_and_the_platform_give_the_same_figures(manager, measured, tmp_path):
    client = client_for(manager)
    web = client.get(f"/api/v1/projects/{measured.pk}/evm").json()
    assert web["available"], web["reason"]
    exported = client.get(f"/api/v1/projects/{measured.pk}/export?format=json")
    assert exported.status_code == 200
    path = tmp_path / "plan.json"
    path.write_bytes(exported.content)
    result = CliRunner().invoke(app, ["evm", str(path), "--baseline", "Initial", "--period",
                                      "month", "--format", "json"])
    assert result.exit_code == 0, result.output
    cli = json.loads(result.output)

    assert cli["project"]["status_date"] == web["status_date"] == "2025-04-02"
    differ = {key: (cli["project"][key], web["figures"][key]) for key in PROJECT_KEYS
              if not _same(cli["project"][key], web["figures"][key])}
    web_tasks = {str(t["id"]): t for t in web["tasks"]}
    for task in cli["tasks"]:
        figures = web_tasks[task["id"]]["figures"]
        differ.update({f"{task['name']} {key}": (task[key], figures[key]) for key in TASK_KEYS
                       if not _same(task[key], figures[key])})
    differ.update({f"KPI {key}": (cli["kpis"][key], web["figures"][key]) for key in FILE_KPIS
                   if not _same(cli["kpis"][key], web["figures"][key])})
    differ.update({f"status of {key}": (cli["statuses"]["kpis"][key],
                                        web["statuses"]["kpis"][key])
                   for key in FILE_KPIS
                   if cli["statuses"]["kpis"][key] != web["statuses"]["kpis"][key]})
    assert differ == {}
    assert [t["id"] for t in cli["tasks"]] == list(web_tasks)  # the same outline order

    # The example exercises what it claims to: every kind of figure is defined.
    figures = web["figures"]
    assert figures["ac"] == pytest.approx(9000 + 3000 + 400 + 2 * 8 * 50)  # and timesheets
    assert figures["unallocated_ac"] == 400 and figures["scope_growth"] > 0
    assert figures["milestones_due"] == 1 and figures["milestone_hit_rate"] == 100
    assert figures["risk_exposure_amount"] == pytest.approx(0.2 * 5000 + 0.5 * 1000)
    assert figures["es"] is not None and web_tasks[str(
        next(t["id"] for t in web["tasks"] if t["name"] == "Build"))]["figures"]["es"] > 0
