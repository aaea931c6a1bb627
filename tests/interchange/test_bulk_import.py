"""A plan import writes in bulk: its queries do not grow with the plan, the check before the
write only reads, and the written plan is numbered and recorded as one imported task by task."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jalon import io
from jalon.engine import WorkCalendar
from jalon.errors import CycleError, ValidationFailed
from jalon.interchange import services as interchange
from jalon.planning.models import Task
from jalon.portfolios.models import InputsVersion, Project
from jalon.resources.models import Assignment

pytestmark = pytest.mark.postgres


def plan(size: int) -> io.ProjectDocument:
    """``size`` tasks in groups of ten under a summary each, chained, each assigned to one of
    five resources, with a calendar, a baseline, fixed and actual costs."""
    tasks, links, assignments, baseline = [], [], [], {}
    summary = None
    for n in range(1, size + 1):
        ident = str(n)
        if n % 10 == 1:
            summary = ident
            tasks.append(io.TaskDef(id=ident, name=f"Lot {n // 10 + 1}"))
            continue
        tasks.append(io.TaskDef(id=ident, name=f"Tâche {n}", parent=summary, duration=2.0,
                                fixed_cost=100.0 if n % 10 == 0 else 0.0, actual_cost=10.0))
        if n % 10 != 2:
            links.append(io.LinkDef(predecessor=str(n - 1), successor=ident))
        assignments.append(io.AssignmentDef(task=ident, resource=f"R{n % 5}"))
        baseline[ident] = io.BaselineValues(duration=2.0, cost=50.0)
    return io.ProjectDocument(
        name="Plan", start=date(2026, 1, 5), status_date=date(2026, 2, 2), calendar="c",
        calendars=[io.CalendarDef(id="c", name="Site", calendar=WorkCalendar(
            holidays=frozenset({date(2026, 5, 1)})))],
        tasks=tasks, links=links, assignments=assignments,
        resources=[io.ResourceDef(id=f"R{r}", name=f"Bulk resource {r}") for r in range(5)],
        baselines={"Baseline": baseline})


def _writes(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def _queries(pmo, portfolio, size: int, code: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        interchange.project_import(actor=pmo, document=plan(size), code=code,
                                   portfolio=portfolio)
    return len(captured.captured_queries)


def test_the_queries_of_an_import_do_not_grow_with_the_plan(pmo, portfolio):
    _queries(pmo, portfolio, 10, "WARM")  # the pool's resources exist from now on
    small, large = _queries(pmo, portfolio, 50, "S50"), _queries(pmo, portfolio, 500, "L500")
    assert Task.objects.filter(project__code="L500").count() == 500
    # each kind of row in statements as large as the database allows: over a thousand tasks
    # a statement on SQLite (32,766 values), more on PostgreSQL
    assert large == small, (small, large)


def test_the_check_reads_and_writes_nothing(pmo, portfolio):
    with CaptureQueriesContext(connection) as captured:
        prepared = interchange.import_prepare(actor=pmo, document=plan(30), code="P30",
                                              portfolio=portfolio)
    assert not _writes(captured)
    assert not Project.objects.filter(code="P30").exists()
    report = interchange.import_write(prepared)
    assert report.project.tasks.count() == 30


def test_the_written_plan_is_numbered_recorded_and_versioned_once(pmo, portfolio):
    project = interchange.project_import(actor=pmo, document=plan(25), code="N25",
                                         portfolio=portfolio).project
    codes = dict(Task.objects.filter(project=project).values_list("name", "wbs_code"))
    assert codes["Lot 1"] == "1" and codes["Tâche 2"] == "1.1" and codes["Tâche 12"] == "2.1"
    assert codes["Lot 3"] == "3" and codes["Tâche 25"] == "3.4"
    history = Task.history.filter(project_id=project.pk)
    assert history.count() == 25
    assert {h.history_user for h in history} == {pmo}
    assert set(history.values_list("wbs_code", flat=True)) == set(codes.values())
    assert Assignment.history.filter(task__project=project).count() == 22
    assert InputsVersion.objects.get(project=project).version == 1
    baseline = project.baselines.get()
    assert set(baseline.tasks.values_list("wbs_code", flat=True)) == set(codes.values()) - {
        "1", "2", "3"}


def test_a_cycle_in_the_file_is_refused_before_anything_is_written(pmo, portfolio):
    document = plan(12)
    document.links.append(io.LinkDef(predecessor="4", successor="2"))
    with pytest.raises(CycleError) as refused, CaptureQueriesContext(connection) as captured:
        interchange.project_import(actor=pmo, document=document, code="CY", portfolio=portfolio)
    assert "CY 1.1 Tâche 2" in refused.value.message
    assert not _writes(captured)
    assert not Project.objects.filter(code="CY").exists()


def test_summaries_that_loop_under_each_other_are_refused(pmo, portfolio):
    document = plan(3)
    document.tasks[0].parent = "2"  # 1 under 2, and 2 under 1
    with pytest.raises(ValidationFailed, match="Lot 1.*2"):
        interchange.project_import(actor=pmo, document=document, code="LOOP",
                                   portfolio=portfolio)
    assert not Project.objects.filter(code="LOOP").exists()


def test_names_are_stored_as_written_whatever_their_characters(pmo, portfolio):
    """Rows go to the database as arrays on PostgreSQL: quotes, braces, commas, backslashes,
    the word NULL and an empty note come back as the file wrote them."""
    names = ['Pose "béton"', "{a,b}", "C:\\temp\\x", "NULL", "l'été, 2", "  ", "x" * 250]
    document = io.ProjectDocument(name="Odd", tasks=[
        io.TaskDef(id=str(n), name=name, notes=name if n % 2 else "")
        for n, name in enumerate(names)])
    project = interchange.project_import(actor=pmo, document=document, code="ODD",
                                         portfolio=portfolio).project
    stored = list(Task.objects.filter(project=project).order_by("position")
                  .values_list("name", "notes"))
    assert stored == [(name, name if n % 2 else "") for n, name in enumerate(names)]
