"""A project's task table and its dependencies as tables for a spreadsheet: the task table's
columns under its headers, the figures read from the project's schedule as the page reads them
(never recomputed here)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from jalon.downloads import yes_no
from jalon.io.tables import Column, Kind, Table, Value
from jalon.planning.models import Dependency, Task
from jalon.planning.predecessors import format_predecessors
from jalon.planning.scheduling import ProjectSchedule


def task_table(tasks: list[Task], schedule: ProjectSchedule | None) -> Table:
    """The task table's rows in outline order (``tasks`` from ``tasks_in_outline``).

    Start and finish are dates when the project has a start date, else working days from the
    start (the page shows the same numbers); durations and floats are in working days. A plan
    that cannot be scheduled gives its tasks without computed figures, as the page does.
    """
    dated = schedule is not None and schedule.start is not None
    when = Kind.DATE if dated else Kind.NUMBER
    columns = [Column(_("WBS")), Column(_("Name")), Column(_("Milestone")),
               Column(_("Duration"), Kind.NUMBER), Column(_("Start"), when),
               Column(_("Finish"), when), Column(_("Total float"), Kind.NUMBER),
               Column(_("Critical")), Column(_("Predecessors")),
               Column(_("% complete"), Kind.PERCENT), Column(_("Actual start"), Kind.DATE),
               Column(_("Actual finish"), Kind.DATE)]
    rows: list[list[Value]] = []
    for task in tasks:
        dates = schedule.tasks.get(task.pk) if schedule is not None else None
        if dates is None:
            figures: list[Value] = [None if task.is_summary else task.duration,
                                    None, None, None, None]
            percent: Value = None if task.is_summary else task.percent_complete
        else:
            figures = [_rounded(dates.duration),
                       dates.start if dated else _rounded(dates.early_start),
                       dates.finish if dated else _rounded(dates.early_finish),
                       _rounded(dates.total_float), yes_no(dates.critical)]
            percent = round(dates.percent_complete) if task.is_summary else task.percent_complete
        rows.append([task.wbs_code, task.name, yes_no(task.is_milestone), *figures,
                     format_predecessors(task), percent, task.actual_start, task.actual_finish])
    return Table(_("Tasks"), columns, rows)


def _rounded(days: float) -> float:
    """Working days as the page shows them: two decimals at most (the engine's floats carry
    binary noise such as 2.9999999)."""
    return round(days, 2) + 0.0  # + 0.0 turns -0.0 into 0.0


def dependency_table(links: Iterable[Dependency]) -> Table:
    """The links, each end named as users know it: its project's code, its WBS code, its name."""
    columns = [Column(_("Predecessor project")), Column(_("Predecessor WBS")),
               Column(_("Predecessor")), Column(_("Successor project")),
               Column(_("Successor WBS")), Column(_("Successor")), Column(_("Type")),
               Column(_("Lag"), Kind.NUMBER), Column(_("Lag unit"))]
    rows: list[list[Value]] = [
        [link.predecessor.project.code, link.predecessor.wbs_code, link.predecessor.name,
         link.successor.project.code, link.successor.wbs_code, link.successor.name,
         link.type, link.lag, link.get_lag_unit_display()]
        for link in links]
    return Table(_("Dependencies"), columns, rows)
