"""The portfolio selection problem: candidates, the limits they share, and the rules between them.

Time is a number of periods ``0 .. periods - 1`` (years, quarters: whatever the limits are
given per). A candidate uses each resource (budget, a skill's capacity...) along a *profile*
counted from the period it starts in; it may start in any of its allowed start periods whose
profile ends within the horizon, and the optimiser chooses among them.

Every object checks itself when it is built and raises :class:`~jalon.errors.ValidationFailed`
with a message naming the candidate (:func:`candidate_ref`), the resource and the field.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from jalon.engine import messages as m
from jalon.errors import ValidationFailed
from jalon.i18n import Message, Ref

__all__ = ["BalanceRule", "Candidate", "SelectionProblem", "candidate_ref", "project_ref"]


def candidate_ref(ident: str) -> Ref:
    """A candidate as messages refer to it (the door names it: id and name, or a proposal)."""
    return Ref("candidate", ident)


def project_ref(ident: str) -> Ref:
    """An existing project a candidate waits for, as messages refer to it (the door names
    it)."""
    return Ref("project", ident)


def _number(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(float(value)))


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _amounts(value: object, problem: Message, owner: Message | None,
             field_name: str) -> tuple[float, ...]:
    """A number or a list of numbers >= 0, as a tuple (a number is a one-period profile)."""
    values = [value] if _number(value) else value
    if isinstance(values, str | bytes) or not isinstance(values, Sequence) or not all(
            _number(v) and float(v) >= 0 for v in values):
        raise ValidationFailed(problem if owner is None else m.ABOUT(owner=owner, problem=problem),
                               field=field_name)
    return tuple(float(v) for v in values)


def _ids(values: Iterable[str], owner: Message, field_name: str) -> tuple[str, ...]:
    if isinstance(values, str):
        values = [values]
    ids = tuple(dict.fromkeys(values))
    for ident in ids:
        if not isinstance(ident, str) or not ident:
            raise ValidationFailed(
                m.ABOUT(owner=owner, problem=m.UNKNOWN_CANDIDATE(
                    field=field_name, candidate=repr(ident))), field=field_name)
    return ids


@dataclass(frozen=True)
class Candidate:
    """A project that may be selected.

    Parameters
    ----------
    id : str
        Unique id, the key rules refer to.
    value : float
        What selecting it is worth (>= 0; the objective sums the values of the selection).
    uses : Mapping[str, Sequence[float]]
        Resource -> amount used per period, from its start: a profile (``[90, 60]``: 90 in
        its first period, 60 in its second; a single number is taken as ``[number]``). Units
        are those of the resource's limit (k€, person-months...).
    starts : Sequence[int]
        Allowed start periods (default ``[0]``); a start is used only when the profile ends
        within the horizon (:attr:`SelectionProblem.starts_of`).
    name : str
        Display name (defaults to the id).
    mandatory : bool
        It must be selected (a regulatory obligation).
    requires : Sequence[str]
        Selected only if each of these is selected.
    excludes : Sequence[str]
        Never selected together with any of these.
    after : Sequence[str]
        When both are selected, it starts once each of these has ended (its start >= their
        start + duration).
    category : str
        Its category, for balance rules ("" for none).
    locked : bool or None
        A decision already taken: ``True`` selected, ``False`` left out, ``None`` free.
    waits_for : Mapping[str, int]
        Existing projects (outside the selection) it depends on -> the period their forecast
        finish falls in (negative: before the horizon). It starts at the earliest the period
        after the last of them: its allowed starts are cut (:attr:`earliest`).
    """

    id: str
    value: float
    uses: Mapping[str, Sequence[float]] = field(default_factory=dict)
    starts: Sequence[int] = (0,)
    name: str = ""
    mandatory: bool = False
    requires: Sequence[str] = ()
    excludes: Sequence[str] = ()
    after: Sequence[str] = ()
    category: str = ""
    locked: bool | None = None
    waits_for: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise ValidationFailed(m.CANDIDATE_ID(value=repr(self.id)), field="id")
        owner = m.CANDIDATE(candidate=candidate_ref(self.id))

        def fail(problem: Message, field_name: str) -> ValidationFailed:
            return ValidationFailed(m.ABOUT(owner=owner, problem=problem), field=field_name)

        if not _number(self.value):
            raise fail(m.NOT_FINITE(field="value", value=repr(self.value)), "value")
        if self.value < 0:
            raise fail(m.NEGATIVE(field="value", value=self.value), "value")
        if not isinstance(self.uses, Mapping):
            raise fail(m.USE_AMOUNT(resource="?", value=repr(self.uses)), "uses")
        uses = {resource: _amounts(amounts, m.USE_AMOUNT(resource=Ref.resource(str(resource)),
                                                         value=repr(amounts)), owner, "uses")
                for resource, amounts in self.uses.items()}
        object.__setattr__(self, "uses", MappingProxyType(uses))
        given: object = self.starts
        starts = [given] if _whole(given) else given
        if isinstance(starts, str) or not isinstance(starts, Sequence) or not starts or not all(
                _whole(s) and int(s) >= 0 for s in starts):
            raise fail(m.START_PERIOD(value=repr(self.starts)), "starts")
        object.__setattr__(self, "starts", tuple(sorted(set(starts))))
        for name in ("mandatory",):
            if not isinstance(getattr(self, name), bool):
                raise fail(m.FLAG(field=name, value=repr(getattr(self, name))), name)
        if self.locked is not None and not isinstance(self.locked, bool):
            raise fail(m.FLAG(field="locked", value=repr(self.locked)), "locked")
        for name in ("requires", "excludes", "after"):
            ids = _ids(getattr(self, name), owner, name)
            if self.id in ids:
                raise fail(m.SELF_REFERENCE(field=name), name)
            object.__setattr__(self, name, ids)
        if not isinstance(self.category, str):
            raise fail(m.CATEGORY(value=repr(self.category)), "category")
        if not isinstance(self.waits_for, Mapping) or not all(
                isinstance(k, str) and k and _whole(v) for k, v in self.waits_for.items()):
            raise fail(m.WAITS_FOR_PERIOD(value=repr(self.waits_for)), "waits_for")
        object.__setattr__(self, "waits_for", MappingProxyType(dict(self.waits_for)))
        if not self.name:
            object.__setattr__(self, "name", self.id)

    @property
    def duration(self) -> int:
        """Periods from its start to the end of its longest profile (at least 1)."""
        return max([1, *(len(profile) for profile in self.uses.values())])

    @property
    def earliest(self) -> tuple[str, int] | None:
        """The project it waits for longest and the first period it may start in after it
        (``None`` when it waits for none that finishes within the horizon)."""
        if not self.waits_for:
            return None
        project = max(self.waits_for, key=lambda p: (self.waits_for[p], p))
        first = self.waits_for[project] + 1
        return (project, first) if first > 0 else None

    def total_use(self, resource: str) -> float:
        """What it uses of ``resource`` over its whole profile."""
        return float(sum(self.uses.get(resource, ())))


@dataclass(frozen=True)
class BalanceRule:
    """A rule on the selected candidates of one category.

    ``min_share``/``max_share`` bound the category's part (0 to 1) of what the whole selection
    uses of ``resource`` over the horizon; ``min_count``/``max_count`` bound how many of the
    category are selected. Give at least one bound.
    """

    category: str
    resource: str | None = None
    min_share: float | None = None
    max_share: float | None = None
    min_count: int | None = None
    max_count: int | None = None

    def check(self, number: int) -> None:
        """Raise :class:`ValidationFailed` naming the rule by ``number`` (1-based) when wrong."""
        owner = m.BALANCE_RULE(number=number, category=str(self.category))

        def fail(problem: Message, field_name: str) -> ValidationFailed:
            return ValidationFailed(m.ABOUT(owner=owner, problem=problem), field=field_name)

        if not isinstance(self.category, str) or not self.category:
            raise fail(m.CATEGORY(value=repr(self.category)), "category")
        bounds = (self.min_share, self.max_share, self.min_count, self.max_count)
        if all(bound is None for bound in bounds):
            raise fail(m.BALANCE_EMPTY(), "balance")
        for name in ("min_share", "max_share"):
            share = getattr(self, name)
            if share is not None and (not _number(share) or not 0 <= share <= 1):
                raise fail(m.SHARE(field=name, value=repr(share)), name)
        for name in ("min_count", "max_count"):
            count = getattr(self, name)
            if count is not None and (not _whole(count) or count < 0):
                raise fail(m.COUNT(field=name, value=repr(count)), name)
        for low, high in (("min_share", "max_share"), ("min_count", "max_count")):
            low_value, high_value = getattr(self, low), getattr(self, high)
            if low_value is not None and high_value is not None and low_value > high_value:
                raise fail(m.BALANCE_ORDER(low_field=low, low=low_value, high_field=high,
                                           high=high_value), low)
        if (self.min_share is not None or self.max_share is not None) and not self.resource:
            raise fail(m.SHARE_NEEDS_RESOURCE(), "resource")

    def owner(self, number: int) -> Message:
        """The rule as messages name it: "Balance rule #2 (innovation)"."""
        return m.BALANCE_RULE(number=number, category=self.category)


@dataclass(frozen=True)
class SelectionProblem:
    """Candidates, the per-period limits of the resources they use, and balance rules.

    Parameters
    ----------
    limits : Mapping[str, float | Sequence[float]]
        Resource -> what is available in each period: one number for every period, or one per
        period. Resources are named by the caller (``budget``, ``capex``, a skill).
    candidates : Sequence[Candidate]
        With unique ids; rules (``requires``, ``excludes``, ``after``) name known candidates.
    periods : int
        Length of the horizon (>= 1); periods are ``0 .. periods - 1``.
    balance : Sequence[BalanceRule]
        Rules per category.

    Raises
    ------
    ValidationFailed
        Naming the candidate, the rule or the resource at fault: a limit list whose length is
        not ``periods``, a negative value or use, a use of a resource without a limit, a rule
        naming an unknown candidate, a profile that ends within the horizon from none of its
        allowed starts.
    """

    limits: Mapping[str, float | Sequence[float]]
    candidates: Sequence[Candidate]
    periods: int = 1
    balance: Sequence[BalanceRule] = ()

    def __post_init__(self) -> None:
        if not _whole(self.periods) or self.periods < 1:
            raise ValidationFailed(m.PERIODS(value=repr(self.periods)), field="periods")
        if not isinstance(self.limits, Mapping) or not self.limits:
            raise ValidationFailed(m.NO_LIMITS(), field="limits")
        limits: dict[str, tuple[float, ...]] = {}
        for resource, given in self.limits.items():
            who = m.RESOURCE(resource=Ref.resource(str(resource)))
            values = _amounts(given, m.LIMIT_VALUE(resource=Ref.resource(str(resource)),
                                                   value=repr(given)), who, "limits")
            if len(values) == 1 and _number(given):
                values = values * self.periods
            if len(values) != self.periods:
                raise ValidationFailed(
                    m.ABOUT(owner=who, problem=m.LIMIT_LENGTH(
                        resource=Ref.resource(str(resource)), count=len(values),
                        periods=self.periods)), field="limits")
            limits[str(resource)] = values
        object.__setattr__(self, "limits", MappingProxyType(limits))
        candidates = tuple(self.candidates)
        object.__setattr__(self, "candidates", candidates)
        self._check_candidates(candidates)
        balance = tuple(self.balance)
        for number, rule in enumerate(balance, start=1):
            if not isinstance(rule, BalanceRule):
                raise ValidationFailed(m.NOT_ONE_OF(field="balance", choices="BalanceRule",
                                                    value=repr(rule)), field="balance")
            rule.check(number)
            if rule.resource is not None and rule.resource not in limits:
                raise ValidationFailed(
                    m.ABOUT(owner=rule.owner(number), problem=m.UNKNOWN_RESOURCE(
                        resource=Ref.resource(rule.resource), known=sorted(limits))),
                    field="resource")
        object.__setattr__(self, "balance", balance)

    def _check_candidates(self, candidates: tuple[Candidate, ...]) -> None:
        if not candidates:
            raise ValidationFailed(m.NO_CANDIDATES(), field="candidates")
        seen: set[str] = set()
        for candidate in candidates:
            if not isinstance(candidate, Candidate):
                raise ValidationFailed(m.NOT_ONE_OF(field="candidates", choices="Candidate",
                                                    value=repr(candidate)), field="candidates")
            if candidate.id in seen:
                raise ValidationFailed(
                    m.DUPLICATE_CANDIDATE(candidate=candidate_ref(candidate.id)),
                    field="candidates")
            seen.add(candidate.id)
        for candidate in candidates:
            owner = m.CANDIDATE(candidate=candidate_ref(candidate.id))
            for resource in candidate.uses:
                if resource not in self.limits:
                    raise ValidationFailed(m.ABOUT(owner=owner, problem=m.USE_UNKNOWN_RESOURCE(
                        resource=Ref.resource(resource), known=sorted(self.limits))),
                        field="uses")
            for name in ("requires", "excludes", "after"):
                for other in getattr(candidate, name):
                    if other not in seen:
                        raise ValidationFailed(m.ABOUT(owner=owner, problem=m.UNKNOWN_CANDIDATE(
                            field=name, candidate=candidate_ref(other))), field=name)
            earliest = candidate.earliest
            if not self.starts_of(candidate) and earliest is not None and any(
                    s + candidate.duration <= self.periods for s in candidate.starts):
                raise ValidationFailed(m.ABOUT(owner=owner, problem=m.NO_START_AFTER(
                    project=project_ref(earliest[0]), finish=earliest[1] - 1,
                    periods=self.periods, starts=list(candidate.starts))), field="waits_for")
            if not self.starts_of(candidate):
                raise ValidationFailed(m.ABOUT(owner=owner, problem=m.NO_START_FITS(
                    duration=candidate.duration, periods=self.periods,
                    starts=list(candidate.starts))), field="starts")

    @property
    def resources(self) -> list[str]:
        """Resource names, in the order of the limits."""
        return list(self.limits)

    def limit(self, resource: str) -> tuple[float, ...]:
        """What ``resource`` offers in each period."""
        return tuple(self.limits[resource])  # type: ignore[arg-type]

    def starts_of(self, candidate: Candidate) -> tuple[int, ...]:
        """The allowed starts of ``candidate`` whose profile ends within the horizon, after
        the projects it waits for."""
        first = candidate.earliest[1] if candidate.earliest is not None else 0
        return tuple(s for s in candidate.starts
                     if s >= first and s + candidate.duration <= self.periods)

    @cached_property
    def index(self) -> dict[str, int]:
        """Candidate id -> its position in :attr:`candidates`."""
        return {candidate.id: i for i, candidate in enumerate(self.candidates)}
