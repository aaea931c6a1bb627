"""What a simulation returns: distributions of the finish and the cost, and per-task indices."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from jalon.engine import messages as m
from jalon.engine.calendar import Timeline
from jalon.errors import ValidationFailed

__all__ = ["OutcomeDistribution", "SimulationResult"]

_TOL = 1e-9


def _check_confidence(value: float, name: str = "confidence") -> float:
    if not 0.0 <= value <= 1.0:
        raise ValidationFailed(m.CONFIDENCE(field=name, value=float(value)), field=name)
    return float(value)


@dataclass
class OutcomeDistribution:
    """The simulated distribution of one outcome: the project finish or the project cost.

    Attributes
    ----------
    samples : numpy.ndarray
        One value per iteration (finish: working days from the project start, the end of the
        last working day; cost: currency).
    deterministic : float
        The same outcome in the plan without uncertainty (planned durations, no risk): for
        the finish, the schedule's.
    """

    samples: np.ndarray
    deterministic: float
    _sorted: np.ndarray | None = field(default=None, repr=False)

    @property
    def sorted(self) -> np.ndarray:
        """The samples in increasing order (computed once)."""
        if self._sorted is None:
            self._sorted = np.sort(self.samples)
        return self._sorted

    @property
    def mean(self) -> float:
        """Sample mean."""
        return float(self.samples.mean())

    @property
    def std(self) -> float:
        """Sample standard deviation (``ddof=1``)."""
        return float(self.samples.std(ddof=1)) if self.samples.size > 1 else 0.0

    def percentile(self, confidence: float) -> float:
        """The value not exceeded with probability ``confidence`` (0-1; P80 is 0.8).

        Linear interpolation between order statistics (numpy's default).
        """
        return float(np.quantile(self.sorted, _check_confidence(confidence)))

    @property
    def p10(self) -> float:
        """Percentile 10."""
        return self.percentile(0.10)

    @property
    def p50(self) -> float:
        """Median."""
        return self.percentile(0.50)

    @property
    def p80(self) -> float:
        """Percentile 80."""
        return self.percentile(0.80)

    @property
    def p90(self) -> float:
        """Percentile 90."""
        return self.percentile(0.90)

    def probability_within(self, limit: float) -> float:
        """Fraction of iterations whose value is at most ``limit``."""
        return float(np.searchsorted(self.sorted, limit + _TOL, side="right") / self.sorted.size)

    def contingency(self, confidence: float) -> float:
        """Reserve needed for the given confidence: ``P_x - deterministic`` (may be negative)."""
        return self.percentile(confidence) - self.deterministic

    def histogram(self, bins: int = 30) -> tuple[np.ndarray, np.ndarray]:
        """``(edges, counts)``: ``bins + 1`` bin edges and ``bins`` counts (numpy.histogram)."""
        counts, edges = np.histogram(self.samples, bins=bins)
        return edges, counts

    def cumulative(self, points: int = 101) -> tuple[np.ndarray, np.ndarray]:
        """``(values, probabilities)``: the S-curve at ``points`` evenly spaced probabilities."""
        probabilities = np.linspace(0.0, 1.0, points)
        return np.quantile(self.sorted, probabilities), probabilities


@dataclass
class SimulationResult:
    """The outcome of :func:`jalon.engine.montecarlo.simulate`.

    Attributes
    ----------
    iterations : int
    ids : list[str]
        Leaf task ids (plan order).
    finish : OutcomeDistribution
        Project finish in working days from the start (abstract time).
    cost : OutcomeDistribution or None
        Project cost, when the model has costs.
    criticality : dict[str, float]
        Per task, the fraction of iterations in which it is critical (total float <= 1e-6).
    sensitivity : dict[str, float]
        Per task, the Spearman rank correlation of its sampled duration (before risk events)
        with the project finish; 0 for a fixed duration. Sort by absolute value for a tornado.
    risk_occurrence : dict[str, float]
        Per risk, the fraction of iterations in which it occurred.
    risk_sensitivity : dict[str, float]
        Per risk, the Spearman rank correlation of its occurrence with the project finish.
    durations : numpy.ndarray or None
        Shape ``(iterations, tasks)``, the sampled durations (with risk events), when the
        simulation kept them (``keep_samples=True``).
    timeline : Timeline or None
        Turns working days into dates when the plan has a start.
    deterministic_finish_date : datetime.date or None
        The date of ``finish.deterministic`` as the schedule shows it (plans with a start).
    """

    iterations: int
    ids: list[str]
    finish: OutcomeDistribution
    cost: OutcomeDistribution | None
    criticality: dict[str, float]
    sensitivity: dict[str, float]
    risk_occurrence: dict[str, float] = field(default_factory=dict)
    risk_sensitivity: dict[str, float] = field(default_factory=dict)
    durations: np.ndarray | None = field(default=None, repr=False)
    timeline: Timeline | None = field(default=None, repr=False)
    deterministic_finish_date: date | None = None

    def finish_date(self, confidence: float) -> date | None:
        """Inclusive date of the finish percentile (None in abstract time)."""
        return self.date_of(self.finish.percentile(confidence))

    def date_of(self, finish: float) -> date | None:
        """Inclusive date (the last working day) of a finish in working days from the start."""
        if self.timeline is None:
            return None
        return self.timeline.finish_date(finish, 0.0)

    def due_time(self, due: float | date) -> float:
        """A due date (end of that day) or abstract time as working days from the start."""
        if isinstance(due, date):
            if self.timeline is None:
                raise ValidationFailed(m.DUE_NEEDS_START(), field="due")
            return float(self.timeline.finish_time(due))
        return float(due)

    def probability_by(self, due: float | date) -> float:
        """Probability that the project finishes by ``due`` (a date, or working days)."""
        return self.finish.probability_within(self.due_time(due))

    def probability_within_budget(self, budget: float) -> float:
        """Probability that the project cost is at most ``budget``."""
        if self.cost is None:
            raise ValidationFailed(m.NO_COSTS(), field="budget")
        return self.cost.probability_within(budget)

    def tornado(self, top: int | None = None) -> list[tuple[str, float]]:
        """Tasks by decreasing absolute sensitivity, without the zero ones."""
        rows = sorted(((k, v) for k, v in self.sensitivity.items() if v != 0),
                      key=lambda item: -abs(item[1]))
        return rows[:top] if top is not None else rows
