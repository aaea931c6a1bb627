"""Why an activity moved: the resource, the period and the activities holding the capacity.

For a levelled schedule that is left-justified (no activity can start earlier on its own), an
activity that starts later than its CPM early start has one or both of these reasons:

- ``"predecessor"``: a predecessor was itself delayed, so the links allow the activity to start
  only later (``could_start`` > ``early_start``);
- ``"resource"``: at ``could_start`` some resource lacks capacity in a period of the activity's
  window; the competing activities are those using that resource in that period.

An activity that asks a resource for more than it will ever have (a part-time person assigned
full time) was levelled as holding that resource's whole capacity: it gets a ``"capped"``
explanation whether it moved or not.

Each :class:`Explanation` carries its data and a sentence built from a template with named
fields (:data:`TEMPLATES`), so that another layer can translate the template and fill it in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np

from jalon.engine.levelling.instance import Instance
from jalon.engine.levelling.loading import resource_loading

__all__ = ["TEMPLATES", "Explanation", "explain", "join_names"]

TEMPLATES = {
    "resource": ("{activity} is delayed from day {could_start} to day {start}: on day {period}, "
                 "{resource} has a capacity of {capacity}, with {used} already taken by "
                 "{competing}; {activity} needs {needed}."),
    "predecessor": ("{activity} is delayed from day {early_start} to day {could_start} because "
                    "its predecessor {predecessor} was delayed ({link} link)."),
    "capped": ("{activity} needs {needed} of {resource}, which never has more than {capacity}: "
               "it is levelled as taking all of {resource} for its planned duration; the rest "
               "remains over-allocated."),
}
"""English sentence templates by kind of reason; days are periods counted from 0."""

_LINK_NAMES = ("finish-to-start", "start-to-start", "finish-to-finish", "start-to-finish")
_TOLERANCE = 1e-9


def join_names(names: list[str]) -> str:
    """``"A"``, ``"A and B"``, ``"A, B and C"`` (English list)."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _units(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True)
class Explanation:
    """One reason why an activity starts later than its CPM early start (periods from 0).

    Attributes
    ----------
    activity : str
        Id of the moved activity.
    kind : str
        ``"resource"``, ``"predecessor"`` or ``"capped"``.
    early_start, start : int
        CPM early start (no resource limits) and levelled start.
    could_start : int
        The earliest start its links allow in the levelled schedule.
    resource : str or None
        The resource lacking capacity (``"resource"``), or the one asked for more than it ever
        has (``"capped"``).
    period : int or None
        The period in which it lacks (within ``[could_start, could_start + duration)``).
    competing : tuple[str, ...]
        Ids of the activities using the resource in that period.
    needed, used, capacity : float
        Units the activity needs, units the competitors use, capacity in that period (for
        ``"capped"``: the units asked for and the resource's final capacity, what it was
        levelled with).
    predecessor : str or None
        The driving predecessor (``"predecessor"``), and ``link`` its link type.
    names : dict[str, str]
        Display names of the activities and resource mentioned.
    """

    activity: str
    kind: str
    early_start: int
    start: int
    could_start: int
    resource: str | None = None
    period: int | None = None
    competing: tuple[str, ...] = ()
    needed: float = 0.0
    used: float = 0.0
    capacity: float = 0.0
    predecessor: str | None = None
    link: str | None = None
    names: tuple[tuple[str, str], ...] = ()

    @property
    def delay(self) -> int:
        """Periods between the CPM early start and the levelled start."""
        return self.start - self.early_start

    @property
    def template(self) -> str:
        """The English sentence template for this kind."""
        return TEMPLATES[self.kind]

    @property
    def fields(self) -> dict[str, str]:
        """Named values for :attr:`template` (activity and resource names, not ids)."""
        names = dict(self.names)
        return {
            "activity": names.get(self.activity, self.activity),
            "early_start": str(self.early_start),
            "start": str(self.start),
            "could_start": str(self.could_start),
            "delay": str(self.delay),
            "resource": names.get(self.resource or "", self.resource or ""),
            "period": str(self.period),
            "competing": join_names([names.get(c, c) for c in self.competing]),
            "needed": _units(self.needed),
            "used": _units(self.used),
            "capacity": _units(self.capacity),
            "predecessor": names.get(self.predecessor or "", self.predecessor or ""),
            "link": _LINK_NAMES[("FS", "SS", "FF", "SF").index(self.link)] if self.link else "",
        }

    @property
    def message(self) -> str:
        """The sentence in English."""
        return self.template.format(**self.fields)

    def as_dict(self) -> dict[str, object]:
        """Plain data (for JSON)."""
        return {
            "activity": self.activity, "kind": self.kind, "early_start": self.early_start,
            "start": self.start, "could_start": self.could_start, "delay": self.delay,
            "resource": self.resource, "period": self.period, "competing": list(self.competing),
            "needed": self.needed, "used": self.used, "capacity": self.capacity,
            "predecessor": self.predecessor, "link": self.link, "message": self.message,
        }


def explain(instance: Instance, starts: np.ndarray) -> list[Explanation]:
    """Reasons for every activity that starts later than its CPM early start, then one for
    every demand capped at a resource's final capacity.

    ``starts`` should be left-justified (as every method returns them); an activity held by
    neither a predecessor nor a resource then cannot occur, except a fixed one (not explained).
    """
    starts = np.asarray(starts, dtype=np.int64)
    early = instance.early_start
    loading = resource_loading(instance, starts, max(instance.horizon,
                                                     int((starts + instance.duration).max(initial=0))))
    finish = starts + instance.duration
    kinds = ("FS", "SS", "FF", "SF")
    link_kind = {(p, s): k for p, s, k in zip(instance.pred.tolist(), instance.succ.tolist(),
                                              instance.kind.tolist(), strict=True)}
    names = tuple(zip(instance.ids, instance.names, strict=True)) + tuple(
        zip(instance.resource_ids, instance.resource_names, strict=True))
    found: list[Explanation] = []
    for j in np.flatnonzero((starts > early) & ~instance.fixed).tolist():
        could = int(instance.release[j])
        for p, dl in instance.incoming[j]:
            could = max(could, int(starts[p]) + dl)
        driver = next((p for p, dl in instance.incoming[j] if starts[p] + dl == could), None)
        reason = partial(Explanation, activity=instance.ids[j], early_start=int(early[j]),
                         start=int(starts[j]), could_start=could, names=names)
        if could > early[j] and driver is not None:
            found.append(reason(kind="predecessor", predecessor=instance.ids[driver],
                                link=kinds[link_kind[(driver, j)]]))
        if starts[j] > could:
            blocker = _blocking(instance, loading.demand, loading.capacity, j, could,
                                int(starts[j]))
            if blocker is not None:
                r, period = blocker
                running = np.flatnonzero((instance.demand[:, r] > 0) & (starts <= period)
                                         & (finish > period))
                users = [u for u in running.tolist() if u != j]
                users.sort(key=lambda u: (starts[u], u))
                found.append(reason(
                    kind="resource", resource=instance.resource_ids[r], period=period,
                    competing=tuple(instance.ids[u] for u in users),
                    needed=float(instance.demand[j, r]),
                    used=float(instance.demand[users, r].sum()),
                    capacity=float(loading.capacity[r, period])))
    assert instance.requested is not None
    for j, r in instance.capped:
        found.append(Explanation(
            activity=instance.ids[j], kind="capped", early_start=int(early[j]),
            start=int(starts[j]), could_start=int(starts[j]), resource=instance.resource_ids[r],
            needed=float(instance.requested[j, r]), capacity=float(instance.demand[j, r]),
            names=names))
    return found


def _blocking(instance: Instance, demand: np.ndarray, capacity: np.ndarray, j: int, at: int,
              start: int) -> tuple[int, int] | None:
    """First (resource, period) that stops activity ``j`` (now at ``start``) from running from
    period ``at``: the others' demand there plus its own exceeds the capacity."""
    d = int(instance.duration[j])
    for period in range(at, at + d):
        itself = start <= period < start + d
        for r in np.flatnonzero(instance.demand[j] > 0).tolist():
            others = demand[r, period] - (instance.demand[j, r] if itself else 0.0)
            if others + instance.demand[j, r] > capacity[r, period] + _TOLERANCE:
                return r, period
    return None
