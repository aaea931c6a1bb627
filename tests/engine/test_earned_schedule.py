"""Earned schedule (Lipke): the worked example, edge cases and invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jalon.engine import earned_schedule, earned_value
from jalon.errors import ValidationFailed

# Lipke's illustration ("Schedule is Different", The Measurable News, March 2003; also in
# PMI's Practice Standard for EVM, 2nd ed., appendix D): a plan from January to November,
# status at the end of July (AT = 7), all the PV through May earned and part of June, so
# ES = 5 + (EV - PV_May) / (PV_Jun - PV_May). The figure gives no amounts; these are ours,
# chosen so that every figure is exact.
MONTHLY_PV = [10, 25, 45, 70, 100, 130, 160, 190, 215, 235, 250]  # Jan..Nov, BAC = 250


def test_lipke_worked_example():
    r = earned_schedule(MONTHLY_PV, ev=115, at=7)
    assert r.es == pytest.approx(5.5)  # 5 + (115 - 100) / (130 - 100)
    assert r.sv_t == pytest.approx(-1.5)
    assert r.spi_t == pytest.approx(5.5 / 7)
    assert r.planned_duration == 11
    assert r.ieac_t == pytest.approx(14.0)  # 11 / (5.5 / 7)
    assert not r.beyond_curve


def test_a_late_project_at_completion_is_late_in_time_not_in_money():
    """Lipke's motivation: finishing in month 13 instead of 11, SV = 0 and SPI = 1."""
    padded = MONTHLY_PV + [250, 250]  # the curve covers the actual time
    money = earned_value(250, 250, 250, 260)
    time = earned_schedule(padded, ev=250, at=13)
    assert money.sv == 0 and money.spi == 1
    assert time.es == 11 and time.sv_t == -2
    assert time.spi_t == pytest.approx(11 / 13)
    assert time.ieac_t == pytest.approx(13)


def test_ev_zero():
    r = earned_schedule(MONTHLY_PV, ev=0, at=2)
    assert r.es == 0 and r.spi_t == 0 and math.isnan(r.ieac_t)


def test_on_a_flat_segment_es_is_the_time_nearest_at():
    # nothing planned in the first two periods nor in period 4
    curve = [0, 0, 10, 10, 30]
    assert earned_schedule(curve, 0, 2).es == 2
    assert earned_schedule(curve, 10, 4).es == 4
    assert earned_schedule(curve, 20, 4).es == pytest.approx(4.5)
    assert earned_schedule(curve, 5, 3).es == pytest.approx(2.5)
    # EV = PV with the status on a plateau: on time, not ahead by the rest of the plateau
    assert earned_schedule(curve, 10, 3.5).spi_t == 1
    assert earned_schedule(curve, 0, 1.5).spi_t == 1
    # the plateau's ends when the status is past it (late) or before it (early)
    assert earned_schedule(curve, 10, 4.5).es == 4
    assert earned_schedule(curve, 10, 2.5).es == 3


def test_points_at_other_times_are_read_linearly_between_them():
    """Half the budget planned in the first quarter of the period, half in the rest: at a
    quarter of the period, EV = PV means a quarter of a period, not half (the end-of-period
    chord would say 0.5, SPI(t) 2)."""
    r = earned_schedule([100, 200], ev=100, at=0.25, times=[0.25, 1])
    assert r.es == pytest.approx(0.25) and r.spi_t == pytest.approx(1)
    assert r.planned_duration == 1
    assert earned_schedule([100, 200], ev=150, at=1, times=[0.25, 1]).es == pytest.approx(0.625)
    assert earned_schedule([100, 200], ev=100, at=0.25).es == 1


@pytest.mark.parametrize("times", [[1], [0, 1], [2, 1], [1, float("nan")]])
def test_bad_times_are_refused(times):
    with pytest.raises(ValidationFailed, match="times of the planned value curve"):
        earned_schedule([10, 20], 5, 1, times=times)


def test_ev_beyond_the_last_period():
    r = earned_schedule([10, 20, 30], ev=35, at=2)
    assert r.es == 3 and r.beyond_curve


def test_at_zero_and_planned_duration():
    r = earned_schedule([10, 20], ev=0, at=0)
    assert math.isnan(r.spi_t) and math.isnan(r.ieac_t)
    r = earned_schedule([10, 20], ev=15, at=2, planned_duration=4)
    assert r.ieac_t == pytest.approx(4 / 0.75)


@pytest.mark.parametrize("curve", [[], [10, 5], [0, 0], [-1, 3]])
def test_bad_curves_are_refused(curve):
    with pytest.raises(ValidationFailed):
        earned_schedule(curve, 1, 1)


def test_arrays_of_status_points():
    r = earned_schedule(MONTHLY_PV, ev=[0, 115, 250], at=[1, 7, 12])
    np.testing.assert_allclose(r.es, [0, 5.5, 11])
    assert r.as_dict(("es", "ieac_t"))["ieac_t"][0] is None


def reference_es(curve: list[float], ev: float, at: float) -> float:
    """Lipke's count, written as a loop: C = periods with PV_t <= EV, capped at completion;
    on a plateau at EV (periods C0..C with PV = EV), the time on it nearest AT."""
    bac = curve[-1]
    if ev >= bac - 1e-9 * bac:
        return float(next(i + 1 for i, v in enumerate(curve) if v >= bac))
    points = [0.0, *curve]
    equal = [t for t, v in enumerate(points) if abs(v - ev) <= 1e-9 * bac]  # to the last bits
    if equal:
        return min(max(at, equal[0]), equal[-1])
    c = sum(1 for v in curve if v <= ev)
    low = curve[c - 1] if c else 0.0
    return c + (ev - low) / (curve[c] - low)


curves = st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=30).map(
    lambda steps: np.cumsum(steps).tolist()).filter(lambda c: c[-1] > 0)


@given(curves, st.floats(min_value=0, max_value=1), st.floats(min_value=0.1, max_value=50))
def test_es_invariants(curve, share, at):
    ev = share * curve[-1]  # EV <= BAC
    r = earned_schedule(curve, ev, at)
    assert 0 <= r.es <= len(curve)
    assert r.es <= r.planned_duration
    assert r.es == pytest.approx(reference_es(curve, ev, at), abs=1e-9)
    assert r.sv_t == pytest.approx(r.es - at)
    # more earned value never means less earned schedule
    assert earned_schedule(curve, min(ev * 1.1, curve[-1]), at).es >= r.es - 1e-12
