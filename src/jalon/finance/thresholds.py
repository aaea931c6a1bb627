"""A portfolio's KPI thresholds, as the engine's KPI registry declares them.

Each KPI's thresholds are kept under its registry ``band`` (several KPIs may share one: SPI(t)
is judged with SPI's), one :class:`~jalon.finance.models.KpiThreshold` row per portfolio and
band; a band without a row takes the registry's defaults. Forms, the API and the pages name a
limit ``<band>_green`` or ``<band>_amber`` (``spi_green``, ``lag_amber``...): those names, their
order, labels, ranges and decimals all come from the registry, so that a new KPI needs no
edit here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext as _

from jalon.engine.kpis import Band, Kpi, registry
from jalon.errors import ValidationFailed
from jalon.finance.models import KpiThreshold
from jalon.portfolios.models import Portfolio

__all__ = ["LIMITS", "Thresholds", "limit_names", "limit_of", "thresholds_of", "validate_limits"]

Limit = Literal["green", "amber"]
LIMITS: tuple[Limit, Limit] = ("green", "amber")


def limit_names() -> list[str]:
    """Every limit's name, ``<band>_green`` and ``<band>_amber``, in the registry's order."""
    return [f"{band}_{limit}" for band in registry().band_keys for limit in LIMITS]


def limit_of(name: str) -> tuple[Kpi, Limit]:
    """The KPI that gives a limit its meaning, and which limit it is; ValidationFailed for an
    unknown name."""
    band, _sep, limit = name.rpartition("_")
    if limit not in LIMITS or band not in registry().band_keys:
        raise ValidationFailed(_("Unknown KPI threshold: %(name)s.") % {"name": name},
                               field=name)
    return registry().band_kpi(band), "green" if limit == "green" else "amber"


@dataclass
class Thresholds:
    """A portfolio's limits by band, ``(green, amber)``; ``saved`` is False while none was
    set (all defaults)."""

    portfolio: Portfolio
    limits: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    saved: bool = False

    def value(self, name: str) -> Decimal:
        """One limit by its name (``spi_green``)."""
        kpi, limit = limit_of(name)
        green, amber = self.limits[kpi.band]
        return green if limit == "green" else amber

    def values(self) -> dict[str, Decimal]:
        """Every limit by name, in the registry's order."""
        return {name: self.value(name) for name in limit_names()}

    def bands(self) -> dict[str, Band]:
        """The engine's band of each KPI key."""
        return registry().bands({band: (float(g), float(a))
                                 for band, (g, a) in self.limits.items()})


def _decimal(value: float) -> Decimal:
    return Decimal(str(value))


def thresholds_of(portfolio: Portfolio) -> Thresholds:
    """The portfolio's thresholds: its saved rows over the registry's defaults."""
    rows = {row.kpi: (row.green, row.amber)
            for row in KpiThreshold.objects.filter(portfolio=portfolio)}
    limits = {band: rows.get(band, (_decimal(green), _decimal(amber)))
              for band, (green, amber) in registry().defaults().items()}
    return Thresholds(portfolio, limits, saved=bool(rows))


def validate_limits(limits: dict[str, tuple[Decimal, Decimal]]) -> None:
    """Check each band's limits against its KPI: within its range, with its decimals, amber
    not on the better side of green. Raises ValidationFailed naming every limit at fault."""
    errors: dict[str, list[str]] = {}
    for band, (green, amber) in limits.items():
        kpi = registry().band_kpi(band)
        for limit, value in zip(LIMITS, (green, amber), strict=True):
            name = f"{band}_{limit}"
            if not kpi.allows(float(value)):
                errors[name] = [_range_message(kpi)]
            elif round(value, kpi.decimals) != value:
                errors[name] = [_("Give at most %(count)s decimals.")
                                % {"count": kpi.decimals}]
        if f"{band}_amber" not in errors and (amber > green if kpi.higher_is_better
                                              else amber < green):
            errors[f"{band}_amber"] = [
                _("The amber limit must not be above the green one.") if kpi.higher_is_better
                else _("The amber limit must not be below the green one.")]
    if errors:
        name, messages = next(iter(errors.items()))
        raise ValidationFailed(f"{name}: {messages[0]}", field=name, errors=errors)


def _range_message(kpi: Kpi) -> str:
    if kpi.minimum is not None and kpi.maximum is not None:
        return _("Give a number from %(minimum)s to %(maximum)s.") % {
            "minimum": f"{kpi.minimum:g}", "maximum": f"{kpi.maximum:g}"}
    if kpi.minimum is not None:
        return _("Give a number of at least %(minimum)s.") % {"minimum": f"{kpi.minimum:g}"}
    return _("Give a number of at most %(maximum)s.") % {"maximum": f"{kpi.maximum:g}"}
