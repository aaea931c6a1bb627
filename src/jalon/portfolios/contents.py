"""What goes with a portfolio, programme or project when it is deleted (or comes back with it
from the trash): its programmes and projects by name, and how many tasks, risks, documents,
budget lines and timesheet entries they hold.

A live object takes what is live under it; a trashed one what went to the trash with it, at
the same moment (``Trashable.deleted_at``). The records counted live in apps above this one:
they are reached by name (``apps.get_model``), never imported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Count, Q

from jalon.portfolios.models import Portfolio, Programme, Project, Trashable

#: The records counted, as (name, app, model, path from the record to its project).
COUNTED = (
    ("tasks", "planning", "Task", "project"),
    ("risks", "risks", "Risk", "project"),
    ("budget_lines", "finance", "BudgetLine", "project"),
    ("timesheet_entries", "timesheets", "TimesheetEntry", "task__project"),
)


@dataclass
class Contents:
    """What goes with one object: ``programmes`` and ``projects`` as users know them
    ("CODE – name"), and the numbers of records of those projects (documents: also those of
    the portfolio's and programmes' own libraries)."""

    programmes: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    tasks: int = 0
    risks: int = 0
    documents: int = 0
    budget_lines: int = 0
    timesheet_entries: int = 0


def kind_of(obj: Trashable) -> str:
    """``"portfolio"``, ``"programme"`` or ``"project"``."""
    return obj._meta.model_name or ""


def _went_with(obj: Trashable, row: Programme | Project) -> bool:
    """Does ``row`` (a programme or project) go with ``obj``: under it, and trashed at the same
    moment (both live, for a deletion to come)?"""
    if row.deleted_at != obj.deleted_at:
        return False
    if isinstance(obj, Portfolio):
        return row.portfolio_id == obj.pk
    if isinstance(obj, Programme):
        return isinstance(row, Project) and row.programme_id == obj.pk
    return row.pk == obj.pk


def contents_of(objects: Sequence[Trashable]) -> list[Contents]:
    """The contents of each of ``objects`` (portfolios, programmes, projects, live or trashed),
    in their order, in a fixed number of queries whatever their number."""
    of_kind: dict[str, set[int]] = {"portfolio": set(), "programme": set(), "project": set()}
    for obj in objects:
        of_kind[kind_of(obj)].add(obj.pk)
    projects = list(Project.all_objects.filter(
        Q(portfolio_id__in=of_kind["portfolio"]) | Q(programme_id__in=of_kind["programme"])
        | Q(pk__in=of_kind["project"])).order_by("code"))
    programmes = list(Programme.all_objects.filter(portfolio_id__in=of_kind["portfolio"])
                      .order_by("code"))
    counts = _counts([p.pk for p in projects])
    documents = _documents(projects, {g.pk for g in programmes} | of_kind["programme"],
                           of_kind["portfolio"])
    result = []
    for obj in objects:
        mine = [p for p in projects if _went_with(obj, p)]
        theirs = [g for g in programmes if _went_with(obj, g)]
        contents = Contents(programmes=[str(g) for g in theirs],
                            projects=[] if isinstance(obj, Project) else [str(p) for p in mine])
        for name, *_ in COUNTED:
            setattr(contents, name, sum(counts[name][p.pk] for p in mine))
        contents.documents = (sum(documents["project"][p.pk] for p in mine)
                              + sum(documents["programme"][g.pk] for g in theirs)
                              + (documents[kind_of(obj)][obj.pk]
                                 if not isinstance(obj, Project) else 0))
        result.append(contents)
    return result


def _counts(project_ids: Iterable[int]) -> dict[str, Counter[int]]:
    ids = list(project_ids)
    counts: dict[str, Counter[int]] = {}
    for name, app, model, path in COUNTED:
        rows = (apps.get_model(app, model).objects.filter(**{f"{path}__in": ids}).order_by()
                .values_list(path).annotate(n=Count("pk"))) if ids else []
        counts[name] = Counter(dict(rows))
    return counts


def _documents(projects: list[Project], programme_ids: set[int],
               portfolio_ids: set[int]) -> dict[str, Counter[int]]:
    """The number of documents of each library (by the level that holds it, then its id)."""
    found: dict[str, Counter[int]] = {"project": Counter(), "programme": Counter(),
                                      "portfolio": Counter()}
    rows: Any = apps.get_model("documents", "Document").objects.filter(
        Q(project_id__in=[p.pk for p in projects]) | Q(programme_id__in=programme_ids)
        | Q(portfolio_id__in=portfolio_ids)).order_by().values_list(
        "project_id", "programme_id", "portfolio_id").annotate(n=Count("pk"))
    for project, programme, portfolio, n in rows:
        if project:
            found["project"][project] += n
        elif programme:
            found["programme"][programme] += n
        elif portfolio:
            found["portfolio"][portfolio] += n
    return found
