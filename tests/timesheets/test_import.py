"""Importing timesheets from CSV or XLSX: all rows or none, and a report naming every bad row."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from jalon.errors import NotFound
from jalon.timesheets import importing
from jalon.timesheets.importing import TimesheetImportFailed
from jalon.timesheets.models import TimesheetEntry
from jalon.timesheets.timesheet_import import parse_timesheet
from tests.factories import TimesheetEntryFactory
from tests.timesheets.conftest import day

pytestmark = pytest.mark.django_db
Status = TimesheetEntry.Status


def csv(team, *rows: str, header: str = "date,resource,project,task,hours,note") -> bytes:
    return ("\n".join([header, *rows]) + "\n").replace("{P}", team["project"].code).encode()


def problems_of(caught) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for problem in caught.value.problems:
        found.setdefault(problem.row, []).append(problem.column)
    return found


def test_a_good_file_is_imported_and_approved_for_the_project_manager(team):
    content = csv(team, "2026-06-01,DEV,{P},1.1,7.5,Specs",
                  "02/06/2026,Quinn QA,{P},1.2,\"6,5\",",
                  "2026-06-03,qa,{P},1.2,7:30,")
    result = importing.timesheet_entries_import(actor=team["manager"], name="week.csv",
                                                content=content)
    assert (len(result.entries), result.approved, result.submitted) == (3, 3, 0)
    assert result.hours == Decimal("21.5")
    entry = TimesheetEntry.objects.get(date=day(0))
    assert entry.resource == team["mine"] and entry.task == team["build"]
    assert entry.status == Status.APPROVED and entry.reviewed_by == team["manager"]
    assert entry.rate == Decimal("60") and entry.note == "Specs"
    assert entry.source == TimesheetEntry.Source.IMPORT
    assert TimesheetEntry.objects.get(date=day(2)).hours == Decimal("7.5")


def test_a_team_member_s_import_awaits_approval(team):
    content = csv(team, "2026-06-01,DEV,{P},1.1,7,", header="date;resource;project;task;hours;note"
                  ).replace(b",", b";")
    result = importing.timesheet_entries_import(actor=team["member"], name="mine.csv",
                                                content=content)
    assert result.submitted == 1 and result.entries[0].status == Status.SUBMITTED


def test_a_file_with_bad_rows_saves_nothing_and_names_each_row(team):
    TimesheetEntryFactory(resource=team["mine"], task=team["build"], date=day(4))
    content = csv(
        team,
        "2026-06-01,DEV,{P},1.1,7,fine",          # 2: good
        "2026-13-01,DEV,{P},1.1,7,",              # 3: bad date
        "2026-06-02,NOBODY,{P},1.1,7,",           # 4: unknown resource
        "2026-06-02,DEV,{P},9.9,7,",              # 5: unknown task
        "2026-06-02,DEV,{P},1.1,25,",             # 6: more than 24 hours
        "2026-06-01,DEV,{P},1.1,1,",              # 7: same resource, task and day as row 2
        "2026-06-02,DEV,NOPE,1.1,1,",             # 8: unknown project
        "2026-06-05,DEV,{P},1.1,1,",              # 9: already recorded
        "2026-06-03,DEV,{P},1,1,",                # 10: a summary task
        "2026-06-03,DEV,{P},1.1,20,",             # 11: 20 h ...
        "2026-06-03,QA,{P},1.2,2,",               # 12: (QA: fine)
        "2026-06-03,DEV,{P},1.2,5,",              # 13: ... + 5 h = 25 h on 3 June
    )
    with pytest.raises(TimesheetImportFailed) as caught:
        importing.timesheet_entries_import(actor=team["manager"], name="bad.csv",
                                           content=content)
    found = problems_of(caught)
    assert found == {3: ["date"], 4: ["resource"], 5: ["task"], 6: ["hours"], 7: ["date"],
                     8: ["project"], 9: ["date"], 10: ["task"], 13: ["hours"]}
    assert "rows 11, 13" in next(p.message for p in caught.value.problems if p.row == 13)
    assert "nothing was imported" in caught.value.message
    assert TimesheetEntry.objects.count() == 1  # the one recorded before


def test_a_team_member_may_not_import_a_colleague_s_time(team):
    content = csv(team, "2026-06-01,QA,{P},1.2,7,")
    with pytest.raises(TimesheetImportFailed) as caught:
        importing.timesheet_entries_import(actor=team["member"], name="t.csv", content=content)
    (problem,) = caught.value.problems
    assert problem.row == 2 and "yourself" in problem.message


def test_importing_into_a_project_needs_no_project_column_and_refuses_others(team,
                                                                             other_project):
    content = csv(team, "2026-06-01,DEV,1.1,7", header="Date,Ressource,Tâche,Heures")
    result = importing.timesheet_entries_import(actor=team["manager"], name="t.csv",
                                                content=content, project=team["project"])
    assert len(result.entries) == 1
    with pytest.raises(TimesheetImportFailed) as caught:
        importing.timesheet_entries_import(actor=team["manager"], name="t.csv", content=content)
    assert caught.value.problems[0].column == "project"
    other = ("date,resource,project,task,hours\n"
             f"2026-06-02,DEV,{other_project.code},1.1,7\n").encode()
    with pytest.raises(TimesheetImportFailed) as caught:
        importing.timesheet_entries_import(actor=team["manager"], name="t.csv", content=other,
                                           project=team["project"])
    assert problems_of(caught) == {2: ["project"]}  # unknown to her, and not this project


def test_a_hidden_project_is_not_found(team, outsider):
    with pytest.raises(NotFound):
        importing.timesheet_entries_import(actor=outsider, name="t.csv", content=b"x",
                                           project=team["project"])


def test_an_xlsx_workbook_is_read(team):
    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "Resource", "Project", "Task", "Hours", "Note"])
    sheet.append([datetime.datetime(2026, 6, 1), "DEV", team["project"].code, 1.1, 7.25, "x"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = importing.timesheet_entries_import(actor=team["manager"], name="t.xlsx",
                                                content=buffer.getvalue())
    assert result.entries[0].hours == Decimal("7.25")
    assert result.entries[0].task == team["build"]


@pytest.mark.parametrize(("content", "column"), [
    (b"", "file"),
    (b"date,hours\n2026-06-01,7\n", "resource, task"),
    (b"date,resource,task,hours\n", "file"),
])
def test_unusable_files_are_explained(team, content, column):
    with pytest.raises(TimesheetImportFailed) as caught:
        importing.timesheet_entries_import(actor=team["manager"], name="t.csv", content=content,
                                           project=team["project"])
    assert caught.value.problems[0].column == column


def test_a_pdf_is_not_a_timesheet():
    parsed = parse_timesheet(name="t.pdf", content=b"%PDF")
    assert parsed.problems[0].row == 1 and "csv" in parsed.problems[0].message.lower()
