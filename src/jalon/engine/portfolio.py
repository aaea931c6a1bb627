"""Several projects scheduled together, with links between them (a portfolio or programme).

Each project keeps its own start, calendar and status date; links between projects are
respected on a common axis. The projects are merged into one network whose activity ids are
``"<plan name>::<activity id>"`` (the scheme cross-project links use too), scheduled once, and
split back into one :class:`~jalon.engine.results.Schedule` per project.

The common axis is the working time of the first plan's calendar, from the earliest project
start. A project whose calendar differs has its activities walked on its own calendar (as task
calendars, see :mod:`jalon.engine.timemaps`); its link lags and float are counted in working
days of the common axis. Each project's times are re-based on its own start (0 = its first
working day) and its late dates start from its own finish, so its float is its own.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np

from jalon.engine import messages as m
from jalon.engine.constraints import released_from_start
from jalon.engine.cpm import _assemble, _time_maps, prepare
from jalon.engine.model import Activity, Link, Plan
from jalon.engine.results import Schedule
from jalon.errors import ValidationFailed
from jalon.i18n import Ref

__all__ = ["SEPARATOR", "schedule_many"]

SEPARATOR = "::"
"""Between a plan name and an activity id in cross-project link ids: ``"Plan A::T1"``."""

_TIME_FIELDS = ("constraint_date", "deadline", "actual_start", "actual_finish")


def schedule_many(
    plans: list[Plan], links: list[Link] | None = None, *, retained_logic: bool = True
) -> dict[str, Schedule]:
    """Schedule several projects at once, honouring links between them.

    Parameters
    ----------
    plans : list[Plan]
        Projects with distinct names; all with a start date (calendar time) or none (abstract
        time, all starting at 0).
    links : list[Link] or None
        Links between activities of different (or the same) plans, their ids written
        ``"<plan name>::<activity id>"``. Lags in working days of the first plan's calendar
        (or elapsed days with ``lag_unit="edays"``).
    retained_logic : bool
        As in :func:`jalon.engine.schedule`.

    Returns
    -------
    dict[str, Schedule]
        Plan name -> its schedule, with times in working days from its own start.

    Raises
    ------
    CycleError
        If links loop, within or across projects; the activities are named
        ``"<plan name>::<activity id>"``.
    ValidationFailed
        On duplicate plan names, unknown link ids, or dated and undated plans mixed.
    """
    links = list(links or [])
    names = [plan.name for plan in plans]
    if len(set(names)) != len(names):
        raise ValidationFailed(m.DISTINCT_PLAN_NAMES(), field="name")
    dated = {plan.start is not None for plan in plans}
    if len(dated) > 1:
        raise ValidationFailed(m.MIXED_START(), field="start")
    if not plans:
        return {}
    in_time = dated == {True}
    calendar = plans[0].calendar
    origin = min(plan.start for plan in plans if plan.start is not None) if in_time else None
    line = calendar.timeline(origin) if origin is not None and calendar is not None else None
    offsets = [line.start_time(plan.start) if line else 0 for plan in plans]  # type: ignore[arg-type]

    activities: list[Activity] = []
    merged_links: list[Link] = []
    spans: list[tuple[int, int]] = []
    known: set[str] = set()
    for plan, offset in zip(plans, offsets, strict=True):
        first = len(activities)
        prefix = plan.name + SEPARATOR
        own_calendar = plan.calendar if plan.calendar != calendar else None
        for activity in plan.activities:
            changes: dict[str, object] = {"id": prefix + activity.id}
            if activity.parent is not None:
                changes["parent"] = prefix + activity.parent
            if in_time and activity.calendar is None and own_calendar is not None:
                changes["calendar"] = own_calendar
            for name in _TIME_FIELDS:
                value = getattr(activity, name)
                if value is not None and not isinstance(value, date) and offset:
                    changes[name] = float(value) + offset
            activities.append(replace(activity, **changes))  # type: ignore[arg-type]
            known.add(prefix + activity.id)
        merged_links.extend(
            replace(link, predecessor=prefix + link.predecessor, successor=prefix + link.successor)
            for link in plan.links
        )
        spans.append((first, len(activities)))
    for link in links:
        for end in (link.predecessor, link.successor):
            if end not in known:
                unknown = m.UNKNOWN_PLAN_ACTIVITY(task=Ref.task(end), separator=SEPARATOR)
                raise ValidationFailed(
                    m.ABOUT(owner=link.owner(), problem=unknown),
                    field="predecessor" if end == link.predecessor else "successor",
                )
    merged = Plan(
        SEPARATOR.join(names), activities, merged_links + links, start=origin, calendar=calendar
    )
    problem = prepare(merged, retained_logic=retained_logic)
    network = problem.network
    project_of_row = np.zeros(len(activities), dtype=np.int64)
    for number, (first, last) in enumerate(spans):
        project_of_row[first:last] = number
    node_project = project_of_row[network.leaf_rows]
    bounds = problem.bounds
    # Each project's own start is the floor of its activities, unless the project lets a
    # constraint take its place (the merged plan does not: it knows no project's rule).
    released = released_from_start(bounds, network.succ, network.kind)
    released &= np.array([plan.constraints_before_start for plan in plans])[node_project]
    bounds.origin = np.where(released, -np.inf, np.array(offsets, dtype=float)[node_project])
    status = np.full(len(plans), -np.inf)
    for number, (plan, offset) in enumerate(zip(plans, offsets, strict=True)):
        if isinstance(plan.status_date, date) and line is not None:
            status[number] = line.finish_time(plan.status_date)
        elif plan.status_date is not None:
            status[number] = float(plan.status_date) + offset  # type: ignore[arg-type]
    bounds.status = status[node_project]
    problem.group = node_project[problem.pos.order]
    if line is not None:
        origins = {
            node: plans[int(p)].start for node, p in enumerate(node_project.tolist())
        }
        problem.maps = _time_maps(merged, network, problem.pos, line, origins)  # type: ignore[arg-type]
    solution = problem.solve(problem.duration)
    whole = _assemble(problem, solution)
    return {
        plan.name: _split(whole, plan, first, last, offset)
        for plan, (first, last), offset in zip(plans, spans, offsets, strict=True)
    }


def _split(whole: Schedule, plan: Plan, first: int, last: int, offset: int) -> Schedule:
    """One project's part of the merged schedule, times re-based on its own start."""
    cut = slice(first, last)
    prefix = len(plan.name) + len(SEPARATOR)
    mine = set(whole.ids[cut])

    def local(ids: list[str]) -> list[str]:
        return [i[prefix:] for i in ids if i in mine]

    succ_rows, pred_rows = whole.driving_links
    inside = (succ_rows >= first) & (succ_rows < last) & (pred_rows >= first) & (pred_rows < last)
    times = {
        name: getattr(whole, name)[cut] - offset
        for name in ("early_start", "early_finish", "late_start", "late_finish")
    }
    leaves = ~whole.is_summary[cut]
    es, ef = times["early_start"][leaves], times["early_finish"][leaves]
    result = Schedule(
        name=plan.name,
        ids=[a.id for a in plan.activities],
        names=whole.names[cut],
        total_float=whole.total_float[cut],
        free_float=whole.free_float[cut],
        critical=whole.critical[cut],
        is_summary=whole.is_summary[cut],
        start=float(es.min()) if es.size else 0.0,
        finish=float(ef.max()) if ef.size else 0.0,
        critical_path=local(whole.critical_path),
        critical_paths=[chain for chain in map(local, whole.critical_paths) if chain],
        driving_links=(succ_rows[inside] - first, pred_rows[inside] - first),
        percent_complete=(None if whole.percent_complete is None
                          else whole.percent_complete[cut]),
        durations=None if whole.durations is None else whole.durations[cut],
        **times,
    )
    if whole.start_dates is not None and plan.start is not None and plan.calendar is not None:
        result.start_dates = whole.start_dates[cut]
        result.finish_dates = whole.finish_dates[cut]  # type: ignore[index]
        result.late_start_dates = whole.late_start_dates[cut]  # type: ignore[index]
        result.late_finish_dates = whole.late_finish_dates[cut]  # type: ignore[index]
        result.timeline = plan.calendar.timeline(plan.start)
        if leaves.any():
            result.start_date = result.start_dates[leaves].min().astype(object)
            result.finish_date = result.finish_dates[leaves].max().astype(object)
    return result
