"""What finance and the pages read: labour actuals, totals, a resource's week."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jalon.timesheets import selectors
from jalon.timesheets.models import TimesheetEntry
from tests.factories import ResourceFactory, TaskFactory, TimesheetEntryFactory
from tests.timesheets.conftest import day

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
Status = TimesheetEntry.Status


def test_labour_actuals_are_the_approved_time_up_to_the_date(team):
    build, test = team["build"], team["test"]
    mine, qa = team["mine"], team["colleague"]
    for resource, task, offset, hours, status in (
        (mine, build, 0, "7.5", Status.APPROVED),       # 450
        (qa, build, 0, "2", Status.APPROVED),           # 100, same day and task: summed
        (qa, test, 1, "1.25", Status.APPROVED),         # 62.50
        (mine, build, 1, "8", Status.SUBMITTED),        # not approved yet
        (mine, test, 2, "8", Status.DRAFT),
        (qa, test, 2, "8", Status.REJECTED),
        (mine, build, 3, "4", Status.APPROVED),         # after the date
    ):
        TimesheetEntryFactory(resource=resource, task=task, date=day(offset),
                              hours=Decimal(hours), status=status,
                              rejection_reason="x" if status == Status.REJECTED else "")
    TimesheetEntryFactory(date=day(0), status=Status.APPROVED)  # another project
    actuals = selectors.labour_actuals(project=team["project"], until=day(2))
    assert actuals == [(day(0), Decimal("550.00"), build.pk),
                       (day(1), Decimal("62.50"), test.pk)]
    assert all(isinstance(amount, Decimal) for _, amount, _ in actuals)
    assert selectors.labour_actuals(project=team["project"], until=day(-1)) == []


def test_later_rate_changes_do_not_change_the_actuals(team):
    TimesheetEntryFactory(resource=team["mine"], task=team["build"], date=day(0),
                          hours=Decimal("10"), status=Status.APPROVED)
    team["mine"].standard_rate = Decimal("999")
    team["mine"].save()
    assert selectors.labour_actuals(project=team["project"], until=day(6))[0][1] == Decimal("600")


def test_totals_per_status(team, manager):
    TimesheetEntryFactory(resource=team["mine"], task=team["build"], date=day(0),
                          hours=Decimal("7"), status=Status.APPROVED)
    TimesheetEntryFactory(resource=team["mine"], task=team["build"], date=day(1),
                          hours=Decimal("3"), status=Status.SUBMITTED)
    totals = selectors.totals_of(selectors.timesheet_list(user=manager, project=team["project"]))
    assert totals.of(Status.APPROVED).amount == Decimal("420")
    assert totals.of(Status.SUBMITTED).hours == Decimal("3")
    assert (totals.hours, totals.amount) == (Decimal("10"), Decimal("600"))


def test_the_week_grid_has_a_row_per_assigned_task_and_per_task_with_time(team, member):
    TimesheetEntryFactory(resource=team["mine"], task=team["test"], date=day(2),
                          hours=Decimal("2"), status=Status.APPROVED)
    TimesheetEntryFactory(resource=team["mine"], task=team["build"], date=day(0),
                          hours=Decimal("7"))
    hidden = TaskFactory()  # a project the member may not see
    TimesheetEntryFactory(resource=team["mine"], task=hidden, date=day(0))
    grid = selectors.week_grid(user=member, resource=team["mine"], week=day(3))
    assert grid.start == day(0) and grid.days[-1] == day(6)
    assert [row.task for row in grid.rows] == [team["build"], team["test"]]
    build, test = grid.rows
    assert build.cells[0].editable and build.cells[0].hours == Decimal("7")
    assert not test.cells[2].editable  # approved
    assert grid.day_totals[:3] == [Decimal("7"), Decimal("0"), Decimal("2")]
    assert grid.totals.hours == Decimal("9") and grid.drafts == 1


def test_the_list_shows_only_visible_projects(team, outsider, manager):
    TimesheetEntryFactory(resource=team["mine"], task=team["build"], date=day(0))
    TimesheetEntryFactory(resource=ResourceFactory(), task=TaskFactory(), date=day(0))
    assert selectors.timesheet_list(user=manager).count() == 1
    assert selectors.timesheet_list(user=outsider).count() == 0


def test_recent_weeks(team, member):
    for offset in (0, 1, 7, 15):
        TimesheetEntryFactory(resource=team["mine"], task=team["build"], date=day(offset),
                              hours=Decimal("1"))
    weeks = selectors.recent_weeks(user=member, resource=team["mine"], limit=2)
    assert [(w.start, w.hours) for w in weeks] == [(day(14), Decimal("1")),
                                                   (day(7), Decimal("1"))]
