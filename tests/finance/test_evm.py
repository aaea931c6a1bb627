"""Earned value through the database: a worked example with known PV, EV and AC."""

from __future__ import annotations

import pytest

from jalon.finance.evm import project_performance
from tests.finance.conftest import AC, BAC, EV, PV

pytestmark = pytest.mark.django_db


def test_the_worked_example_gives_the_textbook_figures(worked):
    performance = project_performance(worked["project"])
    assert performance.available, performance.reason
    evm = performance.evm
    assert (evm.bac, evm.pv, evm.ev, evm.ac) == pytest.approx((BAC, PV, EV, AC))
    cpi, spi = EV / AC, EV / PV
    assert evm.sv == pytest.approx(-2_000)
    assert evm.cv == pytest.approx(-2_500)
    assert evm.spi == pytest.approx(spi)
    assert evm.cpi == pytest.approx(cpi)
    assert evm.eac_cpi == pytest.approx(BAC / cpi)
    assert evm.eac_atypical == pytest.approx(AC + BAC - EV)
    assert evm.eac_cpi_spi == pytest.approx(AC + (BAC - EV) / (cpi * spi))
    assert evm.etc == pytest.approx(BAC / cpi - AC)
    assert evm.vac == pytest.approx(BAC - BAC / cpi)
    assert evm.tcpi_bac == pytest.approx((BAC - EV) / (BAC - AC))
    assert performance.unallocated_ac == pytest.approx(500)


def test_earned_schedule_is_in_months_from_the_start(worked):
    es = project_performance(worked["project"]).es
    # One month (March 2025, 21 working days from the 3rd); all 18,000 planned in it. The
    # plan earns 11,000 on its 13th working day (Design's 10, then 3 of Build's 10).
    assert es.es == pytest.approx(13 / 21)
    assert es.at == pytest.approx(15 / 21)
    assert es.spi_t == pytest.approx(13 / 15)


def test_tasks_roll_up_to_the_project(worked):
    performance = project_performance(worked["project"])
    rows = {row.task.name: row.evm for row in performance.tasks}
    assert rows["Design"]["pv"] == pytest.approx(8_000)
    assert rows["Build"]["pv"] == pytest.approx(5_000)
    assert rows["Build"]["ev"] == pytest.approx(3_000)
    assert rows["Build"]["bac"] == pytest.approx(10_000)
    assert rows["Build"]["ac"] == pytest.approx(4_000)
    for key in ("bac", "pv", "ev"):
        assert sum(r[key] for r in rows.values()) == pytest.approx(getattr(performance.evm, key))
    assert sum(r["ac"] for r in rows.values()) + performance.unallocated_ac == pytest.approx(AC)


def test_each_task_has_its_earned_schedule_in_working_days_from_its_start(worked):
    rows = {row.task.name: row.evm for row in project_performance(worked["project"]).tasks}
    # Design: 10 days planned, done on its 10th day: on time, whenever the status date is.
    assert rows["Design"]["es"] == pytest.approx(10)
    assert rows["Design"]["spi_t"] == pytest.approx(1)
    # Build: days 11-20, 30 % earned after 5 of them: 3 days' worth, 2 days late.
    build = rows["Build"]
    assert (build["es"], build["sv_t"]) == pytest.approx((3, -2))
    assert build["spi_t"] == pytest.approx(0.6)
    assert build["ieac_t"] == pytest.approx(10 / 0.6)
    # The milestone spans no time: no earned schedule.
    assert rows["Handover"]["es"] is None and rows["Handover"]["spi_t"] is None


def test_a_fixed_cost_changed_after_the_baseline_is_scope_growth_not_budget(pmo, worked):
    from decimal import Decimal

    from jalon.finance import services
    from jalon.planning import services as planning

    build = worked["build"]
    cost = build.fixed_costs.get()
    services.fixed_cost_update(actor=pmo, cost=cost, amount=Decimal("3000"))
    performance = project_performance(worked["project"])
    assert performance.evm.bac == pytest.approx(BAC)  # the baseline recorded 2,000
    assert performance.current_budget == pytest.approx(BAC + 1_000)
    assert performance.kpis["scope_growth"] == pytest.approx(1_000 / BAC * 100)
    # A new baseline takes the fixed cost as it is now.
    rebaselined = planning.baseline_create(actor=pmo, project=worked["project"], name="Re-plan")
    assert rebaselined.tasks.get(task=build).fixed_cost == Decimal("3000")
    assert project_performance(worked["project"], baseline=rebaselined).evm.bac == \
        pytest.approx(BAC + 1_000)


def test_approved_timesheet_time_adds_to_the_actual_cost_up_to_the_status_date(worked):
    import datetime
    from decimal import Decimal

    from tests.factories import ResourceFactory, TimesheetEntryFactory

    build = worked["build"]
    fitter = ResourceFactory(standard_rate=Decimal("50"))
    for day, status in ((18, "approved"), (19, "approved"), (20, "submitted"), (24, "approved")):
        TimesheetEntryFactory(task=build, resource=fitter, date=datetime.date(2025, 3, day),
                              hours=Decimal("8"), status=status)
    performance = project_performance(worked["project"])
    # Two approved days of 8 h at 50 by the status date; the submitted day and the day after
    # the status date do not count.
    assert performance.evm.ac == pytest.approx(AC + 800)
    rows = {row.task.name: row.evm for row in performance.tasks}
    assert rows["Build"]["ac"] == pytest.approx(4_000 + 800)
