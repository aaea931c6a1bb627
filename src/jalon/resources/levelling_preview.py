"""A levelling run's preview: the engine's levelled schedule as plain data stored on the run.

Periods of the engine are working days of the plan calendar (``line``) counted from the
(earliest) project start; here they become ISO dates (finishes inclusive). The preview holds the
moved tasks with their reasons, what to apply, what remains over-allocated, and every task's
and project's dates before (the current schedule) and after (the levelled one), which the run's
Gantt draws.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from jalon import engine
from jalon.engine.levelling import LevellingResult
from jalon.planning.models import Task
from jalon.planning.scheduling import linked_groups, schedule_projects
from jalon.portfolios.models import Project

__all__ = ["preview"]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _rolled_up(tasks: dict[int, Task],
               after: dict[int, tuple[date, date]]) -> dict[int, tuple[date, date]]:
    """Levelled dates of the summaries: the span of their levelled leaves (summaries are not
    levelled themselves)."""
    spans = dict(after)
    for pk, (start, finish) in after.items():
        parent = tasks[pk].parent_id
        while parent is not None and parent in tasks:
            first, last = spans.get(parent, (start, finish))
            spans[parent] = (min(first, start), max(last, finish))
            parent = tasks[parent].parent_id
    return spans


def _spans(line: engine.Timeline, tasks: dict[int, Task], projects: list[Project],
           before: dict[int, Any], after: dict[int, tuple[date, date]],
           ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every task's dates before and after with its delay in working days of the plan calendar
    (leaves only), and each project's span before and after."""
    spans = _rolled_up(tasks, after)
    rows: list[dict[str, Any]] = []
    by_project: dict[int, dict[str, list[date]]] = {}
    for pk, task in tasks.items():
        was = before.get(pk)
        was_start, was_finish = (was.start, was.finish) if was else (None, None)
        start, finish = spans.get(pk, (was_start, was_finish))
        delay = line.start_time(start) - line.start_time(was_start) \
            if pk in after and start and was_start else None
        rows.append({"task": pk, "before_start": _iso(was_start),
                     "before_finish": _iso(was_finish),
                     "after_start": _iso(start), "after_finish": _iso(finish), "delay": delay})
        if pk in after:  # leaves only: a summary spans them
            span = by_project.setdefault(task.project_id, {"before": [], "after": []})
            if was_start and was_finish:
                span["before"] += [was_start, was_finish]
            span["after"] += after[pk]
    return rows, [
        {"project": p.pk, "code": p.code,
         "before_start": _iso(min(by_project[p.pk]["before"], default=None)),
         "before_finish": _iso(max(by_project[p.pk]["before"], default=None)),
         "after_start": _iso(min(by_project[p.pk]["after"])),
         "after_finish": _iso(max(by_project[p.pk]["after"]))}
        for p in projects if p.pk in by_project]


def preview(*, line: engine.Timeline, tasks: dict[int, Task], projects: list[Project],
            result: LevellingResult, within_float: bool = False) -> dict[str, Any]:
    """Plain data for a run's ``result``.

    Parameters
    ----------
    line : Timeline
        The plan calendar from the levelling origin: period ``t`` is ``line.date_of(t)``.
    tasks : dict[int, Task]
        Every task of the levelled projects (summaries included), by id.
    projects : list[Project]
        The levelled projects.
    result : LevellingResult
        The engine's levelled schedule.
    within_float : bool
        Whether the tasks were kept within their float (recorded in the preview).

    Returns
    -------
    dict
        ``status``, ``method``, ``within_float``, ``makespan``, ``lower_bound``,
        ``critical_path_bound`` (periods); ``finish_before``/``finish_after``; ``moves`` (tasks
        whose start changes or that have a reason, with their reasons); ``apply`` (task id ->
        levelled start of the delayed tasks); ``over_allocations`` (what remains); ``tasks``
        (every task's dates before and after, ``delay`` in working days) and ``projects`` (each
        project's span before and after). Dates are ISO strings; finishes inclusive.
    """
    instance = result.instance
    before: dict[int, Any] = {}
    for group in linked_groups(projects):
        for schedule in schedule_projects(group).values():
            before.update(schedule.tasks)
    names = dict(zip(instance.ids, instance.names, strict=True))
    resource_names = dict(zip(instance.resource_ids, instance.resource_names, strict=True))

    def day(period: int | None) -> str | None:
        return None if period is None else line.date_of(int(period)).isoformat()

    reasons: dict[str, list[dict[str, Any]]] = {}
    for e in result.explanations:
        reasons.setdefault(e.activity, []).append({
            "kind": e.kind, "activity": names.get(e.activity, e.activity),
            "early_start": day(e.early_start), "could_start": day(e.could_start),
            "start": day(e.start), "period": day(e.period),
            "resource": resource_names.get(e.resource or "", ""), "needed": e.needed, "used": e.used,
            "capacity": e.capacity, "competing": [names.get(c, c) for c in e.competing],
            "predecessor": names.get(e.predecessor or "", ""), "link": e.link or ""})
    moves, apply, finish_after = [], {}, None
    after: dict[int, tuple[date, date]] = {}
    for i, ident in enumerate(instance.ids):
        start, length = result.starts[ident], int(instance.duration[i])
        after_start = line.date_of(start)
        after_finish = line.date_of(start + length - 1) if length else after_start
        after[int(ident)] = (after_start, after_finish)
        finish_after = max(finish_after or after_finish, after_finish)
        task = tasks[int(ident)]
        if start > int(instance.early_start[i]) and not instance.fixed[i]:
            apply[ident] = after_start.isoformat()
        was = before.get(int(ident))
        if was is None or was.start != after_start or ident in reasons:
            moves.append({
                "task": int(ident), "name": task.name, "project": task.project.code,
                "project_id": task.project_id,
                "before_start": _iso(was.start if was else None),
                "before_finish": _iso(was.finish if was else None),
                "after_start": after_start.isoformat(), "after_finish": after_finish.isoformat(),
                "reasons": reasons.get(ident, [])})
    finishes = [d.finish for pk, d in before.items()
                if pk in tasks and d.finish and not d.is_summary]
    task_spans, project_spans = _spans(line, tasks, projects, before, after)
    return {
        "status": result.status, "method": result.method, "within_float": within_float,
        "makespan": result.makespan,
        "lower_bound": result.lower_bound, "critical_path_bound": result.critical_path_bound,
        "finish_before": _iso(max(finishes) if finishes else None),
        "finish_after": _iso(finish_after),
        "moves": sorted(moves, key=lambda m: (m["after_start"], m["project"], m["name"])),
        "apply": apply,
        "over_allocations": [
            {"resource": resource_names.get(o.resource, o.resource), "first": day(o.first),
             "last": day(o.last), "excess": o.excess,
             "tasks": [names.get(a, a) for a in o.activities]}
            for o in result.over_allocations],
        "tasks": task_spans,
        "projects": project_spans,
    }
