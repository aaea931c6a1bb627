"""The levelling problem: renewable resources, demands, and the plan whose activities use them.

Time is abstract and discrete: period ``t`` is the working day ``[t, t + 1)`` counted from the
plan start (0). Durations and lags of the plan are rounded **up** to whole periods (a 2.5-day
activity holds its resources for 3 periods; a lead of -1.5 days becomes -1), and the rounded
values are the ones every constraint is checked against. Capacities and demands are units per
period (1.0 = one full-time person); they may be fractional.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial

from jalon.engine import messages as m
from jalon.engine.model import Plan
from jalon.errors import ValidationFailed
from jalon.i18n import Ref

__all__ = ["LevellingProblem", "Resource"]


def _finite(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(float(value)))


@dataclass(frozen=True)
class Resource:
    """A renewable resource: ``capacity`` units available in every period.

    Parameters
    ----------
    id : str
        Unique id, the key used in demands.
    capacity : float
        Units per period (>= 0) from period 0 on.
    changes : Mapping[int, float]
        Period -> capacity from that period on, until the next change: a resource that is away
        in periods 10-14 has ``{10: 0, 15: 2}``. A resource calendar becomes such changes.
    name : str
        Display name (defaults to the id).
    """

    id: str
    capacity: float
    changes: Mapping[int, float] = field(default_factory=dict)
    name: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise ValidationFailed(m.RESOURCE_ID(value=repr(self.id)), field="id")
        who = partial(m.RESOURCE, resource=Ref.resource(self.id))
        if not _finite(self.capacity) or self.capacity < 0:
            raise ValidationFailed(
                m.ABOUT(owner=who(), problem=m.CAPACITY(value=repr(self.capacity))),
                field="capacity")
        for period, value in dict(self.changes).items():
            if not isinstance(period, int) or isinstance(period, bool) or period < 0:
                raise ValidationFailed(
                    m.ABOUT(owner=who(), problem=m.CHANGE_PERIOD(value=repr(period))),
                    field="changes")
            if not _finite(value) or value < 0:
                raise ValidationFailed(
                    m.ABOUT(owner=who(), problem=m.CHANGE_CAPACITY(period=period,
                                                                 value=repr(value))),
                    field="changes")
        object.__setattr__(self, "changes", dict(sorted(dict(self.changes).items())))
        if not self.name:
            object.__setattr__(self, "name", self.id)

    def capacity_at(self, period: int) -> float:
        """Units available in ``period``."""
        value = float(self.capacity)
        for start, amount in self.changes.items():
            if start > period:
                break
            value = float(amount)
        return value

    @property
    def final_capacity(self) -> float:
        """Capacity after the last change (what every late period has)."""
        return float(list(self.changes.values())[-1]) if self.changes else float(self.capacity)


@dataclass
class LevellingProblem:
    """A plan, the resources its activities need, and the levelling options.

    Parameters
    ----------
    plan : Plan
        The activities and links (all four types, lags in working days, negative lags allowed).
        Summaries are not levelled: their links apply to their leaf activities. Date constraints
        SNET/MSO/FNET/MFO and the status date give release times; ALAP is levelled as ASAP.
        Started activities (actual start or percent complete > 0) are fixed.
    resources : list[Resource]
        Renewable resources with unique ids.
    demands : Mapping[str, Mapping[str, float]]
        Activity id -> resource id -> units needed in every period the activity runs. A demand
        above what the resource keeps for good (its :attr:`Resource.final_capacity`: a
        part-time person assigned full time) is levelled as that capacity: the activity keeps
        its duration and holds the whole resource while it runs, and an explanation of kind
        ``"capped"`` reports it (see :func:`jalon.engine.levelling.compile_problem`).
    fixed : Mapping[str, int] or set of str
        Activities that must not move: id -> start period, or ids fixed at their CPM early start.
    project_of : Mapping[str, str]
        Activity id -> project name, when the plan holds several projects.
    project_priorities : Mapping[str, int]
        Project name -> priority (higher first), used with the activities' own ``priority``
        (0-1000, higher first) to order activities competing for a resource.
    within_float : bool
        Level within total float only: no activity moves past its CPM late start, so the project
        finish does not move; over-allocations that cannot be removed that way remain (and are
        reported).

    Raises
    ------
    ValidationFailed
        Duplicate resources, demands for unknown activities or resources, negative demands.
    """

    plan: Plan
    resources: list[Resource]
    demands: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    fixed: Mapping[str, int] | set[str] | frozenset[str] = field(default_factory=dict)
    project_of: Mapping[str, str] = field(default_factory=dict)
    project_priorities: Mapping[str, int] = field(default_factory=dict)
    within_float: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.plan, Plan):
            raise ValidationFailed(m.NOT_PLAN(value=repr(self.plan)), field="plan")
        self.resources = list(self.resources)
        by_id: dict[str, Resource] = {}
        for resource in self.resources:
            if not isinstance(resource, Resource):
                raise ValidationFailed(m.NOT_RESOURCE(value=repr(resource)), field="resources")
            if resource.id in by_id:
                raise ValidationFailed(m.DUPLICATE_RESOURCE(resource=Ref.resource(resource.id)),
                                       field="resources")
            by_id[resource.id] = resource
        ids = {a.id for a in self.plan.activities}
        for activity, needs in self.demands.items():
            if activity not in ids:
                raise ValidationFailed(m.DEMAND_UNKNOWN_ACTIVITY(task=Ref.task(activity)),
                                       field="demands")
            for rid, units in needs.items():
                resource_ref = Ref.resource(rid)
                if rid not in by_id:
                    raise ValidationFailed(
                        m.ABOUT(owner=m.activity(activity),
                                problem=m.DEMAND_UNKNOWN_RESOURCE(resource=resource_ref)),
                        field="demands")
                if not _finite(units) or units < 0:
                    raise ValidationFailed(
                        m.ABOUT(owner=m.activity(activity),
                                problem=m.DEMAND_AMOUNT(resource=resource_ref,
                                                        value=repr(units))),
                        field="demands")
        fixed = self.fixed if isinstance(self.fixed, Mapping) else dict.fromkeys(self.fixed)
        for activity, start in fixed.items():
            if activity not in ids:
                raise ValidationFailed(m.UNKNOWN_FIXED(task=Ref.task(activity)), field="fixed")
            if start is not None and (not isinstance(start, int) or start < 0):
                raise ValidationFailed(
                    m.ABOUT(owner=m.activity(activity), problem=m.FIXED_START(value=repr(start))),
                    field="fixed")
        for activity, project in self.project_of.items():
            if activity not in ids:
                raise ValidationFailed(m.PROJECT_UNKNOWN_ACTIVITY(task=Ref.task(activity)),
                                       field="project_of")
            if not isinstance(project, str):
                raise ValidationFailed(
                    m.ABOUT(owner=m.activity(activity), problem=m.PROJECT_NAME()),
                    field="project_of")
        for project, priority in self.project_priorities.items():
            if not isinstance(priority, int) or isinstance(priority, bool):
                raise ValidationFailed(
                    m.ABOUT(owner=m.PROJECT(project=repr(project)),
                            problem=m.PROJECT_PRIORITY(value=repr(priority))),
                    field="project_priorities")

    @property
    def resource_ids(self) -> list[str]:
        """Resource ids in the order given."""
        return [r.id for r in self.resources]
