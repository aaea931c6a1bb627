"""KPIs and RAG statuses: bands, the worst of the assessed, roll-ups from summed amounts."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jalon.engine.kpis import (
    Band,
    assess,
    classify,
    kpi_values,
    percent_elapsed,
    resource_utilisation,
    rollup_kpis,
    worst,
)
from jalon.errors import ValidationFailed

INDEX = Band(0.95, 0.85, True)
SLIP = Band(5, 15, False)


@pytest.mark.parametrize(("value", "status"), [
    (1.2, "green"), (0.95, "green"), (0.9499, "amber"), (0.85, "amber"), (0.8499, "red"),
    (math.nan, ""), (None, "")])
def test_an_index_is_green_at_or_above_its_green_threshold(value, status):
    assert classify(value, INDEX) == status


@pytest.mark.parametrize(("value", "status"), [(0, "green"), (5, "green"), (5.5, "amber"),
                                               (15, "amber"), (16, "red")])
def test_a_slip_is_green_at_or_below_its_green_threshold(value, status):
    assert classify(value, SLIP) == status


def test_a_band_with_amber_on_the_wrong_side_is_refused():
    with pytest.raises(ValidationFailed):
        Band(0.85, 0.95, True)


def test_the_worst_assessed_status_wins_and_unassessed_ones_are_ignored():
    assert worst(["green", "", "amber"]) == "amber"
    assert worst(["green", "red", "amber"]) == "red"
    assert worst(["", ""]) == ""


def test_kpis_follow_their_formulas():
    values = kpi_values(bac=1000, ev=400, ac=500, spi=0.8, cpi=0.8, time_elapsed=50,
                        milestone_slip=3, baseline_budget=1000, current_budget=1100)
    assert values["overspend"] == pytest.approx(10)  # 50 % consumed, 40 % complete
    assert values["schedule_lag"] == pytest.approx(10)  # 50 % elapsed, 40 % complete
    assert values["scope_growth"] == pytest.approx(10)
    assert math.isnan(values["spi_t"])


def test_dimensions_take_the_worst_of_their_kpis_and_overall_the_worst_dimension():
    bands = {"spi": INDEX, "cpi": INDEX, "milestone_slip": SLIP}
    kpis, dims = assess({"spi": 0.97, "cpi": 0.9, "milestone_slip": 20}, bands)
    assert kpis["spi"] == "green" and kpis["milestone_slip"] == "red"
    assert dims["schedule"] == "red" and dims["cost"] == "amber"
    assert dims["scope"] == dims["resources"] == dims["risk"] == ""
    assert dims["overall"] == "red"


def test_percent_elapsed_is_clipped_to_the_plan():
    assert percent_elapsed(0, 20, 5) == 25
    assert percent_elapsed(0, 20, 40) == 100
    assert math.isnan(percent_elapsed(3, 3, 5))


def part(bac, pv, ev, ac, **extra):
    return {"bac": bac, "pv": pv, "ev": ev, "ac": ac, "manager_eac": None,
            "time_elapsed": math.nan, "milestone_slip": None, "baseline_budget": bac,
            "current_budget": bac, **extra}


def test_a_roll_up_recomputes_indices_from_the_sums_never_averages_them():
    parts = [part(1000, 500, 400, 800), part(9000, 1000, 1000, 1000)]
    evm, values = rollup_kpis(parts)
    assert (evm.bac, evm.pv, evm.ev, evm.ac) == (10000, 1500, 1400, 1800)
    assert evm.cpi == pytest.approx(1400 / 1800)
    assert evm.cpi != pytest.approx((400 / 800 + 1) / 2)
    assert values["spi"] == pytest.approx(1400 / 1500)


def test_a_roll_up_sums_manager_eacs_only_when_every_part_has_one():
    assert math.isnan(rollup_kpis([part(1, 1, 1, 1, manager_eac=2), part(1, 1, 1, 1)])[0].eac_manager)
    assert rollup_kpis([part(1, 1, 1, 1, manager_eac=2),
                        part(1, 1, 1, 1, manager_eac=3)])[0].eac_manager == 5


def test_a_roll_up_takes_the_largest_slip_and_the_bac_weighted_time_elapsed():
    _evm, values = rollup_kpis([part(100, 0, 0, 0, time_elapsed=10, milestone_slip=2),
                                part(300, 0, 0, 0, time_elapsed=50, milestone_slip=8)])
    assert values["milestone_slip"] == 8
    assert values["schedule_lag"] == pytest.approx(40)


amounts = st.floats(0, 1e9, allow_nan=False)


@given(st.lists(st.tuples(amounts, amounts, amounts, amounts), min_size=1, max_size=8))
def test_roll_up_amounts_equal_the_sum_of_the_parts(rows):
    evm, _values = rollup_kpis([part(*row) for row in rows])
    for i, key in enumerate(("bac", "pv", "ev", "ac")):
        assert getattr(evm, key) == pytest.approx(sum(r[i] for r in rows))


def test_risk_kpis_roll_up_as_sums_and_exposure_is_a_share_of_the_budget():
    parts = [{"bac": 1000.0, "pv": 500.0, "ev": 500.0, "ac": 500.0, "risk_exposure": 50.0,
              "high_risks": 1.0},
             {"bac": 3000.0, "pv": 1000.0, "ev": 1000.0, "ac": 1000.0, "risk_exposure": 150.0,
              "high_risks": 2.0},
             {"bac": 1000.0, "pv": 0.0, "ev": 0.0, "ac": 0.0}]  # risks unknown
    _, values = rollup_kpis(parts)
    assert values["risk_exposure"] == pytest.approx(200 / 5000 * 100)
    assert values["high_risks"] == 3
    _, unknown = rollup_kpis(parts[2:])
    assert math.isnan(unknown["risk_exposure"]) and math.isnan(unknown["high_risks"])


def test_overallocated_share_counts_the_project_s_resource_days_over_capacity():
    import numpy as np

    from jalon.engine.kpis import overallocated_share

    own = np.array([[1.0, 1.0, 0.0, 1.0], [0.0, 0.5, 0.5, 0.0]])
    total = np.array([[2.0, 1.0, 3.0, 1.0], [0.0, 0.5, 1.5, 0.0]])
    capacity = np.ones((2, 4))
    # Loaded: 5 resource-days; over: (0, 0) and (1, 2); (0, 2) is over but not the project's.
    assert overallocated_share(own, total, capacity) == pytest.approx(40)
    assert math.isnan(overallocated_share(np.zeros((1, 2)), total[:1, :2], capacity[:1, :2]))


def test_overallocation_rolls_up_weighted_by_loaded_days():
    parts = [{"bac": 1.0, "pv": 1.0, "ev": 1.0, "ac": 1.0, "overallocation": 50.0,
              "loaded_days": 10.0},
             {"bac": 1.0, "pv": 1.0, "ev": 1.0, "ac": 1.0, "overallocation": 0.0,
              "loaded_days": 30.0}]
    assert rollup_kpis(parts)[1]["overallocation"] == pytest.approx(12.5)


def test_the_milestone_hit_rate_is_a_share_of_the_milestones_due_and_rolls_up_as_counts():
    values = kpi_values(bac=100, ev=50, ac=50, spi=1, cpi=1, milestones_due=4, milestones_hit=3)
    assert values["milestone_hit_rate"] == pytest.approx(75)
    none_due = kpi_values(bac=100, ev=50, ac=50, spi=1, cpi=1)
    assert math.isnan(none_due["milestone_hit_rate"])
    _evm, rolled = rollup_kpis([{"bac": 1.0, "pv": 1.0, "ev": 1.0, "ac": 1.0,
                                 "milestones_due": 2.0, "milestones_hit": 2.0},
                                {"bac": 1.0, "pv": 1.0, "ev": 1.0, "ac": 1.0,
                                 "milestones_due": 8.0, "milestones_hit": 1.0}])
    assert rolled["milestone_hit_rate"] == pytest.approx(30)  # 3 of 10, not the mean of 100 and 12.5
    _kpis, dims = assess(rolled, {"milestone_hit_rate": Band(90, 75, True)})
    assert dims["schedule"] == "red"


def test_utilisation_is_what_every_project_asks_of_the_capacity_on_the_project_s_days():
    own = np.array([[1.0, 1.0, 0.0, 0.0], [0.0, 0.5, 0.5, 0.0]])
    total = np.array([[1.0, 2.0, 3.0, 0.0], [0.0, 0.5, 1.5, 1.0]])
    capacity = np.array([[1.0, 1.0, 1.0, 1.0], [2.0, 2.0, 2.0, 2.0]])
    # Loaded resource-days: (0,0), (0,1), (1,1), (1,2): asked 1 + 2 + 0.5 + 1.5 = 5 of 1+1+2+2.
    assert resource_utilisation(own, total, capacity) == pytest.approx(5 / 6 * 100)
    assert math.isnan(resource_utilisation(np.zeros((1, 2)), total[:1, :2], capacity[:1, :2]))
    _evm, rolled = rollup_kpis([{"bac": 1.0, "pv": 1.0, "ev": 1.0, "ac": 1.0, "utilisation": 50.0,
                                 "loaded_days": 30.0},
                                {"bac": 1.0, "pv": 1.0, "ev": 1.0, "ac": 1.0,
                                 "utilisation": 150.0, "loaded_days": 10.0}])
    assert rolled["utilisation"] == pytest.approx(75)


# -- the registry -----------------------------------------------------------------------------

def test_dimensions_kpi_keys_and_default_bands_derive_from_the_registry():
    from jalon.engine.kpis import DIMENSION_KPIS, KPI_KEYS, REGISTRY

    assert set(KPI_KEYS) == {k for keys in DIMENSION_KPIS.values() for k in keys}
    assert DIMENSION_KPIS["cost"] == ("cpi", "overspend")
    bands = REGISTRY.bands()
    assert bands["spi_t"] == bands["spi"] == Band(0.95, 0.85, True)  # SPI(t) is judged as SPI
    assert "spi_t" not in REGISTRY.band_keys and "milestone_hit" in REGISTRY.band_keys
    assert REGISTRY.bands({"spi": (0.9, 0.8)})["spi_t"] == Band(0.9, 0.8, True)
    assert REGISTRY.defaults()["high_risks"] == (0, 2)


def test_a_kpi_declared_inconsistently_is_refused():
    from jalon.engine.kpis import REGISTRY, Kpi

    def declare(**changes):
        fields = {"key": "x", "dimension": "cost", "higher_is_better": True, "unit": "index",
                  "decimals": 2, "green": 1.0, "amber": 0.9, "label": "X", "help": "X.",
                  "value": lambda f: f.cpi, **changes}
        return Kpi(**fields)

    with pytest.raises(ValidationFailed):
        declare(unit="furlongs")
    with pytest.raises(ValidationFailed):
        declare(green=0.5)  # amber above green for a higher-is-better KPI
    with pytest.raises(ValidationFailed):
        declare(key="Bad Key")
    with pytest.raises(ValidationFailed):
        REGISTRY.extended(declare(dimension="morale"))
    with pytest.raises(ValidationFailed):
        REGISTRY.extended(declare(key="spi"))  # taken
    with pytest.raises(ValidationFailed):
        REGISTRY.extended(declare(band="overspend"))  # lower is better there
