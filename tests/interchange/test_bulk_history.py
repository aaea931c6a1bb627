"""The history a bulk import writes is the history simple-history would write: the same fields,
user, type and change reason for every row, dated during the import."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from jalon.accounts.history import acting_as
from jalon.calendars.models import CalendarException
from jalon.finance.models import CostEntry, FixedCost
from jalon.interchange import services as interchange
from jalon.interchange.bulk import create_with_history
from jalon.planning.models import Dependency, Task
from jalon.resources.models import Assignment, Resource
from tests.factories import CalendarFactory
from tests.interchange.test_bulk_import import plan

IMPORTED = (Task, Dependency, Resource, Assignment, CalendarException, FixedCost, CostEntry)


def _history(model: type[models.Model], keys: list[int]) -> list[dict[str, Any]]:
    """The historical records of the rows ``keys``, as their values, by row, without their own
    key and date."""
    history = get_history_manager_for_model(model).model
    fields = [f.attname for f in history._meta.concrete_fields
              if f.name not in ("history_id", "history_date")]
    pk = model._meta.pk.attname
    return list(history.objects.filter(**{f"{pk}__in": keys}).order_by(pk).values(*fields))


def _as_simple_history_writes(model: type[models.Model], keys: list[int], user: Any
                              ) -> list[dict[str, Any]]:
    """What simple-history records for the stored rows ``keys`` created by ``user``, as its
    ``bulk_create_with_history`` calls it (with no change reason)."""
    history = get_history_manager_for_model(model).model
    history.objects.filter(**{f"{model._meta.pk.attname}__in": keys}).delete()
    rows = list(model._default_manager.filter(pk__in=keys).order_by("pk"))
    get_history_manager_for_model(model).bulk_history_create(
        rows, default_user=user, default_change_reason=None)
    return _history(model, keys)


def test_an_imports_history_is_what_simple_history_writes(pmo, portfolio):
    started = timezone.now()
    report = interchange.project_import(actor=pmo, document=plan(40), code="H40",
                                        portfolio=portfolio)
    project = report.project
    written = {
        Task: Task.objects.filter(project=project),
        Dependency: Dependency.objects.filter(successor__project=project),
        Resource: Resource.objects.filter(name__startswith="Bulk resource"),
        Assignment: Assignment.objects.filter(task__project=project),
        CalendarException: CalendarException.objects.filter(calendar__imported_with=project),
        FixedCost: FixedCost.objects.filter(task__project=project),
        CostEntry: CostEntry.objects.filter(project=project),
    }
    for model in IMPORTED:
        keys = sorted(written[model].values_list("pk", flat=True))
        assert keys, model
        history = get_history_manager_for_model(model).model
        dates = history.objects.filter(**{f"{model._meta.pk.attname}__in": keys}).values_list(
            "history_date", flat=True)
        assert all(started <= when <= timezone.now() for when in dates), model
        ours = _history(model, keys)
        assert {row["history_user_id"] for row in ours} == {pmo.pk}
        assert {row["history_type"] for row in ours} == {"+"}
        assert ours == _as_simple_history_writes(model, keys, pmo), model


def test_a_script_records_whoever_acts_as_simple_history_does(member):
    calendar = CalendarFactory()

    def exceptions(day: int) -> list[CalendarException]:
        return [CalendarException(calendar=calendar, start=date(2026, 3, day),
                                  finish=date(2026, 3, day), is_working=bool(day % 2))]

    with acting_as(member):
        ours = create_with_history(CalendarException, exceptions(2), actor=None)
        theirs = bulk_create_with_history(exceptions(3), CalendarException)
    fields = ("history_user_id", "history_type", "history_change_reason", "is_working")
    recorded = [CalendarException.history.filter(id=e.pk).values(*fields).get()
                for e in (*ours, *theirs)]
    assert recorded[0]["history_user_id"] == member.pk
    assert {k: v for k, v in recorded[0].items() if k != "is_working"} == \
        {k: v for k, v in recorded[1].items() if k != "is_working"}


def test_an_import_writes_each_kind_of_row_in_one_statement(pmo, portfolio):
    interchange.project_import(actor=pmo, document=plan(10), code="WARM", portfolio=portfolio)
    with CaptureQueriesContext(connection) as captured:
        interchange.project_import(actor=pmo, document=plan(1000), code="B1000",
                                   portfolio=portfolio)
    task_inserts = [q for q in captured.captured_queries
                    if q["sql"].startswith(f'INSERT INTO "{Task._meta.db_table}"')]
    # the summaries, then their subtasks: one statement each, however long the plan
    assert len(task_inserts) == 2
