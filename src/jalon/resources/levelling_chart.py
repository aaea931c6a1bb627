"""A levelling run's preview drawn as a Gantt chart (``planning.gantt.levelling_chart``): the
dates before and after that the run stored, each move with its reasons as sentences. Nothing
is recomputed."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from jalon.errors import ValidationFailed
from jalon.planning import gantt
from jalon.resources.explaining import sentence
from jalon.resources.levelling import levelling_run_projects
from jalon.resources.models import LevellingRun


def has_chart(run: LevellingRun) -> bool:
    """Whether the run's preview can be drawn: a finished run that stored every task's dates
    (older runs hold the moves only)."""
    return run.state == LevellingRun.State.DONE and "tasks" in (run.result or {})


def run_chart(*, user: Any, run: LevellingRun) -> dict[str, Any]:
    """The chart of ``run``'s preview, as ``user`` may see its projects' tasks."""
    if not has_chart(run):
        raise ValidationFailed(_("This levelling run has no preview to draw: it has not finished, "
                                 "or it is older than the charts."))
    result = run.result or {}
    notes = {move["task"]: [sentence(reason) for reason in move["reasons"]]
             for move in result.get("moves", []) if move["reasons"]}
    return gantt.levelling_chart(user=user, projects=levelling_run_projects(run=run),
                                 result=result, notes=notes)
