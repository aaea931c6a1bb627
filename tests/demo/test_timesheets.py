"""The demo's timesheets: a team member's approved, submitted and draft weeks, small enough to
leave the portfolio's cost statuses as they are once approved time counts as actual cost."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from jalon.finance import selectors as finance
from jalon.timesheets import selectors
from jalon.timesheets.models import TimesheetEntry

pytestmark = pytest.mark.django_db
Status = TimesheetEntry.Status


def test_the_team_member_has_an_approved_a_submitted_and_a_draft_week(demo):
    users = get_user_model().objects
    equipe = users.get(username="equipe")
    entries = TimesheetEntry.objects.filter(resource__user=equipe)
    weeks = {selectors.week_start(e.date): e.status for e in entries}
    assert weeks == {datetime.date(2026, 6, 1): Status.APPROVED,
                     datetime.date(2026, 6, 8): Status.SUBMITTED,
                     datetime.date(2026, 6, 15): Status.DRAFT}
    approved = entries.filter(status=Status.APPROVED)
    assert {e.reviewed_by.username for e in approved} == {"cheffe.projet"}
    assert all(e.rate == e.resource.standard_rate for e in entries)


def test_approved_time_would_not_change_any_cost_status(demo):
    board = finance.dashboard(user=get_user_model().objects.get(username="pmo"))
    checked = 0
    for performance in board.projects:
        if not performance.available or performance.evm.ac <= 0:
            continue
        labour = sum((amount for _day, amount, _task in selectors.labour_actuals(
            project=performance.project, until=performance.project.status_date)), Decimal("0"))
        cpi = performance.evm.ev / (performance.evm.ac + float(labour))
        band = "green" if cpi >= 0.95 else "amber" if cpi >= 0.85 else "red"
        assert band == performance.kpi_statuses["cpi"], performance.project.code
        checked += int(labour > 0)
    assert checked == 1  # the customer portal


def test_the_team_member_opens_the_draft_week(demo):
    client = Client()
    client.force_login(get_user_model().objects.get(username="equipe"))
    response = client.get("/timesheet/?week=2026-06-15")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Accessibilité" in html and 'name="h-' in html


def test_approved_time_grows_ac_and_the_spent_to_date_alike(demo):
    """One actual cost: the budget table's "spent to date" is earned value's AC, before and
    after the team member's submitted week is approved."""
    from jalon.timesheets import services

    users = get_user_model().objects
    submitted = list(TimesheetEntry.objects.filter(resource__user__username="equipe",
                                                   status=Status.SUBMITTED)
                     .select_related("task__project"))
    project = submitted[0].task.project
    pmo = users.get(username="pmo")

    def figures():
        ac = finance.performance(user=pmo, project=project).evm.ac
        return Decimal(str(round(ac, 2))), finance.budget_summary(user=pmo, project=project).total.actual

    ac_before, spent_before = figures()
    assert spent_before == ac_before
    services.timesheet_entries_approve(actor=users.get(username="cheffe.projet"),
                                       entries=submitted)
    ac_after, spent_after = figures()
    approved = sum((e.amount for e in submitted if e.date <= project.status_date), Decimal("0"))
    assert approved > 0
    assert ac_after - ac_before == spent_after - spent_before == approved
