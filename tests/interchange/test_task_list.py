"""Reading a task list: durations, MS Project's predecessors notation, resources, the tree, and
a problem named by row and column for every bad cell."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from jalon.interchange.task_list import (
    Link,
    parse_task_list,
    read_duration,
    read_resources,
)

ALICE = SimpleNamespace(name="Alice Martin", is_active=True)
BOB = SimpleNamespace(name="Bob", is_active=True)
GONE = SimpleNamespace(name="Carol", is_active=False)
POOL = {"alice martin": ALICE, "dev1": ALICE, "bob": BOB, "carol": GONE}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def parse(text: str, name: str = "plan.csv"):
    return parse_task_list(name=name, content=text.encode(), pool=POOL)


def problems(text: str) -> set[tuple[int, str]]:
    return {(p.row, p.column) for p in parse(text).problems}


@pytest.mark.parametrize(("cell", "days"), [
    ("5", "5"), (5, "5"), (2.5, "2.5"), ("2,5", "2.5"), ("5d", "5"), ("5 j", "5"),
    ("5 days", "5"), ("5 jours", "5"), ("1 day?", "1"), ("2w", "10"), ("2 sem", "10"),
    ("1,5 wk", "7.5"), ("0", "0"),
])
def test_a_duration_is_working_days_or_weeks_of_five(cell, days):
    assert read_duration(cell) == Decimal(days)


@pytest.mark.parametrize(("cell", "says"), [
    ("-2", "cannot be negative"), ("3 h", "is not a duration"), ("abc", "is not a duration"),
    ("10001", "at most 10000"), ("", "missing"),
])
def test_a_bad_duration_says_why(cell, says):
    with pytest.raises(ValueError, match=says):
        read_duration(cell)


def test_resources_are_found_by_name_or_code_with_ms_project_units():
    assert read_resources("Alice Martin[50%], BOB", POOL) == [(ALICE, Decimal("0.5")),
                                                             (BOB, Decimal("1"))]
    assert read_resources("dev1 [150 %]; Bob[2]", POOL) == [(ALICE, Decimal("1.5")),
                                                           (BOB, Decimal("2"))]
    for text, says in (("Zoé", "“Zoé” is not in the resource pool"), ("Carol", "not active"),
                       ("Bob, bob", "given twice"), ("Bob[0%]", "between 1%")):
        with pytest.raises(ValueError, match=says):
            read_resources(text, POOL)


def test_ms_project_predecessors_refer_to_the_id_column_with_lags_in_days():
    listed = parse("ID,Name,Duration,Predecessors\n"
                   "10,A,5,\n"
                   "20,B,3,10\n"
                   "30,C,2,\"10FS+2, 20SS\"\n"
                   "40,D,1,\"30FF-1d;20SF+1.5 days\"\n"
                   "50,E,1,40fs-0.5\n")
    assert not listed.problems
    assert [t.links for t in listed.tasks] == [
        [], [Link(0, "FS", Decimal("0"))],
        [Link(0, "FS", Decimal("2")), Link(1, "SS", Decimal("0"))],
        [Link(2, "FF", Decimal("-1")), Link(1, "SF", Decimal("1.5"))],
        [Link(3, "FS", Decimal("-0.5"))]]


def test_without_an_id_predecessors_are_wbs_codes_else_row_numbers():
    by_wbs = parse("WBS,Name,Duration,Predecessors\n1,Phase,,\n1.1,A,2,\n1.2,B,2,1.1FS+1\n2,C,1,1\n")
    assert not by_wbs.problems
    assert by_wbs.tasks[2].links == [Link(1, "FS", Decimal("1"))]
    assert by_wbs.tasks[3].links == [Link(0, "FS", Decimal("0"))]
    by_row = parse("Name,Duration,Predecessors\nA,2,\n\nB,2,2\nC,1,4SS\n")
    assert not by_row.problems  # row 2 is A, row 4 is B (row 3 is blank)
    assert [t.links for t in by_row.tasks] == [[], [Link(0, "FS", Decimal("0"))],
                                               [Link(1, "SS", Decimal("0"))]]


def test_the_tree_comes_from_the_wbs_or_the_outline_level():
    by_level = parse("Outline level,Name,Duration\n1,Phase,\n2,A,2\n3,A1,1\n2,B,2\n1,End,0\n")
    assert not by_level.problems
    assert [(t.wbs, t.parent, t.summary) for t in by_level.tasks] == [
        ("1", None, True), ("1.1", 0, True), ("1.1.1", 1, False), ("1.2", 0, False),
        ("2", None, False)]
    assert by_level.tasks[4].milestone  # no duration, no milestone column: a milestone
    by_wbs = parse("WBS,Name,Duration,% complete\n1,Phase,12,50\n1.1,A,2,100\n")
    phase = by_wbs.tasks[0]
    assert (phase.summary, phase.duration, phase.percent_complete) == (True, 0, 0)
    flat = parse("Name,Duration\nA,1\nB,2\n")
    assert [(t.wbs, t.parent) for t in flat.tasks] == [("1", None), ("2", None)]


def test_dates_percent_and_milestone_are_read():
    listed = parse("Name;Duration;Start;Finish;% complete;Actual start;Milestone\n"
                   "A;5;02/03/2026;06/03/2026;45 %;2026-03-02;no\n"
                   "B;0;;;;;oui\n")
    assert not listed.problems
    a, b = listed.tasks
    assert (a.start, a.percent_complete, a.actual_start, a.milestone) == (
        date(2026, 3, 2), 45, date(2026, 3, 2), False)
    assert b.milestone


def test_french_headers_of_the_export_are_understood():
    listed = parse("WBS;Nom;Jalon;Durée;Début;Prédécesseurs;% complété\n"
                   "1;Conception;non;2;2026-03-02;;10\n2;Réalisation;non;3;;1FS+1;0\n")
    assert not listed.problems
    assert listed.tasks[1].links == [Link(0, "FS", Decimal("1"))]
    assert listed.tasks[0].percent_complete == 10


def test_every_bad_cell_is_named_by_row_and_column():
    found = problems("ID,WBS,Name,Duration,Predecessors,Resources,Start,% complete,Milestone\n"
                     "1,1,A,-1,,Zoé,2026-02-30,120,maybe\n"
                     "2,1.1.1,,5,9,,,,\n"
                     "3,2,C,3,\"1XY, OTHER:2\",Bob[50%],,,\n"
                     "4,2,D,2,4,,,,yes\n")
    assert found == {
        (2, "Duration"), (2, "Resources"), (2, "Start"), (2, "% complete"), (2, "Milestone"),
        (3, "Name"), (3, "WBS"), (3, "Predecessors"),
        (4, "Predecessors"),
        (5, "WBS"), (5, "Predecessors"), (5, "Duration")}


def test_a_problem_says_what_is_wrong_as_the_user_wrote_it():
    report = [(p.row, p.column, p.message) for p in parse(
        "ID,Name,Duration,Predecessors,Resources\n1,A,2,,Zoé\n2,B,2,\"7, PRJ:1\",\n").problems]
    assert report == [
        (2, "Resources", "“Zoé” is not in the resource pool."),
        (3, "Predecessors", "no task has the ID 7 in the file."),
        (3, "Predecessors", "“PRJ:1” is a task of another project: link projects on the tasks "
                            "tab once the plan is imported.")]


def test_a_cycle_names_its_tasks_by_wbs_and_name_as_the_work_flows():
    listed = parse("Name,Duration,Predecessors\nDesign,2,4\nBuild,3,2\nTest,1,3\n")
    assert [(p.row, p.column, p.message) for p in listed.problems] == [
        (2, "Predecessors", "dependency cycle: 1 Design → 2 Build → 3 Test → 1 Design.")]


def test_a_summary_cannot_be_linked_to_its_own_subtask_nor_given_resources():
    found = parse("WBS,Name,Duration,Predecessors,Resources\n1,Phase,,,Bob\n1.1,A,2,1,\n")
    assert {(p.row, p.column) for p in found.problems} == {(2, "Resources"), (3, "Predecessors")}
    assert "one is a summary of the other" in found.problems[-1].message


def test_missing_columns_and_unreadable_files_are_reported_on_the_header():
    assert problems("WBS,Name\n1,A\n") == {(1, "duration")}
    assert problems("") == {(1, "file")}
    assert {(p.row, p.column) for p in parse_task_list(
        name="plan.xlsx", content=b"not a workbook", pool=POOL).problems} == {(1, "file")}
    assert {(p.row, p.column) for p in parse_task_list(
        name="plan.pdf", content=b"x", pool=POOL).problems} == {(1, "file")}
