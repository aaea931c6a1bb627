"""The impact of a change request: computed by the engine on a what-if copy, equal to what
scheduling the edited plan gives, and leaving the real plan untouched until approval."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from jalon import engine
from jalon.changes import services
from jalon.changes.edits import apply_edits
from jalon.errors import ValidationFailed
from jalon.planning import scheduling
from jalon.planning.models import Dependency, Task
from jalon.planning.selectors import project_schedule
from jalon.portfolios.services import inputs_changed
from jalon.resources.models import Assignment
from tests.factories import AssignmentFactory, ResourceFactory


def test_the_new_finish_is_the_engines_finish_of_the_edited_plan(change, manager, plan):
    project = change.project
    services.change_impact_compute(actor=manager, change=change)
    edited = scheduling.project_plan(project)
    edited = dataclasses.replace(edited, activities=[
        dataclasses.replace(a, duration=8.0) if a.id == str(plan[1].pk) else a
        for a in edited.activities])
    expected = engine.schedule(edited).finish_date

    assert change.impact["finish_before"] == "2025-03-07"
    assert change.impact["finish_after"] == expected.isoformat() == "2025-03-14"
    assert change.impact["slip_days"] == 5


def test_the_impact_equals_the_plan_once_the_edits_are_applied(plan, manager):
    project = plan[0].project
    resource = ResourceFactory(name="Alice Martin", standard_rate=Decimal("50"))
    AssignmentFactory(task=plan[2], resource=resource, units=Decimal("1"), work=Decimal("8"))
    change = services.change_create(actor=manager, project=project, title="Rework")
    services.change_update(actor=manager, change=change, edits=[
        {"type": "add_task", "name": "Rework", "duration": "4", "predecessors": [plan[2].pk]},
        {"type": "remove_link", "predecessor": plan[1].pk, "successor": plan[2].pk},
        {"type": "fixed_cost", "task": plan[0].pk, "amount": "1200"},
        {"type": "assignment", "task": plan[2].pk, "resource": resource.pk, "units": "2"},
    ])
    services.change_impact_compute(actor=manager, change=change)
    impact = change.impact

    apply_edits(actor=manager, project=project, edits=change.edits)
    after = project_schedule(project)
    assert impact["finish_after"] == after.finish.isoformat()
    assert impact["cost_delta"] == pytest.approx(1200 + 8 * 50)  # twice the work on Test
    assert "4 Rework" in impact["critical_added"]


def test_nothing_in_the_plan_changes_before_approval(change, manager, plan):
    project = change.project
    before = project_schedule(project)
    links = list(Dependency.objects.values_list("predecessor", "successor", "type", "lag"))
    services.change_update(actor=manager, change=change, edits=[
        {"type": "duration", "task": plan[1].pk, "duration": "8"},
        {"type": "add_task", "name": "Extra", "duration": "2"},
        {"type": "remove_task", "task": plan[2].pk},
    ])
    services.change_impact_compute(actor=manager, change=change)
    services.change_submit(actor=manager, change=change)

    assert list(Task.objects.filter(project=project).values_list("name", "duration")) == [
        ("Design", Decimal("2")), ("Build", Decimal("3")), ("Test", Decimal("1"))]
    assert list(Dependency.objects.values_list("predecessor", "successor", "type", "lag")) == links
    assert project_schedule(project) == before
    assert change.impact["finish_after"] != change.impact["finish_before"]


def test_the_impact_names_over_allocations_before_and_after(plan, manager):
    project = plan[0].project
    alice = ResourceFactory(name="Alice Martin")
    AssignmentFactory(task=plan[1], resource=alice)
    change = services.change_create(actor=manager, project=project, title="Alice on Test too")
    services.change_update(actor=manager, change=change, edits=[
        {"type": "assignment", "task": plan[2].pk, "resource": alice.pk, "units": "1"}])
    services.change_impact_compute(actor=manager, change=change)

    assert change.impact["overallocations_before"] == []
    [over] = change.impact["overallocations_after"]
    assert over["resource"] == "Alice Martin"
    assert over["first"] == "2025-03-06" and over["days"] == 1  # Test runs Thursday
    assert not Assignment.objects.filter(task=plan[2]).exists()


def test_a_moved_milestone_is_listed(plan, manager):
    project = plan[0].project
    done = Task.objects.create(project=project, name="Done", wbs_code="4", position=4,
                               is_milestone=True, duration=0)
    Dependency.objects.create(predecessor=plan[1], successor=done)
    inputs_changed(projects=[project])
    change = services.change_create(actor=manager, project=project, title="Longer")
    services.change_update(actor=manager, change=change,
                           edits=[{"type": "duration", "task": plan[1].pk, "duration": "4"}])
    services.change_impact_compute(actor=manager, change=change)

    assert change.impact["milestones"] == [{"task": "4 Done", "before": "2025-03-07",
                                            "after": "2025-03-10", "slip_days": 1.0}]


def test_the_impact_says_when_the_plan_has_changed_since(change, manager, plan):
    from jalon.changes.impact import is_current
    from jalon.planning import services as planning

    services.change_impact_compute(actor=manager, change=change)
    assert is_current(change)
    planning.task_update(actor=manager, task=plan[0], duration=Decimal("3"))
    assert not is_current(change)
    services.change_impact_compute(actor=manager, change=change)
    assert change.impact["finish_before"] == "2025-03-10"


def test_an_edit_that_would_close_a_cycle_is_refused_naming_the_tasks(change, manager, plan):
    services.change_update(actor=manager, change=change, edits=[
        {"type": "add_link", "predecessor": plan[2].pk, "successor": plan[0].pk}])
    with pytest.raises(ValidationFailed) as refused:
        services.change_impact_compute(actor=manager, change=change)
    assert "Design" in refused.value.message and "Test" in refused.value.message


def test_edits_are_checked_when_proposed(change, manager, plan, other_project):
    stranger = Task.objects.create(project=other_project, name="Elsewhere")
    cases = [({"type": "duration", "task": stranger.pk, "duration": 2}, "task"),
             ({"type": "duration", "task": plan[0].pk, "duration": -1}, "duration"),
             ({"type": "add_link", "predecessor": plan[0].pk, "successor": plan[0].pk},
              "successor"),
             ({"type": "add_link", "predecessor": plan[0].pk, "successor": plan[2].pk,
               "link_type": "XX"}, "link_type"),
             ({"type": "remove_link", "predecessor": plan[0].pk, "successor": plan[2].pk},
              "successor"),
             ({"type": "nonsense"}, "type")]
    for edit, field in cases:
        with pytest.raises(ValidationFailed) as refused:
            services.change_edit_add(actor=manager, change=change, edit=edit)
        assert refused.value.field == field, edit

