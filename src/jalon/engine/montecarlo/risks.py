"""Risk events and task costs: the inputs of a simulation besides the plan's durations."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial

from jalon.engine import messages as m
from jalon.errors import ValidationFailed
from jalon.i18n import Message, Ref

__all__ = ["RiskEvent", "TaskCost"]


def _amount(value: object, who: Callable[[], Message], name: str, *,
            minimum: float | None = 0.0) -> float:
    """``value`` as a float; ``who`` builds the owner of the message only if it is wrong."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationFailed(m.ABOUT(owner=who(), problem=m.NOT_FINITE(field=name,
                                                                       value=repr(value))),
                               field=name)
    if minimum is not None and value < minimum:
        raise ValidationFailed(m.ABOUT(owner=who(), problem=m.BELOW(field=name, minimum=minimum,
                                                                  value=repr(value))),
                               field=name)
    return float(value)


@dataclass(frozen=True)
class RiskEvent:
    """A threat that happens in an iteration with ``probability`` and then hits its tasks.

    Parameters
    ----------
    id : str
        Unique id of the risk.
    probability : float
        Chance of occurring, 0-1, drawn independently in each iteration.
    tasks : tuple[str, ...]
        Ids of the tasks it affects (one or several).
    delay : float
        Working days added to the duration of *each* linked task when it occurs.
    delay_percent : float
        Percentage of each linked task's sampled duration added when it occurs (with
        ``delay``, both are added). Durations grow, so costs that depend on them grow too.
    cost : float
        Amount added to the project cost when it occurs (currency, once per occurrence).
    name : str
        Display name.
    delays : Mapping[str, tuple[float, float]]
        Per linked task, its own ``(delay, delay_percent)`` when it differs from the risk's
        (the tasks not listed take ``delay`` and ``delay_percent``). A task listed here and not
        in ``tasks`` is added to ``tasks``.
    """

    id: str
    probability: float
    tasks: tuple[str, ...] = ()
    delay: float = 0.0
    delay_percent: float = 0.0
    cost: float = 0.0
    name: str = ""
    delays: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise ValidationFailed(m.RISK_ID(value=repr(self.id)), field="id")
        who = partial(m.RISK, risk=repr(self.id))
        probability = _amount(self.probability, who, "probability")
        if probability > 1:
            raise ValidationFailed(m.ABOUT(owner=who(), problem=m.PROBABILITY(value=probability)),
                                   field="probability")
        object.__setattr__(self, "tasks", tuple(self.tasks))
        for task in self.tasks:
            if not isinstance(task, str) or not task:
                raise ValidationFailed(m.ABOUT(owner=who(), problem=m.RISK_TASKS(value=repr(task))),
                                       field="tasks")
        object.__setattr__(self, "delay", _amount(self.delay, who, "delay", minimum=None))
        object.__setattr__(self, "delay_percent",
                           _amount(self.delay_percent, who, "delay_percent", minimum=-100.0))
        object.__setattr__(self, "cost", _amount(self.cost, who, "cost", minimum=None))
        if not isinstance(self.delays, Mapping):
            raise ValidationFailed(m.ABOUT(owner=who(), problem=m.DELAYS(value=repr(self.delays))),
                                   field="delays")
        delays: dict[str, tuple[float, float]] = {}
        for task, pair in self.delays.items():
            if not isinstance(task, str) or not task:
                raise ValidationFailed(
                    m.ABOUT(owner=who(), problem=m.DELAY_KEYS(value=repr(task))), field="delays")
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                raise ValidationFailed(
                    m.ABOUT(owner=who(), problem=m.DELAY_PAIR(task=Ref.task(task),
                                                            value=repr(pair))),
                    field="delays")
            delays[task] = (_amount(pair[0], who, "delay", minimum=None),
                            _amount(pair[1], who, "delay_percent", minimum=-100.0))
        object.__setattr__(self, "delays", delays)
        missing = tuple(task for task in delays if task not in self.tasks)
        if missing:
            object.__setattr__(self, "tasks", self.tasks + missing)

    def delay_of(self, task: str) -> tuple[float, float]:
        """``(delay, delay_percent)`` of one linked task."""
        return self.delays.get(task, (self.delay, self.delay_percent))


@dataclass(frozen=True)
class TaskCost:
    """The cost of one task: ``fixed + rate * duration`` (currency; ``rate`` per working day)."""

    fixed: float = 0.0
    rate: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "fixed", _amount(self.fixed, m.TASK_COST, "fixed", minimum=None))
        object.__setattr__(self, "rate", _amount(self.rate, m.TASK_COST, "rate", minimum=None))
