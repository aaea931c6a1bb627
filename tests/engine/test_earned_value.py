"""Earned value figures: textbook cases, undefined figures, vectorised invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jalon.engine import earned_value
from jalon.engine.earned_value import EVM_KEYS
from jalon.errors import ValidationFailed


def test_textbook_behind_schedule_and_over_budget():
    """The classic worksheet (BAC 100, 70 % planned, 50 % done, 70 spent), as circulated in EVM
    training material ("Earned Value Management" worksheet, scribd document 425360558):
    SV = CV = -20, SPI = CPI = 0.714, TCPI = 1.667. The other figures follow from DESIGN.md's
    formulas: EAC = 100 / (5/7) = 140, AC + BAC - EV = 120, AC + 50 / (25/49) = 168."""
    r = earned_value(100, 70, 50, 70)
    assert (r.sv, r.cv) == (-20, -20)
    assert round(r.spi, 3) == round(r.cpi, 3) == 0.714
    assert round(r.tcpi_bac, 3) == 1.667
    assert r.eac_cpi == pytest.approx(140)
    assert r.eac_atypical == 120
    assert r.eac_cpi_spi == pytest.approx(168)
    assert r.etc == pytest.approx(70) and r.vac == pytest.approx(-40)
    assert r.tcpi_eac == pytest.approx(r.cpi)  # against EAC(CPI), TCPI equals CPI


def test_textbook_estimate_at_completion():
    """Construction project (ceboardexamgenerator.com, "Project control and earned value"):
    BAC 5,000,000, EV 1,500,000, AC 1,800,000: CPI = 0.8333 and EAC = BAC / CPI = 6,000,000;
    with BAC 10,000,000, EV 3,000,000, AC 3,500,000: CPI = 0.857, TCPI = 1.077."""
    r = earned_value(5_000_000, 1_500_000, 1_500_000, 1_800_000)
    assert round(r.cpi, 4) == 0.8333
    assert r.eac_cpi == pytest.approx(6_000_000)
    assert r.etc == pytest.approx(4_200_000)
    assert r.vac == pytest.approx(-1_000_000)
    r = earned_value(10_000_000, 3_000_000, 3_000_000, 3_500_000)
    assert round(r.cpi, 3) == 0.857 and round(r.tcpi_bac, 3) == 1.077


def test_indices_are_not_rounded_before_use():
    r = earned_value(1000, 300, 100, 300)
    # CPI = 1/3: EAC = 3000 exactly, not 1000 / 0.333 = 3003.0
    assert r.eac_cpi == pytest.approx(3000, abs=1e-9)


def test_manager_eac_feeds_tcpi_eac():
    r = earned_value(100, 70, 50, 70, manager_eac=130)
    assert r.eac_manager == 130 and r.etc_manager == 60
    assert r.tcpi_eac == pytest.approx(50 / 60)
    assert math.isnan(earned_value(100, 70, 50, 70).eac_manager)


def test_division_by_zero_is_nan_never_an_exception():
    r = earned_value(100, 0, 0, 0)  # nothing planned, earned or spent yet
    assert math.isnan(r.spi) and math.isnan(r.cpi) and math.isnan(r.eac_cpi)
    assert r.sv == 0 and r.cv == 0 and r.eac_atypical == 100 and r.tcpi_bac == 1
    r = earned_value(100, 10, 0, 5)  # spent, nothing earned: CPI 0, no CPI forecast
    assert r.cpi == 0 and math.isnan(r.eac_cpi) and math.isnan(r.vac)
    r = earned_value(100, 100, 80, 100)  # budget spent: TCPI(BAC) undefined
    assert math.isnan(r.tcpi_bac)
    assert r.as_dict(EVM_KEYS)["tcpi_bac"] is None


@pytest.mark.parametrize("bad", [-1, math.nan, math.inf])
def test_bad_amounts_are_refused(bad):
    with pytest.raises(ValidationFailed) as error:
        earned_value(100, 10, 10, bad)
    assert error.value.field == "ac"


def test_arrays_give_the_same_figures_as_scalars():
    bac, pv, ev, ac = [100, 200, 50], [70, 0, 50], [50, 20, 50], [70, 25, 0]
    vector = earned_value(bac, pv, ev, ac)
    for i in range(3):
        scalar = earned_value(bac[i], pv[i], ev[i], ac[i])
        for key in EVM_KEYS:
            np.testing.assert_equal(getattr(vector, key)[i], getattr(scalar, key))


amounts = st.floats(min_value=0, max_value=1e9, allow_nan=False)


@given(st.data())
def test_invariants(data):
    bac = data.draw(st.floats(min_value=1, max_value=1e9))
    ev = data.draw(st.floats(min_value=0, max_value=bac))
    pv = data.draw(st.floats(min_value=0, max_value=bac))
    ac = data.draw(amounts)
    r = earned_value(bac, pv, ev, ac)
    assert r.ev <= r.bac
    assert r.sv == ev - pv and r.cv == ev - ac
    if ac > 0:
        assert r.cpi == ev / ac
    else:
        assert math.isnan(r.cpi)
    # Differences of amounts up to 1e9 carry rounding of that size, not of the result's.
    tolerance = 1e-12 * max(bac, ac, abs(r.eac_cpi) if math.isfinite(r.eac_cpi) else 0)
    if not math.isnan(r.eac_cpi):
        assert r.etc == pytest.approx(r.eac_cpi - ac, abs=tolerance)
        assert r.vac == pytest.approx(bac - r.eac_cpi, abs=tolerance)
    assert r.eac_atypical == pytest.approx(ac + bac - ev, abs=tolerance)


@given(st.lists(st.tuples(amounts, amounts, amounts, amounts), min_size=1, max_size=20))
def test_vectorised_matches_element_wise(rows):
    bac, pv, ev, ac = (np.array(column) for column in zip(*rows, strict=True))
    vector = earned_value(bac, pv, ev, ac)
    for i, row in enumerate(rows):
        scalar = earned_value(*row)
        for key in EVM_KEYS:
            np.testing.assert_allclose(getattr(vector, key)[i], getattr(scalar, key))


@given(st.floats(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True, allow_infinity=True))
def test_safe_divide_on_plain_numbers_matches_numpy(numerator, denominator):
    """Scalars take a short path (a roll-up divides thousands of them): the same answer as the
    arrays', NaN for an undefined ratio, infinity for an overflow."""
    from jalon.engine.earned_value import safe_divide

    scalar = safe_divide(numerator, denominator)
    array = safe_divide(np.array([numerator]), np.array([denominator]))[0]
    assert isinstance(scalar, float)
    assert (math.isnan(scalar) and math.isnan(array)) or scalar == array
