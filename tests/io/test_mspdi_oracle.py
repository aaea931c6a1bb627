"""Jalon's dates against MPXJ's MS Project-compatible scheduler (the oracle), on random plans.

The plans and the three places where the oracle parts from MS Project itself are described in
``tests/io/msproject_oracle.py``; ``benchmarks/msproject_oracle.py`` runs many more plans.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

import pytest

from jalon.engine import schedule
from jalon.io.document import CalendarDef, LinkDef, ProjectDocument, TaskDef, to_plan
from tests.io.msproject_oracle import (
    as_ms_project_sees_it,
    describe,
    differences,
    random_document,
)

PLANS = 200
MONDAY = date(2026, 1, 5)


@pytest.fixture(scope="module")
def oracle():
    """MPXJ's scheduler, or a skip when the optional mpxj package or Java is missing."""
    pytest.importorskip("mpxj", reason="the optional mpxj package is not installed")
    from jalon.io.mpxj_bridge import mpxj_available, ms_project_schedule

    if not mpxj_available():
        pytest.skip("Java cannot start: MPXJ's scheduler is not available")
    return ms_project_schedule


def _features(document: ProjectDocument) -> Counter[str]:
    """What a random plan exercises, so that the comparison cannot quietly lose a feature."""
    calendar = document.work_calendar
    found: Counter[str] = Counter()
    milestones = {task.id for task in document.tasks if task.milestone}
    for link in document.links:
        found[link.type] += 1
        found["negative lag" if link.lag < 0 else "positive lag" if link.lag > 0 else "no lag"] += 1
        if link.successor in milestones and link.type == "SS" and link.lag:
            found["start-to-start lag into a milestone"] += 1
        if link.successor in milestones and link.lag < 0:
            found["negative lag into a milestone"] += 1
    for task in document.tasks:
        found[task.constraint_type] += 1
        found["summary"] += task.summary
        found["milestone"] += task.milestone
        when = task.constraint_date
        if isinstance(when, date):
            found["constraint on a non-working day"] += not calendar.is_working(when)
            found["constraint before the start"] += when < document.start  # type: ignore[operator]
    found["holidays"] += bool(calendar.holidays or calendar.public_holidays)
    found["six-day week"] += len(calendar.working_weekdays) == 6
    return found


def test_jalon_and_the_ms_project_scheduler_agree_day_for_day_on_random_plans(oracle):
    rng = random.Random(14)
    found, covered = {}, Counter[str]()
    for number in range(PLANS):
        document = random_document(rng)
        covered += _features(document)
        apart = differences(document)
        if apart:
            found[number] = f"{describe(document)}\n" + "\n".join(map(str, apart))
    assert not found, "\n\n".join(found.values())
    for feature in ("FS", "SS", "FF", "SF", "negative lag", "positive lag", "SNET", "FNET",
                    "MSO", "MFO", "SNLT", "FNLT", "ALAP", "summary", "milestone",
                    "holidays", "six-day week"):
        assert covered[feature] >= 20, feature
    for feature in ("start-to-start lag into a milestone", "negative lag into a milestone",
                    "constraint on a non-working day", "constraint before the start"):
        assert covered[feature] >= 10, feature


def _document(tasks: list[TaskDef], links: list[LinkDef]) -> ProjectDocument:
    return ProjectDocument("Apart", start=MONDAY, calendar="1",
                           calendars=[CalendarDef("1", "Standard")], tasks=tasks, links=links,
                           constraints_before_start=True)


def _days(oracle, document: ProjectDocument) -> dict[str, tuple[date, date]]:
    return {k: (a.date(), b.date()) for k, (a, b) in oracle(document).items()}


def test_where_the_oracle_parts_from_ms_project_links_before_the_project_start(oracle):
    """Case 1: MS Project holds at the project start a task its links alone would start
    earlier (Microsoft KB Q103971); the oracle does so for finish-to-finish links only."""
    document = _document([TaskDef("A", "A", duration=5), TaskDef("B", "B", duration=2)],
                         [LinkDef("A", "B", "SS", -3)])
    assert _days(oracle, document)["B"] == (date(2025, 12, 31), date(2026, 1, 1))
    assert schedule(to_plan(document))["B"].start_date == MONDAY
    assert _days(oracle, as_ms_project_sees_it(document))["B"] == (MONDAY, date(2026, 1, 6))


def test_where_the_oracle_parts_from_ms_project_dates_on_non_working_days(oracle):
    """Case 2: the oracle starts a task on a Sunday when its "start no earlier than" date is
    a Sunday and it has a predecessor; MS Project (and Jalon) start it on the Monday."""
    sunday = date(2026, 1, 11)
    document = _document([TaskDef("A", "A", duration=1),
                          TaskDef("B", "B", duration=1, constraint_type="SNET",
                                  constraint_date=sunday)],
                         [LinkDef("A", "B")])
    assert _days(oracle, document)["B"][0] == sunday
    assert schedule(to_plan(document))["B"].start_date == date(2026, 1, 12)
    assert _days(oracle, as_ms_project_sees_it(document))["B"][0] == date(2026, 1, 12)


def test_where_jalon_parts_from_the_oracle_a_constraint_against_the_links(oracle):
    """Case 3: the oracle honours a "must start on" date against the links; Jalon lets the
    links win and reports the negative float, as MS Project with "Tasks will always honor
    their constraint dates" off (the corpus files and the files Jalon writes)."""
    document = _document([TaskDef("A", "A", duration=5),
                          TaskDef("B", "B", duration=1, constraint_type="MSO",
                                  constraint_date=date(2026, 1, 7))],
                         [LinkDef("A", "B")])
    assert _days(oracle, document)["B"] == (date(2026, 1, 7), date(2026, 1, 7))
    result = schedule(to_plan(document))
    assert result["B"].start_date == date(2026, 1, 12)
    assert result["B"].total_float == -3.0
