"""Resource loading: demand per resource and period for a schedule, against capacity.

Periods are whole working days from the plan start; an activity starting in period ``s`` with
duration ``d`` uses its demand in periods ``s`` ... ``s + d - 1``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jalon.engine.levelling.instance import Instance

__all__ = ["OverAllocation", "ResourceLoading", "over_allocations", "resource_loading"]

_TOLERANCE = 1e-9


@dataclass(frozen=True)
class OverAllocation:
    """A run of consecutive periods in which a resource is asked for more than it has.

    ``first`` and ``last`` are periods (inclusive); ``excess`` is the largest demand above
    capacity in the run (units); ``activities`` are the ids of the activities using the resource
    in the run, in schedule order.
    """

    resource: str
    first: int
    last: int
    excess: float
    activities: tuple[str, ...]


@dataclass(frozen=True)
class ResourceLoading:
    """Demand and capacity per resource (rows, in ``resource_ids`` order) and period (columns)."""

    resource_ids: list[str]
    demand: np.ndarray
    capacity: np.ndarray

    @property
    def excess(self) -> np.ndarray:
        """Demand above capacity (0 where within), per resource and period."""
        return np.asarray(np.clip(self.demand - self.capacity, 0.0, None), dtype=np.float64)

    @property
    def periods(self) -> int:
        """Number of periods covered."""
        return int(self.demand.shape[1])


def resource_loading(instance: Instance, starts: np.ndarray,
                     periods: int | None = None) -> ResourceLoading:
    """Demand per resource and period of the schedule ``starts`` (fixed activities included).

    ``periods`` defaults to the schedule's makespan.
    """
    starts = np.asarray(starts, dtype=np.int64)
    finish = starts + instance.duration
    horizon = int(finish.max(initial=0)) if periods is None else int(periods)
    change = np.zeros((horizon + 1, len(instance.resource_ids)))
    np.add.at(change, np.clip(starts, 0, horizon), instance.demand)
    np.add.at(change, np.clip(finish, 0, horizon), -instance.demand)
    demand = np.cumsum(change, axis=0)[:horizon].T
    return ResourceLoading(list(instance.resource_ids), demand,
                           instance.capacity_profile(horizon))


def over_allocations(instance: Instance, starts: np.ndarray) -> list[OverAllocation]:
    """Every run of periods where a resource's demand exceeds its capacity, with the activities
    involved; empty for a levelled schedule."""
    starts = np.asarray(starts, dtype=np.int64)
    loading = resource_loading(instance, starts)
    excess = loading.excess
    found: list[OverAllocation] = []
    finish = starts + instance.duration
    for r, resource in enumerate(instance.resource_ids):
        over = excess[r] > _TOLERANCE
        if not over.any():
            continue
        edges = np.flatnonzero(np.diff(np.concatenate(([0], over.astype(np.int8), [0]))))
        for first, stop in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
            users = np.flatnonzero((instance.demand[:, r] > 0) & (starts < stop)
                                   & (finish > first))
            users = users[np.argsort(starts[users], kind="stable")]
            found.append(OverAllocation(resource, first, stop - 1,
                                        float(excess[r, first:stop].max()),
                                        tuple(instance.ids[i] for i in users.tolist())))
    return found
