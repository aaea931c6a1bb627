"""PSPLIB .sm files: the network, durations, demands and capacities."""

from __future__ import annotations

import csv

import pytest

from jalon.engine import schedule
from jalon.io import FileFormatError, load_project, read_psplib
from tests.io.conftest import data_folder


def test_j301_1_has_a_critical_path_of_38():
    folder = data_folder("psplib", "j30")
    instance = read_psplib(folder / "j301_1.sm")
    assert instance.name == "j301_1"
    assert instance.capacities == {"R1": 12, "R2": 13, "R3": 4, "R4": 12}
    assert instance.demands["2"] == {"R1": 4}
    assert instance.durations["2"] == 8
    assert instance.horizon == 158
    assert schedule(instance.plan).finish == 38
    assert schedule(load_project(folder / "j301_1.sm")).finish == 38


def test_every_j30_file_parses_and_matches_the_published_critical_path_bound():
    folder = data_folder("psplib", "j30")
    with (folder.parent / "bks.csv").open() as handle:
        bounds = {row["instance"]: int(row["cpm_bound"]) for row in csv.DictReader(handle)}
    files = sorted(folder.glob("*.sm"))
    assert len(files) == 480
    for path in files:
        instance = read_psplib(path)
        assert len(instance.document.tasks) == 32
        assert schedule(instance.plan).finish == bounds[path.stem], path.name


def test_a_broken_file_names_the_line(tmp_path):
    path = tmp_path / "bad.sm"
    path.write_text("PRECEDENCE RELATIONS:\njobnr. #modes #successors successors\n"
                    "   1   1   2   2\n")
    with pytest.raises(FileFormatError) as caught:
        read_psplib(path)
    assert caught.value.line == 3 and "bad.sm" in str(caught.value)


def test_a_file_that_is_not_psplib_is_refused(tmp_path):
    path = tmp_path / "x.sm"
    path.write_text("hello\n")
    with pytest.raises(FileFormatError, match="not a PSPLIB"):
        read_psplib(path)
