"""Levelling stored plans: preview, apply (the loading is then within capacity), clear."""

from __future__ import annotations

import datetime

import pytest

from jalon.errors import NotFound, PermissionDenied, ValidationFailed
from jalon.planning.models import Task
from jalon.planning.scheduling import project_schedule
from jalon.resources.levelling import (
    levelling_apply,
    levelling_clear,
    levelling_run_get,
    levelling_start,
)
from jalon.resources.loading import compute_loading
from jalon.resources.models import LevelledTask, LevellingRun
from tests.factories import TaskFactory
from tests.resources.conftest import MONDAY, add_critical_clash

pytestmark = pytest.mark.usefixtures("worker")  # runs are queued: the worker takes them at once


def constraints(project):
    return list(Task.objects.filter(project=project).order_by("pk")
                .values_list("name", "constraint_type", "constraint_date"))


def test_the_preview_resolves_the_over_allocation_and_changes_nothing(crowded, manager):
    project = crowded["project"]
    before = constraints(project)
    run = levelling_start(actor=manager, scope=project)
    assert run.state == LevellingRun.State.DONE  # small: the heuristic ran inline
    result = run.result
    assert result["status"] == "optimal" and result["over_allocations"] == []
    assert result["lower_bound"] == result["makespan"]
    (moved,) = [m for m in result["moves"] if m["before_start"] != m["after_start"]]
    # A is followed by C: B (no successor) waits for Alice until Thursday
    assert (moved["name"], moved["before_start"], moved["after_start"]) == (
        "B", MONDAY.isoformat(), "2025-03-06")
    (reason,) = moved["reasons"]
    assert reason["kind"] == "resource" and reason["resource"] == "Alice"
    assert reason["competing"] == ["A"]
    assert result["finish_before"] == result["finish_after"] == "2025-03-11"
    assert constraints(project) == before
    assert compute_loading([project]).over_allocations  # still over-allocated before apply


def test_apply_sets_start_no_earlier_than_and_the_schedule_is_within_capacity(crowded, manager):
    project = crowded["project"]
    run = levelling_start(actor=manager, scope=project)
    assert levelling_apply(actor=manager, run=run) == 1
    b = Task.objects.get(pk=crowded["b"].pk)
    assert (b.constraint_type, b.constraint_date) == ("SNET", datetime.date(2025, 3, 6))
    assert compute_loading([project]).over_allocations == []
    with pytest.raises(ValidationFailed):
        levelling_apply(actor=manager, run=run)  # once only


def test_levelling_again_ignores_its_own_constraints_and_clear_restores(crowded, manager):
    project = crowded["project"]
    levelling_apply(actor=manager, run=levelling_start(actor=manager, scope=project))
    again = levelling_start(actor=manager, scope=project)
    assert list(again.result["apply"].values()) == ["2025-03-06"]
    levelling_apply(actor=manager, run=again)
    assert LevelledTask.objects.count() == 1
    assert levelling_clear(actor=manager, scope=project) == 1
    b = Task.objects.get(pk=crowded["b"].pk)
    assert (b.constraint_type, b.constraint_date) == ("ASAP", None)
    assert compute_loading([project]).over_allocations  # back to the unlevelled plan


def test_within_float_keeps_the_finish_and_reports_what_remains(crowded, manager):
    project = add_critical_clash(crowded)["project"]
    free = levelling_start(actor=manager, scope=project)
    assert free.result["finish_after"] > free.result["finish_before"] == "2025-03-11"
    run = levelling_start(actor=manager, scope=project, within_float=True)
    assert run.within_float and run.result["within_float"]
    result = run.result
    assert result["status"] == "infeasible"
    assert result["finish_before"] == result["finish_after"] == "2025-03-11"
    # B has four days of float: it waits for Alice; X and Y have none: Carol stays doubled
    assert {m["name"]: m["after_start"] for m in result["moves"]} == {"B": "2025-03-06"}
    (remaining,) = result["over_allocations"]
    assert (remaining["resource"], remaining["first"], remaining["last"], remaining["excess"],
            remaining["tasks"]) == ("Carol", "2025-03-03", "2025-03-11", 1.0, ["X", "Y"])

    assert levelling_apply(actor=manager, run=run) == 1
    b = Task.objects.get(pk=crowded["b"].pk)
    assert (b.constraint_type, b.constraint_date) == ("SNET", datetime.date(2025, 3, 6))
    assert project_schedule(project).finish == datetime.date(2025, 3, 11)
    (over,) = compute_loading([project]).over_allocations  # Alice is fixed, Carol is not
    assert over.resource.name == "Carol"


def test_the_preview_holds_every_task_before_and_after(crowded, manager):
    parent = TaskFactory(project=crowded["project"], name="Phase", wbs_code="0")
    Task.objects.filter(pk__in=[crowded["a"].pk, crowded["b"].pk]).update(parent=parent)
    run = levelling_start(actor=manager, scope=crowded["project"])
    spans = {row["task"]: row for row in run.result["tasks"]}
    assert set(spans) == {parent.pk, crowded["a"].pk, crowded["b"].pk, crowded["c"].pk}
    b = spans[crowded["b"].pk]
    assert (b["before_start"], b["before_finish"], b["after_start"], b["after_finish"],
            b["delay"]) == ("2025-03-03", "2025-03-05", "2025-03-06", "2025-03-10", 3)
    # the summary spans its levelled leaves; its own delay means nothing
    phase = spans[parent.pk]
    assert (phase["before_finish"], phase["after_finish"], phase["delay"]) == (
        "2025-03-05", "2025-03-10", None)
    (span,) = run.result["projects"]
    assert (span["project"], span["before_finish"], span["after_finish"]) == (
        crowded["project"].pk, "2025-03-11", "2025-03-11")


def test_within_float_is_yes_or_no(crowded, manager):
    with pytest.raises(ValidationFailed):
        levelling_start(actor=manager, scope=crowded["project"], within_float="yes")
    assert not LevellingRun.objects.exists()


def test_a_portfolio_levels_its_projects_together_by_priority(crowded, manager, pmo, portfolio):
    from decimal import Decimal

    from tests.factories import AssignmentFactory, ProjectFactory, TaskFactory

    urgent = ProjectFactory(portfolio=portfolio, planned_start=MONDAY, priority=900)
    d = TaskFactory(project=urgent, name="D", duration=Decimal("2"))
    AssignmentFactory(task=d, resource=crowded["alice"], units=Decimal("1"))
    run = levelling_start(actor=pmo, scope=portfolio)
    assert run.state == LevellingRun.State.DONE and run.result["over_allocations"] == []
    after = {m["name"]: m["after_start"] for m in run.result["moves"]}
    assert "D" not in after  # the higher-priority project keeps its date
    levelling_apply(actor=pmo, run=run)
    assert compute_loading([crowded["project"], urgent]).over_allocations == []


def test_who_may_level(crowded, member, executive, outsider, manager):
    project = crowded["project"]
    for user in (member, executive):
        with pytest.raises(PermissionDenied):
            levelling_start(actor=user, scope=project)
    with pytest.raises(NotFound):
        levelling_start(actor=outsider, scope=project)
    run = levelling_start(actor=manager, scope=project)
    with pytest.raises(NotFound):
        levelling_run_get(user=outsider, pk=run.pk)
    with pytest.raises(PermissionDenied):
        levelling_run_get(user=member, pk=run.pk)


def test_a_project_without_a_start_cannot_be_levelled(project, manager):
    with pytest.raises(ValidationFailed):
        levelling_start(actor=manager, scope=project)


def test_every_kind_of_engine_reason_has_a_translated_sentence():
    from jalon.engine.levelling import TEMPLATES
    from jalon.resources.explaining import SENTENCES

    assert set(SENTENCES) == set(TEMPLATES)


def test_a_resource_reason_reads_as_a_sentence_in_english_and_french(crowded, manager):
    from django.utils import translation

    from jalon.resources.explaining import sentence

    run = levelling_start(actor=manager, scope=crowded["project"])
    (reason,) = next(m for m in run.result["moves"] if m["name"] == "B")["reasons"]
    with translation.override("en"):
        assert sentence(reason) == (
            "B is delayed from 03/03/2025 to 06/03/2025: on 03/03/2025, Alice has a capacity of "
            "1, with 1 already taken by A; B needs 1.")
    with translation.override("fr"):
        assert sentence(reason) == (
            "B est retardée du 03/03/2025 au 06/03/2025 : le 03/03/2025, Alice a une capacité "
            "de 1, dont 1 déjà prise par A ; B en demande 1.")


def test_a_part_time_person_asked_full_time_is_levelled_and_explained(crowded, manager):
    """Bob works at 0.8 and C now asks him full time: levelling used to fail as a whole; it
    levels the plan and says what it did with C, in the reader's language."""
    from decimal import Decimal

    from django.utils import translation

    from jalon.resources.explaining import sentence
    from jalon.resources.models import Assignment

    crowded["bob"].capacity = Decimal("0.8")
    crowded["bob"].save()
    Assignment.objects.filter(task=crowded["c"]).update(units=Decimal("1"))
    run = levelling_start(actor=manager, scope=crowded["project"])
    assert run.state == LevellingRun.State.DONE, run.error
    moves = {m["name"]: m for m in run.result["moves"]}
    assert moves["B"]["after_start"] == "2025-03-06"  # Alice's clash is levelled as before
    (capped,) = moves["C"]["reasons"]
    assert capped["kind"] == "capped" and moves["C"]["after_start"] == moves["C"]["before_start"]
    with translation.override("en"):
        assert sentence(capped) == (
            "C needs 1 of Bob, which never has more than 0.8: it is levelled as taking all of "
            "Bob for its planned duration; the rest remains over-allocated.")
    with translation.override("fr"):
        assert sentence(capped) == (
            "C demande 1 de Bob, qui n’a jamais plus de 0,8 : elle est lissée en prenant tout "
            "Bob pendant sa durée prévue ; le reste demeure en surcharge.")
