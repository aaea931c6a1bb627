"""Elapsed lags and task calendars over many iterations: the CPM's calendar arithmetic in 2-D.

A dated plan's elapsed lags and task calendars (:mod:`jalon.engine.timemaps`) move times
through the calendar, which a plain ``+`` cannot do. Here the same conversions run on blocks
of ``(activities, iterations)`` times: :class:`~jalon.engine.timemaps.TimeMaps` holds the
calendars and which activities and links use them; its elapsed-lag conversions work on arrays
of any shape, and the task-calendar walks below repeat :meth:`TimeMaps.early` and
:meth:`TimeMaps.late` operation for operation, one row per activity and one column per
iteration, so a simulation with the planned durations gives the schedule's dates. Only the
levelled passes use them (:mod:`jalon.engine.montecarlo.passes`), as in the CPM.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from jalon.engine.calendar import Timeline
from jalon.engine.timemaps import TimeMaps

__all__ = ["IterationCalendars"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


def _finite(values: Floats, function: Callable[[Floats, Floats], Floats], extra: Floats
            ) -> Floats:
    """``function(values, extra)`` where ``values`` is finite; +-inf kept as they are."""
    result = np.array(values, dtype=np.float64, copy=True)
    ok = np.isfinite(result)
    if ok.any():
        result[ok] = function(result[ok], np.broadcast_to(extra, result.shape)[ok])
    return result


@dataclass
class IterationCalendars:
    """The calendar arithmetic of one dated plan, for the levelled passes.

    Attributes
    ----------
    maps : TimeMaps
        The plan's elapsed links and task calendars (positions, calendar of each, origins).
    floor_start, floor_finish : numpy.ndarray
        Per task-calendar activity, shape ``(k, 1)``: its start floor (0, the status date,
        SNET/MSO) and finish floor (FNET/MFO), on the plan axis.
    walks : numpy.ndarray
        Per task-calendar activity: not started, so it walks its own calendar (started work
        is counted on the plan calendar, as in the CPM).
    """

    maps: TimeMaps
    floor_start: Floats
    floor_finish: Floats
    walks: npt.NDArray[np.bool_]

    @property
    def elapsed(self) -> npt.NDArray[np.bool_] | None:
        """Per link, whether its lag counts elapsed days (None when no link has one)."""
        return self.maps.elapsed

    def lag_after(self, times: Floats, lags: Floats, from_finish: npt.NDArray[np.bool_]
                  ) -> Floats:
        """Successor-side bounds of elapsed-lag links (rows of iterations)."""
        bound: Floats = self.maps.lag_after(times, lags, from_finish)
        return bound

    def lag_before(self, times: Floats, lags: Floats) -> Floats:
        """Latest predecessor-side times allowed by elapsed-lag links (rows of iterations)."""
        bound: Floats = self.maps.lag_before(times, lags)
        return bound

    def _groups(self, tasks: Ints) -> Iterator[tuple[Timeline, Ints]]:
        groups = self.maps.task_group[tasks]
        for g in np.unique(groups).tolist():
            yield self.maps.lines[g], np.flatnonzero(groups == g)

    def early(self, tasks: Ints, floor_start: Floats, finish_bound: Floats, duration: Floats
              ) -> tuple[Floats, Floats]:
        """Early start and finish (plan axis) of the task-calendar activities ``tasks``
        (indices into the per-task arrays): :meth:`TimeMaps.early` with one column per
        iteration. ``floor_start`` bounds the starts, ``finish_bound`` the finishes (plan
        axis); ``duration`` is in working days of each activity's calendar."""
        main = self.maps.main
        es = np.empty_like(duration)
        ef = np.empty_like(duration)
        origin = self.maps.task_origin[tasks].reshape(-1, 1)
        for line, sel in self._groups(tasks):
            dur = duration[sel]
            back = _finite(finish_bound[sel], lambda f, d, ln=line: main.times_at(  # type: ignore[misc]
                ln.instants(ln.times_at(main.instants(f, False)) - d, False)), dur)
            x = np.maximum(floor_start[sel], back)
            instant = np.maximum(main.instants(x, True), origin[sel])
            u = line.times_at(instant)
            start = main.times_at(line.instants(u, False))
            es[sel] = start
            ef[sel] = np.maximum(main.times_at(line.instants(u + dur, True)), start)
        return es, ef

    def late(self, tasks: Ints, finish_cap: Floats, start_bound: Floats, duration: Floats
             ) -> tuple[Floats, Floats]:
        """Late finish and late start (plan axis) of the task-calendar activities ``tasks``:
        :meth:`TimeMaps.late` with one column per iteration. ``finish_cap`` caps the
        finishes (project finish, constraints, finish-side links), ``start_bound`` the starts
        (start-side links)."""
        main = self.maps.main
        lf = np.empty_like(duration)
        ls = np.empty_like(duration)
        for line, sel in self._groups(tasks):
            dur = duration[sel]
            ahead = _finite(start_bound[sel], lambda s, d, ln=line: main.times_at(  # type: ignore[misc]
                ln.instants(ln.times_at(main.instants(s, False)) + d, True)), dur)
            cap = np.minimum(finish_cap[sel], ahead)
            latest = line.times_at(main.instants(cap, False)) - dur
            lf[sel] = cap
            ls[sel] = np.minimum(main.times_at(line.instants(latest, False)), cap)
        return lf, ls
