"""Critical path method: :func:`schedule` turns a :class:`~jalon.engine.model.Plan` into dates.

Conventions (the engine's contract, see ``docs/scheduling.md``):

- Links: FS ``ES(s) >= EF(p) + lag``; SS ``ES(s) >= ES(p) + lag``; FF ``EF(s) >= EF(p) + lag``;
  SF ``EF(s) >= ES(p) + lag``. Lags may be negative. No activity starts before 0, unless the
  plan lets date constraints place activities before the project start (as MS Project).
- Project finish ``T = max EF``; the backward pass starts from ``T`` (every activity finishes by
  ``T``), lowered by "no later than" constraints, "must" constraints and deadlines.
- Total float ``LS - ES = LF - EF``, negative when a constraint or deadline cannot be met.
  Free float is the smallest slack on the activity's outgoing links (``T - EF`` when it has
  none), kept between 0 and the total float. Critical means total float <= 0 (within 1e-6).
- ALAP activities are scheduled at their late dates: a second forward pass starts them at their
  late start, and their successors follow. They therefore show zero float (as in MS Project).
- Durations are full working days (fractions allowed); activities are not split.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from jalon.engine import messages as m
from jalon.engine import passes, sweep
from jalon.engine.calendar import Timeline, WorkCalendar
from jalon.engine.constraints import Bounds, collect_bounds, released_from_start
from jalon.engine.model import Plan
from jalon.engine.network import Network, build_network, topological_levels
from jalon.engine.passes import FINISH_PRED, Passes, Positions, ProgressState, link_slack
from jalon.engine.results import Schedule
from jalon.engine.summary_progress import weighted_percent_complete
from jalon.engine.timemaps import TimeMaps
from jalon.errors import ValidationFailed

__all__ = ["CRITICAL_TOLERANCE", "ArraySchedule", "schedule", "schedule_arrays"]

CRITICAL_TOLERANCE = 1e-6
"""Total float at or below this (working days) counts as zero."""


@dataclass
class Problem:
    """A plan prepared for the passes: arrays in topological position order.

    Built by :func:`prepare`; :func:`schedule` and the PERT analysis run passes on it.
    """

    plan: Plan
    network: Network
    bounds: Bounds
    pos: Positions
    pred: np.ndarray  # link end points, as positions
    succ: np.ndarray
    kind: np.ndarray
    lag: np.ndarray
    duration: np.ndarray  # per position
    leaf_ids: list[str]  # activity id per node
    retained_logic: bool
    maps: TimeMaps | None = None  # elapsed lags and task calendars (calendar time only)
    group: np.ndarray | None = None  # project number per position (schedule_many)
    passes: Passes = "compiled"

    @cached_property
    def names(self) -> list[str]:
        """Activity id per position."""
        return [self.leaf_ids[i] for i in self.pos.order.tolist()]

    def solve(self, duration: np.ndarray) -> Solution:
        """Run forward, backward (and, for ALAP activities, a second forward) pass."""
        b = self.bounds
        order = self.pos.order
        start_floor = b.start_floor[order]
        finish_floor = b.finish_floor[order]
        status = b.status[order] if isinstance(b.status, np.ndarray) else b.status
        origin = b.origins(order)
        floor = np.maximum.reduce(
            [origin, np.broadcast_to(status, duration.shape), start_floor, finish_floor - duration]
        )
        progress, span = self._progress(duration, status, finish_floor)
        # Without progress nothing is started or complete, and every link bounds late dates.
        started = np.zeros(len(duration), dtype=bool) if progress is None else progress.started
        maps = self.maps
        if maps is not None:
            tp = maps.task_pos
            maps.reset()
            maps.walk = ~started[tp]
            maps.floor_start = np.maximum(
                np.maximum(origin[tp], np.broadcast_to(status, duration.shape)[tp]),
                start_floor[tp],
            )
            maps.floor_finish = finish_floor[tp]
        cap_start = b.start_cap[order] + duration
        if progress is not None:
            cap_start[started] = np.inf
        cap = np.minimum(b.finish_cap[order], cap_start)
        pred, succ, kind = self.pred, self.succ, self.kind
        es, x, ef = self._forward(duration, span, floor, progress)
        finish = float(ef.max()) if ef.size else 0.0
        ends: float | np.ndarray = finish  # the finish each activity's late dates start from
        if self.group is not None and ef.size:
            by_group = np.full(int(self.group.max()) + 1, -np.inf)
            np.maximum.at(by_group, self.group, ef)
            ends = by_group[self.group]
        chosen_links = np.arange(len(pred))
        if progress is not None:
            # Links that constrain late dates: not into finished work, not into started work
            # that ignores its logic, not from the (already fixed) start of started work.
            complete = progress.complete
            chosen = ~complete[succ] & ~(started[succ] & ~self.retained_logic)
            chosen &= FINISH_PRED[kind] | ~started[pred]
            chosen_links = np.flatnonzero(chosen)
        lf, lx = self._backward(span, np.minimum(cap, ends), chosen_links)
        alap = b.alap[order] & ~started
        if alap.any():
            floor = np.where(alap, np.maximum(floor, lx), floor)
            if maps is not None and maps.floor_start is not None:
                tp = maps.task_pos
                maps.floor_start = np.where(
                    alap[tp], np.maximum(maps.floor_start, lx[tp]), maps.floor_start
                )
            late_own = (maps.own_late_start, maps.own_late_finish) if maps else None
            es, x, ef = self._forward(duration, span, floor, progress)
            if maps is not None and late_own is not None:
                maps.own_late_start, maps.own_late_finish = late_own
        ls = lx
        if progress is not None:
            ls = np.where(started, es + (lf - ef), lx)
            ls = np.where(progress.complete, es, ls)
            lf = np.where(progress.complete, ef, lf)
        total_float = lf - ef
        slack, smallest = self._slack(es, x, ef, chosen_links)
        free_float = np.where(np.isinf(smallest), ends - ef, smallest)
        free_float = np.clip(free_float, 0.0, np.maximum(total_float, 0.0))
        critical = total_float <= CRITICAL_TOLERANCE
        driving = slack <= CRITICAL_TOLERANCE
        if progress is not None:
            free_float[progress.complete] = 0.0
            critical &= ~progress.complete
            driving &= ~progress.complete[succ]
        return Solution(es, ef, ls, lf, total_float, free_float, critical, finish, driving)

    def _progress(
        self, duration: np.ndarray, status: float | np.ndarray, finish_floor: np.ndarray
    ) -> tuple[ProgressState | None, np.ndarray]:
        """Progress arrays per position (None without progress) and remaining durations."""
        b = self.bounds
        if not b.has_progress:
            return None, duration
        order = self.pos.order
        fraction = b.fraction_done[order]
        actual_start = b.actual_start[order]
        actual_finish = b.actual_finish[order]
        has_as = np.isfinite(actual_start)
        has_af = np.isfinite(actual_finish)
        complete = has_af | (fraction >= 1.0)
        started = has_as | (fraction > 0.0) | complete
        done = np.where(complete, duration, duration * fraction)
        span = np.where(complete, 0.0, duration - done)
        return ProgressState(
            started=started,
            complete=complete,
            has_actual_start=has_as,
            actual_start=np.where(has_as, actual_start, 0.0),
            has_actual_finish=has_af,
            actual_finish=np.where(has_af, actual_finish, 0.0),
            done=done,
            resume_floor=np.where(complete, -np.inf, np.maximum(status, finish_floor - span)),
            follows_logic=~complete & (~started | self.retained_logic),
        ), span

    @property
    def compiled(self) -> bool:
        """Whether the compiled sweeps run: chosen, and no calendar arithmetic (time maps)."""
        return self.passes == "compiled" and self.maps is None

    def _forward(
        self, duration: np.ndarray, span: np.ndarray, floor: np.ndarray,
        progress: ProgressState | None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self.compiled:
            return sweep.forward(
                self.pred, self.succ, self.kind, self.lag, duration, span, floor, progress
            )
        return passes.forward(
            self.pos, self.pred, self.succ, self.kind, self.lag, duration, span, floor, progress,
            self.maps,
        )

    def _backward(
        self, span: np.ndarray, cap: np.ndarray, chosen: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        if self.compiled:
            return sweep.backward(self.pred, self.succ, self.kind, self.lag, span, cap, chosen)
        return passes.backward(
            self.pos, self.pred, self.succ, self.kind, self.lag, span, cap, chosen, self.maps
        )

    def _slack(
        self, es: np.ndarray, x: np.ndarray, ef: np.ndarray, chosen: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Slack of each link, and per position the smallest slack of its ``chosen`` links."""
        pred, succ, kind, lag = self.pred, self.succ, self.kind, self.lag
        if self.compiled:
            return sweep.link_slack(pred, succ, kind, lag, es, x, ef, chosen)
        slack = link_slack(pred, succ, kind, lag, es, x, ef, self.maps)
        smallest = np.full(len(es), np.inf)
        np.minimum.at(smallest, pred[chosen], slack[chosen])
        return slack, smallest


@dataclass
class Solution:
    """Pass results, per position (see :class:`Problem`)."""

    early_start: np.ndarray
    early_finish: np.ndarray
    late_start: np.ndarray
    late_finish: np.ndarray
    total_float: np.ndarray
    free_float: np.ndarray
    critical: np.ndarray
    finish: float
    driving: np.ndarray  # per link: slack 0 in the early schedule


def prepare(plan: Plan, *, retained_logic: bool = True, passes: Passes = "compiled") -> Problem:
    """Validate the network (cycles) and lay the plan out as arrays for the passes."""
    network = build_network(plan)
    activities = plan.activities
    leaf_rows = network.leaf_rows
    timeline = plan.calendar.timeline(plan.start) if plan.start and plan.calendar else None
    bounds = collect_bounds(
        plan, leaf_rows, network.summary_rows, network.summary_leaves, timeline
    )
    if plan.constraints_before_start:
        released = released_from_start(bounds, network.succ, network.kind)
        bounds.origin = np.where(released, -np.inf, 0.0)
    ids = network.ids
    leaf_ids = ids if len(leaf_rows) == len(ids) else [ids[r] for r in leaf_rows.tolist()]
    duration = plan.columns.duration[leaf_rows]
    for node in bounds.estimated.tolist():
        duration[node] = activities[int(leaf_rows[node])].scheduled_duration
    problem = _problem(
        network.pred, network.succ, network.kind, network.lag, duration, bounds, leaf_ids,
        retained_logic, passes,
    )
    problem.plan, problem.network = plan, network
    if timeline is not None:
        problem.maps = _time_maps(plan, network, problem.pos, timeline)
    return problem


def _problem(
    pred: np.ndarray, succ: np.ndarray, kind: np.ndarray, lag: np.ndarray,
    duration: np.ndarray, bounds: Bounds, names: list[str], retained_logic: bool,
    passes: Passes = "compiled",
) -> Problem:
    """Level the network (raising CycleError) and put the arrays in position order."""
    levels = topological_levels(len(duration), pred, succ, names, compiled=passes == "compiled")
    pos = Positions.from_levels(levels, len(duration))
    return Problem(
        plan=None,  # type: ignore[arg-type]
        network=None,  # type: ignore[arg-type]
        bounds=bounds,
        pos=pos,
        pred=pos.position[pred],
        succ=pos.position[succ],
        kind=kind,
        lag=lag,
        duration=duration[pos.order],
        leaf_ids=names,
        retained_logic=retained_logic,
        passes=passes,
    )


def _time_maps(
    plan: Plan, network: Network, pos: Positions, timeline: Timeline,
    task_origins: dict[int, date] | None = None,
) -> TimeMaps | None:
    """Elapsed lags and task calendars of a dated plan, or None when it has neither."""
    calendars = plan.columns.calendars or []
    own = [
        node for node, row in enumerate(network.leaf_rows.tolist())
        if calendars[row] is not None and calendars[row] != plan.calendar
    ] if calendars else []
    if network.elapsed is None and not own:
        return None
    maps = TimeMaps(main=timeline, elapsed=network.elapsed)
    if own:
        nodes = np.array(own, dtype=np.int64)
        positions = pos.position[nodes]
        sort = np.argsort(positions)
        nodes, positions = nodes[sort], positions[sort]
        lines: dict[WorkCalendar, int] = {}
        group = []
        origins = []
        for node in nodes.tolist():
            calendar = calendars[int(network.leaf_rows[node])]
            assert calendar is not None  # the nodes in ``own`` have a calendar
            group.append(lines.setdefault(calendar, len(lines)))
            origin = (task_origins or {}).get(node, timeline.origin)
            origins.append(np.datetime64(origin, "D").astype(np.int64))
        maps.task_pos = positions
        maps.task_group = np.array(group, dtype=np.int64)
        maps.task_origin = np.array(origins, dtype=float)
        maps.lines = [calendar.timeline(timeline.origin) for calendar in lines]
        maps.level_bounds = np.searchsorted(positions, pos.bounds).tolist()
    return maps


def schedule(plan: Plan, *, retained_logic: bool = True, passes: Passes = "compiled") -> Schedule:
    """Compute early and late dates, floats and the critical path of a plan.

    Parameters
    ----------
    plan : Plan
        The activities, links, optional start date and calendar, optional status date.
    retained_logic : bool
        With progress, whether the remaining work of a started activity still waits for its
        unfinished predecessors (retained logic, the default) or ignores them (progress
        override).
    passes : {"compiled", "levelled"}
        The implementation of the forward and backward passes: one compiled sweep in
        topological order (the default: fast whatever the depth of the network), or the numpy
        passes, one step per topological level (kept to check the first against). Plans with
        elapsed lags or task calendars always use the second. The results are the same.

    Returns
    -------
    Schedule
        Times in working days from the project start, dates when the plan has a start.

    Raises
    ------
    CycleError
        If the links loop; the message names the activities, e.g.
        ``"Dependency cycle: A → B → C → A"``.
    ValidationFailed
        If the dates reach beyond what the calendar can represent.
    """
    from jalon.engine.pert import analyse_pert

    problem = prepare(plan, retained_logic=retained_logic, passes=passes)
    solution = problem.solve(problem.duration)
    result = _assemble(problem, solution)
    if problem.bounds.estimated.size:
        result.pert = analyse_pert(problem)
    return result


@dataclass
class ArraySchedule:
    """The result of :func:`schedule_arrays`: numpy arrays in the input activity order.

    Times are abstract, in working days from the project start (0).

    Attributes
    ----------
    early_start, early_finish, late_start, late_finish, total_float, free_float : numpy.ndarray
        float64 per activity, working days.
    critical : numpy.ndarray
        bool per activity (total float <= ``CRITICAL_TOLERANCE``).
    driving : numpy.ndarray
        bool per link, in the input link order: zero slack in the early schedule.
    finish : float
        Project finish ``T = max EF`` (working days).
    """

    early_start: np.ndarray
    early_finish: np.ndarray
    late_start: np.ndarray
    late_finish: np.ndarray
    total_float: np.ndarray
    free_float: np.ndarray
    critical: np.ndarray
    driving: np.ndarray
    finish: float


def schedule_arrays(
    durations: np.ndarray,
    pred_idx: np.ndarray,
    succ_idx: np.ndarray,
    link_type_codes: np.ndarray | None = None,
    lags: np.ndarray | None = None,
    *,
    start_floor: np.ndarray | None = None,
    finish_cap: np.ndarray | None = None,
    names: list[str] | None = None,
    passes: Passes = "compiled",
) -> ArraySchedule:
    """Critical path method on plain arrays: the fast entry point for large networks.

    The same passes as :func:`schedule`, without reading ``Activity``/``Link`` objects.
    Abstract time only (no calendar, no progress, no summaries).

    Parameters
    ----------
    durations : numpy.ndarray
        Duration of each activity in working days (>= 0), shape ``(n,)``.
    pred_idx, succ_idx : numpy.ndarray
        Integer arrays, shape ``(m,)``: each link's predecessor and successor (indices into
        ``durations``).
    link_type_codes : numpy.ndarray or None
        0 FS, 1 SS, 2 FF, 3 SF per link (default all FS).
    lags : numpy.ndarray or None
        Lag of each link in working days (default 0).
    start_floor : numpy.ndarray or None
        Per activity, earliest start (SNET) in working days; ``-inf`` or ``0`` for none.
    finish_cap : numpy.ndarray or None
        Per activity, latest finish (FNLT or deadline) in working days; ``inf`` for none.
    names : list[str] or None
        Activity names for a cycle error message (default the indices).
    passes : {"compiled", "levelled"}
        The implementation of the passes (see :func:`schedule`).

    Returns
    -------
    ArraySchedule

    Raises
    ------
    CycleError
        If the links loop.
    ValidationFailed
        If the arrays have inconsistent shapes, out-of-range indices or bad values.
    """
    duration = np.ascontiguousarray(durations, dtype=np.float64)
    size = duration.size
    pred = np.ascontiguousarray(pred_idx, dtype=np.int64)
    succ = np.ascontiguousarray(succ_idx, dtype=np.int64)
    count = pred.size
    kind = (
        np.zeros(count, dtype=np.int8) if link_type_codes is None
        else np.ascontiguousarray(link_type_codes, dtype=np.int8)
    )
    lag = np.zeros(count) if lags is None else np.ascontiguousarray(lags, dtype=np.float64)
    if duration.ndim != 1 or not np.isfinite(duration).all() or (duration < 0).any():
        raise ValidationFailed(m.DURATIONS(), field="durations")
    if not pred.shape == succ.shape == kind.shape == lag.shape == (count,):
        raise ValidationFailed(m.LINK_ARRAYS(), field="pred_idx")
    if count and (min(pred.min(), succ.min()) < 0 or max(pred.max(), succ.max()) >= size):
        raise ValidationFailed(m.LINK_INDICES(), field="pred_idx")
    if count and ((kind < 0) | (kind > 3)).any():
        raise ValidationFailed(m.LINK_CODES(), field="link_type_codes")
    bounds = Bounds(
        start_floor=np.full(size, -np.inf) if start_floor is None
        else np.asarray(start_floor, dtype=np.float64),
        finish_floor=np.full(size, -np.inf),
        start_cap=np.full(size, np.inf),
        finish_cap=np.full(size, np.inf) if finish_cap is None
        else np.asarray(finish_cap, dtype=np.float64),
        alap=np.zeros(size, dtype=bool),
        actual_start=np.full(size, np.nan),
        actual_finish=np.full(size, np.nan),
        fraction_done=np.zeros(size),
        status=-np.inf,
        estimated=np.zeros(0, dtype=np.int64),
    )
    label = names if names is not None else _IndexNames()
    problem = _problem(pred, succ, kind, lag, duration, bounds, label, True, passes)  # type: ignore[arg-type]
    solution = problem.solve(problem.duration)
    order = problem.pos.order
    out = {}
    for name in ("early_start", "early_finish", "late_start", "late_finish", "total_float",
                 "free_float", "critical"):
        values = getattr(solution, name)
        column = np.empty(size, dtype=values.dtype)
        column[order] = values
        out[name] = column
    return ArraySchedule(driving=solution.driving, finish=solution.finish, **out)


class _IndexNames:
    """Names of array activities in a cycle message: their indices."""

    def __getitem__(self, index: int) -> str:
        return str(index)


def _assemble(problem: Problem, solution: Solution) -> Schedule:
    plan, network, pos = problem.plan, problem.network, problem.pos
    count = len(plan.activities)
    rows = network.leaf_rows[pos.order]  # activity row of each position
    fields = {}
    for name in ("early_start", "early_finish", "late_start", "late_finish", "total_float",
                 "free_float"):
        column = np.zeros(count)
        column[rows] = getattr(solution, name)
        fields[name] = column
    critical = np.zeros(count, dtype=bool)
    critical[rows] = solution.critical
    is_summary = np.zeros(count, dtype=bool)
    is_summary[network.summary_rows] = True
    progress = plan.columns.percent_complete.copy()
    durations = np.zeros(count)
    durations[rows] = problem.duration  # as scheduled: the PERT expected time in place of 0
    node_rows = network.leaf_rows
    for row, leaves in zip(network.summary_rows.tolist(), network.summary_leaves, strict=True):
        members = node_rows[leaves]
        progress[row] = weighted_percent_complete(progress[members], durations[members])
        for name, reduce in (
            ("early_start", np.min), ("early_finish", np.max), ("late_start", np.min),
            ("late_finish", np.max), ("total_float", np.min), ("free_float", np.min),
        ):
            fields[name][row] = reduce(fields[name][members])
        critical[row] = critical[members].any()
        durations[row] = fields["early_finish"][row] - fields["early_start"][row]

    leaf_es = solution.early_start
    start = float(leaf_es.min()) if leaf_es.size else 0.0
    critical_positions = np.flatnonzero(solution.critical)
    leaf_ids = problem.leaf_ids
    critical_path = [leaf_ids[i] for i in pos.order[critical_positions].tolist()]
    driving = np.flatnonzero(solution.driving)
    chains = _chains(problem, solution, critical_positions, critical_path, driving)
    names = list(plan.columns.names)
    result = Schedule(
        name=plan.name,
        ids=list(network.ids),
        names=names,
        critical=critical,
        is_summary=is_summary,
        start=start,
        finish=solution.finish,
        critical_path=critical_path,
        critical_paths=chains,
        driving_links=(rows[problem.succ[driving]], rows[problem.pred[driving]]),
        percent_complete=progress,
        durations=durations,
        early_start=fields["early_start"],
        early_finish=fields["early_finish"],
        late_start=fields["late_start"],
        late_finish=fields["late_finish"],
        total_float=fields["total_float"],
        free_float=fields["free_float"],
    )
    if plan.start is not None and plan.calendar is not None:
        _dates(problem, solution, result, plan.calendar.timeline(plan.start), rows)
    return result


def _dates(
    problem: Problem, solution: Solution, result: Schedule, line: Timeline, rows: np.ndarray
) -> None:
    """Dates per activity (MS Project convention, milestones included) and for the project."""
    result.timeline = line
    es, ef = solution.early_start, solution.early_finish
    ls, lf = solution.late_start, solution.late_finish
    dates = [
        line.start_dates(es), line.finish_dates(ef, es),
        line.start_dates(ls), line.finish_dates(lf, ls),
    ]
    milestone = (problem.duration == 0) & (ef <= es + 1e-9)
    if milestone.any():
        at_end = _placed_at_end(problem, solution)[milestone]
        early = line.milestone_dates(es[milestone], at_end)
        late = line.milestone_dates(ls[milestone], at_end)
        for column, values in zip(dates, (early, early, late, late), strict=True):
            column[milestone] = values
    maps = problem.maps
    if maps is not None and maps.has_tasks and maps.walk is not None:
        assert maps.own_start is not None and maps.own_finish is not None
        assert maps.own_late_start is not None and maps.own_late_finish is not None
        for g, own_line in enumerate(maps.lines):
            sel = (maps.task_group == g) & maps.walk
            at = maps.task_pos[sel]
            u, uf = maps.own_start[sel], maps.own_finish[sel]
            ul, ulf = maps.own_late_start[sel], maps.own_late_finish[sel]
            dates[0][at] = own_line.start_dates(u)
            dates[1][at] = own_line.finish_dates(uf, u)
            dates[2][at] = own_line.start_dates(ul)
            dates[3][at] = own_line.finish_dates(ulf, ul)
    count = len(result.ids)
    network = problem.network
    columns = []
    for k, values in enumerate(dates):
        column = np.zeros(count, dtype="datetime64[D]")
        column[rows] = values
        for row, leaves in zip(network.summary_rows.tolist(), network.summary_leaves, strict=True):
            members = network.leaf_rows[leaves]
            column[row] = column[members].min() if k % 2 == 0 else column[members].max()
        columns.append(column)
    result.start_dates, result.finish_dates, result.late_start_dates, result.late_finish_dates = (
        columns
    )
    if es.size:
        result.start_date = dates[0].min().astype(object)
        result.finish_date = dates[1].max().astype(object)
    else:
        result.start_date = line.start_date(0.0)
        result.finish_date = result.start_date


def _placed_at_end(problem: Problem, solution: Solution) -> np.ndarray:
    """Per position: whether the activity's early start is the end of a working day (True) or
    the start of the next one, where MS Project's date arithmetic leaves it (for milestones,
    see ``Timeline.milestone_dates``).

    Every bound that places the activity (a driving link, a floor equal to its time) has a
    side. The end of a day: a predecessor's finish (FS, FF), working time added (a positive
    lag), a finish constraint (FNET, MFO). The start of a day: the project start, a start
    constraint (SNET, MSO), a predecessor's start (SS, SF), working time taken away (a negative
    lag). A milestone predecessor passes its own side on through a link without lag. The latest
    instant wins, and the start of a day comes after the end of the day before: the activity is
    at the end of a day only when every bound placing it is, or when it must finish (MFO) there.
    An unstarted ALAP activity sits at its late dates, and a late finish is the end of a day.
    """
    bounds = problem.bounds
    order = problem.pos.order
    pred, succ, kind, lag = problem.pred, problem.succ, problem.kind, problem.lag
    es, ef = solution.early_start, solution.early_finish
    size = len(problem.duration)
    drives = solution.driving
    lag_end = np.where(np.abs(lag) <= CRITICAL_TOLERANCE, FINISH_PRED[kind], lag > 0)
    passed_on = drives & (np.abs(lag) <= CRITICAL_TOLERANCE) & (problem.duration[pred] == 0)
    floor_end = np.abs(bounds.finish_floor[order] - ef) <= CRITICAL_TOLERANCE
    start_floor = np.maximum(bounds.start_floor[order], bounds.origins(order))
    floor_start = np.abs(start_floor - es) <= CRITICAL_TOLERANCE
    unstarted = ~np.isfinite(bounds.actual_start[order]) & (bounds.fraction_done[order] == 0)
    late = bounds.alap[order] & unstarted
    if bounds.must_finish is not None:
        late |= bounds.must_finish[order] & floor_end

    def sides(at_end: np.ndarray) -> np.ndarray:
        link_end = np.where(passed_on, at_end[pred], lag_end)
        ends, starts = floor_end.copy(), floor_start.copy()
        ends[succ[drives & link_end]] = True
        starts[succ[drives & ~link_end]] = True
        side: np.ndarray = (ends & ~starts) | late
        return side

    at_end = sides(np.zeros(size, dtype=bool))
    # Chains of milestones linked without lag pass a side on: one more step per milestone.
    while passed_on.any():
        again = sides(at_end)
        if np.array_equal(again, at_end):
            break
        at_end = again
    return at_end


def _chains(
    problem: Problem, solution: Solution, critical: np.ndarray, names: list[str],
    driving: np.ndarray,
) -> list[list[str]]:
    """Group critical activities (positions ``critical``, ids ``names``) into chains joined by
    driving links between them."""
    if critical.size == 0:
        return []
    is_critical = solution.critical
    pred, succ = problem.pred[driving], problem.succ[driving]
    keep = is_critical[pred] & is_critical[succ]
    local = np.full(len(is_critical), -1)
    local[critical] = np.arange(critical.size)
    graph = coo_matrix(
        (np.ones(int(keep.sum())), (local[pred[keep]], local[succ[keep]])),
        shape=(critical.size, critical.size),
    )
    count, labels = connected_components(graph, directed=True, connection="weak")
    groups: list[list[str]] = [[] for _ in range(count)]
    for name, label in zip(names, labels.tolist(), strict=True):
        groups[label].append(name)
    groups.sort(key=len, reverse=True)
    return groups
