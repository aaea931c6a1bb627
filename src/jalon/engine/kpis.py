"""Key performance indicators and red/amber/green (RAG) statuses computed from the figures.

Conventions
-----------
Every KPI is a plain number computed from earned value figures (currency) and times:

- ``spi``, ``cpi``, ``spi_t``: the indices of :func:`~jalon.engine.earned_value.earned_value`
  and :func:`~jalon.engine.earned_schedule.earned_schedule` (higher is better).
- ``milestone_slip``: the largest finish variance of a milestone against the baseline, in
  working days (positive = late; lower is better).
- ``milestone_hit_rate``: the percent of the milestones due by the status date (baseline
  finish on or before it) that were finished on or before their baseline finish (higher is
  better); NaN when none is due yet.
- ``overspend``: budget consumed minus percent complete, in points:
  ``(AC - EV) / BAC x 100`` (lower is better).
- ``schedule_lag``: percent of the baseline's time elapsed minus percent complete, in points:
  ``elapsed - EV / BAC x 100`` (lower is better).
- ``scope_growth``: the current budget over the baseline's, in percent:
  ``(current - baseline) / baseline x 100`` (lower is better).
- ``risk_exposure``: the expected cost of the open threats (sum of probability x cost if it
  occurs) over the budget at completion, in percent (lower is better).
- ``high_risks``: the number of open threats whose score reaches the matrix's "high"
  threshold (lower is better).
- ``overallocation``: the share of the project's resource-days (a resource loaded by the
  project on a day) on which the resource is asked, by every project, for more than its
  capacity, in percent (lower is better); see :func:`overallocated_share`.
- ``utilisation``: how busy the project's resources are when it needs them: on the
  resource-days the project loads, every project's demand over the capacity, in percent
  (lower is better: above 100 the resources are booked beyond what they can give); see
  :func:`resource_utilisation`.

A KPI that cannot be computed (a division by zero, nothing to compare) is NaN and is **not
assessed**: it neither improves nor worsens a status. A band classifies a value: for a
higher-is-better KPI, green at or above ``green``, amber at or above ``amber``, red below; for
a lower-is-better one, green at or below ``green``, amber at or below ``amber``, red above.

A dimension's status is the worst of its assessed KPIs (red > amber > green); the overall
status is the worst of the assessed dimensions. ``""`` means not assessed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from jalon.engine import messages as m
from jalon.engine.earned_value import EvmResult, earned_value, safe_divide
from jalon.errors import ValidationFailed

__all__ = [
    "DIMENSIONS",
    "DIMENSION_KPIS",
    "KPI_KEYS",
    "NOT_ASSESSED",
    "Band",
    "assess",
    "classify",
    "kpi_values",
    "overallocated_share",
    "resource_utilisation",
    "percent_elapsed",
    "rollup_kpis",
    "worst",
]

GREEN, AMBER, RED = "green", "amber", "red"
NOT_ASSESSED = ""
_RANK = {GREEN: 0, AMBER: 1, RED: 2}

KPI_KEYS = ("spi", "cpi", "spi_t", "milestone_slip", "milestone_hit_rate", "overspend", "schedule_lag", "scope_growth",
            "risk_exposure", "high_risks", "overallocation", "utilisation")
DIMENSIONS = ("schedule", "cost", "scope", "resources", "risk")
DIMENSION_KPIS: dict[str, tuple[str, ...]] = {
    "schedule": ("spi", "spi_t", "milestone_slip", "milestone_hit_rate", "schedule_lag"),
    "cost": ("cpi", "overspend"),
    "scope": ("scope_growth",),
    "resources": ("overallocation", "utilisation"),
    "risk": ("risk_exposure", "high_risks"),
}
"""The KPIs judged for each dimension."""


@dataclass(frozen=True)
class Band:
    """Limits of one KPI: ``green`` and ``amber`` thresholds, and which way is better."""

    green: float
    amber: float
    higher_is_better: bool

    def __post_init__(self) -> None:
        if not (math.isfinite(self.green) and math.isfinite(self.amber)):
            raise ValidationFailed(m.THRESHOLDS_FINITE(), field="green")
        if (self.amber > self.green) if self.higher_is_better else (self.amber < self.green):
            raise ValidationFailed(m.AMBER_SIDE(), field="amber")


def classify(value: float | None, band: Band) -> str:
    """``"green"``, ``"amber"`` or ``"red"`` for ``value``; ``""`` when it is None or NaN."""
    if value is None or not math.isfinite(value):
        return NOT_ASSESSED
    if band.higher_is_better:
        return GREEN if value >= band.green else AMBER if value >= band.amber else RED
    return GREEN if value <= band.green else AMBER if value <= band.amber else RED


def worst(statuses: Iterable[str]) -> str:
    """The worst assessed status (red > amber > green); ``""`` when none is assessed."""
    assessed = [s for s in statuses if s in _RANK]
    return max(assessed, key=_RANK.__getitem__) if assessed else NOT_ASSESSED


def percent_elapsed(start: float, finish: float, status: float) -> float:
    """Percent (0-100) of the time from ``start`` to ``finish`` elapsed at ``status`` (same
    units, e.g. working days); NaN when the span is empty."""
    if not finish > start:
        return math.nan
    return float(np.clip((status - start) / (finish - start), 0.0, 1.0) * 100.0)


def overallocated_share(own: np.ndarray, total: np.ndarray, capacity: np.ndarray) -> float:
    """Percent (0-100) of the resource-days loaded by a project that are over-allocated.

    ``own`` is the project's demand, ``total`` every project's demand and ``capacity`` the
    resources' capacity, all in units, resources in rows and days in columns (same shape). A
    resource-day counts when ``own`` is positive; it is over-allocated when ``total`` exceeds
    ``capacity``. NaN when the project loads no resource-day.
    """
    loaded = own > 1e-9
    if not loaded.any():
        return math.nan
    over = total > capacity + 1e-9
    return float((loaded & over).sum() / loaded.sum() * 100.0)


def resource_utilisation(own: np.ndarray, total: np.ndarray, capacity: np.ndarray) -> float:
    """Percent of the capacity that every project asks of a project's resources, on the
    resource-days the project loads (arrays as in :func:`overallocated_share`).

    ``sum(total) / sum(capacity) x 100`` over the days where ``own`` is positive; NaN when the
    project loads nothing or the resources have no capacity then.
    """
    loaded = own > 1e-9
    available = float(capacity[loaded].sum())
    if not loaded.any() or available <= 0:
        return math.nan
    return float(total[loaded].sum() / available * 100.0)


def kpi_values(
    *,
    bac: float,
    ev: float,
    ac: float,
    spi: float,
    cpi: float,
    spi_t: float = math.nan,
    time_elapsed: float = math.nan,
    milestone_slip: float | None = None,
    milestones_due: float = 0.0,
    milestones_hit: float = 0.0,
    baseline_budget: float = math.nan,
    current_budget: float = math.nan,
    risk_exposure: float = math.nan,
    high_risks: float = math.nan,
    overallocation: float = math.nan,
    utilisation: float = math.nan,
) -> dict[str, float]:
    """The KPIs of a project (or of a roll-up) from its figures; see the module docstring.

    Parameters
    ----------
    bac, ev, ac : float
        Budget at completion, earned value and actual cost (currency).
    spi, cpi, spi_t : float
        Indices (NaN when undefined).
    time_elapsed : float
        Percent of the baseline's duration elapsed at the status date (0-100).
    milestone_slip : float or None
        Largest milestone finish variance in working days; None when there is no milestone.
    milestones_due, milestones_hit : float
        How many milestones were due by the status date, and how many of them were finished
        on or before their baseline finish.
    baseline_budget, current_budget : float
        The budget of the baseline and the budget of the current plan (currency).
    risk_exposure : float
        Expected cost of the open threats (currency), NaN when the risks are not known.
    high_risks : float
        Number of open high threats, NaN when the risks are not known.
    overallocation : float
        Percent of the project's resource-days over-allocated (see
        :func:`overallocated_share`), NaN when not known.
    utilisation : float
        Percent of the capacity asked of the project's resources when it loads them (see
        :func:`resource_utilisation`), NaN when not known.
    """
    complete = safe_divide(ev * 100.0, bac)
    return {
        "spi": float(spi),
        "cpi": float(cpi),
        "spi_t": float(spi_t),
        "milestone_slip": math.nan if milestone_slip is None else float(milestone_slip),
        "milestone_hit_rate": float(safe_divide(milestones_hit * 100.0, milestones_due)),
        "overspend": float(safe_divide((ac - ev) * 100.0, bac)),
        "schedule_lag": float(time_elapsed - complete),
        "scope_growth": float(safe_divide((current_budget - baseline_budget) * 100.0,
                                          baseline_budget)),
        "risk_exposure": float(safe_divide(risk_exposure * 100.0, bac)),
        "high_risks": float(high_risks),
        "overallocation": float(overallocation),
        "utilisation": float(utilisation),
    }


def assess(values: Mapping[str, float], bands: Mapping[str, Band]) -> tuple[dict[str, str],
                                                                            dict[str, str]]:
    """Statuses of each KPI and of each dimension (and ``"overall"``) from KPI ``values``.

    ``bands`` gives the band of each KPI key; a KPI without a band is not assessed.
    """
    kpis = {key: classify(values.get(key), bands[key]) if key in bands else NOT_ASSESSED
            for key in KPI_KEYS}
    dimensions = {dim: worst(kpis[k] for k in keys) for dim, keys in DIMENSION_KPIS.items()}
    dimensions["overall"] = worst(dimensions.values())
    return kpis, dimensions


def rollup_kpis(parts: Sequence[Mapping[str, float | None]]) -> tuple[EvmResult, dict[str, float]]:
    """Earned value and KPIs of a programme or portfolio from those of its projects.

    Each part gives ``bac``, ``pv``, ``ev``, ``ac`` (currency), ``manager_eac`` (or None),
    ``time_elapsed`` (percent), ``milestone_slip`` (working days, or None), optionally
    ``milestones_due`` and ``milestones_hit`` (counts, summed), ``baseline_budget``
    and ``current_budget``, and optionally ``risk_exposure`` (currency) and ``high_risks``
    (count), both summed over the parts that give them, and ``overallocation`` (percent),
    and ``utilisation`` (percent), both averaged weighted by ``loaded_days`` (the resource-days
    each part loads). Amounts are **summed** and the indices recomputed from the sums
    (never averaged); the manager's EAC is the sum only when every part has one. Time elapsed
    is the mean weighted by BAC; milestone slip the largest of the parts. SPI(t) cannot be
    computed from the parts (each counts periods from its own start): it is NaN here, and
    :mod:`jalon.engine.schedule_rollup` gives it from the combined planned value curve.
    """
    def column(key: str) -> np.ndarray:
        return np.array([np.nan if p.get(key) is None else float(p[key])  # type: ignore[arg-type]
                         for p in parts], dtype=float)

    bac, pv, ev, ac = (float(np.nansum(column(k))) for k in ("bac", "pv", "ev", "ac"))
    managers = column("manager_eac")
    manager = float(managers.sum()) if managers.size and not np.isnan(managers).any() else None
    evm = earned_value(bac, pv, ev, ac, manager_eac=manager)
    elapsed, weights = column("time_elapsed"), column("bac")
    known = ~np.isnan(elapsed) & (weights > 0)
    time_elapsed = (float(np.average(elapsed[known], weights=weights[known])) if known.any()
                    else math.nan)
    slips = column("milestone_slip")
    slip = float(np.nanmax(slips)) if (~np.isnan(slips)).any() else None
    shares, days = column("overallocation"), column("loaded_days")
    counted = ~np.isnan(shares) & (days > 0)
    overallocation = (float(np.average(shares[counted], weights=days[counted])) if counted.any()
                      else math.nan)
    busy = column("utilisation")
    weighted = ~np.isnan(busy) & (days > 0)
    utilisation = (float(np.average(busy[weighted], weights=days[weighted])) if weighted.any()
                   else math.nan)

    def total(key: str) -> float:
        values = column(key)
        return float(np.nansum(values)) if (~np.isnan(values)).any() else math.nan

    values = kpi_values(bac=bac, ev=ev, ac=ac, spi=float(evm.spi), cpi=float(evm.cpi),
                        time_elapsed=time_elapsed, milestone_slip=slip,
                        milestones_due=float(np.nansum(column("milestones_due"))),
                        milestones_hit=float(np.nansum(column("milestones_hit"))),
                        baseline_budget=float(np.nansum(column("baseline_budget"))),
                        current_budget=float(np.nansum(column("current_budget"))),
                        risk_exposure=total("risk_exposure"), high_risks=total("high_risks"),
                        overallocation=overallocation, utilisation=utilisation)
    return evm, values
