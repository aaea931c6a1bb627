"""Recording, submitting, approving and rejecting time: the rules a PMO relies on."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jalon.errors import NotFound, PermissionDenied, ValidationFailed
from jalon.portfolios.models import Project
from jalon.resources.models import Resource
from jalon.timesheets import services
from jalon.timesheets.models import TimesheetEntry
from jalon.timesheets.services import WeekInvalid
from tests.factories import ResourceFactory, TaskFactory, TimesheetEntryFactory
from tests.timesheets.conftest import day

pytestmark = pytest.mark.django_db
Status = TimesheetEntry.Status


def record(team, hours="7", offset=0, task="build", actor="member", resource="mine"):
    return services.timesheet_entry_create(
        actor=team[actor], resource=team[resource], task=team[task], date=day(offset),
        hours=Decimal(hours))


def test_the_rate_is_captured_when_the_time_is_entered(team):
    entry = record(team, hours="7.5")
    assert entry.status == Status.DRAFT and entry.rate == Decimal("60")
    Resource.objects.filter(pk=team["mine"].pk).update(standard_rate=Decimal("80"))
    entry.refresh_from_db()
    assert entry.rate == Decimal("60")
    assert entry.amount == Decimal("450.00")
    team["mine"].refresh_from_db()
    later = record(team, hours="1", offset=1)
    assert later.rate == Decimal("80")


@pytest.mark.parametrize("hours", ["0", "-1", "24.5"])
def test_hours_must_be_more_than_0_and_at_most_24(team, hours):
    with pytest.raises(ValidationFailed) as caught:
        record(team, hours=hours)
    assert caught.value.field == "hours"
    assert not TimesheetEntry.objects.exists()


def test_a_resource_works_24_hours_a_day_at_most(team):
    record(team, hours="20", task="build")
    with pytest.raises(ValidationFailed, match="25 hours") as caught:
        record(team, hours="5", task="test")
    assert caught.value.field == "hours"
    assert TimesheetEntry.objects.count() == 1
    record(team, hours="4", task="test")  # exactly 24


def test_rejected_time_does_not_count_in_the_day(team):
    entry = record(team, hours="20")
    services.timesheet_week_submit(actor=team["member"], resource=team["mine"], week=day(0))
    services.timesheet_entries_reject(actor=team["manager"], entries=[entry],
                                      reason="Wrong task")
    record(team, hours="10", task="test")


def test_one_entry_per_resource_task_and_day(team):
    record(team)
    with pytest.raises(ValidationFailed, match="already has time"):
        record(team, hours="1")


def test_the_whole_workflow(team):
    monday = record(team)
    tuesday = record(team, offset=1, hours="6")
    submitted = services.timesheet_week_submit(actor=team["member"], resource=team["mine"],
                                               week=day(3))
    assert {e.pk for e in submitted} == {monday.pk, tuesday.pk}
    monday.refresh_from_db()
    assert monday.status == Status.SUBMITTED and monday.submitted_at is not None
    with pytest.raises(ValidationFailed, match="submitted"):
        services.timesheet_entry_update(actor=team["member"], entry=monday, hours=Decimal("8"))
    with pytest.raises(ValidationFailed, match="no draft"):
        services.timesheet_week_submit(actor=team["member"], resource=team["mine"],
                                       week=day(0))

    services.timesheet_entries_approve(actor=team["manager"], entries=[monday])
    monday.refresh_from_db()
    assert monday.status == Status.APPROVED and monday.reviewed_by == team["manager"]
    with pytest.raises(ValidationFailed, match="approved"):
        services.timesheet_entry_delete(actor=team["member"], entry=monday)

    with pytest.raises(ValidationFailed, match="Say why"):
        services.timesheet_entries_reject(actor=team["manager"], entries=[tuesday], reason=" ")
    services.timesheet_entries_reject(actor=team["manager"], entries=[tuesday],
                                      reason="Tuesday was a holiday")
    tuesday.refresh_from_db()
    assert tuesday.status == Status.REJECTED
    assert tuesday.rejection_reason == "Tuesday was a holiday"

    corrected = services.timesheet_entry_update(actor=team["member"], entry=tuesday,
                                                date=day(2))
    assert corrected.status == Status.DRAFT and corrected.date == day(2)
    with pytest.raises(ValidationFailed, match="Only submitted"):
        services.timesheet_entries_approve(actor=team["manager"], entries=[corrected])


def test_approved_time_may_be_rejected_later_with_a_reason(team):
    entry = record(team)
    services.timesheet_week_submit(actor=team["member"], resource=team["mine"], week=day(0))
    services.timesheet_entries_approve(actor=team["manager"], entries=[entry])
    services.timesheet_entries_reject(actor=team["manager"], entries=[entry],
                                      reason="Booked on the wrong project")
    entry.refresh_from_db()
    assert entry.status == Status.REJECTED


def test_a_team_member_may_not_approve(team):
    entry = record(team)
    services.timesheet_week_submit(actor=team["member"], resource=team["mine"], week=day(0))
    with pytest.raises(PermissionDenied):
        services.timesheet_entries_approve(actor=team["member"], entries=[entry])
    with pytest.raises(PermissionDenied):
        services.timesheet_entries_reject(actor=team["member"], entries=[entry], reason="no")


def test_a_team_member_records_only_their_own_time(team):
    with pytest.raises(PermissionDenied, match="only for yourself"):
        record(team, resource="colleague", task="test")
    assert not TimesheetEntry.objects.exists()


def test_the_project_manager_records_anyone_s_time(team):
    entry = record(team, actor="manager", resource="colleague", task="test")
    assert entry.created_by == team["manager"] and entry.rate == Decimal("50")


def test_a_hidden_project_is_not_found(team, outsider):
    own = ResourceFactory(user=outsider)
    with pytest.raises(NotFound):
        services.timesheet_entry_create(actor=outsider, resource=own, task=team["build"],
                                        date=day(0), hours=Decimal("1"))
    entry = record(team)
    with pytest.raises(NotFound):
        services.timesheet_entries_approve(actor=outsider, entries=[entry])


def test_an_executive_with_a_resource_records_only_on_assigned_tasks(team, executive):
    own = ResourceFactory(user=executive)
    with pytest.raises(PermissionDenied, match="assigned"):
        services.timesheet_entry_create(actor=executive, resource=own, task=team["build"],
                                        date=day(0), hours=Decimal("1"))


def test_no_time_on_summary_tasks_nor_for_material(team):
    with pytest.raises(ValidationFailed, match="summary task") as caught:
        record(team, task="phase", actor="manager")
    assert caught.value.field == "task"
    concrete = ResourceFactory(kind=Resource.Kind.MATERIAL)
    with pytest.raises(ValidationFailed, match="material"):
        services.timesheet_entry_create(actor=team["manager"], resource=concrete,
                                        task=team["build"], date=day(0), hours=Decimal("1"))


def test_a_closed_project_takes_no_more_time_from_the_team(team):
    Project.objects.filter(pk=team["project"].pk).update(status=Project.Status.CLOSED)
    team["build"].project.refresh_from_db()
    with pytest.raises(ValidationFailed, match="closed"):
        record(team)
    record(team, actor="manager")  # the manager may still book late time


def test_a_manager_submits_only_the_drafts_of_projects_she_manages(team):
    elsewhere = TaskFactory()  # a project the manager does not manage
    TimesheetEntryFactory(resource=team["mine"], task=elsewhere, date=day(1))
    record(team)
    submitted = services.timesheet_week_submit(actor=team["manager"], resource=team["mine"],
                                               week=day(0))
    assert [e.task for e in submitted] == [team["build"]]


# --- a week from the grid ---------------------------------------------------------------------

def test_a_week_is_saved_cell_by_cell(team):
    draft = record(team, offset=0, hours="7")
    gone = record(team, offset=1, hours="7")
    saved = services.timesheet_week_save(actor=team["member"], resource=team["mine"],
                                         week=day(4), hours={
                                             (team["build"], day(0)): Decimal("6"),
                                             (team["build"], day(1)): None,
                                             (team["build"], day(2)): Decimal("7.5"),
                                             (team["build"], day(3)): Decimal("0"),
                                         })
    assert (saved.created, saved.updated, saved.deleted, saved.submitted) == (1, 1, 1, 0)
    draft.refresh_from_db()
    assert draft.hours == Decimal("6")
    assert not TimesheetEntry.objects.filter(pk=gone.pk).exists()
    assert TimesheetEntry.objects.get(date=day(2)).hours == Decimal("7.5")


def test_a_week_with_bad_cells_saves_nothing_and_names_them(team):
    record(team, offset=0, hours="20")
    with pytest.raises(WeekInvalid) as caught:
        services.timesheet_week_save(actor=team["member"], resource=team["mine"],
                                     week=day(0), hours={
                                         (team["build"], day(1)): Decimal("8"),
                                         (team["test"], day(0)): Decimal("6"),
                                         (team["phase"], day(2)): Decimal("1"),
                                     }, submit=True)
    error = caught.value
    assert (team["phase"].pk, day(2)) in error.cells      # a summary task
    assert day(0) in error.days                           # 26 hours on Monday
    assert TimesheetEntry.objects.count() == 1
    assert TimesheetEntry.objects.get().status == Status.DRAFT


def test_submitting_the_week_from_the_grid(team):
    saved = services.timesheet_week_save(actor=team["member"], resource=team["mine"],
                                         week=day(0), hours={
                                             (team["build"], day(0)): Decimal("7"),
                                             (team["build"], day(1)): Decimal("7")},
                                         submit=True)
    assert saved.created == 2 and saved.submitted == 2
    assert set(TimesheetEntry.objects.values_list("status", flat=True)) == {Status.SUBMITTED}


def test_locked_cells_cannot_be_changed_from_the_grid(team):
    entry = record(team)
    services.timesheet_week_submit(actor=team["member"], resource=team["mine"], week=day(0))
    with pytest.raises(WeekInvalid) as caught:
        services.timesheet_week_save(actor=team["member"], resource=team["mine"], week=day(0),
                                     hours={(team["build"], day(0)): Decimal("3")})
    assert "submitted" in caught.value.cells[(team["build"].pk, day(0))][0]
    entry.refresh_from_db()
    assert entry.hours == Decimal("7")
