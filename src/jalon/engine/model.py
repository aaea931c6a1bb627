"""The scheduling problem: activities, links between them, and the plan that holds both.

Units: durations and lags are in working days (fractions allowed). A time given as a ``float`` is
abstract time (working days from the project start, see :mod:`jalon.engine.calendar`); a time
given as a ``datetime.date`` is calendar time and needs a plan with a ``start``.
Each class validates itself on construction and raises :class:`jalon.errors.ValidationFailed`
with a message naming the activity (or link) and the field at fault.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from jalon.engine.calendar import WorkCalendar
from jalon.errors import ValidationFailed

__all__ = [
    "CONSTRAINT_TYPES",
    "LAG_UNITS",
    "LINK_TYPES",
    "Activity",
    "Link",
    "Plan",
    "TimeValue",
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


def _check_time(value: object, owner: str, name: str) -> None:
    if value is None or isinstance(value, date):
        return
    if not _is_number(value) or not math.isfinite(float(value)):  # type: ignore[arg-type]
        raise ValidationFailed(
            f"{owner}: {name} must be a date or a number of working days, not {value!r}.",
            field=name,
        )


def _check_amount(value: object, owner: str, name: str, *, minimum: float | None = 0.0) -> None:
    if not _is_number(value) or not math.isfinite(float(value)):  # type: ignore[arg-type]
        raise ValidationFailed(f"{owner}: {name} must be a finite number, not {value!r}.", field=name)
    if minimum is not None and float(value) < minimum:  # type: ignore[arg-type]
        raise ValidationFailed(
            f"{owner}: {name} must not be negative (got {value!r}).", field=name
        )


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
                raise ValidationFailed(
                    f"Link {self.label}: {name} must be a non-empty activity id.", field=name
                )
        kind = self.type.upper() if isinstance(self.type, str) else self.type
        if kind not in LINK_TYPES:
            raise ValidationFailed(
                f"Link {self.label}: type must be one of {', '.join(LINK_TYPES)}, "
                f"not {self.type!r}.",
                field="type",
            )
        object.__setattr__(self, "type", kind)
        _check_amount(self.lag, f"Link {self.label}", "lag", minimum=None)
        if self.lag_unit not in LAG_UNITS:
            raise ValidationFailed(
                f"Link {self.label}: lag_unit must be one of {', '.join(LAG_UNITS)}, "
                f"not {self.lag_unit!r}.",
                field="lag_unit",
            )

    @property
    def label(self) -> str:
        """Human-readable name such as ``A -> B (FS)``."""
        return f"{self.predecessor} -> {self.successor} ({self.type})"


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
            raise ValidationFailed(
                f"Activity id must be a non-empty string, not {self.id!r}.", field="id"
            )
        who = f"Activity {self.id!r}"
        _check_amount(self.duration, who, "duration")
        estimates = (self.optimistic, self.most_likely, self.pessimistic)
        given = [value is not None for value in estimates]
        if any(given):
            if not all(given):
                raise ValidationFailed(
                    f"{who}: a three-point estimate needs optimistic, most_likely and "
                    "pessimistic together.",
                    field="optimistic" if not given[0] else "most_likely" if not given[1]
                    else "pessimistic",
                )
            for name in ("optimistic", "most_likely", "pessimistic"):
                _check_amount(getattr(self, name), who, name)
            a, m, b = (float(v) for v in estimates)  # type: ignore[arg-type]
            if not a <= m <= b:
                raise ValidationFailed(
                    f"{who}: estimates must satisfy optimistic <= most_likely <= pessimistic "
                    f"(got {a:g}, {m:g}, {b:g}).",
                    field="most_likely",
                )
        kind = self.constraint_type.upper() if isinstance(self.constraint_type, str) else None
        if kind not in CONSTRAINT_TYPES:
            raise ValidationFailed(
                f"{who}: constraint_type must be one of {', '.join(CONSTRAINT_TYPES)}, "
                f"not {self.constraint_type!r}.",
                field="constraint_type",
            )
        self.constraint_type = kind
        _check_time(self.constraint_date, who, "constraint_date")
        if kind in DATED_CONSTRAINTS and self.constraint_date is None:
            raise ValidationFailed(
                f"{who}: constraint {kind} needs a constraint_date.", field="constraint_date"
            )
        if kind not in DATED_CONSTRAINTS and self.constraint_date is not None:
            raise ValidationFailed(
                f"{who}: constraint {kind} takes no constraint_date.", field="constraint_date"
            )
        _check_time(self.deadline, who, "deadline")
        _check_time(self.actual_start, who, "actual_start")
        _check_time(self.actual_finish, who, "actual_finish")
        _check_amount(self.percent_complete, who, "percent_complete")
        if self.percent_complete > 100:
            raise ValidationFailed(
                f"{who}: percent_complete must be between 0 and 100 (got {self.percent_complete!r}).",
                field="percent_complete",
            )
        if self.actual_finish is not None:
            if self.actual_start is None:
                raise ValidationFailed(
                    f"{who}: an actual_finish needs an actual_start.", field="actual_start"
                )
            comparable = isinstance(self.actual_start, date) == isinstance(
                self.actual_finish, date
            )
            if comparable and self.actual_finish < self.actual_start:  # type: ignore[operator]
                raise ValidationFailed(
                    f"{who}: actual_finish is before actual_start.", field="actual_finish"
                )
        if self.parent is not None and (not isinstance(self.parent, str) or not self.parent):
            raise ValidationFailed(f"{who}: parent must be an activity id.", field="parent")
        if self.parent == self.id:
            raise ValidationFailed(f"{who}: an activity cannot be its own parent.", field="parent")
        if self.is_milestone and self.duration > 0:
            raise ValidationFailed(
                f"{who}: a milestone has zero duration (got {self.duration:g}).", field="duration"
            )
        if not isinstance(self.priority, int) or not 0 <= self.priority <= 1000:
            raise ValidationFailed(
                f"{who}: priority must be an integer from 0 to 1000 (got {self.priority!r}).",
                field="priority",
            )
        if self.calendar is not None and not isinstance(self.calendar, WorkCalendar):
            raise ValidationFailed(
                f"{who}: calendar must be a WorkCalendar or None, not {self.calendar!r}.",
                field="calendar",
            )

    @property
    def has_estimate(self) -> bool:
        """Whether a three-point estimate is given."""
        return self.optimistic is not None

    @property
    def expected_duration(self) -> float:
        """PERT expected time ``(a + 4m + b) / 6``, or ``duration`` without an estimate."""
        if self.optimistic is None or self.most_likely is None or self.pessimistic is None:
            return float(self.duration)
        return (self.optimistic + 4.0 * self.most_likely + self.pessimistic) / 6.0

    @property
    def scheduled_duration(self) -> float:
        """Duration used by CPM: ``duration``, or the PERT expected time when it is 0."""
        if self.duration == 0 and self.has_estimate:
            return self.expected_duration
        return float(self.duration)


@dataclass
class Plan:
    """A set of activities and links to schedule.

    Parameters
    ----------
    name : str
        Plan (project or portfolio) name.
    activities : list[Activity]
        Activities, with unique ids. Summaries are the activities named as ``parent``.
    links : list[Link]
        Dependencies; their ids must name activities of the plan.
    start : datetime.date or None
        Project start. Without it, the plan is in abstract time and dates are not computed.
    calendar : WorkCalendar or None
        Working time; defaults to Monday-Friday without holidays when ``start`` is given.
    status_date : datetime.date or float or None
        Date of the progress data (end of that day); remaining work is not scheduled before it.

    Raises
    ------
    ValidationFailed
        Duplicate ids, unknown ids in links or parents, loops in the parent tree, links between
        a summary and its own descendants, constraints a summary cannot take, or calendar dates
        in a plan without a start.
    """

    name: str
    activities: list[Activity]
    links: list[Link] = field(default_factory=list)
    start: date | None = None
    calendar: WorkCalendar | None = None
    status_date: TimeValue | None = None

    def __post_init__(self) -> None:
        self.activities = list(self.activities)
        self.links = list(self.links)
        ids: set[str] = set()
        for activity in self.activities:
            if not isinstance(activity, Activity):
                raise ValidationFailed(
                    f"Plan {self.name!r}: activities must be Activity objects, not {activity!r}.",
                    field="activities",
                )
            if activity.id in ids:
                raise ValidationFailed(
                    f"Plan {self.name!r}: duplicate activity id {activity.id!r}.", field="id"
                )
            ids.add(activity.id)
        for link in self.links:
            for name in ("predecessor", "successor"):
                value = getattr(link, name)
                if value not in ids:
                    raise ValidationFailed(
                        f"Link {link.label}: unknown {name} {value!r}.", field=name
                    )
        if self.start is not None and not isinstance(self.start, date):
            raise ValidationFailed(
                f"Plan {self.name!r}: start must be a date, not {self.start!r}.", field="start"
            )
        if self.calendar is None and self.start is not None:
            self.calendar = WorkCalendar()
        _check_time(self.status_date, f"Plan {self.name!r}", "status_date")
        self._check_tree(ids)
        if self.start is None:
            self._check_no_dates()

    def _check_tree(self, ids: set[str]) -> None:
        parents = {a.id: a.parent for a in self.activities if a.parent is not None}
        for child, parent in parents.items():
            if parent not in ids:
                raise ValidationFailed(
                    f"Activity {child!r}: unknown parent {parent!r}.", field="parent"
                )
        for child in parents:
            seen = [child]
            node = parents.get(child)
            while node is not None:
                if node in seen:
                    loop = " → ".join([*seen[seen.index(node):], node])
                    raise ValidationFailed(
                        f"Activity {child!r}: the parent tree loops ({loop}).", field="parent"
                    )
                seen.append(node)
                node = parents.get(node)
        if not parents:
            return
        summaries = set(parents.values())
        for activity in self.activities:
            if activity.id in summaries and activity.constraint_type not in SUMMARY_CONSTRAINTS:
                raise ValidationFailed(
                    f"Activity {activity.id!r}: a summary takes only ASAP, SNET or FNLT "
                    f"constraints, not {activity.constraint_type}.",
                    field="constraint_type",
                )
        for link in self.links:
            for upper, lower in (
                (link.predecessor, link.successor),
                (link.successor, link.predecessor),
            ):
                node = parents.get(lower)
                while node is not None:
                    if node == upper:
                        raise ValidationFailed(
                            f"Link {link.label}: {upper!r} is a summary of {lower!r}; a summary "
                            "cannot be linked to its own activities.",
                            field="predecessor" if upper == link.predecessor else "successor",
                        )
                    node = parents.get(node)

    def _check_no_dates(self) -> None:
        if isinstance(self.status_date, date):
            raise ValidationFailed(
                f"Plan {self.name!r}: a status date needs a plan start date.", field="status_date"
            )
        for activity in self.activities:
            for name in ("constraint_date", "deadline", "actual_start", "actual_finish"):
                if isinstance(getattr(activity, name), date):
                    raise ValidationFailed(
                        f"Activity {activity.id!r}: {name} is a date but the plan has no start "
                        "date; give the plan a start or use working days.",
                        field=name,
                    )
