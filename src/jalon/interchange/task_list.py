"""Reading a plan from a task list in a CSV or XLSX file, as many PMOs keep them in Excel, with a
report that names the row and the column of every problem (see docs/exports.md, *Importing a
task list*).

The first row names the columns, in English or French, in any order, case and accents ignored
(:data:`COLUMNS`). Only *name* and *duration* are required:

- the tree comes from *WBS* (``1``, ``1.2``: the parent must be above) or else from *outline
  level* (``1`` at the top, at most one deeper than the row above); with neither, every task is
  at the top level;
- *duration* in working days (``5``, ``2.5``, ``2,5``, ``5d``, ``5 j``, ``5 days``) or weeks of
  five working days (``2w``, ``2 sem``); MS Project's mark of an estimate (``5 days?``) is
  ignored. A summary's duration is computed from its subtasks, whatever the file says;
- *predecessors* in MS Project's notation (``3FS+2, 5SS, 4, 7FF-1d, 2SF``), whose numbers refer
  to the *ID* column when there is one, else to the *WBS* column (as Jalon's export writes
  them), else to the file's row numbers (the header is row 1);
- *resources* by their name (or code) in the pool, with optional units as MS Project writes
  them: ``Alice[50%], Bob``;
- *start* (a date): the task's "start no earlier than" constraint when it has no predecessor
  (nor has any of its summaries) and starts after the project's start, as MS Project does when a
  start is typed; *finish* is checked as a date and otherwise left to the schedule; a number in
  either (working days, as a project without a start date exports them) is left to it too;
- *% complete* (0-100), *actual start*, *actual finish*, *milestone* (yes/no; left empty, a task
  of no duration is one).

Nothing here touches the database: :func:`parse_task_list` is given the resource pool.
"""

from __future__ import annotations

import graphlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from jalon.engine.limits import MAX_DURATION, MAX_LAG
from jalon.planning.predecessors import PredecessorSyntaxError, parse_predecessors
from jalon.tabular import RowProblem, column_key, read_date, read_rows

__all__ = ["COLUMNS", "ListedTask", "Link", "TaskList", "parse_task_list"]

COLUMNS = {
    "id": "id", "n°": "id", "no": "id", "numero": "id",
    "wbs": "wbs", "wbs code": "wbs", "code wbs": "wbs", "edt": "wbs", "code edt": "wbs",
    "outline level": "level", "niveau": "level", "niveau hierarchique": "level",
    "name": "name", "task name": "name", "nom": "name", "nom de la tache": "name",
    "tache": "name", "task": "name",
    "duration": "duration", "duree": "duration",
    "predecessors": "predecessors", "predecesseurs": "predecessors",
    "resources": "resources", "resource names": "resources", "ressources": "resources",
    "noms ressources": "resources",
    "start": "start", "debut": "start",
    "finish": "finish", "fin": "finish",
    "% complete": "percent", "percent complete": "percent", "% acheve": "percent",
    "actual start": "actual_start", "debut reel": "actual_start",
    "actual finish": "actual_finish", "fin reelle": "actual_finish",
    "milestone": "milestone", "jalon": "milestone",
}
REQUIRED = ("name", "duration")
WEEK = 5
"""Working days in a week, MS Project's default (Options > Schedule > days per week)."""

_DURATION = re.compile(
    r"^(?P<number>\d+(?:[.,]\d+)?|[.,]\d+)\s*"
    r"(?P<unit>d|j|jr|jrs|days?|jours?|w|wk|wks|weeks?|sem|semaines?)?\s*\??$")
_WEEK_UNITS = ("w", "wk", "wks", "week", "weeks", "sem", "semaine", "semaines")
_RESOURCE = re.compile(r"^(?P<name>[^\[\]]+?)\s*(?:\[\s*(?P<units>\d+(?:[.,]\d+)?)\s*(?P<pct>%)?\s*\])?$")
_YES = {"yes", "y", "oui", "o", "true", "vrai", "1", "x"}
_NO = {"no", "n", "non", "false", "faux", "0"}


@dataclass(frozen=True)
class Link:
    """A link into a task: its predecessor (an index in :attr:`TaskList.tasks`), type, lag in
    working days (negative for a lead)."""

    predecessor: int
    type: str
    lag: Decimal


@dataclass
class ListedTask:
    """One row of the file, read. ``wbs`` is the code the task will have (its place in the
    tree); ``parent`` an index in :attr:`TaskList.tasks`."""

    row: int
    name: str
    wbs: str = ""
    parent: int | None = None
    duration: Decimal | None = None
    """Working days; None until known (a summary's is its subtasks')."""
    milestone: bool = False
    start: date | None = None
    percent_complete: int = 0
    actual_start: date | None = None
    actual_finish: date | None = None
    links: list[Link] = field(default_factory=list)
    resources: list[tuple[Any, Decimal]] = field(default_factory=list)
    summary: bool = False

    def label(self) -> str:
        """The task as users know it: its WBS code and name."""
        return f"{self.wbs} {self.name}"


@dataclass
class TaskList:
    """The tasks of the file in its order, and every problem found (nothing is kept when any)."""

    tasks: list[ListedTask] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


# --- cells -------------------------------------------------------------------------------------

def _text(value: Any) -> str:
    """A cell as text; a whole number that a spreadsheet stored as 3.0 is written ``3``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value if value is not None else "").strip()


def read_duration(value: Any) -> Decimal:
    """Working days from a duration cell (see the module's docstring); ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a duration.") % {"value": value})
    if isinstance(value, int | float | Decimal):
        days = Decimal(str(value))
    else:
        text = _text(value).lower().replace("\u00a0", " ").replace("\u202f", " ")
        if not text:
            raise ValueError(_("the duration is missing."))
        negative = text.startswith("-")
        match = _DURATION.match(text.lstrip("-").strip())
        if match is None:
            raise ValueError(_("“%(value)s” is not a duration: write working days (5, 5d, 5 j) "
                               "or weeks of five working days (2w).") % {"value": value})
        days = Decimal(match["number"].replace(",", "."))
        if match["unit"] in _WEEK_UNITS:
            days *= WEEK
        if negative:
            days = -days
    if not days.is_finite() or days < 0:
        raise ValueError(_("the duration cannot be negative."))
    if days > MAX_DURATION:
        raise ValueError(_("at most %(limit)s working days.") % {"limit": MAX_DURATION})
    return days.quantize(Decimal("0.01"))


def read_percent(value: Any) -> int:
    """Percentage points 0-100 (``45``, ``45 %``), rounded to a whole point."""
    text = _text(value).replace("%", "").replace(",", ".").strip()
    if not text:
        return 0
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not a percentage (0 to 100).") % {"value": value}) from None
    if not number.is_finite() or not 0 <= number <= 100:
        raise ValueError(_("“%(value)s” is not a percentage (0 to 100).") % {"value": value})
    return int(number.quantize(Decimal("1")))


def read_flag(value: Any) -> bool | None:
    """yes/no (oui/non, true/false, 1/0, x); None for an empty cell."""
    key = column_key(_text(value))
    if not key:
        return None
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueError(_("“%(value)s” is neither yes nor no.") % {"value": value})


def _optional_date(value: Any) -> date | None:
    return read_date(value) if _text(value) else None


def _scheduled_date(value: Any) -> date | None:
    """A start or finish: a date, or a number of working days from day 0 (the export of a
    project without a start date writes them so), which is the schedule's to compute."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return None
    if re.fullmatch(r"-?\d+(?:[.,]\d+)?", _text(value)):
        return None
    return _optional_date(value)


def read_resources(value: Any, pool: Mapping[str, Any]) -> list[tuple[Any, Decimal]]:
    """``Alice[50%], Bob`` as (resource, units) pairs; ``pool`` maps each resource's name and
    code, case-folded, to it. Units are 1 (full time) when not given; ``[50%]`` is 0.5 and a
    number without ``%`` is a quantity (a material's)."""
    found: list[tuple[Any, Decimal]] = []
    for item in re.split(r"[,;](?![^\[]*\])", _text(value)):
        item = item.strip()
        if not item:
            continue
        match = _RESOURCE.match(item)
        if match is None:
            raise ValueError(_("“%(item)s” is not a resource: write its name, then optionally "
                               "its units such as [50%%].") % {"item": item})
        resource = pool.get(match["name"].strip().casefold())
        if resource is None:
            raise ValueError(_("“%(name)s” is not in the resource pool.")
                             % {"name": match["name"].strip()})
        if not resource.is_active:
            raise ValueError(_("%(name)s is not active.") % {"name": resource.name})
        units = Decimal("1")
        if match["units"] is not None:
            units = Decimal(match["units"].replace(",", "."))
            if match["pct"]:
                units /= 100
        if not Decimal("0.01") <= units <= Decimal("9999.99"):
            raise ValueError(_("%(name)s: the units must be between 1%% and 999999%%.")
                             % {"name": resource.name})
        if any(r is resource for r, _units in found):
            raise ValueError(_("%(name)s is given twice.") % {"name": resource.name})
        found.append((resource, units.quantize(Decimal("0.01"))))
    return found


# --- the file ----------------------------------------------------------------------------------

def parse_task_list(*, name: str, content: bytes, pool: Mapping[str, Any]) -> TaskList:
    """Read the task list in file ``name`` (CSV or XLSX); collect a problem for every bad cell.

    ``pool`` maps each resource's name and code, case-folded, to the resource.
    """
    parsed = TaskList()
    header, rows = read_rows(
        name=name, content=content, columns=COLUMNS, required=REQUIRED,
        missing_message=_("missing column; the first row must name the columns (name, duration, "
                          "and optionally ID, WBS or outline level, predecessors, resources, "
                          "start, finish, % complete, actual start, actual finish, milestone)."),
        problems=parsed.problems)
    if parsed.problems:
        return parsed
    cells_of: list[dict[str, Any]] = []
    for number, cells in rows:
        values = {col: cells[i] if i < len(cells) else None
                  for i, col in enumerate(header) if col}
        cells_of.append(values)
        parsed.tasks.append(_task(number, values, pool, parsed.problems))
    _tree(parsed, cells_of, header)
    _links(parsed, cells_of, header)
    _check_network(parsed)
    return parsed


def column_label(column: str) -> str:
    """A column as the reader's language names it (the headers of the tasks export)."""
    labels = {"id": _("ID"), "wbs": _("WBS"), "level": _("Outline level"), "name": _("Name"),
              "duration": _("Duration"), "predecessors": _("Predecessors"),
              "resources": _("Resources"), "start": _("Start"), "finish": _("Finish"),
              "percent": _("% complete"), "actual_start": _("Actual start"),
              "actual_finish": _("Actual finish"), "milestone": _("Milestone")}
    return labels[column]


def _problem(problems: list[RowProblem], row: int, column: str, message: str) -> None:
    problems.append(RowProblem(row, column_label(column), message))


def _task(number: int, values: dict[str, Any], pool: Mapping[str, Any],
          problems: list[RowProblem]) -> ListedTask:
    """The row's own cells read; its place in the tree and its links come later."""
    task = ListedTask(row=number, name=_text(values.get("name")))
    if not task.name:
        _problem(problems, number, "name", _("the name is missing."))
    elif len(task.name) > 250:
        _problem(problems, number, "name", _("at most 250 characters."))
    readers: dict[str, Any] = {
        "duration": read_duration, "percent": read_percent, "milestone": read_flag,
        "start": _scheduled_date, "finish": _scheduled_date, "actual_start": _optional_date,
        "actual_finish": _optional_date,
        "resources": lambda value: read_resources(value, pool)}
    good: dict[str, Any] = {}
    for column, read in readers.items():
        if _text(values.get(column)) or column == "milestone":
            try:
                good[column] = read(values.get(column))
            except ValueError as exc:
                _problem(problems, number, column, str(exc))
                if column == "duration":  # told once: not "missing" as well
                    good[column] = Decimal("0")
    # A missing duration is a problem only for a task that turns out to have no subtask.
    task.duration = good.get("duration")
    task.percent_complete = good.get("percent", 0)
    task.start = good.get("start")
    task.actual_start = good.get("actual_start")
    task.actual_finish = good.get("actual_finish")
    task.resources = good.get("resources", [])
    flag = good.get("milestone")
    if flag and task.duration is None:
        task.duration = Decimal("0")
    task.milestone = task.duration == 0 if flag is None else flag
    if flag and task.duration:
        _problem(problems, number, "duration", _("a milestone lasts no time: its duration must be 0."))
    return task


def _tree(parsed: TaskList, cells_of: list[dict[str, Any]], header: list[str | None]) -> None:
    """Each task's parent, from the WBS column, else the outline level; then its WBS code as
    the project will number it (1, 1.1, 1.2, 2...)."""
    tasks = parsed.tasks
    if "wbs" in header:
        by_code: dict[str, int] = {}
        for index, (task, values) in enumerate(zip(tasks, cells_of, strict=True)):
            code = _text(values.get("wbs"))
            if not re.fullmatch(r"\d+(?:\.\d+)*", code):
                _problem(parsed.problems, task.row, "wbs",
                         _("“%(value)s” is not a WBS code (1, 1.2, 1.2.3).") % {"value": code}
                         if code else _("the WBS code is missing."))
                continue
            if code in by_code:
                _problem(parsed.problems, task.row, "wbs", _(
                    "the WBS code %(code)s is already on row %(row)s.")
                    % {"code": code, "row": tasks[by_code[code]].row})
                continue
            by_code[code] = index
            if "." in code:
                parent = by_code.get(code.rsplit(".", 1)[0])
                if parent is None:
                    _problem(parsed.problems, task.row, "wbs", _(
                        "its summary task %(code)s is not above it in the file.")
                        % {"code": code.rsplit(".", 1)[0]})
                task.parent = parent
    elif "level" in header:
        stack: list[int] = []  # the last task seen at each level, from the top
        for index, (task, values) in enumerate(zip(tasks, cells_of, strict=True)):
            text = _text(values.get("level"))
            if not text.isdigit() or not 1 <= int(text) <= len(stack) + 1:
                _problem(parsed.problems, task.row, "level", _(
                    "“%(value)s” is not an outline level: 1 at the top, at most %(deepest)s "
                    "here (one deeper than the task above).")
                    % {"value": text, "deepest": len(stack) + 1})
                continue
            del stack[int(text) - 1:]
            task.parent = stack[-1] if stack else None
            stack.append(index)
    counts: dict[int | None, int] = {}
    for task in tasks:
        counts[task.parent] = counts.get(task.parent, 0) + 1
        prefix = f"{tasks[task.parent].wbs}." if task.parent is not None else ""
        task.wbs = f"{prefix}{counts[task.parent]}"
        if task.parent is not None:
            tasks[task.parent].summary = True
    for task in tasks:
        if task.summary and task.resources:
            _problem(parsed.problems, task.row, "resources", _(
                "a summary task takes its work from its subtasks: assign the resources to them."))
        if task.duration is None and not task.summary:
            _problem(parsed.problems, task.row, "duration", _("the duration is missing."))
        if task.summary:  # its figures are rolled up from its subtasks
            task.duration, task.milestone, task.percent_complete = Decimal("0"), False, 0
            task.actual_start = task.actual_finish = None


def _links(parsed: TaskList, cells_of: list[dict[str, Any]], header: list[str | None]) -> None:
    """Each task's links, its predecessors found by ID, else WBS code, else row number."""
    if "predecessors" not in header:
        return
    tasks = parsed.tasks
    if "id" in header:
        key, what = "id", _("no task has the ID %(ref)s in the file.")
        index = {_text(values.get("id")): i for i, values in enumerate(cells_of)}
    elif "wbs" in header:
        key, what = "wbs", _("no task has the WBS code %(ref)s in the file.")
        index = {_text(values.get("wbs")): i for i, values in enumerate(cells_of)}
    else:
        key, what = "row", _("no task is on row %(ref)s of the file.")
        index = {str(task.row): i for i, task in enumerate(tasks)}
    index.pop("", None)
    for position, (task, values) in enumerate(zip(tasks, cells_of, strict=True)):
        try:
            refs = parse_predecessors(_text(values.get("predecessors")))
        except PredecessorSyntaxError as exc:
            _problem(parsed.problems, task.row, "predecessors", str(exc))
            continue
        seen: set[int] = set()
        for ref in refs:
            found = index.get(ref.wbs)
            problem = None
            if ref.project_code:
                problem = _("“%(ref)s” is a task of another project: link projects on the tasks "
                            "tab once the plan is imported.") % {"ref": ref.label()}
            elif key != "wbs" and "." in ref.wbs:
                problem = _("“%(ref)s”: refer to a task by its number.") % {"ref": ref.wbs}
            elif found is None:
                problem = what % {"ref": ref.wbs}
            elif found == position:
                problem = _("a task cannot be its own predecessor.")
            elif found in seen:
                problem = _("%(ref)s is given twice.") % {"ref": ref.wbs}
            elif abs(ref.lag) > MAX_LAG:
                problem = _("“%(ref)s”: a lag is at most %(limit)s days either way.") % {
                    "ref": ref.label(), "limit": MAX_LAG}
            if problem is not None:
                _problem(parsed.problems, task.row, "predecessors", problem)
                continue
            assert found is not None
            seen.add(found)
            task.links.append(Link(found, ref.type, ref.lag))


def _ancestors(tasks: list[ListedTask], index: int) -> list[int]:
    found, node = [], tasks[index].parent
    while node is not None:
        found.append(node)
        node = tasks[node].parent
    return found


def _check_network(parsed: TaskList) -> None:
    """Refuse a link between a summary and its own subtask, and a cycle, naming the tasks."""
    tasks = parsed.tasks
    graph: dict[int, set[int]] = {}
    for index, task in enumerate(tasks):
        for link in task.links:
            if link.predecessor in _ancestors(tasks, index) or index in _ancestors(
                    tasks, link.predecessor):
                _problem(parsed.problems, task.row, "predecessors", _(
                    "“%(a)s” and “%(b)s” cannot be linked: one is a summary of the other.")
                    % {"a": tasks[link.predecessor].label(), "b": task.label()})
            graph.setdefault(index, set()).add(link.predecessor)
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as exc:
        # graphlib walks from each task to its successors: the cycle as the work flows, told
        # from its first task in the file.
        cycle: list[int] = exc.args[1][:-1]
        first = cycle.index(min(cycle))
        cycle = cycle[first:] + cycle[:first]
        names = [tasks[i].label() for i in [*cycle, cycle[0]]]
        _problem(parsed.problems, tasks[cycle[0]].row, "predecessors",
                 _("dependency cycle: %(cycle)s.") % {"cycle": " → ".join(names)})
