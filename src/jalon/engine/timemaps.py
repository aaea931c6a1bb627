"""Calendar-dependent time arithmetic for the passes: elapsed lags and task calendars.

The passes work on one axis, the plan calendar's working time (working days from the project
start). Two things do not fit a plain ``+``:

- an **elapsed lag** (``Link.lag_unit == "edays"``) is added on the calendar: the predecessor's
  time becomes a calendar instant (a finish at an integer time is the end of the previous working
  day, a start is the beginning of its day), the lag is added in calendar days (weekends and
  holidays count), and the result maps back to the next working instant;
- an activity with its own **task calendar** (``Activity.calendar``) starts at the next working
  instant of its calendar and walks its duration over that calendar's working days; its finish
  is mapped back to the plan axis.

Both are vectorised per topological level (per calendar for task calendars). Only plans in
calendar time use them: in abstract time elapsed lags are working-day lags and task calendars are
ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from jalon.engine.calendar import Timeline

__all__ = ["TimeMaps"]


def _finite_apply(values: np.ndarray, function, *args: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Apply ``function`` where ``values`` is finite; keep +-inf as is."""
    result = np.array(values, dtype=float, copy=True)
    ok = np.isfinite(result)
    if ok.any():
        result[ok] = function(result[ok], *(np.broadcast_to(a, result.shape)[ok] for a in args))
    return result


@dataclass
class TimeMaps:
    """Elapsed lags and task calendars of one prepared plan (arrays in position order).

    Attributes
    ----------
    main : Timeline
        The plan calendar's timeline.
    elapsed : numpy.ndarray or None
        Per link: whether its lag is in elapsed days.
    task_pos : numpy.ndarray
        Sorted positions of the activities with their own calendar.
    task_group : numpy.ndarray
        Index into ``lines`` of each of them.
    lines : list[Timeline]
        One timeline (same origin as ``main``) per distinct task calendar.
    level_bounds : list[int]
        ``task_pos[level_bounds[k]:level_bounds[k + 1]]`` lie in level ``k``.
    """

    main: Timeline
    elapsed: np.ndarray | None = None
    task_pos: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    task_group: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    lines: list[Timeline] = field(default_factory=list)
    level_bounds: list[int] = field(default_factory=list)
    task_origin: np.ndarray = field(default_factory=lambda: np.zeros(0))  # day numbers
    # Set by the solver before each pass (per task position):
    walk: np.ndarray | None = None  # unstarted: follows its calendar
    floor_start: np.ndarray | None = None
    floor_finish: np.ndarray | None = None
    # Filled by the passes (per task position, in the task calendar's working time):
    own_start: np.ndarray | None = None
    own_finish: np.ndarray | None = None
    own_late_start: np.ndarray | None = None
    own_late_finish: np.ndarray | None = None

    @property
    def has_tasks(self) -> bool:
        """Whether some activity has its own calendar."""
        return bool(self.task_pos.size)

    def origin_instant(self) -> float:
        """Calendar instant of the project start date (day number since 1970-01-01)."""
        return float(np.datetime64(self.main.origin, "D").astype(np.int64))

    # -- elapsed lags ------------------------------------------------------------------------
    def lag_after(self, times: np.ndarray, lags: np.ndarray, from_finish: np.ndarray) -> np.ndarray:
        """Successor-side bound of elapsed-lag links: ``W(C(t) + lag)`` (working days)."""
        line = self.main
        return line.times_at(line.instants(times, from_finish) + lags)

    def lag_before(self, times: np.ndarray, lags: np.ndarray) -> np.ndarray:
        """Latest predecessor-side time allowed by elapsed-lag links, ``W(C(u) - lag)``."""
        line = self.main
        return _finite_apply(times, lambda u, g: line.times_at(line.instants(u, False) - g), lags)

    # -- task calendars ----------------------------------------------------------------------
    def _groups(self, first: int, last: int):  # type: ignore[no-untyped-def]
        groups = self.task_group[first:last]
        for g in np.unique(groups).tolist():
            yield g, self.lines[g], np.flatnonzero(groups == g)

    def early(
        self, first: int, last: int, floor_start: np.ndarray, finish_bound: np.ndarray,
        duration: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Early start and finish (plan axis) of task positions ``first:last``.

        ``floor_start`` bounds the start, ``finish_bound`` the finish (plan axis); ``duration``
        is in working days of each activity's calendar.
        """
        main = self.main
        es = np.empty(last - first)
        ef = np.empty(last - first)
        assert self.own_start is not None and self.own_finish is not None
        for _, line, sel in self._groups(first, last):
            dur = duration[sel]
            # The latest start that meets the finish bound, walked back on the task calendar.
            back = _finite_apply(
                finish_bound[sel],
                lambda f, d, ln=line: main.times_at(ln.instants(ln.times_at(
                    main.instants(f, False)) - d, False)),
                dur,
            )
            x = np.maximum(floor_start[sel], back)
            # The earliest calendar instant of x (end of the previous working day for an integer),
            # never before the project start date.
            instant = np.maximum(main.instants(x, True), self.task_origin[first + sel])
            u = line.times_at(instant)
            uf = u + dur
            start = main.times_at(line.instants(u, False))
            es[sel] = start
            ef[sel] = np.maximum(main.times_at(line.instants(uf, True)), start)
            self.own_start[first + sel] = u
            self.own_finish[first + sel] = uf
        return es, ef

    def late(
        self, first: int, last: int, finish_cap: np.ndarray, start_cap: np.ndarray,
        duration: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Late finish and late start (plan axis) of task positions ``first:last``."""
        main = self.main
        lf = np.empty(last - first)
        lx = np.empty(last - first)
        assert self.own_late_start is not None and self.own_late_finish is not None
        for _, line, sel in self._groups(first, last):
            dur = duration[sel]
            ahead = _finite_apply(
                start_cap[sel],
                lambda s, d, ln=line: main.times_at(ln.instants(ln.times_at(
                    main.instants(s, False)) + d, True)),
                dur,
            )
            cap = np.minimum(finish_cap[sel], ahead)
            ulf = line.times_at(main.instants(cap, False))
            ul = ulf - dur
            lf[sel] = cap
            lx[sel] = np.minimum(main.times_at(line.instants(ul, False)), cap)
            self.own_late_start[first + sel] = ul
            self.own_late_finish[first + sel] = ulf
        return lf, lx

    def reset(self) -> None:
        """Allocate the per-task arrays the passes fill."""
        n = self.task_pos.size
        self.own_start, self.own_finish = np.zeros(n), np.zeros(n)
        self.own_late_start, self.own_late_finish = np.zeros(n), np.zeros(n)
