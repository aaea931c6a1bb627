"""Tolerances (from the pack, then the portfolio, then the project) and the exceptions raised by
the check when the forecast breaks one: once, to the board, reported on, then resolved."""

from __future__ import annotations

import datetime

import pytest

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from jalon.errors import PermissionDenied, ValidationFailed
from jalon.governance.exceptions import (
    exception_report,
    exception_resolve,
    exceptions_check,
    portfolio_tolerances_set,
    tolerances_set,
)
from jalon.governance.models import ProjectRole, ProjectTolerances, ToleranceException
from jalon.governance.tolerances import effective_tolerances, measure_readings
from jalon.notifications.models import Notification
from jalon.planning import services as planning
from jalon.portfolios.models import Project
from tests.finance.conftest import worked  # noqa: F401 - the earned value example as a fixture
from tests.governance.conftest import create_from_pack

pytestmark = pytest.mark.django_db

Measure = ToleranceException.Measure


@pytest.fixture
def over_budget(worked, board):  # noqa: F811
    """The worked example (EAC 22,091 against a BAC of 18,000: 22.7 % over) following PRINCE2
    (cost tolerance 10 %), its executive role held by ``board``."""
    project = worked["project"]
    project.methodology = "prince2"
    project.save()
    ProjectRole.objects.create(project=project, key="senior_user", name_en="Senior user",
                               name_fr="Utilisateur principal", jalon_role=Role.PROGRAMME_MANAGER,
                               approver=True, holder=board)
    # the example is late too: a wide time tolerance keeps these tests on the cost
    ProjectTolerances.objects.create(project=project, time_days=60)
    return project


def reading(project, measure):
    return next(r for r in measure_readings([project])[project.pk] if r.measure == measure)


def test_tolerances_come_from_the_pack_then_the_portfolio_then_the_project(pmo, programme):
    project = create_from_pack(pmo, programme, "pmbok")
    held = effective_tolerances([project])[project.pk]
    assert (held.value("cost_percent"), held.fields["cost_percent"].source) == (5.0, "pack")
    assert held.value("time_days") is None

    portfolio_tolerances_set(actor=pmo, portfolio=project.portfolio, cost_percent=8, time_days=20)
    held = effective_tolerances([project])[project.pk]
    assert (held.value("cost_percent"), held.fields["cost_percent"].source) == (8.0, "portfolio")
    # the portfolio's days replace the pack's percentage of the duration
    assert held.value("time_percent") is None

    tolerances_set(actor=pmo, project=project, cost_percent=12)
    held = effective_tolerances([project])[project.pk]
    assert (held.value("cost_percent"), held.fields["cost_percent"].source) == (12.0, "project")
    assert (held.value("time_days"), held.fields["time_days"].source) == (20.0, "portfolio")
    assert held.texts["scope"] == "Approved changes only"


def test_breaking_the_cost_tolerance_raises_one_exception_and_notifies_the_board(
        over_budget, board, manager, pmo):
    over_budget.project_manager = manager
    over_budget.save()
    cost = reading(over_budget, Measure.COST)
    assert cost.breached and cost.value == pytest.approx(22_090.909 - 18_000, abs=0.01)
    assert cost.limit == pytest.approx(1_800)

    raised = exceptions_check(projects=[over_budget])
    assert [e.measure for e in raised] == [Measure.COST]
    exception = raised[0]
    assert exception.limit == pytest.approx(1_800)
    notes = Notification.objects.filter(ref=f"exception:{exception.pk}")
    assert {n.recipient for n in notes} == {board, manager}
    assert all(n.action for n in notes)
    assert "estimate at completion passes the budget" in notes.first().text

    assert exceptions_check(projects=[over_budget]) == []  # not again while it is open
    assert ToleranceException.objects.filter(project=over_budget).count() == 1


def test_within_tolerance_nothing_is_raised(over_budget, pmo):
    tolerances_set(actor=pmo, project=over_budget, cost_percent=25, time_days=60)
    assert not reading(over_budget, Measure.COST).breached
    assert exceptions_check(projects=[over_budget]) == []


def test_a_slip_beyond_the_time_tolerance_raises_a_time_exception(over_budget, pmo):
    tolerances_set(actor=pmo, project=over_budget, time_days=3, cost_percent=50)
    build = over_budget.tasks.get(name="Build")
    planning.task_update(actor=pmo, task=build, duration=20)  # ten more working days
    time = reading(over_budget, Measure.TIME)
    assert time.value == 14 and time.limit == 3  # two calendar weeks after the approved finish
    assert [e.measure for e in exceptions_check(projects=[over_budget])] == [Measure.TIME]


def test_the_report_then_the_board_s_decision_resolve_the_exception(over_budget, board, manager,
                                                                    pmo):
    exception = exceptions_check(projects=[over_budget])[0]
    with pytest.raises(ValidationFailed, match="not written the exception report"):
        exception_resolve(actor=board, exception=exception, decision="accept", comment="Fine")
    with pytest.raises(ValidationFailed, match="needs its"):
        exception_report(actor=manager, exception=exception, cause="Steel prices",
                         consequences="", options="Cut scope", recommendation="Accept")
    exception_report(actor=manager, exception=exception, cause="Steel prices",
                     consequences="4 k over", options="Cut scope; accept", recommendation="Accept")
    with pytest.raises(PermissionDenied):
        exception_resolve(actor=manager, exception=exception, decision="accept", comment="Fine")

    exception_resolve(actor=board, exception=exception, decision="accept",
                      comment="Accepted with 25 %", tolerances={"cost_percent": 25})
    exception.refresh_from_db()
    assert not exception.is_open and exception.decided_by == board
    assert not Notification.objects.filter(ref=f"exception:{exception.pk}",
                                           resolved_at=None).exists()
    assert exceptions_check(projects=[over_budget]) == []  # the new tolerance holds it


def test_premature_closure_closes_the_project(over_budget, board, manager):
    exception = exceptions_check(projects=[over_budget])[0]
    exception_report(actor=manager, exception=exception, cause="c", consequences="c",
                     options="o", recommendation="r")
    exception_resolve(actor=board, exception=exception, decision="premature_closure",
                      comment="Stop the losses")
    over_budget.refresh_from_db()
    assert over_budget.status == Project.Status.CLOSED


def test_team_members_and_project_managers_do_not_set_tolerances(project, member, manager):
    for user in (member, manager):
        with pytest.raises(PermissionDenied):
            tolerances_set(actor=user, project=project, cost_percent=1)


def test_a_portfolio_manager_sets_tolerances_and_bad_values_are_refused(project):
    from tests.factories import UserFactory

    chief = UserFactory()
    grant_role(actor=None, user=chief, role=Role.PORTFOLIO_MANAGER, scope=project.portfolio)
    with pytest.raises(ValidationFailed, match="negative"):
        tolerances_set(actor=chief, project=project, cost_percent=-1)
    with pytest.raises(ValidationFailed, match="whole number"):
        tolerances_set(actor=chief, project=project, time_days=1.5)
    assert tolerances_set(actor=chief, project=project, time_days=5).time_days == 5


def test_closed_projects_are_not_checked(over_budget):
    over_budget.status = Project.Status.CLOSED
    over_budget.save()
    assert exceptions_check(projects=[over_budget]) == []


def test_the_p80_of_the_latest_simulation_is_measured_against_the_approved_finish(over_budget,
                                                                                   pmo):
    from jalon.risks.models import SimulationRun

    SimulationRun.objects.create(project=over_budget, state=SimulationRun.State.DONE,
                                 finished_at=datetime.datetime(2025, 3, 21, tzinfo=datetime.UTC),
                                 result={"finish": {"p80_date": "2025-05-02"}})
    tolerances_set(actor=pmo, project=over_budget, time_days=10, cost_percent=50)
    p80 = reading(over_budget, Measure.TIME_P80)
    assert p80.value == (datetime.date(2025, 5, 2) - datetime.date(2025, 3, 28)).days
    assert p80.breached
