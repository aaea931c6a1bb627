"""MS Project XML (MSPDI): reading, writing, round trips, the public corpus, hostile XML."""

from __future__ import annotations

import json
from datetime import date

import pytest
from lxml import etree

from jalon.engine import schedule
from jalon.io import FileFormatError, load_document, read_mspdi, to_plan, write_mspdi
from jalon.io.mspdi import NAMESPACE, parse_duration
from tests.io.conftest import data_folder

NS = {"p": NAMESPACE}


def _document(tmp_path, house):
    path = tmp_path / "house.json"
    path.write_text(json.dumps(house))
    return load_document(path)


def _dates(document):
    result = schedule(to_plan(document))
    return {row.id: (row.start_date, row.finish_date) for row in result}


def test_write_then_read_keeps_tasks_links_and_dates(tmp_path, house):
    document = _document(tmp_path, house)
    write_mspdi(document, tmp_path / "house.xml")
    again = read_mspdi(tmp_path / "house.xml")
    assert [t.id for t in again.tasks] == [t.id for t in document.tasks]
    assert [t.name for t in again.tasks] == [t.name for t in document.tasks]
    assert [(t.parent, t.outline_level) for t in again.tasks] == [
        (t.parent, t.outline_level) for t in document.tasks]
    assert [(link.predecessor, link.successor, link.type, link.lag, link.lag_unit)
            for link in again.links] == [
        (link.predecessor, link.successor, link.type, link.lag, link.lag_unit)
        for link in document.links]
    assert _dates(again) == _dates(document)
    tasks = {t.id: t for t in again.tasks}
    assert (tasks["C"].constraint_type, tasks["C"].constraint_date) == ("SNET", date(2026, 1, 20))
    assert tasks["C"].deadline == date(2026, 3, 2)
    assert tasks["A"].actual_finish == date(2026, 1, 9) and tasks["A"].percent_complete == 100
    assert tasks["M"].milestone and tasks["C"].notes == "tiles" and tasks["C"].priority == 700
    assert again.status_date == date(2026, 1, 9)
    assert [(r.id, r.kind, r.standard_rate, r.max_units) for r in again.resources] == [
        (r.id, r.kind, r.standard_rate, r.max_units) for r in document.resources]
    assert [(a.task, a.resource, a.units, a.work) for a in again.assignments] == [
        (a.task, a.resource, a.units, a.work) for a in document.assignments]
    assert again.baselines == document.baselines
    holidays = again.work_calendar.holidays
    assert date(2026, 1, 16) in holidays and date(2026, 5, 1) in holidays  # FR, expanded


def test_the_written_file_follows_the_schema_conventions(tmp_path, house):
    write_mspdi(_document(tmp_path, house), tmp_path / "house.xml")
    root = etree.parse(str(tmp_path / "house.xml")).getroot()
    assert root.tag == f"{{{NAMESPACE}}}Project"
    assert root.findtext("p:SaveVersion", namespaces=NS) == "14"
    assert root.findtext("p:CalendarUID", namespaces=NS) == "1"
    names = [etree.QName(child).localname for child in root]
    assert names.index("Calendars") < names.index("Tasks") < names.index("Resources") < \
        names.index("Assignments")
    tasks = root.findall("p:Tasks/p:Task", NS)
    assert [t.findtext("p:UID", namespaces=NS) for t in tasks] == ["0", "1", "2", "3", "4", "5"]
    foundations = tasks[2]
    assert foundations.findtext("p:Start", namespaces=NS) == "2026-01-05T08:00:00"
    assert foundations.findtext("p:Finish", namespaces=NS) == "2026-01-09T17:00:00"
    assert foundations.findtext("p:Duration", namespaces=NS) == "PT40H0M0S"
    assert foundations.findtext("p:OutlineNumber", namespaces=NS) == "1.1"
    child_names = [etree.QName(c).localname for c in foundations]
    assert child_names[:3] == ["UID", "ID", "Name"]
    assert child_names.index("Start") < child_names.index("Finish") < \
        child_names.index("Duration") < child_names.index("ConstraintType")


def test_a_task_constrained_before_the_project_start_round_trips(tmp_path, house):
    """The project start stays the project's, not its earliest task's; the writer says that
    links win over constraints, as Jalon schedules."""
    house["tasks"].append({"id": "E", "name": "Early", "duration": 2,
                           "constraint": {"type": "SNET", "date": "2025-12-29"}})
    house["constraints_before_start"] = True
    del house["status_date"]  # unstarted work would wait for it
    document = _document(tmp_path, house)
    write_mspdi(document, tmp_path / "house.xml")
    root = etree.parse(str(tmp_path / "house.xml")).getroot()
    assert root.findtext("p:StartDate", namespaces=NS) == "2026-01-05T08:00:00"
    assert root.findtext("p:HonorConstraints", namespaces=NS) == "0"
    summary = root.find("p:Tasks/p:Task", NS)
    assert summary.findtext("p:Start", namespaces=NS) == "2025-12-29T08:00:00"
    again = read_mspdi(tmp_path / "house.xml")
    assert again.start == date(2026, 1, 5) and again.constraints_before_start
    assert _dates(again) == _dates(document)
    assert _dates(again)["E"] == (date(2025, 12, 29), date(2025, 12, 30))


def test_a_summary_is_written_with_its_tasks_progress_and_duration(tmp_path, house):
    """MS Project reads a summary's progress as written: its tasks', weighted by duration
    (Foundations 5 days done, Walls 10.5 days, PERT, not started), never its own stored 0 %."""
    document = _document(tmp_path, house)
    assert next(t for t in document.tasks if t.id == "P").percent_complete == 0
    write_mspdi(document, tmp_path / "house.xml")
    root = etree.parse(str(tmp_path / "house.xml")).getroot()
    rows = {t.findtext("p:Name", namespaces=NS): t for t in root.findall("p:Tasks/p:Task", NS)}
    structure, walls = rows["Structure"], rows["Walls"]
    assert structure.findtext("p:PercentComplete", namespaces=NS) == "32"  # 500 / 15.5
    assert structure.findtext("p:Duration", namespaces=NS) == "PT124H0M0S"  # 15.5 days
    assert structure.findtext("p:ActualDuration", namespaces=NS) == "PT40H0M0S"
    assert walls.findtext("p:Duration", namespaces=NS) == "PT84H0M0S"
    assert read_mspdi(tmp_path / "house.xml").tasks[0].percent_complete == 32


def test_abstract_time_is_written_from_the_given_start(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"name": "a", "tasks": [
        {"id": "A", "duration": 2}, {"id": "B", "duration": 1, "predecessors": ["A"]}]}))
    write_mspdi(load_document(path), tmp_path / "p.xml", start=date(2026, 3, 2))
    again = read_mspdi(tmp_path / "p.xml")
    assert _dates(again)["B"] == (date(2026, 3, 4), date(2026, 3, 4))


MINIMAL = """<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="http://schemas.microsoft.com/project">
 <Name>m</Name><StartDate>2026-01-05T08:00:00</StartDate><MinutesPerDay>480</MinutesPerDay>
 <CalendarUID>1</CalendarUID>
 <Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>
  <WeekDays>
   <WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>
   <WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay>
   <WeekDay><DayType>0</DayType><DayWorking>0</DayWorking>
    <TimePeriod><FromDate>2026-01-07T00:00:00</FromDate><ToDate>2026-01-07T23:59:00</ToDate></TimePeriod>
   </WeekDay>
  </WeekDays>
  <Exceptions><Exception><TimePeriod><FromDate>2026-01-12T00:00:00</FromDate>
   <ToDate>2026-01-12T23:59:00</ToDate></TimePeriod><Type>1</Type><DayWorking>0</DayWorking>
  </Exception></Exceptions>
 </Calendar></Calendars>
 <Tasks>
  <Task><UID>1</UID><ID>1</ID><Name>A</Name><OutlineLevel>1</OutlineLevel>
   <Duration>PT16H0M0S</Duration></Task>
  <Task><UID>2</UID><ID>2</ID><Name>B</Name><OutlineLevel>1</OutlineLevel>
   <Duration>PT8H0M0S</Duration><ConstraintType>{constraint}</ConstraintType>
   <ConstraintDate>2026-01-05T08:00:00</ConstraintDate>
   <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>{link}</Type>
    <LinkLag>{lag}</LinkLag><LagFormat>{lag_format}</LagFormat></PredecessorLink>
  </Task>
 </Tasks>
</Project>
"""


@pytest.mark.parametrize(("code", "kind"), [(0, "FF"), (1, "FS"), (2, "SF"), (3, "SS")])
def test_link_type_codes(tmp_path, code, kind):
    path = tmp_path / "m.xml"
    path.write_text(MINIMAL.format(constraint=0, link=code, lag=0, lag_format=7))
    assert read_mspdi(path).links[0].type == kind


@pytest.mark.parametrize(("code", "kind"), list(enumerate(
    ["ASAP", "ALAP", "MSO", "MFO", "SNET", "SNLT", "FNET", "FNLT"])))
def test_constraint_codes(tmp_path, code, kind):
    path = tmp_path / "m.xml"
    path.write_text(MINIMAL.format(constraint=code, link=1, lag=0, lag_format=7))
    assert read_mspdi(path).tasks[1].constraint_type == kind


@pytest.mark.parametrize(("lag", "lag_format", "days", "unit"), [
    (4800, 7, 1.0, "days"),       # 480 minutes = one 8-hour working day
    (14400, 8, 1.0, "edays"),     # 1440 minutes = one elapsed day
    (-2400, 5, -0.5, "days"),     # a lead of 4 hours
])
def test_lags_are_tenths_of_minutes(tmp_path, lag, lag_format, days, unit):
    path = tmp_path / "m.xml"
    path.write_text(MINIMAL.format(constraint=0, link=1, lag=lag, lag_format=lag_format))
    link = read_mspdi(path).links[0]
    assert (link.lag, link.lag_unit) == (pytest.approx(days), unit)


def test_both_forms_of_calendar_exceptions_are_read(tmp_path):
    path = tmp_path / "m.xml"
    path.write_text(MINIMAL.format(constraint=0, link=1, lag=0, lag_format=7))
    document = read_mspdi(path)
    assert {date(2026, 1, 7), date(2026, 1, 12)} <= document.work_calendar.holidays
    assert _dates(document)["2"] == (date(2026, 1, 8), date(2026, 1, 8))  # ids are UIDs


def test_durations_in_xml_format():
    assert parse_duration("PT8H0M0S") == 8
    assert parse_duration("PT1H30M0S") == 1.5
    assert parse_duration("-PT4H0M0S") == -4
    with pytest.raises(ValueError):
        parse_duration("eight hours")


def test_a_bad_value_names_the_element_line_and_field(tmp_path):
    path = tmp_path / "m.xml"
    text = MINIMAL.format(constraint=0, link=1, lag=0, lag_format=7).replace(
        "<Duration>PT8H0M0S</Duration>", "<Duration>8 hours</Duration>")
    path.write_text(text)
    with pytest.raises(FileFormatError) as caught:
        read_mspdi(path)
    error = caught.value
    assert error.field == "Duration" and error.element == "Task UID 2" and error.line
    assert "m.xml" in str(error)


def test_not_an_ms_project_file(tmp_path):
    path = tmp_path / "other.xml"
    path.write_text("<svg/>")
    with pytest.raises(FileFormatError, match="not an MS Project XML file"):
        read_mspdi(path)
    path.write_text("<Project><Tasks>")
    with pytest.raises(FileFormatError, match="not well-formed"):
        read_mspdi(path)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<Project xmlns="http://schemas.microsoft.com/project"><Name>&lol9;</Name></Project>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE p [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project xmlns="http://schemas.microsoft.com/project"><Name>&secret;</Name></Project>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["bomb", "xxe"])
def test_entities_are_refused_and_never_expanded(tmp_path, text):
    path = tmp_path / "evil.xml"
    path.write_text(text)
    with pytest.raises(FileFormatError) as caught:
        read_mspdi(path)
    message = str(caught.value)
    assert "refused" in message and "evil.xml" in message
    assert "lollol" not in message and "root:" not in message


# -- the public corpus (62 files saved by MS Project 2002-2019) ----------------------------
def test_every_corpus_file_imports_and_schedules():
    files = sorted(data_folder("mspdi").glob("*.xml"))
    assert len(files) == 62
    for path in files:
        document = read_mspdi(path)
        schedule(to_plan(document))


def corpus_agreement(*, ms_project_start_rule: bool = True
                     ) -> tuple[int, int, dict[str, tuple[int, int]], int]:
    """Tasks MS Project scheduled itself (not manual, not summaries, with Start and Finish)
    whose start and finish dates Jalon computes the same, over the whole corpus; and how many
    of those that differ MS Project started before the project start."""
    per_file = {}
    early = 0
    for path in sorted(data_folder("mspdi").glob("*.xml")):
        document = read_mspdi(path)
        document.constraints_before_start = ms_project_start_rule
        result = schedule(to_plan(document))
        same = total = 0
        for task in document.tasks:
            if task.manual or task.summary or task.start is None or task.finish is None:
                continue
            total += 1
            row = result[task.id]
            agrees = (row.start_date, row.finish_date) == (task.start, task.finish)
            same += agrees
            early += not agrees and task.start < document.start  # type: ignore[operator]
        per_file[path.name] = (same, total)
    return (sum(s for s, _ in per_file.values()), sum(t for _, t in per_file.values()), per_file,
            early)


def test_computed_dates_agree_with_ms_project_on_the_corpus(capsys):
    same, total, per_file, _ = corpus_agreement()
    with capsys.disabled():
        print(f"\nMSPDI corpus agreement: {same}/{total} tasks = {same / total:.1%}")
        for name, (s, t) in per_file.items():
            if s < t:
                print(f"  {name}: {s}/{t}")
    assert total == 692
    assert same == total


def test_read_as_a_jalon_plan_the_tasks_ms_project_starts_early_move_to_the_project_start():
    """MS Project lets a task constrained to an earlier date begin before the project start
    (files read from MS Project keep that rule); under Jalon's own rule, no task starts before
    the project start, and those tasks are the only ones that differ."""
    assert read_mspdi(sorted(data_folder("mspdi").glob("*.xml"))[0]).constraints_before_start
    same, total, _, early = corpus_agreement(ms_project_start_rule=False)
    assert total - same == early == 73
