"""The bridge from stored plans to the engine: dates, calendars, links across projects."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jalon.calendars.models import CalendarException
from jalon.planning import services
from jalon.planning.scheduling import project_schedule
from tests.factories import CalendarFactory, ProjectFactory

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 3, 2)


def test_dates_follow_the_project_calendar_with_inclusive_finish(pmo, project):
    calendar = CalendarFactory(public_holidays="FR")
    CalendarException.objects.create(calendar=calendar, name="Fermeture", start=datetime.date(2026, 3, 4),
                                     finish=datetime.date(2026, 3, 4))
    project.planned_start, project.calendar = MONDAY, calendar
    project.save()
    task = services.task_create(actor=pmo, project=project, name="Étude", duration=Decimal("5"))
    dates = project_schedule(project).tasks[task.pk]
    # Mon 2, Tue 3, (Wed 4 closed), Thu 5, Fri 6, Mon 9: five working days, finish inclusive.
    assert (dates.start, dates.finish) == (MONDAY, datetime.date(2026, 3, 9))


def test_a_link_from_another_project_drives_the_successor(pmo, project):
    supplier = ProjectFactory(portfolio=project.portfolio, planned_start=MONDAY)
    project.planned_start = MONDAY
    project.save()
    upstream = services.task_create(actor=pmo, project=supplier, name="Livraison", duration=Decimal("10"))
    downstream = services.task_create(actor=pmo, project=project, name="Montage", duration=Decimal("2"))
    before = project_schedule(project).tasks[downstream.pk].start
    services.dependency_create(actor=pmo, predecessor=upstream, successor=downstream)
    after = project_schedule(project).tasks[downstream.pk]
    assert before == MONDAY
    assert after.start == datetime.date(2026, 3, 16)  # the Monday after the 10-day delivery
    assert project_schedule(supplier).tasks[upstream.pk].finish == datetime.date(2026, 3, 13)


def test_elapsed_lag_counts_weekends(pmo, project):
    project.planned_start = MONDAY
    project.save()
    a = services.task_create(actor=pmo, project=project, name="Coulage", duration=Decimal("5"))
    b = services.task_create(actor=pmo, project=project, name="Décoffrage", duration=Decimal("1"))
    services.dependency_create(actor=pmo, predecessor=a, successor=b, lag=3, lag_unit="edays")
    # a ends Friday 6 (evening); three elapsed days later is Monday 9 evening: b starts Tuesday 10.
    assert project_schedule(project).tasks[b.pk].start == datetime.date(2026, 3, 10)


def test_a_baseline_keeps_the_engine_dates(pmo, project):
    project.planned_start = MONDAY
    project.save()
    task = services.task_create(actor=pmo, project=project, name="Étude", duration=Decimal("3"))
    baseline = services.baseline_create(actor=pmo, project=project, name="B0")
    row = baseline.tasks.get(task=task)
    assert (row.start, row.finish, row.duration) == (MONDAY, datetime.date(2026, 3, 4), 3)


def test_out_of_sequence_progress_follows_the_project_option(pmo, project):
    project.planned_start, project.status_date = MONDAY, datetime.date(2026, 3, 4)
    project.save()
    a = services.task_create(actor=pmo, project=project, name="Fondations", duration=Decimal("5"))
    b = services.task_create(actor=pmo, project=project, name="Murs", duration=Decimal("4"))
    services.dependency_create(actor=pmo, predecessor=a, successor=b)
    # Murs started early, out of sequence, on Tuesday 3, and is a quarter done.
    services.task_update(actor=pmo, task=b, actual_start=datetime.date(2026, 3, 3), percent_complete=25)
    retained = project_schedule(project).tasks[b.pk].finish
    from jalon.portfolios.services import project_update

    project_update(actor=pmo, project=project, retained_logic=False)
    overridden = project_schedule(project).tasks[b.pk].finish
    assert overridden < retained  # the remaining work no longer waits for Fondations
    assert retained > project_schedule(project).tasks[a.pk].finish


def test_a_baseline_keeps_a_summary_span_as_its_duration(pmo, project):
    project.planned_start = MONDAY
    project.save()
    phase = services.task_create(actor=pmo, project=project, name="Phase")
    a = services.task_create(actor=pmo, project=project, name="A", parent=phase, duration=Decimal("3"))
    b = services.task_create(actor=pmo, project=project, name="B", parent=phase, duration=Decimal("2"))
    services.dependency_create(actor=pmo, predecessor=a, successor=b)
    baseline = services.baseline_create(actor=pmo, project=project, name="B0")
    assert baseline.tasks.get(task=phase).duration == 5
