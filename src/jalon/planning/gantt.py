"""The data the Gantt charts draw: rows, bars and links, every date from the engine.

The browser only turns these dates into pixels (``static/jalon/gantt.js``). Rows carry ids
prefixed by kind (``t`` for a task, ``p`` for a project row of the portfolio chart, ``g`` for a
programme heading over its projects) so that one renderer draws every chart; ``parent`` names the row a row folds under. The levelling preview's
chart (``compare``) gives each row a second, "ghost" pair of dates drawn as a thin bar under
the first: the dates before levelling under the levelled ones.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from jalon.accounts import permissions
from jalon.errors import ValidationFailed
from jalon.planning import selectors as planning_selectors
from jalon.planning.models import Baseline, Task
from jalon.planning.scheduling import ProjectSchedule, TaskDates
from jalon.portfolios.figures import figures_of
from jalon.portfolios.models import Programme, Project

NO_PROGRAMME = "g-"
"""The id of the heading row over the portfolio chart's projects that belong to no programme."""


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _task_row(task: Task, dates: TaskDates | None, parent: str | None,
              baseline: dict[int, tuple[date | None, date | None]], *,
              depth: int = 1) -> dict[str, Any]:
    """``task``'s row; under a ``parent`` row (a project's), its outline goes ``depth`` deeper."""
    kind = "summary" if task.is_summary else "milestone" if task.is_milestone else "task"
    planned = baseline.get(task.pk)
    return {
        "id": f"t{task.pk}",
        "task": task.pk,
        "project": task.project_id,
        "parent": f"t{task.parent_id}" if task.parent_id else parent,
        "kind": kind,
        "wbs": task.wbs_code,
        "name": task.name,
        "level": task.level + (depth if parent else 0),
        "start": _iso(dates.start) if dates else None,
        "finish": _iso(dates.finish) if dates else None,
        "duration": round(dates.duration, 2) if dates else None,
        "total_float": round(dates.total_float, 2) if dates else None,
        "critical": bool(dates and dates.critical),
        "percent": round(dates.percent_complete) if dates else task.percent_complete,
        "baseline_start": _iso(planned[0]) if planned else None,
        "baseline_finish": _iso(planned[1]) if planned else None,
        "constraint_type": task.constraint_type,
        # the label as MS Project words it ("Start no earlier than"), in the reader's language
        "constraint": (str(task.get_constraint_type_display())
                       if task.constraint_type != Task.Constraint.ASAP else None),
        "constraint_date": _iso(task.constraint_date),
        "deadline": _iso(task.deadline),
    }


def _links(user: Any, projects: list[Project], rows: set[str]) -> list[dict[str, Any]]:
    links = planning_selectors.dependency_list(user=user).filter(
        successor__project__in=projects, predecessor__project__in=projects
    ).values_list("predecessor_id", "successor_id", "type", "lag", "lag_unit")
    return [
        {"from": f"t{pred}", "to": f"t{succ}", "type": kind, "lag": float(lag), "unit": unit}
        for pred, succ, kind, lag, unit in links
        if f"t{pred}" in rows and f"t{succ}" in rows
    ]


def _baseline_dates(baseline: Baseline | None) -> dict[int, tuple[date | None, date | None]]:
    if baseline is None:
        return {}
    return {row.task_id: (row.start, row.finish) for row in baseline.tasks.all() if row.task_id}


def project_chart(*, user: Any, project: Project, baseline: Baseline | None = None) -> dict[str, Any]:
    """The project's Gantt: its tasks in outline order, the links between them, the chosen
    baseline's dates under each bar, the status date, whether ``user`` may move the tasks.
    ``error`` says why there are no dates."""
    if baseline is not None and baseline.project_id != project.pk:
        raise ValidationFailed(_("The baseline belongs to another project."), field="baseline")
    schedule, error = planning_selectors.schedule_or_error(project)
    tasks = planning_selectors.outlines(user=user, projects=[project])[project.pk]
    planned = _baseline_dates(baseline)
    rows = [_task_row(t, schedule.tasks.get(t.pk) if schedule else None, None, planned)
            for t in tasks]
    return {
        "title": f"{project.code} {project.name}",
        "start": _iso(schedule.start if schedule else project.planned_start),
        "finish": _iso(schedule.finish if schedule else None),
        "status_date": _iso(project.status_date),
        "planned_start": _iso(project.planned_start),
        "today": _iso(timezone.localdate()),
        "editable": permissions.can_change(user, project),
        "error": error or ("" if project.planned_start else "no_start"),
        "baseline": baseline.pk if baseline else None,
        "rows": rows,
        "links": _links(user, [project], {row["id"] for row in rows}),
    }


def _project_row(project: Project, schedule: ProjectSchedule | None, *, level: int = 0,
                 parent: str | None = None, rag: str | None = None) -> dict[str, Any]:
    return {
        "id": f"p{project.pk}",
        "project": project.pk,
        "programme": project.programme_id,
        "parent": parent,
        "kind": "project",
        "wbs": project.code,
        "name": project.name,
        "level": level,
        "start": _iso(schedule.start if schedule else None),
        "finish": _iso(schedule.finish if schedule else None),
        "duration": round(schedule.duration, 2) if schedule else None,
        "total_float": None,
        "critical": False,
        "percent": None,
        "baseline_start": None,
        "baseline_finish": None,
        "rag": rag,
    }


def _programme_id(programme: Programme | None) -> str:
    return f"g{programme.pk}" if programme is not None else NO_PROGRAMME


def _programme_row(programme: Programme | None, projects: list[dict[str, Any]]) -> dict[str, Any]:
    """A programme's heading, its bar spanning its ``projects``' rows; ``programme`` None heads
    the projects that belong to no programme."""
    starts = [row["start"] for row in projects if row["start"]]
    finishes = [row["finish"] for row in projects if row["finish"]]
    return {
        "id": _programme_id(programme),
        "project": None,
        "programme": programme.pk if programme is not None else None,
        "parent": None,
        "kind": "programme",
        "wbs": programme.code if programme is not None else "",
        "name": programme.name if programme is not None else _("Without programme"),
        "level": 0,
        "start": min(starts) if starts else None,
        "finish": max(finishes) if finishes else None,
        # its projects may follow different calendars: no one count of working days spans them
        "duration": None,
        "total_float": None,
        "critical": False,
        "percent": None,
        "baseline_start": None,
        "baseline_finish": None,
        "rag": None,
    }


def _by_programme(projects: list[Project]) -> list[tuple[Programme | None, list[Project]]]:
    """``projects`` under their programmes (by code), those of none last."""
    groups: dict[Programme | None, list[Project]] = {}
    for project in projects:
        groups.setdefault(project.programme, []).append(project)
    named = sorted((p for p in groups if p is not None), key=lambda p: (p.code, p.pk))
    return [(programme, groups[programme]) for programme in named] + (
        [(None, groups[None])] if None in groups else [])


def portfolio_chart(*, user: Any, projects: list[Project]) -> dict[str, Any]:
    """All ``projects`` on one chart, each a summary row over its tasks coloured by its overall
    status (``rag``, finance's figure), scheduled together so that the links between projects
    drive the dates; those links are drawn too. When any of them belongs to a programme, the
    projects are grouped under a heading row per programme (its bar spans its projects), and
    those of no programme under a heading of their own, last.

    Projects without a planned start have no dates to draw: their rows stay empty, as do those
    of the projects whose plan cannot be scheduled, which ``left_out`` lists with the reason.
    """
    plans = planning_selectors.plans_for(projects)
    left_out = [plan for plan in plans.values() if isinstance(plan, planning_selectors.Unschedulable)]
    schedules = {pk: plan for pk, plan in plans.items() if isinstance(plan, ProjectSchedule)}
    outlines = planning_selectors.outlines(user=user, projects=projects)
    statuses = figures_of("rag", projects)
    grouped = any(project.programme_id is not None for project in projects)
    groups = _by_programme(projects) if grouped else [(None, projects)]
    depth = 1 if grouped else 0
    rows: list[dict[str, Any]] = []
    for programme, members in groups:
        heading = _programme_id(programme) if grouped else None
        group: list[dict[str, Any]] = []
        for project in members:
            schedule = schedules.get(project.pk)
            group.append(_project_row(project, schedule, level=depth, parent=heading,
                                      rag=statuses.get(project.pk)))
            group.extend(_task_row(t, schedule.tasks.get(t.pk) if schedule else None,
                                   f"p{project.pk}", {}, depth=depth + 1)
                         for t in outlines[project.pk])
        if grouped:
            rows.append(_programme_row(programme, [r for r in group if r["kind"] == "project"]))
        rows.extend(group)
    starts = [row["start"] for row in rows if row["start"]]
    finishes = [row["finish"] for row in rows if row["finish"]]
    return {
        "title": "",
        "start": min(starts) if starts else None,
        "finish": max(finishes) if finishes else None,
        "status_date": None,
        "planned_start": None,
        "today": _iso(timezone.localdate()),
        "editable": False,
        "error": "" if starts else "no_start",
        "baseline": None,
        "rows": rows,
        "links": _links(user, projects, {row["id"] for row in rows}),
        "left_out": left_out,
    }


def _compared(row: dict[str, Any], span: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """``row`` drawn at its levelled dates over a ghost bar at its dates before levelling."""
    before = (span.get("before_start"), span.get("before_finish"))
    after = (span.get("after_start"), span.get("after_finish"))
    return {**row, "start": after[0], "finish": after[1], "duration": None,
            "total_float": None, "critical": False,
            "ghost_start": before[0], "ghost_finish": before[1],
            "moved": None not in before and None not in after and before != after,
            "delay": span.get("delay"), "note": "\n".join(notes)}


def levelling_chart(*, user: Any, projects: list[Project], result: dict[str, Any],
                    notes: dict[int, list[str]]) -> dict[str, Any]:
    """A levelling preview as a Gantt chart: every task of ``projects`` at its levelled dates
    over a ghost bar at its dates before levelling, moved tasks flagged with ``notes`` (the
    reasons, as sentences, by task id), the finish before and after as date lines, and one
    summary row per project when there are several.

    ``result`` is a stored preview (``resources.levelling``): its ``tasks`` and ``projects``
    hold the dates before and after. Tasks added since the run have no bar.
    """
    spans = {span["task"]: span for span in result.get("tasks", [])}
    project_spans = {span["project"]: span for span in result.get("projects", [])}
    outlines = planning_selectors.outlines(user=user, projects=projects)
    several = len(projects) > 1
    rows: list[dict[str, Any]] = []
    for project in projects:
        parent = None
        if several:
            rows.append(_compared(_project_row(project, None),
                                  project_spans.get(project.pk, {}), []))
            parent = f"p{project.pk}"
        rows.extend(_compared(_task_row(task, None, parent, {}), spans.get(task.pk, {}),
                              notes.get(task.pk, []))
                    for task in outlines[project.pk])
    before, after = result.get("finish_before"), result.get("finish_after")
    if before == after:
        markers = [{"date": after, "kind": "finish", "label": _("Finish (unchanged)")}]
    else:
        markers = [{"date": before, "kind": "finish-before", "label": _("Finish before")},
                   {"date": after, "kind": "finish-after", "label": _("Finish after")}]
    days = [day for row in rows for day in (row["start"], row["ghost_start"]) if day]
    return {
        "title": "",
        "start": min(days) if days else None,
        "finish": after,
        "status_date": None,
        "planned_start": None,
        "today": _iso(timezone.localdate()),
        "editable": False,
        "error": "" if days else "no_start",
        "baseline": None,
        "compare": True,
        "markers": [m for m in markers if m["date"]],
        "rows": rows,
        "links": _links(user, projects, {row["id"] for row in rows}),
    }
