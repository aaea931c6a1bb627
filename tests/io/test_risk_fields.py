"""The Monte Carlo fields of the Jalon file: task distributions and the risk register."""

from __future__ import annotations

import json

import pytest

from jalon.engine.montecarlo import DurationDistribution, RiskEvent
from jalon.io import FileFormatError
from jalon.io.jalon_file import document_from_data, document_to_data, dumps, read_jalon_file


def project(**extra):
    data = {
        "name": "Risky",
        "tasks": [
            {"id": "A", "duration": 5},
            {"id": "B", "optimistic": 4, "most_likely": 6, "pessimistic": 12,
             "predecessors": ["A"], "distribution": "pert"},
            {"id": "C", "duration": 3, "predecessors": ["B"],
             "distribution": {"type": "normal", "std": 1}},
            {"id": "D", "duration": 2, "predecessors": ["A"],
             "distribution": {"type": "uniform", "low": 1, "high": 4}},
        ],
        "risks": [{"id": "R1", "name": "Late permit", "probability": 0.3, "tasks": ["B", "C"],
                   "delay": 5, "cost": 20000}],
    }
    data.update(extra)
    return data


def test_distributions_and_risks_are_read():
    document = document_from_data(project())
    tasks = {t.id: t for t in document.tasks}
    assert tasks["A"].distribution is None
    assert tasks["B"].distribution == DurationDistribution.pert(4, 6, 12)  # from the estimate
    assert tasks["C"].distribution == DurationDistribution.normal(3, 1)  # mean = duration
    assert tasks["D"].distribution == DurationDistribution.uniform(1, 4)
    assert document.risks == [RiskEvent("R1", 0.3, ("B", "C"), delay=5, cost=20000,
                                        name="Late permit")]


@pytest.mark.parametrize(("distribution", "expected"), [
    ({"type": "uniform", "min": 1, "max": 4}, DurationDistribution.uniform(1, 4)),
    ({"type": "triangular", "min": 2, "mode": 3, "max": 9},
     DurationDistribution.triangular(2, 3, 9)),
    ({"type": "pert", "min": 2, "mode": 3, "high": 9}, DurationDistribution.pert(2, 3, 9)),
    ({"type": "triangular", "max": 20}, DurationDistribution.triangular(4, 6, 20)),  # estimate
])
def test_min_and_max_are_read_as_low_and_high(distribution, expected):
    """The names @RISK and most risk tools give the bounds."""
    data = project()
    data["tasks"][1]["distribution"] = distribution
    assert document_from_data(data).tasks[1].distribution == expected


def test_a_bound_given_under_both_names_is_refused():
    data = project()
    data["tasks"][3]["distribution"] = {"type": "uniform", "low": 1, "min": 2, "high": 4}
    with pytest.raises(FileFormatError) as caught:
        document_from_data(data, path="plan.json")
    assert caught.value.field == "distribution.low"
    assert "task 'D'" in str(caught.value)
    assert "low and min are the same parameter; give only one." in str(caught.value)


def test_files_without_the_fields_stay_valid():
    data = project()
    del data["risks"]
    for task in data["tasks"]:
        task.pop("distribution", None)
    document = document_from_data(data)
    assert document.risks == []
    assert all(t.distribution is None for t in document.tasks)
    assert "risks" not in document_to_data(document)


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_round_trip(tmp_path, suffix):
    document = document_from_data(project())
    document.tasks[0].distribution = DurationDistribution.lognormal(5, 2)
    path = tmp_path / f"plan{suffix}"
    path.write_text(dumps(document, format=suffix[1:]), encoding="utf-8")
    again = read_jalon_file(path)
    assert again == document


@pytest.mark.parametrize(("change", "field", "words"), [
    (lambda d: d["tasks"][2]["distribution"].update(type="gamma"), "distribution.type", "gamma"),
    (lambda d: d["tasks"][2]["distribution"].pop("std"), "distribution.std", "needs std"),
    (lambda d: d["tasks"][3]["distribution"].update(low=5), "distribution", "low <= high"),
    (lambda d: d["tasks"][0].update(distribution="triangular"), "distribution.low",
     "three-point"),
    (lambda d: d["tasks"][2]["distribution"].update(std="wide"), "distribution.std", "number"),
    (lambda d: d["tasks"][2]["distribution"].update(sigma=1), "distribution", "unknown keys"),
])
def test_bad_distributions_name_the_task_and_field(tmp_path, change, field, words):
    data = project()
    change(data)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    with pytest.raises(FileFormatError) as caught:
        read_jalon_file(path)
    error = caught.value
    assert error.field == field
    assert words in str(error)
    assert "task '" in str(error) and error.line is not None


@pytest.mark.parametrize(("risk", "field", "words"), [
    ({"id": "R2", "probability": 1.5, "tasks": ["A"]}, "probability", "between 0 and 1"),
    ({"id": "R2", "tasks": ["A"]}, "probability", "needs a probability"),
    ({"id": "R2", "probability": 0.2, "tasks": ["Z"]}, "tasks", "unknown task 'Z'"),
    ({"id": "R2", "probability": 0.2, "tasks": ["A"], "delay": "long"}, "delay", "number"),
    ({"id": "R2", "probability": 0.2, "impact": 3}, None, "unknown keys impact"),
    ({"id": "R1", "probability": 0.2}, "id", "duplicate risk id"),
])
def test_bad_risks_name_the_risk_and_field(risk, field, words):
    data = project()
    data["risks"].append(risk)
    with pytest.raises(FileFormatError) as caught:
        document_from_data(data, path="plan.json")
    assert caught.value.field == field
    assert words in str(caught.value)
    assert "risk" in str(caught.value)


def test_a_risk_cannot_hit_a_summary():
    data = project()
    data["tasks"].append({"id": "S"})
    data["tasks"][0]["parent"] = "S"
    data["risks"][0]["tasks"] = ["S"]
    with pytest.raises(FileFormatError, match="summary"):
        document_from_data(data)
