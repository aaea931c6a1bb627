"""Editing a plan: the WBS tree, links and their checks, baselines."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from jalon.errors import CycleError, PermissionDenied, ValidationFailed
from jalon.planning import services
from jalon.planning.models import Dependency, Task
from tests.factories import AssignmentFactory, ProjectFactory, ResourceFactory, TaskFactory

pytestmark = pytest.mark.django_db


def outline(project) -> list[tuple[str, str]]:
    return list(Task.objects.filter(project=project).order_by("wbs_code").values_list("wbs_code", "name"))


def test_tasks_get_outline_codes_as_they_are_indented_and_outdented(pmo, project):
    a = services.task_create(actor=pmo, project=project, name="Phase A")
    b = services.task_create(actor=pmo, project=project, name="Spec")
    c = services.task_create(actor=pmo, project=project, name="Build")
    services.task_indent(actor=pmo, task=b)
    services.task_indent(actor=pmo, task=c)
    assert outline(project) == [("1", "Phase A"), ("1.1", "Spec"), ("1.2", "Build")]
    services.task_outdent(actor=pmo, task=c)
    assert outline(project) == [("1", "Phase A"), ("1.1", "Spec"), ("2", "Build")]
    services.task_move(actor=pmo, task=Task.objects.get(pk=c.pk), offset=-1)
    assert outline(project) == [("1", "Build"), ("2", "Phase A"), ("2.1", "Spec")]
    services.task_delete(actor=pmo, task=Task.objects.get(pk=a.pk))
    assert outline(project) == [("1", "Build")]


def test_the_first_task_cannot_be_indented(pmo, project):
    task = services.task_create(actor=pmo, project=project, name="Alone")
    with pytest.raises(ValidationFailed):
        services.task_indent(actor=pmo, task=task)


def test_negative_duration_and_bad_estimates_are_refused(pmo, project):
    with pytest.raises(ValidationFailed) as excinfo:
        services.task_create(actor=pmo, project=project, name="Bad", duration=Decimal("-1"))
    assert "duration" in excinfo.value.errors
    with pytest.raises(ValidationFailed) as excinfo:
        services.task_create(actor=pmo, project=project, name="Bad", optimistic=5, most_likely=3,
                             pessimistic=8)
    assert "most_likely" in excinfo.value.errors
    assert not Task.objects.filter(project=project).exists()


def test_actual_finish_before_start_is_refused(pmo, project):
    task = services.task_create(actor=pmo, project=project, name="T")
    with pytest.raises(ValidationFailed) as excinfo:
        services.task_update(actor=pmo, task=task, actual_start="2026-03-10",
                             actual_finish="2026-03-02", percent_complete=100)
    assert "actual_finish" in excinfo.value.errors


def test_a_milestone_has_no_duration(pmo, project):
    task = services.task_create(actor=pmo, project=project, name="Go", is_milestone=True,
                                duration=Decimal("3"))
    assert task.duration == 0


def test_a_cycle_is_refused_naming_every_task_in_it(pmo, project):
    a, b, c = (services.task_create(actor=pmo, project=project, name=n) for n in "ABC")
    services.dependency_create(actor=pmo, predecessor=a, successor=b)
    services.dependency_create(actor=pmo, predecessor=b, successor=c, type="SS", lag=2)
    with pytest.raises(CycleError) as excinfo:
        services.dependency_create(actor=pmo, predecessor=c, successor=a, type="FF")
    names = [label.split()[-1] for label in excinfo.value.cycle]
    assert sorted(names) == ["A", "B", "C"]
    assert Dependency.objects.count() == 2


def test_a_cycle_across_projects_of_a_portfolio_is_refused(pmo, project):
    sibling = ProjectFactory(portfolio=project.portfolio)
    a = services.task_create(actor=pmo, project=project, name="Here")
    b = services.task_create(actor=pmo, project=sibling, name="There")
    services.dependency_create(actor=pmo, predecessor=a, successor=b)
    with pytest.raises(CycleError):
        services.dependency_create(actor=pmo, predecessor=b, successor=a)


def test_a_summary_cannot_be_linked_to_its_own_subtask(pmo, project):
    phase = services.task_create(actor=pmo, project=project, name="Phase")
    child = services.task_create(actor=pmo, project=project, name="Child", parent=phase)
    with pytest.raises(ValidationFailed):
        services.dependency_create(actor=pmo, predecessor=phase, successor=child)


def test_predecessors_are_replaced_all_at_once_or_not_at_all(pmo, project):
    a, b, c = (services.task_create(actor=pmo, project=project, name=n) for n in "ABC")
    services.predecessors_set(actor=pmo, task=c, links=[(a, "FS", Decimal("0")), (b, "SS", Decimal("-1"))])
    assert Dependency.objects.filter(successor=c).count() == 2
    services.dependency_create(actor=pmo, predecessor=c, successor=Task.objects.create(
        project=project, name="D", position=9, wbs_code="9"))
    with pytest.raises(ValidationFailed):
        services.predecessors_set(actor=pmo, task=c, links=[(c, "FS", Decimal("0"))])
    assert Dependency.objects.filter(successor=c).count() == 2  # unchanged


def test_team_member_may_update_progress_but_not_the_plan(member, pmo, project):
    task = services.task_create(actor=pmo, project=project, name="T", duration=Decimal("4"))
    AssignmentFactory(task=task, resource=ResourceFactory(user=member))
    services.task_update(actor=member, task=task, percent_complete=50)
    with pytest.raises(PermissionDenied):
        services.task_update(actor=member, task=task, duration=Decimal("10"))
    task.refresh_from_db()
    assert task.percent_complete == 50 and task.duration == 4


def test_team_member_records_progress_on_his_own_tasks_only(member, pmo, project):
    mine = services.task_create(actor=pmo, project=project, name="Mine", duration=Decimal("4"))
    theirs = services.task_create(actor=pmo, project=project, name="Theirs", duration=Decimal("4"))
    AssignmentFactory(task=mine, resource=ResourceFactory(user=member))
    AssignmentFactory(task=theirs, resource=ResourceFactory())  # someone else's
    services.task_update(actor=member, task=mine, actual_start=datetime.date(2025, 3, 3))
    with translation.override("en"), pytest.raises(PermissionDenied) as refused:
        services.task_update(actor=member, task=theirs, percent_complete=30)
    assert "“2 Theirs”" in refused.value.message and "assigned to" in refused.value.message
    theirs.refresh_from_db()
    assert theirs.percent_complete == 0


@pytest.mark.parametrize("who", ["pmo", "member"])
def test_nobody_records_progress_on_a_summary(request, pmo, project, who):
    user = request.getfixturevalue(who)
    phase = services.task_create(actor=pmo, project=project, name="Phase")
    step = services.task_create(actor=pmo, project=project, name="Step", parent=phase)
    AssignmentFactory(task=phase, resource=ResourceFactory(user=request.getfixturevalue("member")))
    with translation.override("en"), pytest.raises(PermissionDenied) as refused:
        services.task_update(actor=user, task=phase, percent_complete=40)
    assert "“1 Phase” is a summary task" in refused.value.message
    phase.refresh_from_db()
    assert phase.percent_complete == 0
    services.task_update(actor=pmo, task=step, percent_complete=40)  # its subtasks take it
    services.task_update(actor=pmo, task=phase, name="Phase 1")  # planners still rename it


# --- predecessors from text -----------------------------------------------------------------------

def links_of(task) -> list[tuple[str, str, str, Decimal]]:
    return [(d.predecessor.project.code, d.predecessor.wbs_code, d.type, d.lag)
            for d in Dependency.objects.filter(successor=task).order_by("pk")]


def test_predecessors_from_text_resolve_wbs_codes_here_and_code_wbs_elsewhere(manager, project, plan):
    from jalon.accounts.models import Role
    from jalon.accounts.services import grant_role

    neighbour = ProjectFactory(portfolio=project.portfolio, code="NB")
    grant_role(actor=None, user=manager, role=Role.EXECUTIVE, scope=neighbour)  # seen, not changed
    TaskFactory(project=neighbour, wbs_code="1", position=1)
    created = services.predecessors_set_from_text(
        actor=manager, task=plan[2], text=f"2SS-0.5, NB:1FF; {project.code}:1FS+2")
    assert links_of(plan[2]) == [
        (project.code, "2", "SS", Decimal("-0.5")),
        ("NB", "1", "FF", Decimal("0")),
        (project.code, "1", "FS", Decimal("2")),  # its own code names a task of the project
    ]
    assert [link.pk for link in created] == list(
        Dependency.objects.filter(successor=plan[2]).order_by("pk").values_list("pk", flat=True))
    services.predecessors_set_from_text(actor=manager, task=plan[2], text="  ")
    assert links_of(plan[2]) == []  # no text, no predecessor


def test_predecessors_from_text_name_every_unknown_code_and_change_nothing(manager, project, plan):
    hidden = ProjectFactory(portfolio=project.portfolio, code="HIDDEN")  # the manager cannot see it
    TaskFactory(project=hidden, wbs_code="1", position=1)
    before = links_of(plan[2])
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        services.predecessors_set_from_text(actor=manager, task=plan[2], text="7, 1, XX:1, HIDDEN:1")
    assert refused.value.message == "Unknown predecessor: 7, XX:1, HIDDEN:1."
    assert refused.value.field == "predecessors"
    assert links_of(plan[2]) == before


def test_predecessors_from_text_name_the_item_that_cannot_be_read(manager, project, plan):
    before = links_of(plan[2])
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        services.predecessors_set_from_text(actor=manager, task=plan[2], text="1, 2 after lunch")
    assert "“2 after lunch” is not a predecessor" in refused.value.message
    assert refused.value.errors.keys() == {"predecessors"}
    assert links_of(plan[2]) == before


def test_predecessors_from_text_refuse_a_cycle_naming_its_tasks_all_or_nothing(manager, project, plan):
    before = links_of(plan[1])  # Build follows Design
    with pytest.raises(CycleError) as refused:
        services.predecessors_set_from_text(actor=manager, task=plan[1], text="1FS+3, 3")
    # Build -> Test -> Build, from whichever task the search met first
    assert sorted(label.split(" ", 2)[2] for label in refused.value.cycle) == ["Build", "Test"]
    assert refused.value.field == "predecessors"
    assert links_of(plan[1]) == before  # the old link stays, without the new lag


@pytest.mark.parametrize("who", ["member", "executive"])
def test_predecessors_from_text_need_the_right_to_change_the_plan(request, project, plan, who):
    before = links_of(plan[2])
    with pytest.raises(PermissionDenied):
        services.predecessors_set_from_text(actor=request.getfixturevalue(who), task=plan[2],
                                            text="1")
    assert links_of(plan[2]) == before
