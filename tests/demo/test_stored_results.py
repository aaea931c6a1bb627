"""Stored results are never out of date: after any change a user can make, the figures read from
the store equal the figures computed afresh, on the demo portfolio (linked projects, calendars,
a shared pool, costs, time, risks). And a read computes nothing when nothing changed."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from jalon.calendars import services as calendars
from jalon.calendars.models import Calendar
from jalon.finance import services as finance
from jalon.finance.evm import project_performances
from jalon.finance.models import BudgetLine
from jalon.planning import services as planning
from jalon.planning.models import Baseline, Dependency, Task
from jalon.planning.selectors import schedules_for
from jalon.portfolios import services as portfolios
from jalon.portfolios.models import Project, ProjectResult
from jalon.portfolios.results import forget_all
from jalon.resources import services as resources
from jalon.resources.loading import project_segments
from jalon.resources.models import Assignment
from jalon.risks import services as risks
from jalon.timesheets import services as timesheets
from jalon.timesheets.models import TimesheetEntry

pytestmark = pytest.mark.django_db


def _figures() -> dict[str, object]:
    """Everything the store holds, as read by the pages: schedules, load, performance."""
    projects = list(Project.objects.select_related("portfolio", "calendar").order_by("code"))
    schedules = schedules_for(projects)
    performances = project_performances(projects, with_tasks=True)
    return {
        "schedules": {pk: None if s is None else (s.start, s.finish, sorted(s.tasks.items()))
                      for pk, s in schedules.items()},
        "load": project_segments(projects),
        "performance": {p.project.code: (p.reason, p.figures(), p.statuses(),
                                         [(t.task.pk, t.evm) for t in p.tasks])
                        for p in performances},
    }


def _pmo():
    return get_user_model().objects.get(username="pmo")


def _erp() -> Project:
    return Project.objects.get(code="NUM-ERP")


def _leaf(project: Project, *, started: bool = False) -> Task:
    tasks = Task.objects.filter(project=project, children__isnull=True, is_milestone=False,
                                assignments__isnull=False).distinct().order_by("wbs_code")
    return (tasks.filter(percent_complete__gt=0) if started else
            tasks.filter(percent_complete=0)).first()


def _longer(pmo):
    task = _leaf(_erp())
    planning.task_update(actor=pmo, task=task, duration=task.duration + 7)


def _progress(pmo):
    task = _leaf(_erp())
    planning.task_update(actor=pmo, task=task, percent_complete=40,
                         actual_start=_erp().status_date - timedelta(days=3))


def _link_across(pmo):
    erp, crm = _erp(), Project.objects.get(code="NUM-CRM")
    planning.dependency_create(actor=pmo, predecessor=_leaf(erp), successor=_leaf(crm),
                               type=Dependency.Type.FS, lag=Decimal("15"))


def _unlink(pmo):
    across = Dependency.objects.exclude(predecessor__project=F("successor__project"))
    planning.dependency_delete(actor=pmo, dependency=across.first())


def _predecessors_text(pmo):
    tasks = list(Task.objects.filter(project=_erp(), children__isnull=True).order_by("wbs_code"))
    planning.predecessors_set_from_text(actor=pmo, task=tasks[-1],
                                        text=f"{tasks[0].wbs_code}FS+30")


def _holiday(pmo):
    calendar = Calendar.objects.filter(projects__code="NUM-ERP").first()
    start = _erp().status_date + timedelta(days=10)
    calendars.calendar_exception_create(actor=pmo, calendar=calendar, name="Fermeture",
                                        start=start, finish=start + timedelta(days=14))


def _rate(pmo):
    resource = Assignment.objects.filter(task__project=_erp()).first().resource
    resources.resource_update(actor=pmo, resource=resource,
                              standard_rate=resource.standard_rate + 25)


def _units(pmo):
    assignment = Assignment.objects.filter(task__project=_erp(), task__percent_complete=0).first()
    resources.assignment_update(actor=pmo, assignment=assignment, units=assignment.units * 2)


def _fixed_cost(pmo):
    finance.fixed_cost_create(actor=pmo, task=_leaf(_erp()), amount=Decimal("12000"))


def _cost(pmo):
    erp = _erp()
    finance.cost_entry_create(actor=pmo, project=erp, date=erp.status_date - timedelta(days=1),
                              amount=Decimal("5400"), category="subcontracting")


def _forecast(pmo):
    line = BudgetLine.objects.filter(project=_erp()).first()
    finance.budget_line_update(actor=pmo, line=line, forecast=line.approved * 2)


def _approve(pmo):
    submitted = list(TimesheetEntry.objects.filter(status="submitted"))
    assert submitted, "the demo has submitted time"
    timesheets.timesheet_entries_approve(actor=pmo, entries=submitted)


def _risk(pmo):
    risks.risk_create(actor=pmo, project=_erp(), title="Fournisseur défaillant",
                      probability=4, impact_cost=5, cost_impact=Decimal("80000"))


def _matrix(pmo):
    risks.matrix_config_update(actor=pmo, portfolio=_erp().portfolio, high_from=20)


def _status_date(pmo):
    erp = _erp()
    portfolios.project_update(actor=pmo, project=erp,
                              status_date=erp.status_date + timedelta(days=21))


def _baseline(pmo):
    erp = _erp()
    first = Baseline.objects.filter(project=erp).order_by("created_at", "id").first()
    planning.baseline_delete(actor=pmo, baseline=first)


def _delete_task(pmo):
    planning.task_delete(actor=pmo, task=_leaf(_erp()))


CHANGES = [_longer, _progress, _link_across, _unlink, _predecessors_text, _holiday, _rate,
           _units, _fixed_cost, _cost, _forecast, _approve, _risk, _matrix, _status_date,
           _baseline, _delete_task]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__.strip("_"))
def test_after_a_change_the_stored_figures_are_those_computed_afresh(demo, change):
    before = _figures()  # computed and stored
    change(_pmo())
    after = _figures()  # what readers get now: stored where nothing changed
    assert after != before, "the change must move some figure, or the test proves nothing"
    forget_all()
    assert _figures() == after


def test_a_read_after_no_change_computes_nothing(demo):
    _figures()
    with CaptureQueriesContext(connection) as queries:
        _figures()
    assert not any(q["sql"].startswith(("INSERT", "UPDATE")) for q in queries.captured_queries)
    assert ProjectResult.objects.filter(kind="performance").count() == Project.objects.count()
