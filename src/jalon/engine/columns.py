"""A plan's activities and links as columns (arrays), the form the passes read.

Reading a large plan's ``Activity`` and ``Link`` objects into arrays costs far more than the
compiled passes themselves (some 0.2-0.4 s for 10^5 activities, against 0.02 s), so a plan does
it once: :attr:`jalon.engine.Plan.columns` builds the :class:`PlanColumns` at the first
schedule and keeps them until a field of the plan is assigned. A file reader can do better and
never create the links as objects: it hands the plan a :class:`LinkTable`, a read-only sequence
of ``Link`` that holds arrays and builds a ``Link`` only when someone asks for one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, overload

import numpy as np

from jalon.engine import messages as m
from jalon.engine.calendar import WorkCalendar
from jalon.engine.limits import MAX_LAG
from jalon.engine.model import LAG_UNITS, LINK_TYPES, Link, _fail, _is_number
from jalon.errors import ValidationFailed
from jalon.i18n import Ref

if TYPE_CHECKING:
    from jalon.engine.model import Plan

__all__ = ["LinkTable", "PlanColumns", "plan_columns"]

LINK_CODES = {kind: code for code, kind in enumerate(LINK_TYPES)}
ELAPSED = LAG_UNITS.index("edays")

_CONSTRAINT_FIELDS = attrgetter(
    "constraint_type", "deadline", "percent_complete", "actual_start", "actual_finish", "optimistic"
)
_NO_CONSTRAINT = ("ASAP", None, 0.0, None, None, None)


class LinkTable(Sequence[Link]):
    """Links as arrays: a read-only sequence of :class:`~jalon.engine.Link`.

    Indexing or iterating builds the ``Link`` objects (and checks them) one by one; the
    scheduler reads the arrays instead. Make one with :meth:`from_names`.

    Attributes
    ----------
    ids : list[str]
        The activity ids the rows refer to (a plan's ids, in its order).
    predecessor, successor : numpy.ndarray
        int64 per link: the row of its end in ``ids``.
    kind : numpy.ndarray
        int8 per link: 0 FS, 1 SS, 2 FF, 3 SF.
    lag : numpy.ndarray
        float64 per link: the lag in working days, or in elapsed days where ``elapsed``.
    elapsed : numpy.ndarray or None
        bool per link: a lag in elapsed days; ``None`` when no link has one.
    """

    __slots__ = ("elapsed", "ids", "kind", "lag", "predecessor", "successor")

    def __init__(
        self, *, ids: list[str], predecessor: np.ndarray, successor: np.ndarray,
        kind: np.ndarray, lag: np.ndarray, elapsed: np.ndarray | None = None,
    ) -> None:
        count = len(predecessor)
        self.ids = ids
        self.predecessor = np.asarray(predecessor, dtype=np.int64)
        self.successor = np.asarray(successor, dtype=np.int64)
        self.kind = np.asarray(kind, dtype=np.int8)
        self.lag = np.asarray(lag, dtype=np.float64)
        self.elapsed = None if elapsed is None else np.asarray(elapsed, dtype=bool)
        shapes = {a.shape for a in (self.predecessor, self.successor, self.kind, self.lag)}
        if shapes != {(count,)} or (self.elapsed is not None and self.elapsed.shape != (count,)):
            raise ValidationFailed(m.LINK_ARRAYS(), field="links")
        if count and (min(self.predecessor.min(), self.successor.min()) < 0
                      or max(self.predecessor.max(), self.successor.max()) >= len(ids)):
            raise ValidationFailed(m.LINK_INDICES(), field="links")
        if count and ((self.kind < 0) | (self.kind > 3)).any():
            raise ValidationFailed(m.LINK_CODES(), field="links")
        bad = ~np.isfinite(self.lag) | (np.abs(self.lag) > MAX_LAG)
        if bad.any():
            self[int(np.argmax(bad))]  # the Link raises the message that names it
            raise AssertionError  # pragma: no cover - Link refuses what failed above

    @classmethod
    def from_names(
        cls, ids: list[str], predecessors: Sequence[str], successors: Sequence[str],
        types: Sequence[str], lags: Sequence[float], lag_units: Sequence[str],
    ) -> LinkTable:
        """The links given column by column, their ends by activity id.

        Raises
        ------
        ValidationFailed
            With the message a :class:`~jalon.engine.Link` or a :class:`~jalon.engine.Plan`
            gives for the first bad link: an unknown type or unit, a lag too long, an end that
            names no activity.
        """
        row_of = dict(zip(ids, range(len(ids)), strict=True))
        count = len(predecessors)
        columns = (predecessors, successors, types, lags, lag_units)
        if any(len(column) != count for column in columns):
            raise ValidationFailed(m.LINK_ARRAYS(), field="links")
        codes = [LINK_CODES.get(kind.upper() if isinstance(kind, str) else kind, -1)
                 for kind in types]
        units = [LAG_UNITS.index(unit) if unit in LAG_UNITS else -1 for unit in lag_units]
        pred = [row_of.get(name, -1) for name in predecessors]
        succ = [row_of.get(name, -1) for name in successors]
        for index in range(count):
            if (min(codes[index], units[index], pred[index], succ[index]) < 0
                    or not _is_number(lags[index])):
                link = Link(predecessors[index], successors[index], types[index], lags[index],
                            lag_units[index])  # raises on all but an unknown end
                name = "predecessor" if pred[index] < 0 else "successor"
                raise _fail(link.owner(), m.UNKNOWN_END(field=name,
                                                        task=Ref.task(getattr(link, name))), name)
        elapsed = np.array(units, dtype=np.int8) == ELAPSED
        return cls(
            ids=ids, predecessor=np.array(pred, dtype=np.int64),
            successor=np.array(succ, dtype=np.int64), kind=np.array(codes, dtype=np.int8),
            lag=np.array(lags, dtype=np.float64), elapsed=elapsed if elapsed.any() else None,
        )

    @classmethod
    def from_links(cls, links: Sequence[Link], ids: list[str], row_of: dict[str, int]) -> LinkTable:
        """The table of ``Link`` objects whose ends are among ``ids`` (rows ``row_of``)."""
        if isinstance(links, LinkTable):
            pred, succ = links.rows_in(ids, row_of)
            return cls(ids=ids, predecessor=pred, successor=succ, kind=links.kind, lag=links.lag,
                       elapsed=links.elapsed)
        count = len(links)
        kind = np.fromiter(
            map(LINK_CODES.__getitem__, map(attrgetter("type"), links)), np.int8, count
        )
        lag = np.fromiter(map(attrgetter("lag"), links), np.float64, count)
        # Both ends in one walk over the links: large plans are scattered in memory, and each
        # visit of a Link object costs more than the attribute read itself.
        ends = _rows(
            row_of, chain.from_iterable(map(attrgetter("predecessor", "successor"), links)),
            2 * count,
        ).reshape(count, 2)
        elapsed = None
        if "edays" in set(map(attrgetter("lag_unit"), links)):
            elapsed = np.fromiter(
                (unit == "edays" for unit in map(attrgetter("lag_unit"), links)), bool, count
            )
        return cls(ids=ids, predecessor=ends[:, 0].copy(), successor=ends[:, 1].copy(), kind=kind,
                   lag=lag, elapsed=elapsed)

    def rows_in(self, ids: list[str], row_of: dict[str, int] | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
        """The links' ends as rows of ``ids`` (another plan's activities, when the table came
        with a plan that ``dataclasses.replace`` changed).

        Raises
        ------
        ValidationFailed
            When an end is not in ``ids``; the message names the link and the end.
        """
        if self.ids is ids or self.ids == ids:
            return self.predecessor, self.successor
        if row_of is None:
            row_of = dict(zip(ids, range(len(ids)), strict=True))
        moved = np.array([row_of.get(name, -1) for name in self.ids], dtype=np.int64)
        pred, succ = moved[self.predecessor], moved[self.successor]
        lost = (pred < 0) | (succ < 0)
        if lost.any():
            link = self[int(np.argmax(lost))]
            name = "predecessor" if link.predecessor not in row_of else "successor"
            raise _fail(link.owner(), m.UNKNOWN_END(field=name,
                                                    task=Ref.task(getattr(link, name))), name)
        return pred, succ

    def __len__(self) -> int:
        return len(self.predecessor)

    @overload
    def __getitem__(self, index: int) -> Link: ...

    @overload
    def __getitem__(self, index: slice) -> list[Link]: ...

    def __getitem__(self, index: int | slice) -> Link | list[Link]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = range(len(self))[index]  # negative indices; IndexError beyond the end
        return self._link(index)

    def __iter__(self) -> Iterator[Link]:
        return map(self._link, range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # like a list

    def __repr__(self) -> str:
        return f"LinkTable({len(self)} links)"

    def _link(self, index: int) -> Link:
        elapsed = self.elapsed is not None and bool(self.elapsed[index])
        return Link(
            self.ids[int(self.predecessor[index])], self.ids[int(self.successor[index])],
            LINK_TYPES[int(self.kind[index])], float(self.lag[index]),
            LAG_UNITS[ELAPSED] if elapsed else LAG_UNITS[0],
        )


def _rows(row_of: dict[str, int], names: Iterator[str], count: int) -> np.ndarray:
    """Rows of the named activities; one C-level ``itemgetter`` call (faster than a loop)."""
    if count == 0:
        return np.zeros(0, dtype=np.int64)
    if count == 1:
        return np.array([row_of[next(names)]], dtype=np.int64)
    return np.fromiter(itemgetter(*names)(row_of), np.int64, count)


@dataclass(frozen=True)
class PlanColumns:
    """What the scheduler reads from a plan's activities and links, as columns.

    Per-activity values are in the plan's activity order (rows).

    Attributes
    ----------
    ids, names : list[str]
        Activity ids and names.
    duration : numpy.ndarray
        float64, ``Activity.duration`` (working days; 0 for summaries).
    percent_complete : numpy.ndarray
        float64, 0-100.
    constrained : numpy.ndarray
        Rows of the activities with a constraint other than ASAP, a deadline, progress or a
        three-point estimate: the only ones whose objects the scheduler reads.
    parent_of : dict[str, str]
        The parent of every activity that has one.
    calendars : list[WorkCalendar or None] or None
        Each activity's own calendar; ``None`` when none has one.
    links : LinkTable
        The links, their ends as rows of ``ids``.
    """

    ids: list[str]
    names: list[str]
    duration: np.ndarray
    percent_complete: np.ndarray
    constrained: np.ndarray
    parent_of: dict[str, str]
    calendars: list[WorkCalendar | None] | None
    links: LinkTable


def plan_columns(plan: Plan) -> PlanColumns:
    """Read a validated plan's activities and links into columns (see :attr:`Plan.columns`)."""
    activities = plan.activities
    count = len(activities)
    ids = list(map(attrgetter("id"), activities))
    row_of = dict(zip(ids, range(count), strict=True))
    calendars = list(map(attrgetter("calendar"), activities))
    return PlanColumns(
        ids=ids,
        names=list(map(attrgetter("name"), activities)),
        duration=np.fromiter(map(attrgetter("duration"), activities), np.float64, count),
        percent_complete=np.fromiter(
            map(attrgetter("percent_complete"), activities), np.float64, count
        ),
        constrained=np.array(
            [row for row, values in enumerate(map(_CONSTRAINT_FIELDS, activities))
             if values != _NO_CONSTRAINT],
            dtype=np.int64,
        ),
        parent_of={a.id: a.parent for a in activities if a.parent is not None},
        calendars=calendars if any(calendars) else None,
        links=LinkTable.from_links(plan.links, ids, row_of),
    )
