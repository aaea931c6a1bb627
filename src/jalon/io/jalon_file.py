"""The Jalon project file, in JSON or YAML (see ``docs/file-format.md``).

A small, hand-writable format::

    {"name": "Extension", "start": "2026-01-05",
     "calendar": {"working_weekdays": [0, 1, 2, 3, 4], "public_holidays": "FR"},
     "tasks": [{"id": "A", "name": "Foundations", "duration": 5},
               {"id": "B", "name": "Walls", "optimistic": 8, "most_likely": 10,
                "pessimistic": 15, "predecessors": ["A"]}]}

Durations and lags are in working days. Without ``start`` every time is a number of working days
from 0. YAML is read safely, without aliases (``structured_text``). Errors name the file, the
line where it can be found, the task and the field.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import date, time
from pathlib import Path
from typing import Any

from jalon.engine import WorkCalendar
from jalon.engine import messages as engine_messages
from jalon.engine.model import CONSTRAINT_TYPES, LINK_TYPES
from jalon.engine.montecarlo import DISTRIBUTION_KINDS, DurationDistribution, RiskEvent
from jalon.errors import ValidationFailed
from jalon.i18n import Message
from jalon.io import messages as msg
from jalon.io.document import (
    DEFAULT_WORKING_TIMES,
    PROJECT_STATUSES,
    RESOURCE_KINDS,
    AssignmentDef,
    BaselineValues,
    CalendarDef,
    LinkDef,
    ProjectDocument,
    ResourceDef,
    TaskDef,
    to_plan,
)
from jalon.io.errors import FileFormatError
from jalon.io.structured_text import MAX_DEPTH, TooDeep, load_json, load_yaml

__all__ = ["document_from_data", "document_to_data", "dumps", "read_jalon_file", "write_jalon_file"]

_WEEKDAY_NAMES = {
    name: index
    for index, names in enumerate(
        [("mon", "monday", "lun", "lundi"), ("tue", "tuesday", "mar", "mardi"),
         ("wed", "wednesday", "mer", "mercredi"), ("thu", "thursday", "jeu", "jeudi"),
         ("fri", "friday", "ven", "vendredi"), ("sat", "saturday", "sam", "samedi"),
         ("sun", "sunday", "dim", "dimanche")]
    )
    for name in names
}
_TASK_KEYS = {
    "id", "name", "duration", "optimistic", "most_likely", "pessimistic", "predecessors",
    "constraint", "deadline", "percent_complete", "actual_start", "actual_finish", "parent",
    "milestone", "wbs", "calendar", "priority", "notes", "manual", "start", "finish",
    "distribution", "fixed_cost", "actual_cost",
}
_DISTRIBUTION_KEYS = {"type", "low", "mode", "high", "lambda", "mean", "std", "value", "min",
                      "max"}
# The names @RISK and most risk tools give the bounds, read as Jalon's own.
_DISTRIBUTION_ALIASES = {"min": "low", "max": "high"}
_RISK_KEYS = {"id", "name", "probability", "tasks", "delay", "delay_percent", "cost"}


def read_jalon_file(path: str | Path) -> ProjectDocument:
    """Read a Jalon project file (``.json``, ``.yaml`` or ``.yml``) into a document.

    The document is checked against the engine's rules too (estimates in order, known
    predecessors, no loop in the outline...), so that a file that reads also schedules.

    Raises
    ------
    FileFormatError
        Naming the file, the line (when it can be found), the task and the field.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileFormatError(msg.NO_SUCH_FILE(), path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FileFormatError(msg.CANNOT_READ(reason=str(exc)), path=path) from None
    is_yaml = path.suffix.lower() in (".yaml", ".yml")
    data = _parse_yaml(text, path) if is_yaml else _parse_json(text, path)
    return document_from_data(data, path=path, text=text)


def _parse_json(text: str, path: Path) -> Any:
    try:
        return load_json(text)
    except json.JSONDecodeError as exc:
        raise FileFormatError(msg.INVALID_JSON(reason=exc.msg, column=exc.colno), path=path,
                              line=exc.lineno) from None
    except TooDeep:
        raise FileFormatError(msg.TOO_DEEP(depth=MAX_DEPTH), path=path) from None


def _parse_yaml(text: str, path: Path) -> Any:
    import yaml

    try:
        return load_yaml(text)
    except TooDeep as exc:
        raise FileFormatError(msg.TOO_DEEP(depth=MAX_DEPTH), path=path, line=exc.line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise FileFormatError(msg.INVALID_YAML(reason=str(problem)), path=path,
                              line=mark.line + 1 if mark else None) from None


class _Reader:
    """Turns parsed data into a document, naming the place of every problem."""

    def __init__(self, path: Path | None, text: str | None) -> None:
        self.path = path
        self.text = text or ""

    def fail(self, message: Message, *, element: Message | None = None,
             field: str | None = None, key: str | None = None) -> FileFormatError:
        return FileFormatError(message, path=self.path, line=self.line_of(key),
                               element=element, field=field)

    def line_of(self, task_id: str | None) -> int | None:
        """Line where the task with this id is written (the first ``id: X``), if found."""
        if not task_id or not self.text:
            return None
        quoted = re.escape(task_id)
        pattern = re.compile(
            rf"""(?m)["']?id["']?\s*:\s*(?:"{quoted}"|'{quoted}'|{quoted}(?=\s*[,}}\n]|$))"""
        )
        found = pattern.search(self.text)
        return self.text.count("\n", 0, found.start()) + 1 if found else None

    # -- values ------------------------------------------------------------------------------
    def number(self, value: Any, element: Message, name: str, key: str | None = None, *,
               minimum: float | None = 0.0) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise self.fail(msg.NOT_NUMBER(value=repr(value)), element=element, field=name, key=key)
        if minimum is not None and value < minimum:
            raise self.fail(msg.AT_LEAST(minimum=minimum, value=repr(value)), element=element,
                            field=name, key=key)
        return float(value)

    def day(self, value: Any, element: Message, name: str, key: str | None = None) -> date:
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip()[:10])
            except ValueError:
                pass
        raise self.fail(msg.NOT_DATE(value=repr(value)), element=element, field=name, key=key)

    def when(self, value: Any, element: Message, name: str, key: str | None = None
             ) -> date | float | None:
        """A point in time: a date, or a number of working days (abstract time)."""
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self.number(value, element, name, key, minimum=None)
        return self.day(value, element, name, key)

    def text_of(self, value: Any, element: Message, name: str, key: str | None = None) -> str:
        if isinstance(value, str):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        raise self.fail(msg.NOT_TEXT(value=repr(value)), element=element, field=name, key=key)

    def mapping(self, value: Any, element: Message, key: str | None = None) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(msg.NOT_OBJECT(type=type(value).__name__), element=element, key=key)
        return value

    def listing(self, value: Any, element: Message, name: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(msg.NOT_LIST(type=type(value).__name__), element=element, field=name)
        return value

    # -- parts -------------------------------------------------------------------------------
    def calendar(self, data: Any, calendar_id: str, element: Message) -> CalendarDef:
        data = self.mapping(data, element)
        unknown = set(data) - {"id", "name", "working_weekdays", "hours_per_day",
                               "public_holidays", "holidays", "working_days", "working_times",
                               "base"}
        if unknown:
            raise self.fail(msg.UNKNOWN_KEYS(keys=sorted(unknown)), element=element)
        weekdays = []
        for value in self.listing(data.get("working_weekdays", [0, 1, 2, 3, 4]), element,
                                  "working_weekdays"):
            if isinstance(value, str) and value.strip().lower() in _WEEKDAY_NAMES:
                weekdays.append(_WEEKDAY_NAMES[value.strip().lower()])
            elif isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
                weekdays.append(value)
            else:
                raise self.fail(msg.WEEKDAY(value=repr(value)), element=element,
                                field="working_weekdays")
        holidays = [self.day(v, element, "holidays")
                    for v in self.listing(data.get("holidays"), element, "holidays")]
        working = [self.day(v, element, "working_days")
                   for v in self.listing(data.get("working_days"), element, "working_days")]
        public = data.get("public_holidays") or ""
        if not isinstance(public, str):
            raise self.fail(msg.COUNTRY(value=repr(public)), element=element,
                            field="public_holidays")
        times = DEFAULT_WORKING_TIMES
        if "working_times" in data:
            times = tuple(self.period(v, element) for v in
                          self.listing(data["working_times"], element, "working_times"))
        hours = data.get("hours_per_day")
        if hours is None:
            hours = _hours_of(times) if "working_times" in data else 8.0
        hours = self.number(hours, element, "hours_per_day")
        try:
            calendar = WorkCalendar(tuple(weekdays), hours, frozenset(holidays),
                                    frozenset(working), public.upper())
        except ValidationFailed as exc:
            raise self.fail(exc.sentence, element=element, field=exc.field) from None
        name = data.get("name", calendar_id)
        return CalendarDef(calendar_id, self.text_of(name, element, "name"), calendar, times,
                           data.get("base"))

    def period(self, value: Any, element: Message) -> tuple[time, time]:
        if isinstance(value, str) and "-" in value:
            first, _, last = value.partition("-")
            try:
                return time.fromisoformat(first.strip()), time.fromisoformat(last.strip())
            except ValueError:
                pass
        raise self.fail(msg.WORKING_TIMES(value=repr(value)), element=element,
                        field="working_times")

    def task(self, data: Any, index: int) -> tuple[TaskDef, list[LinkDef]]:
        number = msg.TASK_NUMBER(number=index + 1)
        data = self.mapping(data, number)
        if "id" not in data:
            raise self.fail(msg.NEEDS_ID(), element=number, field="id")
        ident = self.text_of(data["id"], number, "id")
        who = msg.TASK(task=repr(ident))
        unknown = set(data) - _TASK_KEYS
        if unknown:
            raise self.fail(msg.UNKNOWN_KEYS(keys=sorted(unknown)), element=who, key=ident)

        def num(name: str) -> float | None:
            return None if data.get(name) is None else self.number(data[name], who, name, ident)

        task = TaskDef(ident, self.text_of(data.get("name", ""), who, "name", ident))
        estimates = [num("optimistic"), num("most_likely"), num("pessimistic")]
        if any(v is not None for v in estimates):
            if not all(v is not None for v in estimates):
                raise self.fail(engine_messages.ESTIMATE_INCOMPLETE(), element=who,
                                field="optimistic", key=ident)
            task.optimistic, task.most_likely, task.pessimistic = estimates
        duration = num("duration")
        if duration is None and task.has_estimate:
            a, m, b = estimates
            duration = (a + 4 * m + b) / 6  # type: ignore[operator]
        task.duration = duration or 0.0
        task.milestone = self.flag(data.get("milestone", False), who, "milestone", ident)
        task.manual = self.flag(data.get("manual", False), who, "manual", ident)
        if data.get("parent") is not None:
            task.parent = self.text_of(data["parent"], who, "parent", ident)
        task.wbs = self.text_of(data.get("wbs", ""), who, "wbs", ident)
        task.notes = self.text_of(data.get("notes", ""), who, "notes", ident)
        if data.get("calendar") is not None:
            task.calendar = self.text_of(data["calendar"], who, "calendar", ident)
        priority = data.get("priority", 500)
        if isinstance(priority, bool) or not isinstance(priority, int):
            raise self.fail(msg.PRIORITY(value=repr(priority)), element=who, field="priority",
                            key=ident)
        task.priority = priority
        task.percent_complete = num("percent_complete") or 0.0
        task.fixed_cost = num("fixed_cost") or 0.0
        task.actual_cost = num("actual_cost") or 0.0
        for name in ("deadline", "actual_start", "actual_finish"):
            setattr(task, name, self.when(data.get(name), who, name, ident))
        for name in ("start", "finish"):
            if data.get(name) is not None:
                setattr(task, name, self.day(data[name], who, name, ident))
        constraint = data.get("constraint")
        if constraint is not None:
            constraint = self.mapping(constraint, who, ident)
            kind = constraint.get("type", "ASAP")
            if not isinstance(kind, str) or kind.upper() not in CONSTRAINT_TYPES:
                raise self.fail(msg.CONSTRAINT_TYPE(choices=list(CONSTRAINT_TYPES), value=repr(kind)),
                                element=who, field="constraint.type", key=ident)
            task.constraint_type = kind.upper()
            task.constraint_date = self.when(constraint.get("date"), who, "constraint.date", ident)
        links = [self.predecessor(value, ident) for value in
                 self.listing(data.get("predecessors"), who, "predecessors")]
        if data.get("distribution") is not None:
            task.distribution = self.distribution(data["distribution"], task, who)
        return task, links

    def distribution(self, value: Any, task: TaskDef, who: Message) -> DurationDistribution:
        """A task's duration distribution; missing parameters come from its estimate."""
        ident = task.id
        if isinstance(value, str):
            value = {"type": value}
        value = self.mapping(value, who, ident)
        unknown = set(value) - _DISTRIBUTION_KEYS
        if unknown:
            raise self.fail(msg.UNKNOWN_KEYS(keys=sorted(unknown)), element=who,
                            field="distribution", key=ident)
        value = self.unaliased(value, who, ident)
        kind = value.get("type")
        kinds = list(DISTRIBUTION_KINDS)
        if kind not in kinds:
            raise self.fail(msg.DISTRIBUTION_TYPE(choices=kinds, value=repr(kind)), element=who,
                            field="distribution.type", key=ident)
        defaults = {"low": task.optimistic, "mode": task.most_likely, "high": task.pessimistic,
                    "mean": task.duration, "value": task.duration, "lambda": 4.0}
        if kind == "fixed":
            names = ["value"]
        elif kind == "uniform":
            names = ["low", "high"]
        elif kind in ("normal", "lognormal"):
            names = ["mean", "std"]
        else:
            names = ["low", "mode", "high"] + (["lambda"] if kind == "pert" else [])
        params = []
        for name in names:
            raw = value.get(name, defaults.get(name))
            if raw is None:
                needs = msg.DISTRIBUTION_NEEDS_ESTIMATE if name in ("low", "mode", "high") \
                    else msg.DISTRIBUTION_NEEDS
                raise self.fail(needs(kind=kind, name=name), element=who,
                                field=f"distribution.{name}", key=ident)
            params.append(self.number(raw, who, f"distribution.{name}", ident, minimum=None))
        try:
            return DurationDistribution(kind, tuple(params))
        except ValidationFailed as exc:
            raise self.fail(exc.sentence, element=who, field=exc.field, key=ident) from None

    def unaliased(self, value: dict[str, Any], who: Message, ident: str) -> dict[str, Any]:
        """A distribution's parameters under Jalon's names (``min``/``max`` read as
        ``low``/``high``); refused when both spellings of one parameter are given."""
        named = dict(value)
        for alias, name in _DISTRIBUTION_ALIASES.items():
            if alias not in named:
                continue
            if name in named:
                raise self.fail(msg.DISTRIBUTION_ALIAS_TWICE(name=name, alias=alias),
                                element=who, field=f"distribution.{name}", key=ident)
            named[name] = named.pop(alias)
        return named

    def risk(self, data: Any, index: int, tasks: dict[str, TaskDef]) -> RiskEvent:
        numbered = msg.RISK_NUMBER(number=index + 1)
        data = self.mapping(data, numbered)
        if "id" not in data:
            raise self.fail(msg.NEEDS_ID(), element=numbered, field="id")
        ident = self.text_of(data["id"], numbered, "id")
        who = msg.RISK(risk=repr(ident))
        unknown = set(data) - _RISK_KEYS
        if unknown:
            raise self.fail(msg.UNKNOWN_KEYS(keys=sorted(unknown)), element=who, key=ident)
        if "probability" not in data:
            raise self.fail(msg.RISK_PROBABILITY(), element=who, field="probability", key=ident)
        linked = data.get("tasks", [])
        linked = [linked] if isinstance(linked, str) else self.listing(linked, who, "tasks")
        names = [self.text_of(t, who, "tasks", ident) for t in linked]
        for name in names:
            if name not in tasks:
                raise self.fail(msg.UNKNOWN_TASK(task=repr(name)), element=who, field="tasks",
                                key=ident)
            if tasks[name].summary:
                raise self.fail(msg.RISK_ON_SUMMARY(task=repr(name)), element=who, field="tasks",
                                key=ident)

        def number(name: str) -> float:
            return self.number(data.get(name, 0), who, name, ident, minimum=None)

        try:
            return RiskEvent(ident, number("probability"), tuple(names), delay=number("delay"),
                             delay_percent=number("delay_percent"), cost=number("cost"),
                             name=self.text_of(data.get("name", ""), who, "name", ident))
        except ValidationFailed as exc:
            # the engine names the risk too: keep only what is wrong with it
            problem = exc.sentence.params.get("problem") \
                if exc.sentence.code == engine_messages.ABOUT.code else None
            raise self.fail(problem if isinstance(problem, Message) else exc.sentence,
                            element=who, field=exc.field, key=ident) from None

    def flag(self, value: Any, element: Message, name: str, key: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(msg.NOT_FLAG(value=repr(value)), element=element, field=name, key=key)
        return value

    def predecessor(self, value: Any, successor: str) -> LinkDef:
        who = msg.TASK(task=repr(successor))
        if isinstance(value, str | int) and not isinstance(value, bool):
            return LinkDef(str(value), successor)
        value = self.mapping(value, who, successor)
        if "id" not in value:
            raise self.fail(msg.NEEDS_ID(), element=who, field="predecessors", key=successor)
        kind = value.get("type", "FS")
        if not isinstance(kind, str) or kind.upper() not in LINK_TYPES:
            raise self.fail(msg.LINK_TYPE(choices=list(LINK_TYPES), value=repr(kind)), element=who,
                            field="predecessors.type", key=successor)
        unit = value.get("lag_unit", "days")
        if unit not in ("days", "edays"):
            raise self.fail(msg.LAG_UNIT(value=repr(unit)), element=who,
                            field="predecessors.lag_unit", key=successor)
        lag = self.number(value.get("lag", 0), who, "predecessors.lag", successor, minimum=None)
        return LinkDef(self.text_of(value["id"], who, "predecessors.id", successor), successor,
                       kind.upper(), lag, unit)

    def resource(self, data: Any, index: int) -> ResourceDef:
        numbered = msg.RESOURCE_NUMBER(number=index + 1)
        data = self.mapping(data, numbered)
        if "id" not in data:
            raise self.fail(msg.NEEDS_ID(), element=numbered, field="id")
        ident = self.text_of(data["id"], numbered, "id")
        who = msg.RESOURCE(resource=repr(ident))
        kind = data.get("kind", "person")
        if kind not in RESOURCE_KINDS:
            raise self.fail(msg.RESOURCE_KIND(choices=list(RESOURCE_KINDS), value=repr(kind)),
                            element=who, field="kind", key=ident)
        return ResourceDef(
            ident,
            self.text_of(data.get("name", ""), who, "name", ident),
            kind,
            self.number(data.get("standard_rate", 0), who, "standard_rate", ident),
            self.number(data.get("cost_per_use", 0), who, "cost_per_use", ident),
            self.number(data.get("max_units", 1), who, "max_units", ident),
            None if data.get("calendar") is None
            else self.text_of(data["calendar"], who, "calendar", ident),
        )

    def assignment(self, data: Any, index: int) -> AssignmentDef:
        who = msg.ASSIGNMENT_NUMBER(number=index + 1)
        data = self.mapping(data, who)
        for name in ("task", "resource"):
            if name not in data:
                raise self.fail(msg.ASSIGNMENT_NEEDS(key=name), element=who, field=name)
        return AssignmentDef(
            self.text_of(data["task"], who, "task"),
            self.text_of(data["resource"], who, "resource"),
            self.number(data.get("units", 1), who, "units"),
            None if data.get("work") is None else self.number(data["work"], who, "work"),
        )

    def baselines(self, data: Any) -> dict[str, dict[str, BaselineValues]]:
        result: dict[str, dict[str, BaselineValues]] = {}
        for name, tasks in self.mapping(data, msg.BASELINES()).items():
            rows: dict[str, BaselineValues] = {}
            for task_id, values in self.mapping(tasks, msg.BASELINE(baseline=repr(name))).items():
                who = msg.BASELINE_TASK(baseline=repr(name), task=repr(task_id))
                values = self.mapping(values, who)

                def get(key: str, values: dict[str, Any] = values, who: Message = who
                        ) -> float | None:
                    return None if values.get(key) is None else self.number(values[key], who, key)

                rows[str(task_id)] = BaselineValues(
                    None if values.get("start") is None else self.day(values["start"], who, "start"),
                    None if values.get("finish") is None else self.day(values["finish"], who, "finish"),
                    get("duration"), get("work"), get("cost"),
                )
            result[str(name)] = rows
        return result


def _hours_of(periods: tuple[tuple[time, time], ...]) -> float:
    total = 0.0
    for first, last in periods:
        end = 24 * 60 if last == time(0) else last.hour * 60 + last.minute
        total += (end - (first.hour * 60 + first.minute)) / 60
    return total or 8.0


def document_from_data(data: Any, *, path: str | Path | None = None, text: str | None = None
                       ) -> ProjectDocument:
    """Build a document from parsed JSON/YAML data (a ``dict``), checking every field.

    ``path`` and ``text`` only serve the error messages (file name, line numbers).
    """
    reader = _Reader(Path(path) if path is not None else None, text)
    project = msg.PROJECT()
    data = reader.mapping(data, project)
    known = {"name", "manager", "status", "start", "status_date", "calendar", "calendars",
             "tasks", "resources", "assignments", "baselines", "links", "risks",
             "actual_cost", "constraints_before_start"}
    unknown = set(data) - known
    if unknown:
        raise reader.fail(msg.UNKNOWN_TOP_KEYS(keys=sorted(unknown)), element=project)
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        raise reader.fail(msg.PROJECT_NAME(), element=project, field="name")
    document = ProjectDocument(data["name"])
    if data.get("manager") is not None:
        document.manager = reader.text_of(data["manager"], project, "manager").strip()
    if data.get("status") is not None:
        if data["status"] not in PROJECT_STATUSES:
            raise reader.fail(msg.PROJECT_STATUS(choices=list(PROJECT_STATUSES),
                                                 value=repr(data["status"])),
                              element=project, field="status")
        document.status = data["status"]
    if data.get("start") is not None:
        document.start = reader.day(data["start"], project, "start")
    document.status_date = reader.when(data.get("status_date"), project, "status_date")
    document.constraints_before_start = reader.flag(
        data.get("constraints_before_start", False), project, "constraints_before_start", "")
    if data.get("actual_cost") is not None:
        document.actual_cost = reader.number(data["actual_cost"], project, "actual_cost")
    for index, value in enumerate(reader.listing(data.get("calendars"), project, "calendars")):
        numbered = msg.CALENDAR_NUMBER(number=index + 1)
        value = reader.mapping(value, numbered)
        calendar_id = reader.text_of(value.get("id", f"calendar-{index + 1}"), numbered, "id")
        document.calendars.append(reader.calendar(value, calendar_id,
                                                  msg.CALENDAR_ID(calendar=repr(calendar_id))))
    calendar = data.get("calendar")
    if isinstance(calendar, str):
        if document.calendar_def(calendar) is None:
            raise reader.fail(msg.UNKNOWN_CALENDAR(calendar=repr(calendar)), element=project,
                              field="calendar")
        document.calendar = calendar
    elif calendar is not None:
        calendar_id = calendar.get("id", "project") if isinstance(calendar, dict) else "project"
        document.calendars.insert(0, reader.calendar(calendar, str(calendar_id), msg.CALENDAR()))
        document.calendar = str(calendar_id)
    seen: set[str] = set()
    for index, value in enumerate(reader.listing(data.get("tasks"), project, "tasks")):
        task, links = reader.task(value, index)
        if task.id in seen:
            raise reader.fail(msg.DUPLICATE_TASK(task=repr(task.id)),
                              element=msg.TASK_NUMBER(number=index + 1), field="id")
        seen.add(task.id)
        document.tasks.append(task)
        document.links.extend(links)
    for index, value in enumerate(reader.listing(data.get("links"), project, "links")):
        who = msg.LINK_NUMBER(number=index + 1)
        value = reader.mapping(value, who)
        if "from" not in value or "to" not in value:
            raise reader.fail(msg.LINK_ENDS(), element=who)
        link = reader.predecessor({**{k: v for k, v in value.items() if k not in ("from", "to")},
                                   "id": value["from"]}, str(value["to"]))
        document.links.append(link)
    _set_outline(document, reader)
    for index, value in enumerate(reader.listing(data.get("resources"), project, "resources")):
        document.resources.append(reader.resource(value, index))
    resource_ids = {r.id for r in document.resources}
    for index, value in enumerate(reader.listing(data.get("assignments"), project, "assignments")):
        assignment = reader.assignment(value, index)
        if assignment.task not in seen:
            raise reader.fail(msg.UNKNOWN_TASK(task=repr(assignment.task)),
                              element=msg.ASSIGNMENT_NUMBER(number=index + 1), field="task")
        if assignment.resource not in resource_ids:
            raise reader.fail(msg.UNKNOWN_RESOURCE(resource=repr(assignment.resource)),
                              element=msg.ASSIGNMENT_NUMBER(number=index + 1), field="resource")
        document.assignments.append(assignment)
    if data.get("baselines") is not None:
        document.baselines = reader.baselines(data["baselines"])
    by_id = {task.id: task for task in document.tasks}
    for index, value in enumerate(reader.listing(data.get("risks"), project, "risks")):
        risk = reader.risk(value, index, by_id)
        if any(r.id == risk.id for r in document.risks):
            raise reader.fail(msg.DUPLICATE_RISK(risk=repr(risk.id)),
                              element=msg.RISK_NUMBER(number=index + 1), field="id")
        document.risks.append(risk)
    calendar_ids = {c.id for c in document.calendars}
    for task in document.tasks:
        if task.calendar is not None and task.calendar not in calendar_ids:
            raise reader.fail(msg.UNKNOWN_CALENDAR(calendar=repr(task.calendar)),
                              element=msg.TASK(task=repr(task.id)), field="calendar", key=task.id)
    check_document(document, reader.fail)
    return document


def _set_outline(document: ProjectDocument, reader: _Reader) -> None:
    parents = {task.id: task.parent for task in document.tasks}
    summaries = {p for p in parents.values() if p}
    for task in document.tasks:
        level, node, hops = 1, task.parent, 0
        while node is not None and hops <= len(parents):
            level, node, hops = level + 1, parents.get(node), hops + 1
        task.outline_level = level
        task.summary = task.id in summaries
    del reader


def check_document(document: ProjectDocument,
                   fail: Callable[..., FileFormatError] | None = None) -> None:
    """Check a document against the engine's rules by building its plan.

    Raises
    ------
    FileFormatError
        Naming the task (and its line through ``fail``) and the field at fault.
    """
    try:
        to_plan(document)
    except ValidationFailed as exc:
        # the first task the engine names is the one whose line the reader looks for
        key = next((ref.id for ref in exc.sentence.references() if ref.kind == "task"), None)
        if fail is None:
            raise FileFormatError(exc.sentence, field=exc.field) from None
        raise fail(exc.sentence, field=exc.field, key=key) from None


# -- writing ---------------------------------------------------------------------------------
def _iso(value: date | float | None) -> str | float | None:
    if value is None or isinstance(value, int | float):
        return value
    return value.isoformat()


def _calendar_data(calendar: CalendarDef, *, with_id: bool) -> dict[str, Any]:
    cal = calendar.calendar
    data: dict[str, Any] = {}
    if with_id:
        data["id"] = calendar.id
    if calendar.name != calendar.id:
        data["name"] = calendar.name
    data["working_weekdays"] = list(cal.working_weekdays)
    data["hours_per_day"] = cal.hours_per_day
    if cal.public_holidays:
        data["public_holidays"] = cal.public_holidays
    if cal.holidays:
        data["holidays"] = sorted(d.isoformat() for d in cal.holidays)
    if cal.working_days:
        data["working_days"] = sorted(d.isoformat() for d in cal.working_days)
    if calendar.working_times != DEFAULT_WORKING_TIMES:
        data["working_times"] = [f"{a:%H:%M}-{b:%H:%M}" for a, b in calendar.working_times]
    return data


def document_to_data(document: ProjectDocument) -> dict[str, Any]:
    """Return the document as plain data (dicts and lists) in the Jalon file format."""
    data: dict[str, Any] = {"name": document.name}
    if document.manager:
        data["manager"] = document.manager
    if document.status:
        data["status"] = document.status
    if document.start is not None:
        data["start"] = document.start.isoformat()
    if document.status_date is not None:
        data["status_date"] = _iso(document.status_date)
    if document.actual_cost:
        data["actual_cost"] = document.actual_cost
    if document.constraints_before_start:
        data["constraints_before_start"] = True
    project_calendar = document.calendar_def()
    if project_calendar is not None:
        data["calendar"] = _calendar_data(project_calendar, with_id=False)
        if project_calendar.id != "project":
            data["calendar"]["id"] = project_calendar.id
    others = [c for c in document.calendars if c is not project_calendar]
    if others:
        data["calendars"] = [_calendar_data(c, with_id=True) for c in others]
    incoming: dict[str, list[Any]] = {}
    for link in document.links:
        if link.type == "FS" and link.lag == 0 and link.lag_unit == "days":
            entry: Any = link.predecessor
        else:
            entry = {"id": link.predecessor, "type": link.type, "lag": link.lag}
            if link.lag_unit != "days":
                entry["lag_unit"] = link.lag_unit
        incoming.setdefault(link.successor, []).append(entry)
    tasks = []
    for task in document.tasks:
        row: dict[str, Any] = {"id": task.id, "name": task.name}
        if task.parent is not None:
            row["parent"] = task.parent
        if task.wbs:
            row["wbs"] = task.wbs
        expected = None
        if task.has_estimate:
            row.update(optimistic=task.optimistic, most_likely=task.most_likely,
                       pessimistic=task.pessimistic)
            expected = (task.optimistic + 4 * task.most_likely + task.pessimistic) / 6  # type: ignore[operator]
        if not task.summary and not (expected is not None and task.duration == expected):
            row["duration"] = task.duration
        if task.milestone:
            row["milestone"] = True
        if task.manual:
            row["manual"] = True
        if task.id in incoming:
            row["predecessors"] = incoming[task.id]
        if task.constraint_type != "ASAP":
            row["constraint"] = {"type": task.constraint_type}
            if task.constraint_date is not None:
                row["constraint"]["date"] = _iso(task.constraint_date)
        for name in ("deadline", "actual_start", "actual_finish"):
            if getattr(task, name) is not None:
                row[name] = _iso(getattr(task, name))
        if task.percent_complete:
            row["percent_complete"] = task.percent_complete
        if task.calendar is not None:
            row["calendar"] = task.calendar
        if task.priority != 500:
            row["priority"] = task.priority
        if task.notes:
            row["notes"] = task.notes
        for name in ("start", "finish"):
            if getattr(task, name) is not None:
                row[name] = _iso(getattr(task, name))
        if task.distribution is not None:
            row["distribution"] = _distribution_data(task.distribution)
        for name in ("fixed_cost", "actual_cost"):
            if getattr(task, name):
                row[name] = getattr(task, name)
        tasks.append(row)
    data["tasks"] = tasks
    if document.resources:
        data["resources"] = [
            {"id": r.id, "name": r.name, "kind": r.kind, "standard_rate": r.standard_rate,
             "cost_per_use": r.cost_per_use, "max_units": r.max_units,
             **({"calendar": r.calendar} if r.calendar else {})}
            for r in document.resources
        ]
    if document.assignments:
        data["assignments"] = [
            {"task": a.task, "resource": a.resource, "units": a.units,
             **({"work": a.work} if a.work is not None else {})}
            for a in document.assignments
        ]
    if document.baselines:
        data["baselines"] = {
            name: {
                task_id: {key: _iso(value) for key, value in vars(values).items()
                          if value is not None}
                for task_id, values in rows.items()
            }
            for name, rows in document.baselines.items()
        }
    if document.risks:
        data["risks"] = [
            {"id": r.id, **({"name": r.name} if r.name else {}), "probability": r.probability,
             "tasks": list(r.tasks),
             **{k: getattr(r, k) for k in ("delay", "delay_percent", "cost") if getattr(r, k)}}
            for r in document.risks
        ]
    return data


_PARAM_NAMES = {"triangular": ("low", "mode", "high"), "pert": ("low", "mode", "high", "lambda"),
                "uniform": ("low", "high"), "normal": ("mean", "std"),
                "lognormal": ("mean", "std"), "fixed": ("value",)}


def _distribution_data(distribution: DurationDistribution) -> dict[str, Any]:
    names = _PARAM_NAMES[distribution.kind]
    return {"type": distribution.kind, **dict(zip(names, distribution.params, strict=True))}


def dumps(document: ProjectDocument, *, format: str = "json") -> str:  # noqa: A002
    """Return the document as Jalon JSON (``format="json"``) or YAML (``"yaml"``) text."""
    data = document_to_data(document)
    if format == "yaml":
        import yaml

        return str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_jalon_file(document: ProjectDocument, path: str | Path) -> None:
    """Write the document to ``path`` as JSON, or YAML when it ends in ``.yaml``/``.yml``.

    The text is built completely before the file is opened, so a failure leaves no half file.
    """
    path = Path(path)
    text = dumps(document, format="yaml" if path.suffix.lower() in (".yaml", ".yml") else "json")
    path.write_text(text, encoding="utf-8")
