"""The Jalon project file (JSON/YAML): reading, writing, round trips and clear errors."""

from __future__ import annotations

import json
from datetime import date

import pytest
import yaml

from jalon.engine import schedule
from jalon.io import (
    FileFormatError,
    load_document,
    load_project,
    read_jalon_file,
    save_document,
    to_plan,
    write_jalon_file,
)
from jalon.io.jalon_file import document_to_data


def write(tmp_path, name, data):
    path = tmp_path / name
    if name.endswith(".json"):
        path.write_text(json.dumps(data), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".yml"])
def test_every_field_is_read(tmp_path, house, suffix):
    document = read_jalon_file(write(tmp_path, f"house{suffix}", house))
    assert document.name == "House"
    assert document.start == date(2026, 1, 5)
    assert document.work_calendar.public_holidays == "FR"
    assert date(2026, 1, 16) in document.work_calendar.holidays
    tasks = {task.id: task for task in document.tasks}
    assert tasks["P"].summary and tasks["A"].parent == "P" and tasks["A"].outline_level == 2
    assert tasks["B"].duration == pytest.approx((8 + 40 + 15) / 6)  # PERT te when no duration
    assert tasks["C"].constraint_type == "SNET" and tasks["C"].constraint_date == date(2026, 1, 20)
    assert tasks["C"].deadline == date(2026, 3, 2) and tasks["C"].priority == 700
    assert tasks["A"].actual_finish == date(2026, 1, 9) and tasks["A"].percent_complete == 100
    assert tasks["M"].milestone
    links = {(link.predecessor, link.successor): link for link in document.links}
    assert links[("B", "C")].type == "FS" and links[("B", "C")].lag == 0  # plain id
    assert links[("A", "B")].type == "SS" and links[("A", "B")].lag == 2
    assert links[("A", "C")].lag_unit == "edays"
    assert [r.kind for r in document.resources] == ["person", "equipment", "material"]
    assert document.assignments[0].work == 80
    assert document.baselines["Baseline"]["A"].cost == 3200
    assert (tasks["A"].actual_cost, tasks["C"].fixed_cost, tasks["B"].actual_cost) == (
        3400.5, 1200, 0)
    assert document.actual_cost == 150  # spent on no task


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_write_then_read_gives_the_same_document(tmp_path, house, suffix):
    first = read_jalon_file(write(tmp_path, "in.json", house))
    target = tmp_path / f"out{suffix}"
    write_jalon_file(first, target)
    second = read_jalon_file(target)
    assert second == first
    assert document_to_data(second) == document_to_data(first)


def test_the_ms_project_start_rule_is_kept(tmp_path, house):
    house["constraints_before_start"] = True
    document = read_jalon_file(write(tmp_path, "in.json", house))
    assert document.constraints_before_start and to_plan(document).constraints_before_start
    assert document_to_data(document)["constraints_before_start"] is True
    assert "constraints_before_start" not in document_to_data(
        read_jalon_file(write(tmp_path, "own.json", {**house, "constraints_before_start": False})))
    house["constraints_before_start"] = "yes"
    with pytest.raises(FileFormatError, match="constraints_before_start"):
        read_jalon_file(write(tmp_path, "bad.json", house))


def test_round_trip_keeps_the_schedule(tmp_path, house):
    first = load_project(write(tmp_path, "in.yaml", house))
    document = load_document(write(tmp_path, "in.yaml", house))
    save_document(document, tmp_path / "out.json")
    again = load_project(tmp_path / "out.json")
    one, two = schedule(first), schedule(again)
    assert [(r.start_date, r.finish_date) for r in one] == [(r.start_date, r.finish_date) for r in two]


def test_without_a_start_times_are_working_days_from_zero(tmp_path):
    data = {"name": "abstract", "tasks": [
        {"id": "A", "duration": 3}, {"id": "B", "duration": 2, "predecessors": ["A"],
                                     "constraint": {"type": "SNET", "date": 4}}]}
    plan = load_project(write(tmp_path, "p.json", data))
    assert plan.start is None
    result = schedule(plan)
    assert result["B"].early_start == 4 and result.finish == 6


def test_invalid_json_names_the_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"name": "x",\n "tasks": [\n  {"id": "A",, "duration": 1}\n]}\n')
    with pytest.raises(FileFormatError) as caught:
        read_jalon_file(path)
    assert caught.value.line == 3 and "bad.json" in str(caught.value)


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\ntasks:\n  - id: A\n    duration: [1\n")
    with pytest.raises(FileFormatError) as caught:
        read_jalon_file(path)
    assert caught.value.line is not None and "invalid YAML" in str(caught.value)


def test_a_bad_field_names_the_task_its_line_and_the_field(tmp_path):
    text = ('{"name": "x", "tasks": [\n  {"id": "A", "duration": 1},\n'
            '  {"id": "B", "duration": "three"}\n]}\n')
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(FileFormatError) as caught:
        read_jalon_file(path)
    error = caught.value
    assert (error.line, error.field) == (3, "duration")
    assert "task 'B'" in str(error) and "'three'" in str(error)


def test_engine_rules_are_checked_with_the_task_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\ntasks:\n  - id: A\n    duration: 1\n  - id: B\n"
                    "    optimistic: 5\n    most_likely: 3\n    pessimistic: 9\n")
    with pytest.raises(FileFormatError) as caught:
        read_jalon_file(path)
    assert caught.value.line == 5 and "optimistic <= most_likely" in str(caught.value)


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d["tasks"][2].update(predecessors=["Z"]), "unknown predecessor 'Z'"),
    (lambda d: d["tasks"][2].update(colour="red"), "unknown keys colour"),
    (lambda d: d.pop("name"), "needs a name"),
    (lambda d: d["tasks"].append({"id": "A"}), "duplicate task id 'A'"),
    (lambda d: d["tasks"][2].update(constraint={"type": "SOON"}), "constraint type"),
    (lambda d: d["assignments"].append({"task": "A", "resource": "X"}), "unknown resource 'X'"),
    (lambda d: d["calendar"].update(working_weekdays=[9]), "weekdays are 0"),
    (lambda d: d["tasks"][3].update(predecessors=[{"id": "B", "type": "XX"}]), "link type"),
    (lambda d: d["tasks"][1].update(actual_cost=-5), "field actual_cost: must be at least 0"),
    (lambda d: d.update(actual_cost="much"), "field actual_cost: must be a number"),
])
def test_bad_files_get_a_clear_error(tmp_path, house, change, words):
    change(house)
    with pytest.raises(FileFormatError) as caught:
        load_project(write(tmp_path, "bad.json", house))
    assert words in str(caught.value)
    assert "bad.json" in str(caught.value)


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(FileFormatError, match="no such file"):
        load_project(tmp_path / "nowhere.json")


def test_yaml_is_read_with_safe_load_only(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("name: !!python/object/apply:os.system ['echo pwned']\ntasks: []\n")
    with pytest.raises(FileFormatError, match="invalid YAML"):
        read_jalon_file(path)


def test_to_plan_builds_the_engine_plan(tmp_path, house):
    plan = to_plan(read_jalon_file(write(tmp_path, "h.json", house)))
    assert [a.id for a in plan.activities] == ["P", "A", "B", "C", "M"]
    assert plan.status_date == date(2026, 1, 9)
    assert plan.activities[0].duration == 0  # a summary is rolled up by the engine


def test_the_documented_example_reads_and_schedules(tmp_path):
    from tests.io.conftest import REPO

    text = (REPO / "docs" / "file-format.md").read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    result = schedule(load_project(path))
    assert result.critical_path and result.finish_date is not None
