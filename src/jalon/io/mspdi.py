"""Microsoft Project XML (MSPDI) reading; writing is in :mod:`jalon.io.mspdi_writer`.

What is read (see ``docs/file-format.md`` for the full mapping): the outline (OutlineLevel,
OutlineNumber, WBS), tasks, summaries, milestones, manual tasks, durations (``PT8H0M0S``, with
the project's ``MinutesPerDay``), links (``Type`` 0=FF, 1=FS, 2=SF, 3=SS; ``LinkLag`` in
tenths of minutes; ``LagFormat`` working or elapsed), calendars (weekdays, working times,
exceptions in the old ``WeekDay DayType=0`` form and the Project 2007+ ``Exceptions`` form),
constraints (``ConstraintType`` 0..7), deadlines, progress, resources, assignments, baselines
0..10 and the status date.

The parser refuses any DTD: no entity is ever expanded (no "billion laughs"), no external
entity or network access (no XXE).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from lxml import etree

from jalon.engine import WorkCalendar
from jalon.i18n import Message
from jalon.io import messages as m
from jalon.io.document import (
    DEFAULT_WORKING_TIMES,
    AssignmentDef,
    BaselineValues,
    CalendarDef,
    LinkDef,
    ProjectDocument,
    ResourceDef,
    TaskDef,
)
from jalon.io.errors import FileFormatError

__all__ = [
    "CONSTRAINT_CODES",
    "LINK_CODES",
    "NAMESPACE",
    "parse_duration",
    "read_mspdi",
    "write_mspdi",
]

NAMESPACE = "http://schemas.microsoft.com/project"
LINK_CODES = {0: "FF", 1: "FS", 2: "SF", 3: "SS"}
CONSTRAINT_CODES = {0: "ASAP", 1: "ALAP", 2: "MSO", 3: "MFO", 4: "SNET", 5: "SNLT", 6: "FNET",
                    7: "FNLT"}
FINISH_CONSTRAINTS = frozenset({"MFO", "FNET", "FNLT"})
ELAPSED_LAG_FORMATS = frozenset({4, 6, 8, 10, 12, 20, 36, 38, 40, 42, 44, 52})
PERCENT_LAG_FORMATS = frozenset({19, 20, 51, 52})
JALON_ID_ALIAS = "Jalon id"
TASK_TEXT1 = "188743731"
RESOURCE_TEXT1 = "205520904"

_DURATION = re.compile(
    r"^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)


def parse_duration(text: str) -> float:
    """Hours in an XML duration such as ``PT8H0M0S`` (days ``D`` count 24 hours).

    Raises
    ------
    ValueError
        When the text is not an ISO 8601 duration.
    """
    found = _DURATION.match(text.strip())
    if not found or text.strip() in ("P", "PT"):
        raise ValueError(text)
    sign, years, months, days, hours, minutes, seconds = found.groups()
    if years or months:
        raise ValueError(text)
    total = (float(days or 0) * 24 + float(hours or 0) + float(minutes or 0) / 60
             + float(seconds or 0) / 3600)
    return -total if sign else total


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           load_dtd=False, dtd_validation=False, remove_comments=True,
                           remove_pis=True)


def parse_xml(path: Path) -> etree._ElementTree:
    """Parse an XML file safely: any DTD (hence any entity) is refused before parsing."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileFormatError(m.CANNOT_READ(reason=str(exc.strerror or exc)), path=path) from None
    head = data[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data.upper():
        raise FileFormatError(m.ENTITIES(), path=path, element="<!DOCTYPE>")
    try:
        tree = etree.fromstring(data, _safe_parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) else None
        raise FileFormatError(m.NOT_WELL_FORMED(reason=str(exc.msg)), path=path,
                              line=line) from None
    if tree.docinfo.internalDTD is not None:  # pragma: no cover - caught by the check above
        raise FileFormatError(m.ENTITIES(), path=path)
    return tree


class _Node:
    """An element whose children's texts are read in one pass, on first use.

    ``find`` scans an element's children again for every field it looks up: for a task's
    sixty-odd fields, that scanning was most of the time a large file took to read.
    """

    __slots__ = ("_texts", "element")

    def __init__(self, element: etree._Element) -> None:
        self.element = element
        self._texts: dict[object, str | None] | None = None

    @property
    def sourceline(self) -> int | None:
        return self.element.sourceline

    def text(self, tag: str) -> str | None:
        """The text of the first child ``tag`` (a qualified tag)."""
        texts = self._texts
        if texts is None:
            texts = self._texts = {}
            # the parser keeps no comment or processing instruction: every child's tag is text
            for child in self.element.iterchildren():
                key = child.tag
                if key not in texts:
                    texts[key] = child.text
        return texts.get(tag)

    def children(self, tag: str) -> list[_Node]:
        return [_Node(child) for child in self.element.iterchildren(tag)]


@dataclass
class _Context:
    path: Path
    ns: str
    tags: dict[str, str] = field(default_factory=dict)

    def tag(self, name: str) -> str:
        """``name`` qualified by the file's namespace (built once per name: a large file asks
        for each of them hundreds of thousands of times)."""
        qualified = self.tags.get(name)
        if qualified is None:
            qualified = self.tags[name] = f"{{{self.ns}}}{name}" if self.ns else name
        return qualified

    def find(self, element: _Node, name: str) -> _Node | None:
        found = element.children(self.tag(name))
        return found[0] if found else None

    def all(self, element: _Node, *names: str) -> list[_Node]:
        nodes = [element]
        for name in names:
            tag = self.tag(name)
            nodes = [child for node in nodes for child in node.children(tag)]
        return nodes

    def text(self, element: _Node, name: str) -> str | None:
        value = element.text(self.tags.get(name) or self.tag(name))
        if value is None:
            return None
        return value.strip() or None

    def fail(self, message: Message, element: _Node, field: str | None,
             where: str) -> FileFormatError:
        return FileFormatError(message, path=self.path, line=element.sourceline, element=where,
                               field=field)

    def integer(self, element: _Node, name: str, where: str,
                default: int | None = None) -> int | None:
        value = self.text(element, name)
        if value is None:
            return default
        try:
            return int(float(value))
        except ValueError:
            raise self.fail(m.WHOLE_NUMBER(value=repr(value)), element, name, where) from None

    def number(self, element: _Node, name: str, where: str) -> float | None:
        value = self.text(element, name)
        if value is None:
            return None
        try:
            return float(value)
        except ValueError:
            raise self.fail(m.NOT_NUMBER(value=repr(value)), element, name, where) from None

    def moment(self, element: _Node, name: str, where: str) -> datetime | None:
        value = self.text(element, name)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise self.fail(m.DATE_TIME(value=repr(value)), element, name, where) from None
        # MS Project writes "NA" dates far in the future; they mean "no date".
        return None if moment.year >= 2049 and moment.month == 12 and moment.day == 31 else moment

    def hours(self, element: _Node, name: str, where: str) -> float | None:
        value = self.text(element, name)
        if value is None:
            return None
        try:
            return parse_duration(value)
        except ValueError:
            raise self.fail(m.DURATION(value=repr(value)), element, name, where) from None

    def flag(self, element: _Node, name: str) -> bool:
        return self.text(element, name) in ("1", "true")


def read_mspdi(path: str | Path) -> ProjectDocument:
    """Read an MS Project XML (MSPDI) file into a :class:`ProjectDocument`.

    Task ids are the task UIDs as text (or the ids Jalon wrote, kept in the custom field
    aliased "Jalon id"); durations become working days with the project's ``MinutesPerDay``;
    date-times become dates (a finish at the very start of a day counts for the day before).

    Raises
    ------
    FileFormatError
        Naming the file, the line, the element (``Task UID 12``) and the field.
    """
    path = Path(path)
    tree = parse_xml(path)
    qname = etree.QName(tree.getroot())
    if qname.localname != "Project":
        raise FileFormatError(m.NOT_MSPDI(element=qname.localname), path=path,
                              line=tree.getroot().sourceline, element=f"<{qname.localname}>")
    cx = _Context(path, qname.namespace or "")
    root = _Node(tree.getroot())
    where = "Project"
    minutes_per_day = cx.number(root, "MinutesPerDay", where) or 480.0
    if minutes_per_day <= 0:
        raise cx.fail(m.POSITIVE(), root, "MinutesPerDay", where)
    hours_per_day = minutes_per_day / 60.0
    name = cx.text(root, "Title") or cx.text(root, "Name") or path.stem
    # MS Project lets a task constrained to an earlier date start before the project start.
    document = ProjectDocument(name, manager=cx.text(root, "Manager") or "",
                               constraints_before_start=True)
    start = cx.moment(root, "StartDate", where)
    document.start = start.date() if start else None
    status = cx.moment(root, "StatusDate", where)
    document.status_date = status.date() if status else None
    calendars = _read_calendars(cx, root, hours_per_day)
    document.calendars = calendars
    project_calendar = cx.text(root, "CalendarUID")
    if project_calendar and document.calendar_def(project_calendar):
        document.calendar = project_calendar
    elif calendars:
        document.calendar = calendars[0].id
    day_start, day_end = _day_bounds(document.calendar_def())
    task_alias, resource_alias = _jalon_id_fields(cx, root)
    uid_to_id = _read_tasks(cx, root, document, hours_per_day, (day_start, day_end), task_alias)
    resource_ids = _read_resources(cx, root, document, resource_alias)
    for element in cx.all(root, "Assignments", "Assignment"):
        where = f"Assignment UID {cx.text(element, 'UID')}"
        task_uid, resource_uid = cx.text(element, "TaskUID"), cx.text(element, "ResourceUID")
        if task_uid not in uid_to_id or resource_uid not in resource_ids:
            continue  # the "unassigned" resource (-65535) or a task that is not read
        work = cx.hours(element, "Work", where)
        units = cx.number(element, "Units", where)
        document.assignments.append(AssignmentDef(
            uid_to_id[task_uid], resource_ids[resource_uid], 1.0 if units is None else units,
            work))
    return document


def _jalon_id_fields(cx: _Context, root: _Node) -> tuple[str | None, str | None]:
    task_field = resource_field = None
    for element in cx.all(root, "ExtendedAttributes", "ExtendedAttribute"):
        if cx.text(element, "Alias") == JALON_ID_ALIAS:
            field_id = cx.text(element, "FieldID")
            if field_id == TASK_TEXT1:
                task_field = field_id
            elif field_id == RESOURCE_TEXT1:
                resource_field = field_id
    return task_field, resource_field


def _extended(cx: _Context, element: _Node, field_id: str | None) -> str | None:
    if field_id is None:
        return None
    for attribute in cx.all(element, "ExtendedAttribute"):
        if cx.text(attribute, "FieldID") == field_id:
            return cx.text(attribute, "Value")
    return None


def _day_bounds(calendar: CalendarDef | None) -> tuple[time, time]:
    times = calendar.working_times if calendar else DEFAULT_WORKING_TIMES
    return times[0][0], times[-1][1]


def _as_start(moment: datetime | None, bounds: tuple[time, time]) -> date | None:
    """A date-time read as a start: at or after the end of the working day means the next day."""
    if moment is None:
        return None
    if moment.time() >= bounds[1] and bounds[1] != time(0):
        return moment.date() + timedelta(days=1)
    return moment.date()


def _as_finish(moment: datetime | None, bounds: tuple[time, time]) -> date | None:
    """A date-time read as a finish: at or before the start of the working day means the day before."""
    if moment is None:
        return None
    if moment.time() <= bounds[0]:
        return moment.date() - timedelta(days=1)
    return moment.date()


def _read_tasks(cx: _Context, root: _Node, document: ProjectDocument,
                hours_per_day: float, bounds: tuple[time, time],
                alias_field: str | None) -> dict[str, str]:
    uid_to_id: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    pending_links: list[tuple[str, _Node]] = []
    baselines: dict[str, dict[str, BaselineValues]] = {}
    used: set[str] = set()
    for element in cx.all(root, "Tasks", "Task"):
        uid = cx.text(element, "UID")
        where = f"Task UID {uid}"
        if uid is None:
            raise cx.fail(m.NEEDS_UID(), element, "UID", "Task")
        if cx.flag(element, "IsNull"):
            continue
        level = cx.integer(element, "OutlineLevel", where, 1)
        assert level is not None
        if level == 0 or (uid == "0" and cx.integer(element, "OutlineLevel", where) is None):
            continue  # the project summary task
        ident = _extended(cx, element, alias_field) or uid
        if ident in used:
            ident = uid
        used.add(ident)
        uid_to_id[uid] = ident
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        stack.append((level, ident))
        task = TaskDef(ident, cx.text(element, "Name") or "", parent=parent, outline_level=level)
        task.wbs = cx.text(element, "WBS") or cx.text(element, "OutlineNumber") or ""
        hours = cx.hours(element, "Duration", where)
        task.duration = max(0.0, (hours or 0.0) / hours_per_day)
        task.milestone = cx.flag(element, "Milestone")
        task.summary = cx.flag(element, "Summary")
        task.manual = cx.flag(element, "Manual")
        task.start = _as_start(cx.moment(element, "Start", where), bounds)
        finish = cx.moment(element, "Finish", where)
        task.finish = finish.date() if finish else None
        code = cx.integer(element, "ConstraintType", where, 0)
        if code not in CONSTRAINT_CODES:
            raise cx.fail(m.CONSTRAINT_CODE(code=str(code)), element, "ConstraintType", where)
        task.constraint_type = CONSTRAINT_CODES[code]
        if task.constraint_type not in ("ASAP", "ALAP"):
            moment = cx.moment(element, "ConstraintDate", where)
            if moment is None:
                task.constraint_type = "ASAP"  # MS Project ignores a dated constraint without date
            elif task.constraint_type in FINISH_CONSTRAINTS:
                task.constraint_date = _as_finish(moment, bounds)
            else:
                task.constraint_date = _as_start(moment, bounds)
        task.deadline = _as_finish(cx.moment(element, "Deadline", where), bounds)
        percent = cx.number(element, "PercentComplete", where) or 0.0
        if not 0 <= percent <= 100:
            raise cx.fail(m.PERCENT(value=percent), element, "PercentComplete", where)
        task.percent_complete = percent
        task.actual_start = _as_start(cx.moment(element, "ActualStart", where), bounds)
        task.actual_finish = _as_finish(cx.moment(element, "ActualFinish", where), bounds)
        if task.actual_finish is not None and task.actual_start is not None:
            task.actual_finish = max(task.actual_finish, task.actual_start)
        calendar_uid = cx.text(element, "CalendarUID")
        if calendar_uid and calendar_uid != "-1" and document.calendar_def(calendar_uid):
            task.calendar = calendar_uid
        priority = cx.integer(element, "Priority", where, 500)
        task.priority = min(1000, max(0, priority or 0))
        task.notes = cx.text(element, "Notes") or ""
        document.tasks.append(task)
        for link in cx.all(element, "PredecessorLink"):
            pending_links.append((ident, link))
        for baseline in cx.all(element, "Baseline"):
            number = cx.integer(baseline, "Number", where, 0)
            label = "Baseline" if not number else f"Baseline {number}"
            start = cx.moment(baseline, "Start", where)
            finish = cx.moment(baseline, "Finish", where)
            duration = cx.hours(baseline, "Duration", where)
            baselines.setdefault(label, {})[ident] = BaselineValues(
                start.date() if start else None,
                finish.date() if finish else None,
                None if duration is None else duration / hours_per_day,
                cx.hours(baseline, "Work", where),
                cx.number(baseline, "Cost", where),
            )
    document.baselines = baselines
    durations = {task.id: task.duration for task in document.tasks}
    for successor, element in pending_links:
        where = f"Task {successor} PredecessorLink"
        pred_uid = cx.text(element, "PredecessorUID")
        if pred_uid not in uid_to_id:
            continue  # a link to another project, or to a null task
        code = cx.integer(element, "Type", where, 1)
        if code not in LINK_CODES:
            raise cx.fail(m.LINK_CODE(code=str(code)), element, "Type", where)
        lag_tenths = cx.number(element, "LinkLag", where) or 0.0
        lag_format = cx.integer(element, "LagFormat", where, 7)
        predecessor = uid_to_id[pred_uid]
        unit = "days"
        if lag_format in PERCENT_LAG_FORMATS:
            lag = lag_tenths / 10.0 / 100.0 * durations.get(predecessor, 0.0)
        elif lag_format in ELAPSED_LAG_FORMATS:
            lag, unit = lag_tenths / 600.0 / 24.0, "edays"
        else:
            lag = lag_tenths / 600.0 / hours_per_day
        document.links.append(LinkDef(predecessor, successor, LINK_CODES[code], lag, unit))
    return uid_to_id


def _read_resources(cx: _Context, root: _Node, document: ProjectDocument,
                    alias_field: str | None) -> dict[str, str]:
    ids: dict[str, str] = {}
    for element in cx.all(root, "Resources", "Resource"):
        uid = cx.text(element, "UID")
        where = f"Resource UID {uid}"
        name = cx.text(element, "Name")
        if uid is None or cx.flag(element, "IsNull") or (uid == "0" and not name):
            continue
        kind_code = cx.integer(element, "Type", where, 1)
        group = (cx.text(element, "Group") or "").lower()
        kind = "material" if kind_code != 1 else "equipment" if group == "equipment" else "person"
        calendar = cx.text(element, "CalendarUID")
        ident = _extended(cx, element, alias_field) or uid
        if ident in ids.values():
            ident = uid
        ids[uid] = ident
        document.resources.append(ResourceDef(
            ident, name or "", kind,
            cx.number(element, "StandardRate", where) or 0.0,
            cx.number(element, "CostPerUse", where) or 0.0,
            1.0 if cx.number(element, "MaxUnits", where) is None
            else cx.number(element, "MaxUnits", where),  # type: ignore[arg-type]
            calendar if calendar and document.calendar_def(calendar) else None,
        ))
    return ids


# -- calendars -------------------------------------------------------------------------------
@dataclass
class _RawCalendar:
    uid: str
    name: str
    base: str | None
    weekdays: dict[int, bool]
    times: tuple[tuple[time, time], ...] | None
    holidays: set[date]
    working: set[date]


def _weekday(day_type: int) -> int:
    """MSPDI DayType 1 = Sunday ... 7 = Saturday -> Python weekday (Monday = 0)."""
    return (day_type + 5) % 7


def _periods(cx: _Context, element: _Node) -> tuple[tuple[time, time], ...]:
    result = []
    for period in cx.all(element, "WorkingTimes", "WorkingTime"):
        first, last = cx.text(period, "FromTime"), cx.text(period, "ToTime")
        if first and last:
            try:
                result.append((time.fromisoformat(first), time.fromisoformat(last)))
            except ValueError:
                raise cx.fail(m.WORKING_TIME(first=repr(first), last=repr(last)), period,
                              "FromTime", "Calendar WorkingTime") from None
    return tuple(result)


def _range(cx: _Context, element: _Node, where: str) -> tuple[date, date] | None:
    period = cx.find(element, "TimePeriod")
    if period is None:
        return None
    first = cx.moment(period, "FromDate", where)
    last = cx.moment(period, "ToDate", where)
    if first is None or last is None:
        return None
    if last < first:
        raise cx.fail(m.TO_BEFORE_FROM(), period, "ToDate", where)
    if (last.date() - first.date()).days > 366 * 50:
        raise cx.fail(m.LONG_EXCEPTION(), period, "ToDate", where)
    return first.date(), last.date()


def _recurring_days(cx: _Context, element: _Node, first: date, last: date,
                    where: str) -> list[date]:
    """The days of a Project 2007+ calendar exception (daily, weekly, monthly, yearly)."""
    kind = cx.integer(element, "Type", where, 1)
    period = max(1, cx.integer(element, "Period", where, 1) or 1)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    if kind == 7:  # every `period` days
        return days[::period]
    if kind == 6:  # weekly: bit 1 = Sunday, 2 = Monday, ...
        mask = cx.integer(element, "DaysOfWeek", where, 0) or 0
        week0 = first - timedelta(days=first.weekday())
        return [d for d in days
                if mask & (1 << ((d.weekday() + 1) % 7))
                and ((d - week0).days // 7) % period == 0]
    if kind in (2, 4):  # yearly / monthly on a day of the month
        month_day = cx.integer(element, "MonthDay", where, first.day)
        month = cx.integer(element, "Month", where, None)
        return [d for d in days if d.day == month_day
                and (kind == 4 or month is None or d.month == month + 1)]
    return days  # daily (1) and the positional kinds, approximated by their whole range


def _read_calendars(cx: _Context, root: _Node, hours_per_day: float
                    ) -> list[CalendarDef]:
    raws: dict[str, _RawCalendar] = {}
    for element in cx.all(root, "Calendars", "Calendar"):
        uid = cx.text(element, "UID")
        where = f"Calendar UID {uid}"
        if uid is None:
            raise cx.fail(m.NEEDS_UID(), element, "UID", "Calendar")
        base = cx.text(element, "BaseCalendarUID")
        raw = _RawCalendar(uid, cx.text(element, "Name") or f"Calendar {uid}",
                           None if cx.flag(element, "IsBaseCalendar") or base in (None, "-1")
                           else base, {}, None, set(), set())
        for day in cx.all(element, "WeekDays", "WeekDay"):
            day_type = cx.integer(day, "DayType", where, 0)
            working = cx.flag(day, "DayWorking")
            if day_type == 0:
                span = _range(cx, day, where)
                if span:
                    dates = [span[0] + timedelta(days=n) for n in range((span[1] - span[0]).days + 1)]
                    (raw.working if working else raw.holidays).update(dates)
            elif day_type is not None and 1 <= day_type <= 7:
                raw.weekdays[_weekday(day_type)] = working
                times = _periods(cx, day)
                if working and times and raw.times is None:
                    raw.times = times
            else:
                raise cx.fail(m.DAY_TYPE(value=str(day_type)), day, "DayType", where)
        for exception in cx.all(element, "Exceptions", "Exception"):
            span = _range(cx, exception, where)
            if span is None:
                continue
            dates = _recurring_days(cx, exception, span[0], span[1], where)
            target = raw.working if cx.flag(exception, "DayWorking") else raw.holidays
            target.update(dates)
        raws[uid] = raw
    return [_inherit(raw, raws, hours_per_day) for raw in raws.values()]


def _inherit(raw: _RawCalendar, raws: dict[str, _RawCalendar], hours_per_day: float
             ) -> CalendarDef:
    """The calendar with what it leaves unsaid taken from its base calendars."""
    weekdays, times = dict(raw.weekdays), raw.times
    holidays, working = set(raw.holidays), set(raw.working)
    base, seen = raw.base, {raw.uid}
    while base in raws and base not in seen:
        seen.add(base)
        parent = raws[base]
        for day, flag in parent.weekdays.items():
            weekdays.setdefault(day, flag)
        times = times or parent.times
        holidays |= {d for d in parent.holidays if d not in working}
        working |= {d for d in parent.working if d not in raw.holidays}
        base = parent.base
    chosen = tuple(day for day in range(7) if weekdays.get(day, day < 5))
    both = holidays & working
    calendar = WorkCalendar(chosen or (0, 1, 2, 3, 4), hours_per_day,
                            frozenset(holidays - both), frozenset(working))
    return CalendarDef(raw.uid, raw.name, calendar, times or DEFAULT_WORKING_TIMES, raw.base)


def write_mspdi(document: ProjectDocument, path: str | Path, *, start: date | None = None) -> None:
    """Write the document as MS Project XML; see :func:`jalon.io.mspdi_writer.write_mspdi`."""
    from jalon.io.mspdi_writer import write_mspdi as write

    write(document, path, start=start)
