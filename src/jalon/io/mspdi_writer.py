"""Writing Microsoft Project XML (MSPDI) that MS Project 2010 and later open.

Elements follow the order of Microsoft's ``mspdi_pj12.xsd`` schema, in the namespace
``http://schemas.microsoft.com/project``, with ``SaveVersion`` 14, a project calendar
(``CalendarUID``), a project summary task (UID 0) and UIDs/IDs from 1. Dates are written with the
calendar's working hours (start ``2026-01-05T08:00:00``, finish ``...T17:00:00``), durations as
``PT40H0M0S``, lags in tenths of minutes. Jalon's own task and resource ids are kept in the Text1
custom field, aliased "Jalon id", so that a round trip keeps them.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import date, datetime, time, timedelta
from pathlib import Path

from lxml import etree

from jalon.engine import Schedule, Timeline, WorkCalendar, schedule
from jalon.engine.holidays import public_holidays
from jalon.errors import ValidationFailed
from jalon.io import messages as m
from jalon.io.document import (
    DEFAULT_WORKING_TIMES,
    CalendarDef,
    LinkDef,
    ProjectDocument,
    to_plan,
)
from jalon.io.errors import FileFormatError
from jalon.io.mspdi import (
    CONSTRAINT_CODES,
    FINISH_CONSTRAINTS,
    JALON_ID_ALIAS,
    LINK_CODES,
    NAMESPACE,
    RESOURCE_TEXT1,
    TASK_TEXT1,
)

__all__ = ["mspdi_bytes", "write_mspdi"]

_CONSTRAINT_CODE = {name: code for code, name in CONSTRAINT_CODES.items()}
_LINK_CODE = {name: code for code, name in LINK_CODES.items()}
_KIND_CODE = {"material": 0, "person": 1, "equipment": 1}


def _duration(hours: float) -> str:
    minutes = round(max(hours, 0.0) * 60)
    return f"PT{minutes // 60}H{minutes % 60}M0S"


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


class _Clock:
    """Turns abstract times into MS Project date-times with the calendar's working hours."""

    def __init__(self, timeline: Timeline, calendar: CalendarDef) -> None:
        self.timeline = timeline
        self.periods = calendar.working_times or DEFAULT_WORKING_TIMES
        self.hours = calendar.calendar.hours_per_day

    def _at(self, day: date, offset_hours: float) -> datetime:
        left = offset_hours
        for first, last in self.periods:
            begin = datetime.combine(day, first)
            end = datetime.combine(day, last) if last != time(0) else \
                datetime.combine(day + timedelta(days=1), time(0))
            span = (end - begin).total_seconds() / 3600
            if left <= span + 1e-9:
                return begin + timedelta(hours=left)
            left -= span
        last = self.periods[-1][1]
        return datetime.combine(day, last)

    def start(self, t: float) -> datetime:
        index = math.floor(t + 1e-9)
        return self._at(self.timeline.date_of(index), (t - index) * self.hours)

    def finish(self, t: float, start: float) -> datetime:
        if t <= start + 1e-9:
            return self.start(start)
        index = math.ceil(t - 1e-9) - 1
        fraction = t - index
        return self._at(self.timeline.date_of(index), fraction * self.hours)

    def span(self, start: float, finish: float, start_date: date | None,
             finish_date: date | None) -> tuple[datetime, datetime]:
        """Start and finish moments, on the dates the engine shows (milestones at the end of a
        day stay there, as MS Project writes them)."""
        first = self.start(start)
        if start_date is not None and first.date() != start_date:
            first = self.day_finish(start_date)
        if finish <= start + 1e-9:
            return first, first
        last = self.finish(finish, start)
        if finish_date is not None and last.date() != finish_date:
            last = self.day_finish(finish_date)
        return first, last

    def day_start(self, day: date) -> datetime:
        return datetime.combine(day, self.periods[0][0])

    def day_finish(self, day: date) -> datetime:
        last = self.periods[-1][1]
        return datetime.combine(day, last if last != time(0) else time(23, 59))


class _Writer:
    def __init__(self) -> None:
        self.root = etree.Element(f"{{{NAMESPACE}}}Project", nsmap={None: NAMESPACE})

    def add(self, parent: etree._Element, name: str, value: object = None) -> etree._Element:
        element = etree.SubElement(parent, f"{{{NAMESPACE}}}{name}")
        if value is not None:
            if isinstance(value, bool):
                value = int(value)
            if isinstance(value, float):
                value = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else int(value)
            element.text = str(value)
        return element

    def fields(self, parent: etree._Element, pairs: list[tuple[str, object]]) -> None:
        for name, value in pairs:
            if value is not None:
                self.add(parent, name, value)


def _exception_days(calendar: WorkCalendar, years: range) -> tuple[list[date], list[date]]:
    holidays = set(calendar.holidays)
    if calendar.public_holidays:
        for year in years:
            holidays.update(public_holidays(calendar.public_holidays, year))
    holidays -= set(calendar.working_days)
    return sorted(holidays), sorted(calendar.working_days)


def _write_calendar(w: _Writer, parent: etree._Element, calendar: CalendarDef, uid: int,
                    base_uid: int | None, years: range) -> None:
    element = w.add(parent, "Calendar")
    w.fields(element, [("UID", uid), ("Name", calendar.name or calendar.id),
                       ("IsBaseCalendar", base_uid is None), ("IsBaselineCalendar", 0),
                       ("BaseCalendarUID", -1 if base_uid is None else base_uid)])
    weekdays = w.add(element, "WeekDays")
    periods = calendar.working_times or DEFAULT_WORKING_TIMES

    def working_times(day: etree._Element) -> None:
        times = w.add(day, "WorkingTimes")
        for first, last in periods:
            period = w.add(times, "WorkingTime")
            w.add(period, "FromTime", first.strftime("%H:%M:%S"))
            w.add(period, "ToTime", last.strftime("%H:%M:%S"))

    for day_type in range(1, 8):
        day = w.add(weekdays, "WeekDay")
        working = (day_type + 5) % 7 in calendar.calendar.working_weekdays
        w.add(day, "DayType", day_type)
        w.add(day, "DayWorking", working)
        if working:
            working_times(day)
    holidays, extra = _exception_days(calendar.calendar, years)
    for days, working in ((holidays, False), (extra, True)):
        for day_date in days:
            day = w.add(weekdays, "WeekDay")
            w.add(day, "DayType", 0)
            w.add(day, "DayWorking", working)
            span = w.add(day, "TimePeriod")
            w.add(span, "FromDate", f"{day_date.isoformat()}T00:00:00")
            w.add(span, "ToDate", f"{day_date.isoformat()}T23:59:00")
            if working:
                working_times(day)
    if holidays or extra:
        exceptions = w.add(element, "Exceptions")
        for days, working in ((holidays, False), (extra, True)):
            for day_date in days:
                exception = w.add(exceptions, "Exception")
                w.add(exception, "EnteredByOccurrences", 0)
                span = w.add(exception, "TimePeriod")
                w.add(span, "FromDate", f"{day_date.isoformat()}T00:00:00")
                w.add(span, "ToDate", f"{day_date.isoformat()}T23:59:00")
                w.add(exception, "Occurrences", 1)
                w.add(exception, "Name", "Working day" if working else "Holiday")
                w.add(exception, "Type", 1)
                w.add(exception, "DayWorking", working)
                if working:
                    working_times(exception)


def _ordered(document: ProjectDocument) -> list[tuple[int, str, int]]:
    """Tasks depth-first (a parent right before its children): (index, outline number, level)."""
    children: dict[str | None, list[int]] = {}
    ids = {task.id for task in document.tasks}
    for index, task in enumerate(document.tasks):
        parent = task.parent if task.parent in ids else None
        children.setdefault(parent, []).append(index)
    result: list[tuple[int, str, int]] = []

    def visit(parent: str | None, prefix: str, level: int) -> None:
        for number, index in enumerate(children.get(parent, []), start=1):
            outline = f"{prefix}{number}"
            result.append((index, outline, level))
            visit(document.tasks[index].id, f"{outline}.", level + 1)

    visit(None, "", 1)
    return result


def mspdi_bytes(document: ProjectDocument, *, start: date | None = None) -> bytes:
    """Return the document as MSPDI XML bytes (UTF-8, with the XML declaration).

    The schedule is computed with Jalon's engine to fill Start/Finish, early and late dates and
    slack. A document in abstract time (no ``start``) is placed at ``start`` (default: today).

    Raises
    ------
    FileFormatError
        When the document cannot be scheduled (a cycle, an engine rule broken).
    """
    begin = document.start or start or date.today()
    placed = dataclasses.replace(document, start=begin)
    try:
        plan = to_plan(placed)
        result = schedule(plan)
    except ValidationFailed as exc:
        raise FileFormatError(m.CANNOT_EXPORT(problem=exc.sentence), field=exc.field) from None
    calendar_def = document.calendar_def() or CalendarDef("1", "Standard")
    calendar = plan.calendar or WorkCalendar()
    timeline = calendar.timeline(begin)
    clock = _Clock(timeline, calendar_def)
    hours = calendar.hours_per_day
    return _build(document, result, clock, calendar_def, begin, hours)


def _build(document: ProjectDocument, result: Schedule, clock: _Clock,
           project_calendar: CalendarDef, begin: date, hours: float) -> bytes:
    w = _Writer()
    root = w.root
    finish_date = result.finish_date or begin
    project_start, project_finish = clock.span(result.start, result.finish, result.start_date,
                                               result.finish_date)
    calendars = [project_calendar, *[c for c in document.calendars if c is not project_calendar]]
    calendar_uids = {c.id: index for index, c in enumerate(calendars, start=1)}
    minutes = round(hours * 60)
    status = document.status_date
    if isinstance(status, float | int):
        status = clock.timeline.finish_date(float(status))
    w.fields(root, [
        ("SaveVersion", 14), ("Name", f"{document.name}.xml"), ("Title", document.name),
        ("Manager", document.manager or None),
        ("ScheduleFromStart", 1), ("StartDate", _stamp(clock.start(0.0))),
        ("FinishDate", _stamp(project_finish)), ("FYStartDate", 1), ("CriticalSlackLimit", 0),
        ("CurrencyDigits", 2), ("CurrencySymbol", "€"), ("CurrencyCode", "EUR"),
        ("CurrencySymbolPosition", 3), ("CalendarUID", 1),
        ("DefaultStartTime", clock.periods[0][0].strftime("%H:%M:%S")),
        ("DefaultFinishTime", clock.periods[-1][1].strftime("%H:%M:%S")),
        ("MinutesPerDay", minutes),
        ("MinutesPerWeek", minutes * len(project_calendar.calendar.working_weekdays)),
        ("DaysPerMonth", 20), ("DefaultTaskType", 0), ("DefaultFixedCostAccrual", 3),
        ("DefaultStandardRate", 0), ("DefaultOvertimeRate", 0), ("DurationFormat", 7),
        ("WorkFormat", 2), ("EditableActualCosts", 0),
        # Jalon lets links win over a conflicting constraint (and reports the negative float):
        # MS Project does so when tasks do not always honour their constraint dates.
        ("HonorConstraints", 0),
        ("InsertedProjectsLikeSummary", 1), ("MultipleCriticalPaths", 0),
        ("NewTasksEffortDriven", 0), ("NewTasksEstimated", 0), ("SplitsInProgressTasks", 0),
        ("SpreadActualCost", 0), ("SpreadPercentComplete", 0), ("TaskUpdatesResource", 1),
        ("FiscalYearStart", 0), ("WeekStartDay", 1), ("MoveCompletedEndsBack", 0),
        ("MoveRemainingStartsBack", 0), ("MoveRemainingStartsForward", 0),
        ("MoveCompletedEndsForward", 0), ("BaselineForEarnedValue", 0),
        ("AutoAddNewResourcesAndTasks", 1),
        ("StatusDate", _stamp(clock.day_finish(status)) if isinstance(status, date) else None),
        ("CurrentDate", _stamp(project_start)), ("MicrosoftProjectServerURL", 1),
        ("Autolink", 0), ("NewTaskStartDate", 0), ("NewTasksAreManual", 0),
        ("DefaultTaskEVMethod", 0), ("ProjectExternallyEdited", 0),
        ("ActualsInSync", 0), ("RemoveFileProperties", 0), ("AdminProject", 0),
    ])
    w.add(root, "OutlineCodes")
    w.add(root, "WBSMasks")
    attributes = w.add(root, "ExtendedAttributes")
    for field_id, field_name in ((TASK_TEXT1, "Text1"), (RESOURCE_TEXT1, "Text1")):
        attribute = w.add(attributes, "ExtendedAttribute")
        w.fields(attribute, [("FieldID", field_id), ("FieldName", field_name),
                             ("Alias", JALON_ID_ALIAS)])
    years = range(begin.year - 1, finish_date.year + 3)
    calendar_node = w.add(root, "Calendars")
    for calendar_def in calendars:
        base = calendar_uids.get(calendar_def.base) if calendar_def.base else None
        _write_calendar(w, calendar_node, calendar_def, calendar_uids[calendar_def.id], base, years)
    tasks_node = w.add(root, "Tasks")
    order = _ordered(document)
    uids = {document.tasks[index].id: uid for uid, (index, _, _) in enumerate(order, start=1)}
    summary_task = w.add(tasks_node, "Task")
    w.fields(summary_task, [
        ("UID", 0), ("ID", 0), ("Name", document.name), ("Active", 1), ("Manual", 0),
        ("Type", 1), ("IsNull", 0), ("WBS", 0), ("OutlineNumber", 0), ("OutlineLevel", 0),
        ("Priority", 500), ("Start", _stamp(project_start)), ("Finish", _stamp(project_finish)),
        ("Duration", _duration(result.duration * hours)), ("DurationFormat", 7),
        ("Milestone", 0), ("Summary", 1), ("ConstraintType", 0), ("CalendarUID", -1),
    ])
    incoming: dict[str, list[LinkDef]] = {}
    for link in document.links:
        incoming.setdefault(link.successor, []).append(link)
    work: dict[str, float] = {}
    for assignment in document.assignments:
        if assignment.work is not None:
            work[assignment.task] = work.get(assignment.task, 0.0) + assignment.work
    summaries = {task.parent for task in document.tasks if task.parent}
    for uid, (index, outline, level) in enumerate(order, start=1):
        task = document.tasks[index]
        row = result[task.id]
        summary = task.id in summaries
        start, finish = clock.span(row.early_start, row.early_finish, row.start_date,
                                   row.finish_date)
        late_start, late_finish = clock.span(row.late_start, row.late_finish,
                                             row.late_start_date, row.late_finish_date)
        # The engine's: a summary's are its span and its tasks' progress weighted by duration.
        duration_days, percent = row.duration, row.percent_complete
        element = w.add(tasks_node, "Task")
        constraint_date = _constraint_moment(task.constraint_date, task.constraint_type, clock)
        w.fields(element, [
            ("UID", uid), ("ID", uid), ("Name", task.name or task.id), ("Active", 1),
            ("Manual", 0), ("Type", 0 if not summary else 1), ("IsNull", 0),
            ("WBS", task.wbs or outline), ("OutlineNumber", outline), ("OutlineLevel", level),
            ("Priority", task.priority), ("Start", _stamp(start)), ("Finish", _stamp(finish)),
            ("Duration", _duration(duration_days * hours)), ("DurationFormat", 7),
            ("Work", _duration(work.get(task.id, 0.0))),
            ("Milestone", task.milestone and duration_days == 0 and not summary),
            ("Summary", summary), ("Critical", bool(row.critical)),
            ("EarlyStart", _stamp(start)), ("EarlyFinish", _stamp(finish)),
            ("LateStart", _stamp(late_start)), ("LateFinish", _stamp(late_finish)),
            ("FreeSlack", round(row.free_float * hours * 600)),
            ("TotalSlack", round(row.total_float * hours * 600)),
            ("PercentComplete", round(percent)),
            ("ActualStart", _date_moment(task.actual_start, clock, finish=False)),
            ("ActualFinish", _date_moment(task.actual_finish, clock, finish=True)),
            ("ActualDuration", _duration(duration_days * hours * percent / 100)),
            ("RemainingDuration", _duration(duration_days * hours
                                            * (1 - percent / 100))),
            ("ConstraintType", _CONSTRAINT_CODE.get(task.constraint_type, 0)),
            ("CalendarUID", calendar_uids.get(task.calendar, -1) if task.calendar else -1),
            ("ConstraintDate", constraint_date),
            ("Deadline", _date_moment(task.deadline, clock, finish=True)),
            ("Notes", task.notes or None),
        ])
        for link in incoming.get(task.id, []):
            if link.predecessor not in uids:
                continue
            node = w.add(element, "PredecessorLink")
            elapsed = link.lag_unit == "edays"
            tenths = link.lag * (24.0 if elapsed else hours) * 600
            w.fields(node, [("PredecessorUID", uids[link.predecessor]),
                            ("Type", _LINK_CODE[link.type]), ("CrossProject", 0),
                            ("LinkLag", round(tenths)), ("LagFormat", 8 if elapsed else 7)])
        attribute = w.add(element, "ExtendedAttribute")
        w.fields(attribute, [("FieldID", TASK_TEXT1), ("Value", task.id)])
        for name, rows in document.baselines.items():
            values = rows.get(task.id)
            if values is None:
                continue
            number = 0 if name == "Baseline" else _baseline_number(name)
            if number is None:
                continue
            node = w.add(element, "Baseline")
            w.fields(node, [
                ("Number", number),
                ("Start", _stamp(clock.day_start(values.start)) if values.start else None),
                ("Finish", _stamp(clock.day_finish(values.finish)) if values.finish else None),
                ("Duration", None if values.duration is None
                 else _duration(values.duration * hours)),
                ("DurationFormat", 7 if values.duration is not None else None),
                ("Work", None if values.work is None else _duration(values.work)),
                ("Cost", values.cost),
            ])
    resources_node = w.add(root, "Resources")
    resource_uids = {}
    for uid, resource in enumerate(document.resources, start=1):
        resource_uids[resource.id] = uid
        element = w.add(resources_node, "Resource")
        w.fields(element, [
            ("UID", uid), ("ID", uid), ("Name", resource.name or resource.id),
            ("Type", _KIND_CODE.get(resource.kind, 1)), ("IsNull", 0),
            ("Group", "Equipment" if resource.kind == "equipment" else None),
            ("MaxUnits", resource.max_units), ("StandardRate", resource.standard_rate),
            ("StandardRateFormat", 2), ("OvertimeRate", 0), ("OvertimeRateFormat", 2),
            ("CostPerUse", resource.cost_per_use),
            ("CalendarUID", calendar_uids.get(resource.calendar) if resource.calendar else None),
        ])
        attribute = w.add(element, "ExtendedAttribute")
        w.fields(attribute, [("FieldID", RESOURCE_TEXT1), ("Value", resource.id)])
    assignments_node = w.add(root, "Assignments")
    for uid, assignment in enumerate(document.assignments, start=1):
        if assignment.task not in uids or assignment.resource not in resource_uids:
            continue
        row = result[assignment.task]
        start, finish = clock.span(row.early_start, row.early_finish, row.start_date,
                                   row.finish_date)
        element = w.add(assignments_node, "Assignment")
        w.fields(element, [
            ("UID", uid), ("TaskUID", uids[assignment.task]),
            ("ResourceUID", resource_uids[assignment.resource]),
            ("Finish", _stamp(finish)), ("Start", _stamp(start)),
            ("Units", assignment.units),
            ("Work", None if assignment.work is None else _duration(assignment.work)),
        ])
    return bytes(etree.tostring(w.root, xml_declaration=True, encoding="UTF-8",
                                standalone=True, pretty_print=True))


def _baseline_number(name: str) -> int | None:
    tail = name.rsplit(" ", 1)[-1]
    return int(tail) if tail.isdigit() and 0 <= int(tail) <= 10 else None


def _date_moment(value: date | float | None, clock: _Clock, *, finish: bool) -> str | None:
    if value is None:
        return None
    if not isinstance(value, date):
        day = clock.timeline.finish_date(float(value)) if finish else \
            clock.timeline.start_date(float(value))
    else:
        day = value
    return _stamp(clock.day_finish(day) if finish else clock.day_start(day))


def _constraint_moment(value: date | float | None, kind: str, clock: _Clock) -> str | None:
    if kind in ("ASAP", "ALAP"):
        return None
    return _date_moment(value, clock, finish=kind in FINISH_CONSTRAINTS)


def write_mspdi(document: ProjectDocument, path: str | Path, *, start: date | None = None) -> None:
    """Write the document to ``path`` as MS Project XML (MSPDI).

    Parameters
    ----------
    document : ProjectDocument
        The project; it is scheduled with Jalon's engine to fill the dates.
    path : str or Path
        Target file; it is written only once the whole XML is built.
    start : datetime.date or None
        Start date for a document in abstract time (default: today).
    """
    data = mspdi_bytes(document, start=start)
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise FileFormatError(m.CANNOT_WRITE(reason=str(exc.strerror or exc)),
                              path=path) from None
