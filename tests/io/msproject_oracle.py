"""Random plans scheduled by Jalon and by MPXJ's MS Project-compatible scheduler.

MPXJ's ``org.mpxj.cpm.MicrosoftScheduler`` (:func:`jalon.io.mpxj_bridge.ms_project_schedule`)
reproduces MS Project's scheduling rules; it is the oracle of ``test_mspdi_oracle.py`` and of
``benchmarks/msproject_oracle.py``. The plans here use what the oracle models: a project
calendar with a 5- or 6-day week and holidays (French public holidays or not), tasks and
milestones, summaries, the four link types with positive and negative lags, and date
constraints of every kind, some before the project start and some on non-working days, in
plans imported from MS Project (``constraints_before_start``).

Where the oracle parts from MS Project itself, the plan it is given says what MS Project does
(:func:`as_ms_project_sees_it`); each case is documented in docs/file-format.md:

1. **Links never start a task before the project start.** MS Project holds a task at the
   project start when its links alone would start it earlier (Microsoft KB Q103971); the oracle
   does so for finish-to-finish links only. Its plan gives every "as soon as possible" task a
   "start no earlier than" the project start, which is that rule; the tasks that cannot take one
   (ALAP, SNLT, FNLT) get only links that cannot lead them before the project start.
2. **Work is scheduled in working time.** A constraint date on a non-working day places a task
   at the next working time (a start) or the previous one (a finish) in MS Project; the oracle
   takes a "start no earlier than" date or a milestone's date as it is, on a Sunday. Its plan
   has those dates moved into working time, as MS Project reads them.
3. **Constraints and links in conflict.** The oracle always honours a constraint over links
   (MS Project's "Tasks will always honor their constraint dates"). Jalon lets the links win and
   reports negative float, as MS Project does with that option off (every file of the public
   corpus has it off, and Jalon writes it off). The "no later than" and "must" dates and the
   deadlines here are drawn where the links agree with them, so that no float is negative
   (the oracle also places an ALAP task with negative float at its late dates, before its
   predecessors allow); ``test_mspdi_oracle.py`` shows such conflicts apart.
"""

from __future__ import annotations

import copy
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from jalon.engine import WorkCalendar, schedule
from jalon.io.document import CalendarDef, LinkDef, ProjectDocument, TaskDef, to_plan
from jalon.io.mpxj_bridge import ms_project_schedule

EARLY = ("SNET", "FNET")
"""Constraints drawn anywhere, before the project start too."""
LATE = ("MSO", "MFO", "SNLT", "FNLT")
"""Constraints drawn where the links agree with them (see the module's docstring, case 3)."""
HELD = ("ALAP", "SNLT", "FNLT")
"""Tasks that cannot take the oracle's "start no earlier than" the project start (case 1)."""


def random_document(rng: random.Random, *, size: int | None = None) -> ProjectDocument:
    """A random plan (tasks ``T0``, ``T1``...; links always go from a lower to a higher number)."""
    start = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 1000))
    weekdays = (0, 1, 2, 3, 4) if rng.random() < 0.8 else (0, 1, 2, 3, 4, 5)
    holidays = frozenset(start + timedelta(days=rng.randrange(-30, 150))
                         for _ in range(rng.randrange(0, 10)))
    calendar = WorkCalendar(working_weekdays=weekdays, holidays=holidays,
                            public_holidays="FR" if rng.random() < 0.4 else "")
    count = size or rng.randrange(4, 24)
    kinds = [rng.choice(("ASAP",) * 8 + EARLY + LATE + ("ALAP",)) for _ in range(count)]
    tasks = []
    for number, kind in enumerate(kinds):
        duration = rng.choice((0, 0, 1, 1.5, 2, 3, 5, 8, 10))
        task = TaskDef(id=f"T{number}", name=f"T{number}", duration=duration,
                       milestone=duration == 0)
        if kind in EARLY:
            task.constraint_type = kind
            task.constraint_date = start + timedelta(days=rng.randrange(-20, 45))
        elif kind == "ALAP":
            task.constraint_type = kind
        tasks.append(task)
    links = []
    for successor in range(1, count):
        chosen = {rng.randrange(0, successor) for _ in range(rng.choice((0, 1, 1, 2, 3)))}
        for predecessor in sorted(chosen):
            kind, lag = rng.choice(("FS", "FS", "FS", "SS", "FF", "SF")), rng.choice(
                (0, 0, 0, 1, 2, 3, -1, -2, -3, 0.5))
            if kinds[successor] in HELD:  # case 1: nothing may lead it before the start
                if kinds[predecessor] in EARLY:
                    continue
                kind, lag = rng.choice(("FS", "SS")), abs(lag)
            links.append(LinkDef(f"T{predecessor}", f"T{successor}", kind, lag))
    document = ProjectDocument(
        "Random", start=start, calendar="1", calendars=[CalendarDef("1", "Standard", calendar)],
        tasks=tasks, links=links, constraints_before_start=True,
    )
    _summarise(rng, document)
    _late_constraints(rng, document, [n for n, kind in enumerate(kinds) if kind in LATE], kinds)
    result = schedule(to_plan(document))
    for task in rng.sample(document.tasks, k=len(document.tasks) // 8):
        finish = result[task.id].finish_date
        assert finish is not None
        task.deadline = finish + timedelta(days=rng.choice((0, 1, 5)))
    return document


def _summarise(rng: random.Random, document: ProjectDocument) -> None:
    """Group runs of consecutive tasks under a few summaries (never linked themselves: the
    oracle follows only part of a link from a summary's start)."""
    tasks, grouped = document.tasks, []
    index = 0
    while index < len(tasks):
        width = rng.randrange(2, 5)
        if rng.random() < 0.3 and index + width <= len(tasks):
            summary = TaskDef(id=f"S{index}", name=f"S{index}", summary=True)
            for task in tasks[index:index + width]:
                task.parent = summary.id
            grouped.append(summary)
            grouped.extend(tasks[index:index + width])
            index += width
        else:
            grouped.append(tasks[index])
            index += 1
    document.tasks = grouped


def _late_constraints(rng: random.Random, document: ProjectDocument, numbers: list[int],
                      kinds: list[str]) -> None:
    """Give the tasks ``numbers`` their "must" or "no later than" date, in link order, each
    on or after the date the links give it (a non-working day at times)."""
    by_id = {task.id: task for task in document.tasks}
    for number in numbers:
        result = schedule(to_plan(document))
        row, line = result[f"T{number}"], result.timeline
        assert line is not None
        task, kind = by_id[f"T{number}"], kinds[number]
        if kind in ("MSO", "SNLT"):  # a date means the start of its day: the next one
            day = line.start_date(math.ceil(row.early_start - 1e-9))
        else:  # the end of the day it shows (at the project start: not the day before)
            day = row.finish_date
        task.constraint_type = kind
        task.constraint_date = day + timedelta(days=rng.choice((0, 0, 1, 2, 5)))


def as_ms_project_sees_it(document: ProjectDocument) -> ProjectDocument:
    """The plan for the oracle: cases 1 and 2 of the module's docstring made explicit."""
    plan = copy.deepcopy(document)
    assert plan.start is not None
    line = plan.work_calendar.timeline(plan.start)
    first = line.start_date(0.0)
    for task in plan.tasks:
        if task.summary:
            continue
        if task.constraint_type == "ASAP":
            task.constraint_type, task.constraint_date = "SNET", first
        elif isinstance(task.constraint_date, date):
            if task.constraint_type in ("FNET", "FNLT", "MFO"):
                end = float(line.finish_time(task.constraint_date))
                task.constraint_date = line.finish_date(end, end - 1.0)
            else:
                task.constraint_date = line.start_date(float(line.start_time(task.constraint_date)))
    return plan


@dataclass(frozen=True)
class Difference:
    """A task whose dates Jalon and the oracle do not agree on."""

    task: str
    jalon: tuple[date, date]
    oracle: tuple[date, date]


def differences(document: ProjectDocument) -> list[Difference]:
    """Tasks (summaries too) whose start or finish date differ between Jalon and the oracle."""
    result = schedule(to_plan(document))
    oracle = ms_project_schedule(as_ms_project_sees_it(document))
    found = []
    for task in document.tasks:
        row = result[task.id]
        mine = (row.start_date, row.finish_date)
        start, finish = oracle[task.id]
        if mine != (start.date(), finish.date()):
            found.append(Difference(task.id, mine, (start.date(), finish.date())))  # type: ignore[arg-type]
    return found


def describe(document: ProjectDocument) -> str:
    """The plan in a few lines, to reproduce a difference."""
    lines = [f"start {document.start} calendar {document.work_calendar}"]
    for task in document.tasks:
        lines.append(f"  {task.id} parent={task.parent} d={task.duration} "
                     f"{task.constraint_type} {task.constraint_date or ''} "
                     f"deadline={task.deadline}")
    lines += [f"  {k.predecessor} -> {k.successor} {k.type} {k.lag:+g}" for k in document.links]
    return "\n".join(lines)
