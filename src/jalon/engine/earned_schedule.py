"""Earned schedule (Walt Lipke, "Schedule is Different", *The Measurable News*, 2003).

Earned value measures schedule in currency, and at the end of a late project SV = 0 and
SPI = 1. Earned schedule measures it in time: ES is the time at which the earned value *should*
have been earned according to the planned value curve.

Conventions
-----------
Time is counted in **periods** (days, weeks or months: those of the PV curve). The curve gives
the cumulative planned value at the *end* of periods 1..N; ``PV_0 = 0`` at time 0 is implied.
With ``C`` the number of whole periods whose planned value has been earned::

    ES     = C + (EV - PV_C) / (PV_{C+1} - PV_C)      (linear inside period C + 1)
    SV(t)  = ES - AT           SPI(t) = ES / AT       IEAC(t) = PD / SPI(t)

``AT`` is the actual time (periods elapsed at the status date) and ``PD`` the planned duration
(periods); by default PD is the time at which the curve first reaches its final value (BAC).

The curve's points may also be given at other times (``times``, in periods, increasing): the
same formula, linear between consecutive points. A project's ES is read that way on its
time-phased PV (a point wherever the PV changes pace, :mod:`jalon.engine.performance`), so
that ES is the time at which the plan had earned EV, and EV = PV at the status gives ES = AT.

C is Lipke's count of the periods with ``PV_t <= EV``. Edge cases:

- **Flat segments** (no value planned for a while): EV equal to a plateau's value was planned
  at every time of the plateau, from its start to its end. ES is the one nearest AT: AT itself
  when the status falls on the plateau (a project that earned all it planned is on time,
  SPI(t) = 1 as SPI = 1), the plateau's end when AT is past it (late), its start when AT is
  before it (early). So EV = 0 with nothing planned in the first periods gives ES = AT while
  AT is in that leading plateau.
- **Completion**: ES never exceeds the time at which the curve first reaches its final value
  (the curve's planned duration). So a late project's curve may be padded with flat periods up
  to AT and, once complete (EV = BAC), still gets ES = PD, never more.
- **EV = 0** with value planned in period 1: ES = 0.
- **EV beyond the curve** (EV greater than its final value, e.g. EV > BAC): ES = the curve's
  planned duration, and ``beyond_curve`` flags it. Pass the whole baseline curve, not one
  truncated at the status date.
- **AT = 0**: SPI(t) and IEAC(t) are NaN (undefined), as is IEAC(t) when ES = 0.
- A curve whose final value is 0 (it plans nothing) is refused.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from jalon.engine import messages as m
from jalon.engine.earned_value import safe_divide
from jalon.errors import ValidationFailed

__all__ = ["ES_KEYS", "EsResult", "earned_schedule"]

ES_KEYS = ("es", "sv_t", "spi_t", "ieac_t")
"""The earned schedule figures of the ``jalon evm`` JSON output."""

Value = float | np.ndarray


@dataclass(frozen=True)
class EsResult:
    """What :func:`earned_schedule` returns (floats, or arrays when EV or AT is an array).

    Attributes
    ----------
    es : float or numpy.ndarray
        Earned schedule, in periods.
    at : float or numpy.ndarray
        Actual time, in periods.
    sv_t : float or numpy.ndarray
        Schedule variance in time ``ES - AT`` (periods; negative = late).
    spi_t : float or numpy.ndarray
        Schedule performance index in time ``ES / AT`` (NaN when AT = 0).
    ieac_t : float or numpy.ndarray
        Independent estimate at completion in time ``PD / SPI(t)`` (periods; NaN when SPI(t)
        is 0 or undefined).
    planned_duration : float
        PD, in periods.
    beyond_curve : bool or numpy.ndarray
        Whether EV exceeded the curve's final value (ES was capped at the curve's planned
        duration).
    """

    es: Value
    at: Value
    sv_t: Value
    spi_t: Value
    ieac_t: Value
    planned_duration: float
    beyond_curve: bool | np.ndarray

    def as_dict(self, keys: tuple[str, ...] | None = None) -> dict[str, Any]:
        """Figures by name (all fields, or ``keys``); NaN becomes ``None``, arrays lists."""
        names = keys if keys is not None else tuple(f.name for f in fields(self))
        result: dict[str, Any] = {}
        for name in names:
            value = getattr(self, name)
            if isinstance(value, np.ndarray):
                items = value.tolist()
                result[name] = [v if isinstance(v, bool) or not math.isnan(v) else None
                                for v in items]
            elif isinstance(value, bool):
                result[name] = value
            else:
                result[name] = None if math.isnan(value) else float(value)
        return result


def _curve(pv_curve: Any) -> np.ndarray:
    curve = np.asarray(pv_curve, dtype=float)
    if curve.ndim != 1 or curve.size == 0:
        raise ValidationFailed(m.PV_EMPTY(), field="pv_curve")
    if not np.all(np.isfinite(curve)) or np.any(curve < 0):
        raise ValidationFailed(m.PV_AMOUNTS(), field="pv_curve")
    if curve[-1] <= 0:
        raise ValidationFailed(m.PV_NOTHING(), field="pv_curve")
    if np.any(np.diff(curve) < 0):
        period = int(np.argmax(np.diff(curve) < 0)) + 2
        raise ValidationFailed(m.PV_DECREASES(period=period), field="pv_curve")
    return curve


def _clock(times: Any, size: int) -> np.ndarray:
    if times is None:
        return np.arange(1, size + 1, dtype=float)
    clock = np.asarray(times, dtype=float)
    if (clock.shape != (size,) or not np.all(np.isfinite(clock)) or clock[0] <= 0
            or np.any(np.diff(clock) <= 0)):
        raise ValidationFailed(m.PV_TIMES(), field="times")
    return clock


def _times(curve: np.ndarray, times: np.ndarray, values: Any,
           at: Any) -> tuple[np.ndarray, np.ndarray]:
    """Lipke's ES of each value on the curve (PV 0 at time 0 implied), the curve's points at
    ``times``, and whether it overflowed. On a plateau, ES is the time on it nearest ``at``."""
    points = np.concatenate(([0.0], curve))
    clock = np.concatenate(([0.0], times))
    final = curve[-1]
    finish = clock[np.searchsorted(points, final, side="left")]  # first time PV reaches BAC
    value = np.asarray(values, dtype=float)
    # Amounts summed in another order differ in their last bits: equal within this.
    tolerance = 1e-9 * final
    first = np.searchsorted(points, value - tolerance, side="left")  # first point reaching EV
    last = np.searchsorted(points, value + tolerance, side="right") - 1  # last one not past it
    on_points = last >= first  # EV is the curve's value from point `first` to point `last`
    n = curve.size
    below = np.clip(last, 0, n - 1)  # between points `below` and `below + 1` otherwise
    low, high = points[below], points[below + 1]
    gap = np.where(high > low, high - low, 1.0)
    fraction = np.clip((value - low) / gap, 0.0, 1.0)
    between = clock[below] + fraction * (clock[below + 1] - clock[below])
    plateau = np.clip(at, clock[np.clip(first, 0, n)], clock[np.clip(last, 0, n)])
    es = np.where(value >= final - tolerance, finish, np.where(on_points, plateau, between))
    return es, value > final + tolerance


def earned_schedule(
    pv_curve: Any,
    ev: Any,
    at: Any,
    *,
    planned_duration: float | None = None,
    times: Any = None,
) -> EsResult:
    """Compute earned schedule, SV(t), SPI(t) and IEAC(t) (see the module docstring).

    Parameters
    ----------
    pv_curve : array_like
        Cumulative planned value (currency) at the end of periods 1..N, non-decreasing.
    ev : float or array_like
        Earned value at the status date (currency, >= 0); an array gives one result per value.
    at : float or array_like
        Actual time at the status date, in periods (>= 0), broadcast with ``ev``.
    planned_duration : float or None
        PD in periods; default: the time at which the curve first reaches its final value.
    times : array_like or None
        The time (periods, increasing, > 0) of each point of ``pv_curve``; default 1..N, the
        end of each period.

    Raises
    ------
    ValidationFailed
        An empty, negative or decreasing curve, a negative EV or AT, a non-positive PD.
    """
    curve = _curve(pv_curve)
    ev_array = np.asarray(ev, dtype=float)
    at_array = np.asarray(at, dtype=float)
    for name, array in (("ev", ev_array), ("at", at_array)):
        if not np.all(np.isfinite(array)) or np.any(array < 0):
            raise ValidationFailed(m.NOT_FINITE_POSITIVE(field=name.upper()), field=name)
    clock = _clock(times, curve.size)
    if planned_duration is None:
        pd = float(_times(curve, clock, curve[-1], 0.0)[0])
    else:
        pd = float(planned_duration)
        if not math.isfinite(pd) or pd <= 0:
            raise ValidationFailed(m.PLANNED_DURATION(), field="planned_duration")
    es, beyond = _times(curve, clock, ev_array, at_array)
    es, at_b = np.broadcast_arrays(es, at_array)
    beyond = np.broadcast_to(beyond, es.shape)
    spi_t = np.asarray(safe_divide(es, at_b))
    ieac_t = np.asarray(safe_divide(pd, spi_t))
    if es.ndim == 0:
        return EsResult(float(es), float(at_b), float(es - at_b), float(spi_t), float(ieac_t),
                        pd, bool(beyond))
    return EsResult(es.astype(float).copy(), at_b.astype(float).copy(), es - at_b,
                    spi_t.copy(), ieac_t.copy(), pd, beyond.copy())
