"""The optional MPXJ bridge: MS Project reads back what Jalon writes, and .mpp files import."""

from __future__ import annotations

import json
import sys
from datetime import date

import pytest

from jalon.engine import schedule
from jalon.io import FileFormatError, load_document, load_project, to_plan, write_mspdi
from tests.io.conftest import data_folder


def test_without_mpxj_the_message_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "mpxj", None)  # import mpxj -> ImportError
    path = tmp_path / "plan.mpp"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(FileFormatError) as caught:
        load_project(path)
    assert "pip install 'jalon[mpxj]'" in str(caught.value) and "java -version" in str(caught.value)


@pytest.fixture(scope="module")
def mpxj_project():
    pytest.importorskip("mpxj", reason="the optional mpxj package is not installed")
    from jalon.io.mpxj_bridge import mpxj_project

    return mpxj_project


def _text(value) -> str:
    return str(value)


def test_mpxj_reads_the_written_mspdi_with_the_same_tasks_links_and_dates(tmp_path, house,
                                                                             mpxj_project):
    source = tmp_path / "house.json"
    source.write_text(json.dumps(house))
    document = load_document(source)
    write_mspdi(document, tmp_path / "house.xml")
    result = schedule(to_plan(document))
    project = mpxj_project(tmp_path / "house.xml")
    tasks = {_text(t.getName()): t for t in project.getTasks() if int(t.getUniqueID()) != 0}
    assert sorted(tasks) == sorted(t.name for t in document.tasks)
    for task in document.tasks:
        java = tasks[task.name]
        row = result[task.id]
        assert date.fromisoformat(_text(java.getStart())[:10]) == row.start_date, task.id
        assert date.fromisoformat(_text(java.getFinish())[:10]) == row.finish_date, task.id
    links = sorted(
        (_text(r.getPredecessorTask().getName()), _text(r.getSuccessorTask().getName()),
         _text(r.getType()))
        for t in project.getTasks() for r in t.getPredecessors())
    names = {t.id: t.name for t in document.tasks}
    assert links == sorted((names[k.predecessor], names[k.successor], k.type)
                           for k in document.links)
    # and the whole document comes back through MPXJ's own MSPDI writer
    from jalon.io.mpxj_bridge import read_with_mpxj

    again = read_with_mpxj(tmp_path / "house.xml")
    assert [t.name for t in again.tasks] == [t.name for t in document.tasks]
    dates = {t.name: (r.start_date, r.finish_date)
             for t, r in zip(again.tasks, schedule(to_plan(again)), strict=True)}
    assert dates == {t.name: (result[t.id].start_date, result[t.id].finish_date)
                     for t in document.tasks}


def test_mpp_files_import_through_mpxj(mpxj_project):
    files = sorted(data_folder("mpp").glob("*.mpp"))
    assert files
    for path in files:
        plan = load_project(path)
        assert len(plan.activities) > 30
        assert schedule(plan).finish > 0
