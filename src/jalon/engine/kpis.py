"""Key performance indicators, each declared once, and red/amber/green (RAG) statuses.

The registry
------------
:data:`REGISTRY` declares every KPI once, as a :class:`Kpi`: its key, dimension, which way is
better, unit, display decimals, default green and amber thresholds, English label and help
(marked with :func:`jalon.i18n.gettext_noop`, translated where they are shown), the key its
thresholds are kept under, whether the KPI dashboard shows it as a column, and how its value
is computed from a :class:`KpiFigures`. Dimensions, bands, statuses, and on the platform the
thresholds form and storage, the API, the dashboard and the formatting all derive from it;
``docs/finance.md`` says how to add a KPI. :func:`registry` is the registry in force.

Conventions
-----------
A KPI is a plain number computed from earned value figures (currency), times and counts (see
each declaration's help). A KPI that cannot be computed (a division by zero, nothing to
compare, an input not known) is NaN and is **not assessed**: it neither improves nor worsens a
status. A band classifies a value: for a higher-is-better KPI, green at or above ``green``,
amber at or above ``amber``, red below; for a lower-is-better one, green at or below
``green``, amber at or below ``amber``, red above.

A dimension's status is the worst of its assessed KPIs (red > amber > green); the overall
status is the worst of the assessed dimensions. ``""`` means not assessed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from jalon.engine import messages as m
from jalon.engine.earned_value import EvmResult, earned_value, safe_divide
from jalon.errors import ValidationFailed
from jalon.i18n import gettext_noop

__all__ = [
    "DIMENSIONS",
    "DIMENSION_KPIS",
    "KPI_KEYS",
    "NOT_ASSESSED",
    "REGISTRY",
    "UNITS",
    "Band",
    "Kpi",
    "KpiFigures",
    "KpiRegistry",
    "assess",
    "classify",
    "kpi_values",
    "overallocated_share",
    "percent_elapsed",
    "registry",
    "resource_utilisation",
    "rollup_kpis",
    "worst",
]

GREEN, AMBER, RED = "green", "amber", "red"
NOT_ASSESSED = ""
_RANK = {GREEN: 0, AMBER: 1, RED: 2}
UNITS = ("index", "working days", "percent", "points", "count")
"""What a KPI's value counts; an index shows exactly its decimals, the others at most."""
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


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


@dataclass(frozen=True)
class KpiFigures:
    """The figures KPIs are computed from, for a project or a roll-up (NaN: not known).

    Attributes
    ----------
    bac, ev, ac : float
        Budget at completion, earned value and actual cost (currency).
    spi, cpi, spi_t : float
        Indices.
    time_elapsed : float
        Percent of the baseline's duration elapsed at the status date (0-100).
    milestone_slip : float or None
        Largest milestone finish variance in working days; None without milestones.
    milestones_due, milestones_hit : float
        Milestones due by the status date, and those of them finished on or before their
        baseline finish.
    baseline_budget, current_budget : float
        The budget of the baseline and of the current plan (currency).
    risk_exposure : float
        Expected cost of the open threats (currency).
    high_risks : float
        Number of open threats scored "high" on the risk matrix.
    overallocation, utilisation : float
        Percent of the project's resource-days over-allocated (:func:`overallocated_share`),
        and percent of its resources' capacity asked when it loads them
        (:func:`resource_utilisation`).
    """

    bac: float
    ev: float
    ac: float
    spi: float = math.nan
    cpi: float = math.nan
    spi_t: float = math.nan
    time_elapsed: float = math.nan
    milestone_slip: float | None = None
    milestones_due: float = 0.0
    milestones_hit: float = 0.0
    baseline_budget: float = math.nan
    current_budget: float = math.nan
    risk_exposure: float = math.nan
    high_risks: float = math.nan
    overallocation: float = math.nan
    utilisation: float = math.nan


@dataclass(frozen=True)
class Kpi:
    """The declaration of one KPI.

    Attributes
    ----------
    key : str
        Its name in figures, statuses and the API (lower case, digits, underscores).
    dimension : str
        The dimension whose status it counts in (one of the registry's).
    higher_is_better : bool
        Which way is better.
    unit : str
        One of :data:`UNITS`.
    decimals : int
        Decimals shown (exactly for an index, at most otherwise) and allowed in thresholds.
    green, amber : float
        Default thresholds.
    label, help : str
        English name (with its unit) and one sentence saying how it is computed; marked for
        translation.
    value : Callable[[KpiFigures], float]
        How it is computed (NaN when it cannot be).
    band : str
        The key its thresholds are kept and given under (default: ``key``). KPIs sharing one
        are judged with the same thresholds (SPI(t) with SPI's).
    minimum, maximum : float or None
        The range a threshold may take (None: unbounded).
    dashboard : bool
        Whether the KPI dashboard shows it as a column.
    short : str
        A short column title (default: the label); marked for translation.
    """

    key: str
    dimension: str
    higher_is_better: bool
    unit: str
    decimals: int
    green: float
    amber: float
    label: str
    help: str
    value: Callable[[KpiFigures], float]
    band: str = ""
    minimum: float | None = 0.0
    maximum: float | None = None
    dashboard: bool = False
    short: str = ""

    def __post_init__(self) -> None:
        if not self.band:
            object.__setattr__(self, "band", self.key)
        for name in ("key", "band"):
            if not _KEY.match(getattr(self, name)):
                raise ValidationFailed(m.ABOUT(owner=m.KPI(kpi=repr(self.key)),
                                               problem=m.KPI_KEY(field=name)), field=name)
        if self.unit not in UNITS:
            raise ValidationFailed(m.ABOUT(owner=m.KPI(kpi=repr(self.key)),
                                           problem=m.NOT_ONE_OF(field="unit", choices=list(UNITS),
                                                                value=repr(self.unit))),
                                   field="unit")
        if self.decimals < 0:
            raise ValidationFailed(m.ABOUT(owner=m.KPI(kpi=repr(self.key)),
                                           problem=m.NEGATIVE(field="decimals",
                                                              value=self.decimals)),
                                   field="decimals")
        Band(self.green, self.amber, self.higher_is_better)
        for limit in (self.green, self.amber):
            if not self.allows(limit):
                raise ValidationFailed(m.ABOUT(owner=m.KPI(kpi=repr(self.key)),
                                               problem=m.KPI_DEFAULTS()), field="green")

    def allows(self, threshold: float) -> bool:
        """Whether ``threshold`` lies in the KPI's range."""
        return ((self.minimum is None or threshold >= self.minimum)
                and (self.maximum is None or threshold <= self.maximum))


@dataclass(frozen=True)
class KpiRegistry:
    """The KPIs in force and the dimensions they are judged in, in display order."""

    dimensions: tuple[str, ...]
    kpis: tuple[Kpi, ...]
    by_key: Mapping[str, Kpi] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = [k.key for k in self.kpis]
        if len(set(keys)) != len(keys):
            duplicate = next(key for key in keys if keys.count(key) > 1)
            raise ValidationFailed(m.KPI_DUPLICATE(kpi=repr(duplicate)), field="key")
        for kpi in self.kpis:
            if kpi.dimension not in self.dimensions:
                raise ValidationFailed(m.ABOUT(owner=m.KPI(kpi=repr(kpi.key)),
                                               problem=m.KPI_DIMENSION(
                                                   dimension=repr(kpi.dimension))),
                                       field="dimension")
            first = self.band_kpi(kpi.band)
            if first.higher_is_better != kpi.higher_is_better:
                raise ValidationFailed(m.ABOUT(owner=m.KPI(kpi=repr(kpi.key)),
                                               problem=m.KPI_SHARED_DIRECTION(
                                                   other=repr(first.key))), field="band")
        object.__setattr__(self, "by_key", {k.key: k for k in self.kpis})

    def __getitem__(self, key: str) -> Kpi:
        return self.by_key[key]

    @property
    def keys(self) -> tuple[str, ...]:
        """Every KPI key."""
        return tuple(k.key for k in self.kpis)

    @property
    def dimension_kpis(self) -> dict[str, tuple[str, ...]]:
        """The KPIs judged for each dimension."""
        return {d: tuple(k.key for k in self.kpis if k.dimension == d) for d in self.dimensions}

    @property
    def band_keys(self) -> tuple[str, ...]:
        """The keys thresholds are kept under, once each."""
        return tuple(dict.fromkeys(k.band for k in self.kpis))

    def band_kpi(self, band: str) -> Kpi:
        """The KPI that gives a thresholds key its direction, unit, range and label (the first
        declared with it)."""
        return next(k for k in self.kpis if k.band == band)

    def defaults(self) -> dict[str, tuple[float, float]]:
        """The default ``(green, amber)`` per thresholds key."""
        return {band: (self.band_kpi(band).green, self.band_kpi(band).amber)
                for band in self.band_keys}

    def bands(self, limits: Mapping[str, tuple[float, float]] | None = None) -> dict[str, Band]:
        """Each KPI's band, from ``(green, amber)`` per thresholds key (defaults for those
        not given)."""
        chosen = {**self.defaults(), **(limits or {})}
        return {k.key: Band(*chosen[k.band], k.higher_is_better) for k in self.kpis}

    def values(self, figures: KpiFigures) -> dict[str, float]:
        """Every KPI's value from ``figures``."""
        return {k.key: float(k.value(figures)) for k in self.kpis}

    def assess(self, values: Mapping[str, float],
               bands: Mapping[str, Band]) -> tuple[dict[str, str], dict[str, str]]:
        """Statuses of each KPI and of each dimension (and ``"overall"``) from KPI ``values``;
        a KPI without a band is not assessed."""
        kpis = {key: classify(values.get(key), bands[key]) if key in bands else NOT_ASSESSED
                for key in self.keys}
        dimensions = {dim: worst(kpis[k] for k in keys)
                      for dim, keys in self.dimension_kpis.items()}
        dimensions["overall"] = worst(dimensions.values())
        return kpis, dimensions

    def extended(self, *kpis: Kpi) -> KpiRegistry:
        """This registry with more KPIs (for a plug-in, or a test)."""
        return replace(self, kpis=(*self.kpis, *kpis))


def _complete(f: KpiFigures) -> float:
    """Percent complete, EV / BAC x 100."""
    return float(safe_divide(f.ev * 100.0, f.bac))


REGISTRY = KpiRegistry(
    dimensions=("schedule", "cost", "scope", "resources", "risk"),
    kpis=(
        Kpi("spi", "schedule", True, "index", 3, 0.95, 0.85,
            gettext_noop("SPI (schedule performance index)"),
            gettext_noop("Earned value over planned value, EV / PV."),
            lambda f: f.spi, dashboard=True, short=gettext_noop("SPI")),
        Kpi("spi_t", "schedule", True, "index", 3, 0.95, 0.85,
            gettext_noop("SPI(t) (earned schedule)"),
            gettext_noop("Earned schedule over actual time, ES / AT; judged with the SPI's "
                         "thresholds."),
            lambda f: f.spi_t, band="spi", dashboard=True, short=gettext_noop("SPI(t)")),
        Kpi("milestone_slip", "schedule", False, "working days", 1, 5.0, 15.0,
            gettext_noop("Milestone slip (working days)"),
            gettext_noop("The largest finish variance of a milestone against the baseline, in "
                         "working days (positive: late)."),
            lambda f: math.nan if f.milestone_slip is None else f.milestone_slip),
        Kpi("milestone_hit_rate", "schedule", True, "percent", 1, 90.0, 75.0,
            gettext_noop("Milestones due finished on time (%)"),
            gettext_noop("Of the milestones whose baseline finish is on or before the status "
                         "date, the percent finished on or before it; not assessed while none "
                         "is due."),
            lambda f: float(safe_divide(f.milestones_hit * 100.0, f.milestones_due)),
            band="milestone_hit", maximum=100.0),
        Kpi("schedule_lag", "schedule", False, "points", 1, 5.0, 15.0,
            gettext_noop("Time elapsed minus percent complete (points)"),
            gettext_noop("Percent of the baseline's time elapsed minus percent complete "
                         "(EV / BAC)."),
            lambda f: f.time_elapsed - _complete(f), band="lag", minimum=None),
        Kpi("cpi", "cost", True, "index", 3, 0.95, 0.85,
            gettext_noop("CPI (cost performance index)"),
            gettext_noop("Earned value over actual cost, EV / AC."),
            lambda f: f.cpi, dashboard=True, short=gettext_noop("CPI")),
        Kpi("overspend", "cost", False, "points", 1, 5.0, 15.0,
            gettext_noop("Budget consumed minus percent complete (points)"),
            gettext_noop("(AC - EV) / BAC x 100: the budget consumed beyond the work done."),
            lambda f: float(safe_divide((f.ac - f.ev) * 100.0, f.bac)), minimum=None),
        Kpi("scope_growth", "scope", False, "percent", 1, 5.0, 10.0,
            gettext_noop("Scope growth (% of the baseline budget)"),
            gettext_noop("The current plan's budget over the baseline's, minus 100."),
            lambda f: float(safe_divide((f.current_budget - f.baseline_budget) * 100.0,
                                        f.baseline_budget)), minimum=None),
        Kpi("overallocation", "resources", False, "percent", 1, 5.0, 15.0,
            gettext_noop("Over-allocated resource-days from the status date (%)"),
            gettext_noop("Of the project's resource-days from the status date on, the percent "
                         "on which every project together asks the resource for more than "
                         "its capacity."),
            lambda f: f.overallocation),
        Kpi("utilisation", "resources", False, "percent", 1, 100.0, 120.0,
            gettext_noop("Utilisation of the project's resources when it needs them (% of "
                         "their capacity)"),
            gettext_noop("On the resource-days the project loads, what every project asks "
                         "of its resources over their capacity (above 100: booked beyond "
                         "what they can give)."),
            lambda f: f.utilisation),
        Kpi("risk_exposure", "risk", False, "percent", 1, 5.0, 10.0,
            gettext_noop("Risk exposure: expected cost of open threats (% of the budget)"),
            gettext_noop("The sum of probability x cost if it occurs over the open threats, "
                         "in percent of the budget at completion."),
            lambda f: float(safe_divide(f.risk_exposure * 100.0, f.bac))),
        Kpi("high_risks", "risk", False, "count", 0, 0.0, 2.0,
            gettext_noop("Open high threats"),
            gettext_noop("The open threats whose score reaches the risk matrix's \"high\" "
                         "threshold."),
            lambda f: f.high_risks),
    ),
)
"""Every KPI, declared once (see the module docstring)."""

KPI_KEYS = REGISTRY.keys
DIMENSIONS = REGISTRY.dimensions
DIMENSION_KPIS = REGISTRY.dimension_kpis
"""The KPIs judged for each dimension."""


def registry() -> KpiRegistry:
    """The registry in force (:data:`REGISTRY`; looked up on each call, so that a test may
    swap it for an extended one)."""
    return REGISTRY


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


def overallocated_share(own: npt.NDArray[np.float64], total: npt.NDArray[np.float64],
                        capacity: npt.NDArray[np.float64]) -> float:
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


def resource_utilisation(own: npt.NDArray[np.float64], total: npt.NDArray[np.float64],
                         capacity: npt.NDArray[np.float64]) -> float:
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


def kpi_values(*, bac: float, ev: float, ac: float, **figures: float | None) -> dict[str, float]:
    """The KPIs of a project (or of a roll-up) from its figures (the fields of
    :class:`KpiFigures`, by keyword), with the registry in force."""
    return registry().values(KpiFigures(bac=bac, ev=ev, ac=ac, **figures))  # type: ignore[arg-type]


def assess(values: Mapping[str, float], bands: Mapping[str, Band]) -> tuple[dict[str, str],
                                                                            dict[str, str]]:
    """Statuses of each KPI and of each dimension (and ``"overall"``) from KPI ``values``,
    with the registry in force (:meth:`KpiRegistry.assess`)."""
    return registry().assess(values, bands)


def rollup_kpis(parts: Sequence[Mapping[str, float | None]], *,
                spi_t: float = math.nan) -> tuple[EvmResult, dict[str, float]]:
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
    computed from the parts (each counts periods from its own start): the combined planned
    value curve gives it (:mod:`jalon.engine.schedule_rollup`), passed as ``spi_t`` (NaN: not
    known).
    """
    def column(key: str) -> npt.NDArray[np.float64]:
        return np.array([np.nan if p.get(key) is None else float(p[key])  # type: ignore[arg-type]
                         for p in parts], dtype=np.float64)

    bac, pv, ev, ac = (float(np.nansum(column(k))) for k in ("bac", "pv", "ev", "ac"))
    managers = column("manager_eac")
    manager = float(managers.sum()) if managers.size and not np.isnan(managers).any() else None
    evm = earned_value(bac, pv, ev, ac, manager_eac=manager)

    def weighted(key: str, weight: str) -> float:
        values, weights = column(key), column(weight)
        known = ~np.isnan(values) & (weights > 0)
        return (float(np.average(values[known], weights=weights[known])) if known.any()
                else math.nan)

    def total(key: str) -> float:
        values = column(key)
        return float(np.nansum(values)) if (~np.isnan(values)).any() else math.nan

    slips = column("milestone_slip")
    figures = KpiFigures(
        bac=bac, ev=ev, ac=ac, spi=float(evm.spi), cpi=float(evm.cpi), spi_t=spi_t,
        time_elapsed=weighted("time_elapsed", "bac"),
        milestone_slip=float(np.nanmax(slips)) if (~np.isnan(slips)).any() else None,
        milestones_due=float(np.nansum(column("milestones_due"))),
        milestones_hit=float(np.nansum(column("milestones_hit"))),
        baseline_budget=float(np.nansum(column("baseline_budget"))),
        current_budget=float(np.nansum(column("current_budget"))),
        risk_exposure=total("risk_exposure"), high_risks=total("high_risks"),
        overallocation=weighted("overallocation", "loaded_days"),
        utilisation=weighted("utilisation", "loaded_days"))
    return evm, registry().values(figures)
