"""Where the public benchmark data live (outside the repository), and small project files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import translation

REPO = Path(__file__).resolve().parents[2]


def shared_data() -> Path:
    """``$JALON_SHARED_DATA``, or ``../shared/data`` next to the clone (as in CI)."""
    configured = os.environ.get("JALON_SHARED_DATA")
    return Path(configured) if configured else (REPO / ".." / "shared" / "data").resolve()


def data_folder(*parts: str) -> Path:
    """A folder of the shared data; the test is skipped only when the folder is absent."""
    folder = shared_data().joinpath(*parts)
    if not folder.is_dir():
        pytest.skip(f"shared benchmark data not found at {folder} (set JALON_SHARED_DATA)")
    return folder


HOUSE = {
    "name": "House",
    "start": "2026-01-05",
    "calendar": {"working_weekdays": [0, 1, 2, 3, 4], "hours_per_day": 8,
                 "public_holidays": "FR", "holidays": ["2026-01-16"]},
    "status_date": "2026-01-09",
    "actual_cost": 150,
    "tasks": [
        {"id": "P", "name": "Structure", "wbs": "1"},
        {"id": "A", "name": "Foundations", "duration": 5, "parent": "P", "percent_complete": 100,
         "actual_start": "2026-01-05", "actual_finish": "2026-01-09", "actual_cost": 3400.5},
        {"id": "B", "name": "Walls", "optimistic": 8, "most_likely": 10, "pessimistic": 15,
         "parent": "P", "predecessors": [{"id": "A", "type": "SS", "lag": 2}]},
        {"id": "C", "name": "Roof", "duration": 3.5, "priority": 700, "notes": "tiles",
         "predecessors": ["B", {"id": "A", "type": "FF", "lag": 1, "lag_unit": "edays"}],
         "constraint": {"type": "SNET", "date": "2026-01-20"}, "deadline": "2026-03-02",
         "fixed_cost": 1200},
        {"id": "M", "name": "Handover", "milestone": True, "predecessors": ["C"]},
    ],
    "resources": [
        {"id": "R1", "name": "Mason", "kind": "person", "standard_rate": 40, "cost_per_use": 0,
         "max_units": 2},
        {"id": "CR", "name": "Crane", "kind": "equipment", "standard_rate": 90},
        {"id": "CE", "name": "Cement", "kind": "material", "cost_per_use": 12.5},
    ],
    "assignments": [{"task": "A", "resource": "R1", "units": 2, "work": 80},
                    {"task": "C", "resource": "CR", "units": 1, "work": 28}],
    "baselines": {"Baseline": {"A": {"start": "2026-01-05", "finish": "2026-01-09",
                                     "duration": 5, "work": 80, "cost": 3200}}},
}


@pytest.fixture
def house() -> dict:
    """A small project using every field of the Jalon file."""
    import copy

    return copy.deepcopy(HOUSE)


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English, the language they are written in (French is the
    platform's default, and the test run sets Django up)."""
    with translation.override("en"):
        yield
