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
    # One month (March 2025, 21 working days from the 3rd); all 18,000 planned in it.
    assert es.es == pytest.approx(EV / BAC)
    assert es.at == pytest.approx(15 / 21)
    assert es.spi_t == pytest.approx((EV / BAC) / (15 / 21))


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
