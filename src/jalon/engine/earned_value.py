"""Earned value management (EVM): variances, indices and forecasts from BAC, PV, EV and AC.

Conventions (DESIGN.md, PMI's *Practice Standard for Earned Value Management*)
-----------------------------------------------------------------------------
Every amount is in **currency** (the project's); indices are plain ratios. With

- ``BAC`` budget at completion, ``PV`` planned value (BCWS), ``EV`` earned value (BCWP),
  ``AC`` actual cost (ACWP), all cumulative to the status date,

the figures are::

    SV  = EV - PV                  CV  = EV - AC
    SPI = EV / PV                  CPI = EV / AC
    EAC(CPI)      = BAC / CPI                       (current cost efficiency continues)
    EAC(atypical) = AC + (BAC - EV)                 (remaining work at budget)
    EAC(CPI*SPI)  = AC + (BAC - EV) / (CPI * SPI)   (cost and schedule both weigh)
    EAC(manager)  = the manager's own estimate, when given
    ETC = EAC - AC   (``etc`` is the headline, from EAC(CPI); one per EAC otherwise)
    VAC = BAC - EAC(CPI)
    TCPI(BAC) = (BAC - EV) / (BAC - AC)
    TCPI(EAC) = (BAC - EV) / (EAC - AC), with the manager's EAC when given, else EAC(CPI)
                (which makes it equal to CPI).

Indices are never rounded before they are used.

Undefined figures
-----------------
A division by zero never raises: the figure is ``NaN`` (``float('nan')``, or NaN in an array),
and :meth:`EvmResult.as_dict` turns it into ``None`` for JSON. For example AC = 0 makes CPI
undefined (and every EAC that uses it), PV = 0 makes SPI undefined, EV = 0 with AC > 0 gives
CPI = 0 and therefore no EAC(CPI) (an infinite forecast is not a forecast), and BAC = AC makes
TCPI(BAC) undefined.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from jalon.engine import messages as m
from jalon.errors import ValidationFailed

__all__ = ["EVM_KEYS", "EvmResult", "earned_value", "safe_divide"]

EVM_KEYS = ("sv", "cv", "spi", "cpi", "eac_cpi", "eac_atypical", "eac_cpi_spi", "etc", "vac",
            "tcpi_bac", "tcpi_eac")
"""The headline figures, in the order reports show them (the ``jalon evm`` JSON keys)."""

Amount = float | np.ndarray


def safe_divide(numerator: Any, denominator: Any) -> Any:
    """``numerator / denominator``, NaN where the denominator is zero (or either is NaN).

    Scalars give a ``float``, arrays an array (broadcast). Never warns, never raises.
    """
    if isinstance(numerator, int | float) and isinstance(denominator, int | float):
        # the common case of one project's figures, without numpy's overhead
        if denominator == 0 or math.isnan(denominator) or math.isnan(numerator):
            return math.nan
        return float(numerator) / float(denominator)  # floats overflow to inf, as numpy's
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    ok = np.broadcast_to(den != 0, out.shape)
    with np.errstate(all="ignore"):  # overflow to inf is a result, not an error
        np.divide(num, den, out=out, where=ok)
    return float(out) if out.ndim == 0 else out


@dataclass(frozen=True)
class EvmResult:
    """What :func:`earned_value` returns: inputs and figures, floats or arrays alike.

    Attributes
    ----------
    bac, pv, ev, ac : float or numpy.ndarray
        The inputs (currency).
    sv, cv : float or numpy.ndarray
        Schedule and cost variances (currency; negative = behind schedule / over budget).
    spi, cpi : float or numpy.ndarray
        Schedule and cost performance indices (NaN when PV or AC is zero).
    eac_cpi, eac_atypical, eac_cpi_spi, eac_manager : float or numpy.ndarray
        Estimates at completion (currency); ``eac_manager`` is NaN when none was given.
    etc : float or numpy.ndarray
        Estimate to complete, ``EAC(CPI) - AC`` (the headline figure).
    etc_atypical, etc_cpi_spi, etc_manager : float or numpy.ndarray
        ``EAC - AC`` for each other EAC.
    vac : float or numpy.ndarray
        Variance at completion ``BAC - EAC(CPI)``.
    tcpi_bac, tcpi_eac : float or numpy.ndarray
        To-complete performance indices against BAC and against the EAC (manager's, else
        EAC(CPI)).
    """

    bac: Amount
    pv: Amount
    ev: Amount
    ac: Amount
    sv: Amount
    cv: Amount
    spi: Amount
    cpi: Amount
    eac_cpi: Amount
    eac_atypical: Amount
    eac_cpi_spi: Amount
    eac_manager: Amount
    etc: Amount
    etc_atypical: Amount
    etc_cpi_spi: Amount
    etc_manager: Amount
    vac: Amount
    tcpi_bac: Amount
    tcpi_eac: Amount

    def as_dict(self, keys: tuple[str, ...] | None = None) -> dict[str, Any]:
        """Figures by name (all fields, or ``keys``); NaN becomes ``None``, arrays lists.

        Meant for JSON: scalars give ``float | None``, arrays lists of ``float | None``.
        """
        names = keys if keys is not None else tuple(f.name for f in fields(self))
        return {name: _plain(getattr(self, name)) for name in names}


def _plain(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return [None if math.isnan(v) else v for v in value.astype(float).tolist()]
    number = float(value)
    return None if math.isnan(number) else number


def _check(name: str, value: Any) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(array)):
        raise ValidationFailed(m.NOT_AMOUNT(field=name.upper()), field=name)
    if np.any(array < 0):
        raise ValidationFailed(m.NEGATIVE_AMOUNT(field=name.upper()), field=name)
    return array


def earned_value(
    bac: Any,
    pv: Any,
    ev: Any,
    ac: Any,
    *,
    manager_eac: Any = None,
) -> EvmResult:
    """Compute the earned value figures (see the module docstring for the formulas).

    Parameters
    ----------
    bac, pv, ev, ac : float or array_like
        Budget at completion, planned value, earned value and actual cost at the status date,
        in currency, >= 0. Arrays (one value per task, per period...) are broadcast together and
        every figure is computed element-wise.
    manager_eac : float or array_like or None
        The manager's estimate at completion (currency); gives ``eac_manager``,
        ``etc_manager`` and the EAC of ``tcpi_eac``.

    Returns
    -------
    EvmResult
        Floats when every input is a scalar, numpy arrays otherwise. Undefined figures (a
        division by zero) are NaN, never an exception.

    Raises
    ------
    ValidationFailed
        An input is negative, infinite or NaN.
    """
    values = {name: _check(name, value) for name, value in
              (("bac", bac), ("pv", pv), ("ev", ev), ("ac", ac))}
    manager = None if manager_eac is None else _check("manager_eac", manager_eac)
    scalar = all(v.ndim == 0 for v in values.values()) and (manager is None or manager.ndim == 0)
    b, p, e, a = np.broadcast_arrays(*values.values())
    with np.errstate(all="ignore"):
        spi = safe_divide(e, p)
        cpi = safe_divide(e, a)
        remaining = b - e
        eac_cpi = safe_divide(b, cpi)
        eac_atypical = a + remaining
        eac_cpi_spi = a + safe_divide(remaining, np.multiply(cpi, spi))
        eac_manager = (np.full(b.shape, np.nan) if manager is None
                       else np.broadcast_to(manager, b.shape).astype(float))
        eac_for_tcpi = eac_cpi if manager is None else eac_manager
        figures = {
            "bac": b, "pv": p, "ev": e, "ac": a,
            "sv": e - p,
            "cv": e - a,
            "spi": spi,
            "cpi": cpi,
            "eac_cpi": eac_cpi,
            "eac_atypical": eac_atypical,
            "eac_cpi_spi": eac_cpi_spi,
            "eac_manager": eac_manager,
            "etc": np.subtract(eac_cpi, a),
            "etc_atypical": eac_atypical - a,
            "etc_cpi_spi": np.subtract(eac_cpi_spi, a),
            "etc_manager": eac_manager - a,
            "vac": np.subtract(b, eac_cpi),
            "tcpi_bac": safe_divide(remaining, b - a),
            "tcpi_eac": safe_divide(remaining, np.subtract(eac_for_tcpi, a)),
        }
    if scalar:
        return EvmResult(**{k: float(v) for k, v in figures.items()})
    return EvmResult(**{k: np.asarray(v, dtype=float).copy() for k, v in figures.items()})
