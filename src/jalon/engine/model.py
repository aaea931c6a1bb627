"""The scheduling problem: activities, links between them, and the plan that holds both.

Units: durations and lags are in working days (fractions allowed). A time given as a ``float`` is
abstract time (working days from the project start, see :mod:`jalon.engine.calendar`); a time
given as a ``datetime.date`` is calendar time and needs a plan with a ``start``.
Each class validates itself on construction and raises :class:`jalon.errors.ValidationFailed`
with a message naming the activity (or link) and the field at fault.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, SupportsFloat

from jalon.engine import messages as m
from jalon.engine.calendar import WorkCalendar
from jalon.engine.limits import FIRST_DATE, LAST_DATE, MAX_DURATION, MAX_LAG
from jalon.errors import ValidationFailed
from jalon.i18n import Chain, Message, Ref

if TYPE_CHECKING:
    from jalon.engine.columns import PlanColumns

__all__ = [
    "CONSTRAINT_TYPES",
    "LAG_UNITS",
    "LINK_TYPES",
    "Activity",
    "Link",
    "Plan",
    "TimeValue",
    "scheduled_duration",
]

LINK_TYPES = ("FS", "SS", "FF", "SF")
"""Finish-to-start, start-to-start, finish-to-finish, start-to-finish."""

LAG_UNITS = ("days", "edays")
"""Working days (of the plan calendar), elapsed calendar days."""

CONSTRAINT_TYPES = ("ASAP", "ALAP", "SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO")
"""As soon / late as possible; start or finish no earlier / no later than; must start / finish on."""

DATED_CONSTRAINTS = frozenset(CONSTRAINT_TYPES[2:])
SUMMARY_CONSTRAINTS = frozenset({"ASAP", "SNET", "FNLT"})

TimeValue = date | float
"""A point in time: a calendar ``date``, or abstract time in working days from the start."""


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


Owner = Callable[[], Message]
"""Builds the owner of a message ("Activity 'A'") only when there is something to say: plans
hold up to a million activities, and nearly all of them are valid."""


def _fail(owner: Message, problem: Message, field: str) -> ValidationFailed:
    return ValidationFailed(m.ABOUT(owner=owner, problem=problem), field=field)


def _check_time(value: object, owner: Owner, name: str) -> None:
    if value is None:
        return
    if isinstance(value, date):
        _check_date(value, owner, name)
        return
    if not _is_number(value) or not math.isfinite(float(value)):  # type: ignore[arg-type]
        raise _fail(owner(), m.NOT_TIME(field=name, value=repr(value)), name)


def _check_amount(value: object, owner: Owner, name: str, *,
                  minimum: float | None = 0.0) -> None:
    if not _is_number(value) or not math.isfinite(float(value)):  # type: ignore[arg-type]
        raise _fail(owner(), m.NOT_FINITE(field=name, value=repr(value)), name)
    if minimum is not None and float(value) < minimum:  # type: ignore[arg-type]
        raise _fail(owner(), m.NEGATIVE(field=name, value=repr(value)), name)


def _check_length(value: float, owner: Owner, name: str, limit: int) -> None:
    """Refuse a duration or lag longer than ``limit`` days either way (see ``limits``)."""
    if abs(float(value)) > limit:
        raise _fail(owner(), m.TOO_LONG(field=name, limit=limit, value=float(value)), name)


def _check_date(value: date, owner: Owner, name: str) -> None:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise _fail(owner(), m.UNSUPPORTED_DATE(field=name, first=FIRST_DATE, last=LAST_DATE,
                                                value=value), name)


@dataclass(frozen=True)
class Link:
    """A dependency between two activities.

    Parameters
    ----------
    predecessor, successor : str
        Activity ids.
    type : str
        ``"FS"`` (``ES(s) >= EF(p) + lag``), ``"SS"`` (``ES(s) >= ES(p) + lag``), ``"FF"``
        (``EF(s) >= EF(p) + lag``) or ``"SF"`` (``EF(s) >= ES(p) + lag``).
    lag : float
        Negative for a lead. In working days (``lag_unit="days"``) or elapsed calendar days
        (``lag_unit="edays"``).
    lag_unit : str
        ``"days"`` (default): working days of the plan calendar. ``"edays"``: elapsed days, as
        MS Project's "ed": the lag is added on the calendar (weekends and holidays count), and
        the result moves to the next working instant. Without a plan start date (abstract
        time) both units are working days.
    """

    predecessor: str
    successor: str
    type: str = "FS"
    lag: float = 0.0
    lag_unit: str = "days"

    def __post_init__(self) -> None:
        for name in ("predecessor", "successor"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise _fail(self.owner(), m.LINK_END(field=name), name)
        kind = self.type.upper() if isinstance(self.type, str) else self.type
        if kind not in LINK_TYPES:
            raise _fail(self.owner(), m.NOT_ONE_OF(field="type", choices=list(LINK_TYPES),
                                                 value=repr(self.type)), "type")
        object.__setattr__(self, "type", kind)
        _check_amount(self.lag, self.owner, "lag", minimum=None)
        _check_length(self.lag, self.owner, "lag", MAX_LAG)
        if self.lag_unit not in LAG_UNITS:
            raise _fail(self.owner(), m.NOT_ONE_OF(field="lag_unit", choices=list(LAG_UNITS),
                                                 value=repr(self.lag_unit)), "lag_unit")

    def owner(self) -> Message:
        """The owner of a message about this link: ``Link 'A' → 'B' (FS)``."""
        return m.link(str(self.predecessor), str(self.successor), self.type)


@dataclass
class Activity:
    """A piece of work (or a milestone, or a summary of other activities).

    Parameters
    ----------
    id : str
        Unique id within the plan.
    name : str
        Display name.
    duration : float
        Working days, >= 0. When 0 and a three-point estimate is given, the PERT expected time
        ``(a + 4m + b) / 6`` is used instead. Ignored for summaries.
    optimistic, most_likely, pessimistic : float or None
        Three-point estimate (working days), all three or none, ``a <= m <= b``.
    constraint_type : str
        One of ``ASAP`` (default), ``ALAP``, ``SNET``, ``SNLT``, ``FNET``, ``FNLT``, ``MSO``,
        ``MFO``. All but ASAP/ALAP need ``constraint_date``.
    constraint_date : datetime.date or float or None
        Date of the constraint (start-type constraints mean the start of that day, finish-type
        ones the end of that day), or abstract time.
    deadline : datetime.date or float or None
        The activity should finish by then (end of that day); it caps the late finish only.
    percent_complete : float
        0-100; reduces the remaining duration.
    actual_start, actual_finish : datetime.date or float or None
        Facts recorded at the status date; they fix the activity's start and finish.
    parent : str or None
        Id of the summary activity this one belongs to.
    is_milestone : bool
        Marks a milestone (informational; a milestone has zero duration).
    priority : int
        0-1000, used by resource levelling (not by CPM).
    calendar : WorkCalendar or None
        The activity's own (task) calendar; ``None`` uses the plan's calendar. Its duration is
        then in working days of this calendar, and it starts and finishes on this calendar's
        working days. Ignored in abstract time (a plan without a start date).
    """

    id: str
    name: str = ""
    duration: float = 0.0
    optimistic: float | None = None
    most_likely: float | None = None
    pessimistic: float | None = None
    constraint_type: str = "ASAP"
    constraint_date: TimeValue | None = None
    deadline: TimeValue | None = None
    percent_complete: float = 0.0
    actual_start: TimeValue | None = None
    actual_finish: TimeValue | None = None
    parent: str | None = None
    is_milestone: bool = False
    priority: int = 500
    calendar: WorkCalendar | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise ValidationFailed(m.ACTIVITY_ID(value=repr(self.id)), field="id")
        who = partial(m.activity, self.id)
        _check_amount(self.duration, who, "duration")
        _check_length(self.duration, who, "duration", MAX_DURATION)
        estimates = (self.optimistic, self.most_likely, self.pessimistic)
        given = [value is not None for value in estimates]
        if any(given):
            if not all(given):
                raise _fail(who(), m.ESTIMATE_INCOMPLETE(),
                            "optimistic" if not given[0] else "most_likely" if not given[1]
                            else "pessimistic")
            for name in ("optimistic", "most_likely", "pessimistic"):
                _check_amount(getattr(self, name), who, name)
                _check_length(getattr(self, name), who, name, MAX_DURATION)
            a, ml, b = (float(v) for v in estimates)  # type: ignore[arg-type]
            if not a <= ml <= b:
                raise _fail(who(), m.ESTIMATE_ORDER(optimistic=a, most_likely=ml, pessimistic=b),
                            "most_likely")
        kind = self.constraint_type.upper() if isinstance(self.constraint_type, str) else None
        if kind not in CONSTRAINT_TYPES:
            raise _fail(who(), m.NOT_ONE_OF(field="constraint_type", choices=list(CONSTRAINT_TYPES),
                                          value=repr(self.constraint_type)), "constraint_type")
        self.constraint_type = kind
        _check_time(self.constraint_date, who, "constraint_date")
        if kind in DATED_CONSTRAINTS and self.constraint_date is None:
            raise _fail(who(), m.CONSTRAINT_NEEDS_DATE(constraint=kind), "constraint_date")
        if kind not in DATED_CONSTRAINTS and self.constraint_date is not None:
            raise _fail(who(), m.CONSTRAINT_TAKES_NO_DATE(constraint=kind), "constraint_date")
        _check_time(self.deadline, who, "deadline")
        _check_time(self.actual_start, who, "actual_start")
        _check_time(self.actual_finish, who, "actual_finish")
        _check_amount(self.percent_complete, who, "percent_complete")
        if self.percent_complete > 100:
            raise _fail(who(), m.PERCENT_COMPLETE(value=repr(self.percent_complete)),
                        "percent_complete")
        if self.actual_finish is not None:
            if self.actual_start is None:
                raise _fail(who(), m.FINISH_WITHOUT_START(), "actual_start")
            comparable = isinstance(self.actual_start, date) == isinstance(
                self.actual_finish, date
            )
            if comparable and self.actual_finish < self.actual_start:  # type: ignore[operator]
                raise _fail(who(), m.FINISH_BEFORE_START(), "actual_finish")
        if self.parent is not None and (not isinstance(self.parent, str) or not self.parent):
            raise _fail(who(), m.PARENT_NOT_ID(), "parent")
        if self.parent == self.id:
            raise _fail(who(), m.OWN_PARENT(), "parent")
        if self.is_milestone and self.duration > 0:
            raise _fail(who(), m.MILESTONE_DURATION(duration=float(self.duration)), "duration")
        if not isinstance(self.priority, int) or not 0 <= self.priority <= 1000:
            raise _fail(who(), m.PRIORITY(value=repr(self.priority)), "priority")
        if self.calendar is not None and not isinstance(self.calendar, WorkCalendar):
            raise _fail(who(), m.CALENDAR_TYPE(value=repr(self.calendar)), "calendar")

    @property
    def has_estimate(self) -> bool:
        """Whether a three-point estimate is given."""
        return self.optimistic is not None

    @property
    def expected_duration(self) -> float:
        """PERT expected time ``(a + 4m + b) / 6``, or ``duration`` without an estimate."""
        if self.optimistic is None or self.most_likely is None or self.pessimistic is None:
            return float(self.duration)
        return _pert_mean(self.optimistic, self.most_likely, self.pessimistic)

    @property
    def scheduled_duration(self) -> float:
        """Duration used by CPM: ``duration``, or the PERT expected time when it is 0."""
        return scheduled_duration(self.duration, self.optimistic, self.most_likely,
                                  self.pessimistic)


def scheduled_duration(duration: SupportsFloat, optimistic: SupportsFloat | None = None,
                       most_likely: SupportsFloat | None = None,
                       pessimistic: SupportsFloat | None = None) -> float:
    """The duration CPM schedules an activity on: ``duration``, or the PERT expected time
    ``(a + 4m + b) / 6`` when it is 0 and a three-point estimate is given; for the values of
    an activity that is known valid (:class:`Activity` checks them), without building it."""
    if float(duration) == 0 and optimistic is not None and most_likely is not None \
            and pessimistic is not None:
        return _pert_mean(optimistic, most_likely, pessimistic)
    return float(duration)


def _pert_mean(optimistic: SupportsFloat, most_likely: SupportsFloat,
               pessimistic: SupportsFloat) -> float:
    """The PERT expected time ``(a + 4m + b) / 6``."""
    return (float(optimistic) + 4.0 * float(most_likely) + float(pessimistic)) / 6.0


@dataclass
class Plan:
    """A set of activities and links to schedule.

    Parameters
    ----------
    name : str
        Plan (project or portfolio) name.
    activities : list[Activity]
        Activities, with unique ids. Summaries are the activities named as ``parent``.
    links : list[Link] or LinkTable
        Dependencies; their ids must name activities of the plan. A
        :class:`~jalon.engine.columns.LinkTable` (links as arrays, as the file readers give
        them) is kept as it is; any other sequence is copied into a list.
    start : datetime.date or None
        Project start. Without it, the plan is in abstract time and dates are not computed.
    calendar : WorkCalendar or None
        Working time; defaults to Monday-Friday without holidays when ``start`` is given.
    status_date : datetime.date or float or None
        Date of the progress data (end of that day); remaining work is not scheduled before it.
    constraints_before_start : bool
        Whether an activity's own date constraint may place it before the project start, as
        MS Project does: a "start no earlier than" (or "must start on") date, or a "finish no
        earlier than" (or "must finish on") date, then takes the place of the project start
        for that activity. Links never do: an activity placed by its links alone starts no
        earlier than the project start. ``False`` (the default): no activity starts before the
        project start.

    The scheduler reads the activities and links once, into :attr:`columns`, and keeps them
    until a field of the plan is assigned: change a plan by assigning its fields or by making a
    new one (``dataclasses.replace``), not by editing its activities in place.

    Raises
    ------
    ValidationFailed
        Duplicate ids, unknown ids in links or parents, loops in the parent tree, links between
        a summary and its own descendants, constraints a summary cannot take, or calendar dates
        in a plan without a start.
    """

    name: str
    activities: list[Activity]
    links: Sequence[Link] = field(default_factory=list)
    start: date | None = None
    calendar: WorkCalendar | None = None
    status_date: TimeValue | None = None
    constraints_before_start: bool = False

    def __post_init__(self) -> None:
        from jalon.engine.columns import LinkTable  # columns builds on this module

        self.activities = list(self.activities)
        if not isinstance(self.links, LinkTable):
            self.links = list(self.links)
        ids: set[str] = set()
        plan = partial(m.PLAN, plan=repr(self.name))
        for activity in self.activities:
            if not isinstance(activity, Activity):
                raise _fail(plan(), m.NOT_ACTIVITY(value=repr(activity)), "activities")
            if activity.id in ids:
                raise _fail(plan(), m.DUPLICATE_ACTIVITY(task=Ref.task(activity.id)), "id")
            ids.add(activity.id)
        if isinstance(self.links, LinkTable):
            self.links.rows_in([a.id for a in self.activities])  # raises on an unknown end
        for link in self.links if isinstance(self.links, list) else ():
            for name in ("predecessor", "successor"):
                value = getattr(link, name)
                if value not in ids:
                    raise _fail(link.owner(), m.UNKNOWN_END(field=name, task=Ref.task(value)), name)
        if self.start is not None and not isinstance(self.start, date):
            raise _fail(plan(), m.START_NOT_DATE(value=repr(self.start)), "start")
        _check_time(self.start, plan, "start")
        if self.calendar is None and self.start is not None:
            self.calendar = WorkCalendar()
        _check_time(self.status_date, plan, "status_date")
        self._check_tree(ids)
        if self.start is None:
            self._check_no_dates()

    def _check_tree(self, ids: set[str]) -> None:
        parents = {a.id: a.parent for a in self.activities if a.parent is not None}
        for child, parent in parents.items():
            if parent not in ids:
                raise _fail(m.activity(child), m.UNKNOWN_PARENT(task=Ref.task(parent)), "parent")
        for child in parents:
            seen = [child]
            node = parents.get(child)
            while node is not None:
                if node in seen:
                    loop = Chain(tuple(Ref.task(n) for n in [*seen[seen.index(node):], node]))
                    raise _fail(m.activity(child), m.PARENT_LOOP(loop=loop), "parent")
                seen.append(node)
                node = parents.get(node)
        if not parents:
            return
        summaries = set(parents.values())
        for activity in self.activities:
            if activity.id in summaries and activity.constraint_type not in SUMMARY_CONSTRAINTS:
                raise _fail(m.activity(activity.id),
                            m.SUMMARY_CONSTRAINT(constraint=activity.constraint_type),
                            "constraint_type")
        for predecessor, successor, kind in self._link_ends():
            for upper, lower in ((predecessor, successor), (successor, predecessor)):
                node = parents.get(lower)
                while node is not None:
                    if node == upper:
                        raise _fail(m.link(predecessor, successor, kind),
                                    m.SUMMARY_LINKED(summary=Ref.task(upper), task=Ref.task(lower)),
                                    "predecessor" if upper == predecessor else "successor")
                    node = parents.get(node)

    def _link_ends(self) -> Iterator[tuple[str, str, str]]:
        """Predecessor, successor and type of every link, without building ``Link`` objects
        for a :class:`~jalon.engine.columns.LinkTable`."""
        from jalon.engine.columns import LinkTable  # columns builds on this module

        links = self.links
        if not isinstance(links, LinkTable):
            return ((link.predecessor, link.successor, link.type) for link in links)
        ids = links.ids
        return (
            (ids[p], ids[s], LINK_TYPES[k]) for p, s, k in zip(
                links.predecessor.tolist(), links.successor.tolist(), links.kind.tolist(),
                strict=True,
            )
        )

    def _check_no_dates(self) -> None:
        if isinstance(self.status_date, date):
            raise _fail(m.PLAN(plan=repr(self.name)), m.STATUS_NEEDS_START(), "status_date")
        for activity in self.activities:
            for name in ("constraint_date", "deadline", "actual_start", "actual_finish"):
                if isinstance(getattr(activity, name), date):
                    raise _fail(m.activity(activity.id), m.DATE_WITHOUT_START(field=name), name)

    @property
    def columns(self) -> PlanColumns:
        """The activities and links as arrays, read at the first call and kept until a field
        of the plan is assigned (or the activity or link list changes length)."""
        from jalon.engine.columns import plan_columns  # columns builds on this module

        kept: PlanColumns | None = self.__dict__.get("_columns")
        if kept is None or len(kept.ids) != len(self.activities) or (
            len(kept.links) != len(self.links)
        ):
            kept = plan_columns(self)
            self.__dict__["_columns"] = kept
        return kept

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        self.__dict__.pop("_columns", None)
