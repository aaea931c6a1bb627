"""Duration distributions, sampled by their inverse CDF (quantile function).

Every distribution turns uniform numbers ``u`` in (0, 1) into durations (working days) with
:meth:`DurationDistribution.ppf`. Sampling through the quantile function lets Latin hypercube
sampling (stratified ``u``) and Iman-Conover correlation (reordered ``u``) work the same way for
every kind, and keeps each task's marginal distribution exact.

Kinds and parameters (all in working days):

==============  =====================================  ========================================
kind            parameters                             notes
==============  =====================================  ========================================
``fixed``       ``value``                              a deterministic duration
``triangular``  ``low, mode, high``                    the default from a three-point estimate
``pert``        ``low, mode, high`` (``lambda_`` = 4)  beta-PERT: mean ``(a + 4m + b) / 6``
``uniform``     ``low, high``
``normal``      ``mean, std``                          truncated at 0 (conditioned on d >= 0)
``lognormal``   ``mean, std`` of the duration itself   always > 0
==============  =====================================  ========================================

The normal is *truncated* at 0, not clipped: a duration is drawn from the normal conditioned on
being non-negative, so there is no mass at 0; its mean is slightly above ``mean`` when ``std`` is
not small beside ``mean`` (by ``std * phi(a) / (1 - Phi(a))`` with ``a = -mean / std``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import special

from jalon.engine import messages as m
from jalon.errors import ValidationFailed
from jalon.i18n import Message

__all__ = ["DISTRIBUTION_KINDS", "DurationDistribution"]

Owner = str | Callable[[], Message]
"""What a message about a distribution starts with: a text, or a function that builds the
engine's message for the task (called only when there is an error)."""

DISTRIBUTION_KINDS = ("fixed", "triangular", "pert", "uniform", "normal", "lognormal")


def _finite(value: object) -> bool:
    return (
        isinstance(value, int | float) and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


@dataclass(frozen=True)
class DurationDistribution:
    """The distribution of one task's duration, in working days.

    Build one with the class methods (:meth:`triangular`, :meth:`pert`, :meth:`uniform`,
    :meth:`normal`, :meth:`lognormal`, :meth:`fixed`). ``params`` holds the parameters in the
    order of the table in the module docstring.

    Raises
    ------
    ValidationFailed
        Unknown kind, wrong number of parameters, negative durations, ``low > mode > high``...
        The message starts with ``owner`` when given (``"Activity 'B'"``, see :data:`Owner`).
    """

    kind: str
    params: tuple[float, ...]
    owner: Owner = field(default="", compare=False)  # only for messages

    def __post_init__(self) -> None:
        if self.kind not in DISTRIBUTION_KINDS:
            raise self._fail(m.NOT_ONE_OF(field="distribution", choices=list(DISTRIBUTION_KINDS),
                                          value=repr(self.kind)), "distribution.type")
        wanted = {"fixed": 1, "triangular": 3, "pert": 4, "uniform": 2, "normal": 2,
                  "lognormal": 2}[self.kind]
        if len(self.params) != wanted or not all(_finite(p) for p in self.params):
            raise self._fail(m.DISTRIBUTION_PARAMS(kind=self.kind, count=wanted,
                                                   value=repr(self.params)), "distribution")
        object.__setattr__(self, "params", tuple(float(p) for p in self.params))
        p = self.params
        if self.kind in ("triangular", "pert"):
            if not 0 <= p[0] <= p[1] <= p[2]:
                raise self._fail(m.DISTRIBUTION_ORDER(kind=self.kind, low=p[0], mode=p[1],
                                                      high=p[2]), "distribution")
            if self.kind == "pert" and p[3] <= 0:
                raise self._fail(m.PERT_LAMBDA(), "distribution.lambda")
        elif self.kind == "uniform" and not 0 <= p[0] <= p[1]:
            raise self._fail(m.UNIFORM_ORDER(low=p[0], high=p[1]), "distribution")
        elif self.kind == "normal" and p[1] < 0:
            raise self._fail(m.NORMAL_STD(mean=p[0], std=p[1]), "distribution")
        elif self.kind == "lognormal" and (p[1] < 0 or p[0] <= 0):
            raise self._fail(m.LOGNORMAL_PARAMS(mean=p[0], std=p[1]), "distribution")
        elif self.kind == "fixed" and p[0] < 0:
            raise self._fail(m.FIXED_NEGATIVE(value=p[0]), "distribution")

    def _fail(self, problem: Message, field: str) -> ValidationFailed:
        """The error for ``problem``, about the owner when there is one."""
        if not self.owner:
            return ValidationFailed(problem, field=field)
        owner = Message.plain(self.owner) if isinstance(self.owner, str) else self.owner()
        return ValidationFailed(m.ABOUT(owner=owner, problem=problem), field=field)

    # -- constructors ----------------------------------------------------------------------
    @classmethod
    def fixed(cls, value: float, *, owner: Owner = "") -> DurationDistribution:
        """A deterministic duration."""
        return cls("fixed", (value,), owner)

    @classmethod
    def triangular(cls, low: float, mode: float, high: float, *, owner: Owner = ""
                   ) -> DurationDistribution:
        """Triangular on ``[low, high]`` peaking at ``mode``; mean ``(low + mode + high) / 3``."""
        return cls("triangular", (low, mode, high), owner)

    @classmethod
    def pert(cls, low: float, mode: float, high: float, *, lambda_: float = 4.0,
             owner: Owner = "") -> DurationDistribution:
        """Beta-PERT: ``low + (high - low) * Beta(1 + l(m-a)/(b-a), 1 + l(b-m)/(b-a))``.

        With ``lambda_ = 4`` its mean is the PERT expected time ``(a + 4m + b) / 6``.
        """
        return cls("pert", (low, mode, high, lambda_), owner)

    @classmethod
    def uniform(cls, low: float, high: float, *, owner: Owner = "") -> DurationDistribution:
        """Uniform on ``[low, high]``."""
        return cls("uniform", (low, high), owner)

    @classmethod
    def normal(cls, mean: float, std: float, *, owner: Owner = "") -> DurationDistribution:
        """Normal ``N(mean, std^2)`` truncated at 0 (see the module docstring)."""
        return cls("normal", (mean, std), owner)

    @classmethod
    def lognormal(cls, mean: float, std: float, *, owner: Owner = "") -> DurationDistribution:
        """Lognormal whose own mean and standard deviation are ``mean`` and ``std``."""
        return cls("lognormal", (mean, std), owner)

    # -- properties ------------------------------------------------------------------------
    @property
    def is_random(self) -> bool:
        """Whether samples vary (False for ``fixed`` and for zero-width distributions)."""
        p = self.params
        if self.kind == "fixed":
            return False
        if self.kind in ("triangular", "pert"):
            return p[2] > p[0]
        if self.kind == "uniform":
            return p[1] > p[0]
        return p[1] > 0

    @property
    def mean(self) -> float:
        """Expected duration (working days)."""
        p, kind = self.params, self.kind
        if kind == "fixed":
            return p[0]
        if kind == "triangular":
            return (p[0] + p[1] + p[2]) / 3.0
        if kind == "pert":
            alpha, beta = self._beta_shapes()
            return p[0] + (p[2] - p[0]) * alpha / (alpha + beta)
        if kind == "uniform":
            return (p[0] + p[1]) / 2.0
        if kind == "normal":
            if p[1] == 0:
                return p[0]
            a = -p[0] / p[1]
            return p[0] + p[1] * float(_phi(a) / special.ndtr(-a))
        return p[0]

    @property
    def variance(self) -> float:
        """Variance of the duration (working days squared)."""
        p, kind = self.params, self.kind
        if kind == "fixed":
            return 0.0
        if kind == "triangular":
            a, c, b = p
            return (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0
        if kind == "pert":
            alpha, beta = self._beta_shapes()
            total = alpha + beta
            return (p[2] - p[0]) ** 2 * alpha * beta / (total * total * (total + 1.0))
        if kind == "uniform":
            return (p[1] - p[0]) ** 2 / 12.0
        if kind == "normal":
            if p[1] == 0:
                return 0.0
            a = -p[0] / p[1]
            lam = float(_phi(a) / special.ndtr(-a))
            return p[1] ** 2 * (1.0 + a * lam - lam * lam)
        return p[1] ** 2

    def _beta_shapes(self) -> tuple[float, float]:
        a, m, b, lam = self.params
        if b <= a:
            return 1.0, 1.0
        return 1.0 + lam * (m - a) / (b - a), 1.0 + lam * (b - m) / (b - a)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Quantile function: durations for uniform numbers ``u`` in [0, 1] (any shape)."""
        column = np.asarray(u, dtype=np.float64)
        params = np.array(self.params, dtype=np.float64).reshape(-1, 1)
        return quantiles(self.kind, params, column.reshape(1, -1)).reshape(column.shape)


def _phi(x: float | np.ndarray) -> np.ndarray:
    return np.exp(-0.5 * np.square(x)) / math.sqrt(2.0 * math.pi)


def quantiles(kind: str, params: npt.NDArray[np.float64], u: npt.NDArray[np.floating[Any]]
              ) -> npt.NDArray[np.floating[Any]]:
    """Vectorised quantile function of one kind for many tasks at once.

    Parameters
    ----------
    kind : str
        A distribution kind.
    params : numpy.ndarray
        Shape ``(n_params, k)``: the parameters of ``k`` tasks (as in ``params``).
    u : numpy.ndarray
        Shape ``(k, N)``: uniform numbers, one row per task (float32 or float64).

    Returns
    -------
    numpy.ndarray
        Shape ``(k, N)``: durations in working days; triangular and uniform ones in the
        precision of ``u`` (a simulation samples in float32, seven significant digits, and
        schedules in float64).
    """
    p: list[npt.NDArray[np.float64]] = [row.reshape(-1, 1) for row in params]
    if kind not in ("triangular", "uniform", "fixed"):
        u = u.astype(np.float64)  # scipy's special functions in double precision
    if kind == "fixed":
        return np.broadcast_to(p[0], u.shape).copy()
    if kind == "triangular":
        low, mode, high = (row.astype(u.dtype) for row in p)
        width = high - low
        left = u * width < mode - low  # u < (mode - low) / width, without dividing by 0
        square = np.where(left, u * (width * (mode - low)), (1 - u) * (width * (high - mode)))
        np.sqrt(square, out=square)
        durations: npt.NDArray[np.floating[Any]] = np.where(left, low + square, high - square)
        return durations
    if kind == "pert":
        low, mode, high, lam = p
        width = high - low
        safe = np.where(width > 0, width, 1.0)
        alpha = 1.0 + lam * (mode - low) / safe
        beta = 1.0 + lam * (high - mode) / safe
        return low + width * special.betaincinv(alpha, beta, u)
    if kind == "uniform":
        low, high = p
        return low + (high - low) * u
    mean, std = p
    if kind == "normal":
        safe = np.where(std > 0, std, 1.0)
        below = special.ndtr(-mean / safe)  # probability mass under 0, cut off
        z: npt.NDArray[np.float64] = special.ndtri(
            np.clip(below + u * (1.0 - below), 1e-16, 1.0 - 1e-16)
        )
        return np.maximum(np.where(std > 0, mean + std * z, mean), 0.0)
    # lognormal with the given mean and std of the duration itself
    sigma2 = np.log1p(np.square(std / mean))
    mu = np.log(mean) - sigma2 / 2.0
    z = special.ndtri(np.clip(u, 1e-16, 1.0 - 1e-16))
    return np.exp(mu + np.sqrt(sigma2) * z)
