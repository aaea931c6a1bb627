"""The cost of a task: one rule for baselines, budgets, earned value and the Monte Carlo cost
model, whichever door (the platform or a project file) asks for it.

Units and conventions
---------------------
- Work in **hours**; a standard rate in currency **per hour** (per unit for a material); costs
  in currency; durations in working days.
- An assignment costs ``work x standard rate + cost per use``. Its work is the hours it gives;
  an assignment without work counts ``units x duration x hours per day`` for a person or a
  piece of equipment, and ``units`` for a material, whose "work" is the quantity consumed (as
  in MS Project).
- A task costs the sum of its assignments plus its fixed costs (purchases, subcontracts).
- The *time-based* part of a task's cost is the work x rate of its people and equipment: when
  the task lasts longer or shorter (a Monte Carlo iteration), it follows the duration. Costs
  per use, materials and fixed costs do not (:meth:`TaskCosts.simulation_costs`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from jalon.engine import messages as m
from jalon.engine.montecarlo.risks import TaskCost
from jalon.errors import ValidationFailed
from jalon.i18n import Message, Ref

__all__ = ["CostedAssignment", "TaskCosts", "task_costs"]


def _finite(value: float, owner: Message, name: str) -> None:
    if not math.isfinite(value) or value < 0:
        raise ValidationFailed(m.ABOUT(owner=owner, problem=m.FINITE_AMOUNT(field=name,
                                                                           value=repr(value))),
                               field=name)


@dataclass(frozen=True)
class CostedAssignment:
    """One resource on one task, as costed.

    Attributes
    ----------
    task : str
        Id of the task.
    standard_rate : float
        Currency per hour of work (per unit consumed for a material), >= 0.
    cost_per_use : float
        Currency charged once for the assignment, >= 0.
    units : float
        Share of the resource (1 = full time), or the quantity of a material; >= 0.
    work : float or None
        Hours of work (the quantity for a material); None: from ``units`` (see the module
        docstring).
    material : bool
        Whether the resource is a material (consumed, not working over time).
    """

    task: str
    standard_rate: float = 0.0
    cost_per_use: float = 0.0
    units: float = 1.0
    work: float | None = None
    material: bool = False

    def __post_init__(self) -> None:
        who = m.ASSIGNMENT(task=Ref.task(self.task))
        _finite(self.standard_rate, who, "standard_rate")
        _finite(self.cost_per_use, who, "cost_per_use")
        _finite(self.units, who, "units")
        if self.work is not None:
            _finite(self.work, who, "work")

    def hours(self, duration: float, hours_per_day: float) -> float:
        """The work costed: ``work`` when given, else from the units (module docstring)."""
        if self.work is not None:
            return self.work
        return self.units if self.material else self.units * duration * hours_per_day


@dataclass(frozen=True)
class TaskCosts:
    """What :func:`task_costs` returns: each task's cost and its parts, in the order of ``ids``.

    Attributes
    ----------
    ids : tuple[str, ...]
        The tasks.
    durations : numpy.ndarray
        Their durations (working days), as given.
    assigned : numpy.ndarray
        The cost of their assignments (currency).
    time_based : numpy.ndarray
        The part of ``assigned`` that follows the duration (people's and equipment's work).
    fixed : numpy.ndarray
        Their fixed costs (currency).
    """

    ids: tuple[str, ...]
    durations: npt.NDArray[np.float64]
    assigned: npt.NDArray[np.float64]
    time_based: npt.NDArray[np.float64]
    fixed: npt.NDArray[np.float64]
    row: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "row", {ident: i for i, ident in enumerate(self.ids)})

    @property
    def budgets(self) -> npt.NDArray[np.float64]:
        """Each task's cost: its assignments plus its fixed costs (currency)."""
        return self.assigned + self.fixed

    def budget(self, task: str) -> float:
        """The cost of one task (currency)."""
        i = self.row[task]
        return float(self.assigned[i] + self.fixed[i])

    def assignment_cost(self, task: str) -> float:
        """The cost of one task's assignments, without its fixed costs (currency)."""
        return float(self.assigned[self.row[task]])

    def simulation_costs(self, tasks: Iterable[str]) -> dict[str, TaskCost] | None:
        """The Monte Carlo cost model of ``tasks`` (usually the leaves): ``fixed + rate x
        duration`` with ``rate`` = the time-based cost per working day of the duration given,
        so that the deterministic duration gives back the task's cost. A task of no duration
        keeps its whole cost fixed. None when none of them costs anything."""
        costs: dict[str, TaskCost] = {}
        for ident in tasks:
            i = self.row[ident]
            budget, time_based = float(self.budgets[i]), float(self.time_based[i])
            duration = float(self.durations[i])
            if budget == 0:
                continue
            if duration > 0:
                costs[ident] = TaskCost(budget - time_based, time_based / duration)
            else:
                costs[ident] = TaskCost(budget, 0.0)
        return costs or None


def task_costs(
    durations: Mapping[str, float],
    assignments: Iterable[CostedAssignment],
    *,
    fixed_costs: Mapping[str, float] | None = None,
    hours_per_day: float = 8.0,
) -> TaskCosts:
    """The cost of each task by the rule of the module docstring.

    Parameters
    ----------
    durations : Mapping[str, float]
        Every task, by id, with its duration in working days (used for assignments without
        work and for the time-based rate); the result follows this order.
    assignments : Iterable[CostedAssignment]
        The assignments, on tasks of ``durations``.
    fixed_costs : Mapping[str, float] or None
        Fixed costs per task id (currency, >= 0), summed already.
    hours_per_day : float
        Working hours in a day of the project calendar.

    Raises
    ------
    ValidationFailed
        An assignment or fixed cost names an unknown task, or an amount is negative.
    """
    ids = tuple(durations)
    row = {ident: i for i, ident in enumerate(ids)}
    days = np.array([float(durations[ident]) for ident in ids], dtype=np.float64)
    for ident, duration in zip(ids, days, strict=True):
        _finite(float(duration), m.activity(ident), "duration")
    _finite(hours_per_day, m.CALENDAR(), "hours_per_day")
    assigned = np.zeros(len(ids))
    time_based = np.zeros(len(ids))
    for assignment in assignments:
        i = row.get(assignment.task)
        if i is None:
            raise ValidationFailed(m.ASSIGNMENT_UNKNOWN_TASK(task=Ref.task(assignment.task)),
                                   field="task")
        amount = assignment.hours(float(days[i]), hours_per_day) * assignment.standard_rate
        assigned[i] += amount + assignment.cost_per_use
        if not assignment.material:
            time_based[i] += amount
    fixed = np.zeros(len(ids))
    for ident, amount in (fixed_costs or {}).items():
        if ident not in row:
            raise ValidationFailed(m.FIXED_COST_UNKNOWN_TASK(task=Ref.task(ident)),
                                   field="fixed_cost")
        _finite(float(amount), m.activity(ident), "fixed_cost")
        fixed[row[ident]] += float(amount)
    return TaskCosts(ids, days, assigned, time_based, fixed)
