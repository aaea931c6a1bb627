"""KPI thresholds per portfolio, RAG per dimension, overrides with a justification, history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django_tasks.base import TaskResultStatus

from jalon.errors import NotFound, PermissionDenied, ValidationFailed
from jalon.finance import services
from jalon.finance.evm import project_performance
from jalon.finance.models import KpiSnapshot, RagOverride
from jalon.finance.tasks import take_kpi_snapshots
from tests.finance.conftest import simple_project


@pytest.fixture
def late(pmo, project):
    """SPI 0.8 and CPI 0.8: 40 % done when 50 % was planned, 4,000 spent for 3,200 earned."""
    return simple_project(actor=pmo, project=project, percent=40, cost="4000")


@pytest.mark.django_db
def test_default_thresholds_make_an_index_of_0_8_red(late):
    performance = project_performance(late)
    assert performance.evm.spi == pytest.approx(0.8)
    assert performance.evm.cpi == pytest.approx(0.8)
    assert performance.kpi_statuses["spi"] == "red"
    assert performance.kpi_statuses["cpi"] == "red"
    assert performance.computed["schedule"] == "red"
    assert performance.computed["cost"] == "red"
    assert performance.computed["scope"] == "green"  # nothing added since the baseline
    assert performance.computed["resources"] == "green"  # its one resource is not overloaded
    assert performance.computed["risk"] == "green"  # no open threat
    assert performance.computed["overall"] == "red"


@pytest.mark.django_db
def test_the_portfolio_thresholds_decide_the_colour(pmo, late):
    services.thresholds_update(actor=pmo, portfolio=late.portfolio,
                               spi_green=Decimal("0.9"), spi_amber=Decimal("0.75"),
                               cpi_green=Decimal("0.75"), cpi_amber=Decimal("0.7"),
                               lag_green=Decimal("15"), lag_amber=Decimal("20"),
                               overspend_green=Decimal("20"), overspend_amber=Decimal("30"))
    performance = project_performance(late)
    assert performance.kpi_statuses["spi"] == "amber"
    assert performance.kpi_statuses["cpi"] == "green"
    assert performance.computed["cost"] == "green"
    assert performance.computed["overall"] == "amber"


@pytest.mark.django_db
def test_thresholds_on_the_wrong_side_are_refused(pmo, manager, project):
    with pytest.raises(ValidationFailed) as exc:
        services.thresholds_update(actor=pmo, portfolio=project.portfolio,
                                   cpi_green=Decimal("0.8"), cpi_amber=Decimal("0.9"))
    assert exc.value.field == "cpi_amber"
    with pytest.raises(NotFound):  # a project manager does not even see the portfolio
        services.thresholds_update(actor=manager, portfolio=project.portfolio,
                                   cpi_green=Decimal("0.9"))


@pytest.mark.django_db
def test_an_override_needs_a_justification_and_shows_beside_the_computed_status(manager, late):
    with pytest.raises(ValidationFailed) as exc:
        services.rag_override_set(actor=manager, project=late, dimension="cost", status="green",
                                  justification="   ")
    assert exc.value.field == "justification"
    assert not RagOverride.objects.exists()
    services.rag_override_set(actor=manager, project=late, dimension="cost", status="amber",
                              justification="A supplier credit of 600 is on its way.")
    performance = project_performance(late)
    assert performance.computed["cost"] == "red"       # still computed from the figures
    assert performance.effective["cost"] == "amber"    # the person's judgement beside it
    assert performance.overrides["cost"].justification.startswith("A supplier credit")
    assert performance.effective["overall"] == "red"   # schedule is still red
    services.rag_override_clear(actor=manager, project=late, dimension="cost")
    assert project_performance(late).effective["cost"] == "red"


@pytest.mark.django_db
def test_executives_may_not_override(executive, late):
    with pytest.raises(PermissionDenied):
        services.rag_override_set(actor=executive, project=late, dimension="cost",
                                  status="green", justification="Looks fine to me.")


@pytest.mark.django_db
def test_a_snapshot_keeps_every_kpi_at_the_status_date_once(manager, late):
    snapshot = services.kpi_snapshot_take(actor=manager, project=late)
    assert snapshot.status_date == late.status_date
    assert snapshot.figures["cpi"] == pytest.approx(0.8)
    assert snapshot.figures["spi_t"] is not None
    assert snapshot.statuses["computed"]["cost"] == "red"
    services.kpi_snapshot_take(actor=manager, project=late)
    assert KpiSnapshot.objects.count() == 1


@pytest.mark.django_db
def test_a_project_without_figures_gets_no_snapshot(manager, project):
    assert services.kpi_snapshot_take(actor=manager, project=project) is None
    assert project_performance(project).reason


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_the_scheduled_task_snapshots_every_project_with_figures(pmo, late, other_project):
    result = take_kpi_snapshots.enqueue(late.portfolio_id)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    assert list(KpiSnapshot.objects.values_list("project", flat=True)) == [late.pk]


def _risk(project, number, *, probability=3, impact=3, cost="0", percent=None, kind="threat",
          status="open"):
    from jalon.risks.models import Risk

    risk = Risk(project=project, number=number, title=f"Risk {number}", probability=probability,
                impact_cost=impact, cost_impact=Decimal(cost), probability_percent=percent,
                kind=kind, status=status)
    risk.compute_scores()
    risk.save()
    return risk


@pytest.mark.django_db
def test_risk_exposure_is_probability_times_cost_of_open_threats_over_the_budget(late):
    # BAC 8,000. Level 3 of 5 stands for 50 %: 0.5 x 1,000 = 500; 20 % x 1,000 = 200.
    _risk(late, 1, probability=3, cost="1000")
    _risk(late, 2, probability=1, cost="1000", percent=Decimal("20"))
    _risk(late, 3, probability=5, cost="9000", status="closed")  # closed: left out
    _risk(late, 4, probability=5, cost="9000", kind="opportunity")  # not a threat
    performance = project_performance(late)
    assert performance.risk_exposure == pytest.approx(700)
    assert performance.kpis["risk_exposure"] == pytest.approx(700 / 8000 * 100)
    assert performance.kpi_statuses["risk_exposure"] == "amber"  # 8.75 %: above 5, up to 10
    assert performance.figures()["risk_exposure_amount"] == pytest.approx(700)


@pytest.mark.django_db
def test_open_high_threats_on_the_portfolio_matrix_make_the_risk_dimension_red(pmo, late):
    _risk(late, 1, probability=4, impact=4)  # 16 >= 12: high
    _risk(late, 2, probability=3, impact=4)  # 12: high
    _risk(late, 3, probability=5, impact=5)  # 25: high
    _risk(late, 4, probability=2, impact=2)  # low
    performance = project_performance(late)
    assert performance.kpis["high_risks"] == 3
    assert performance.computed["risk"] == "red"  # more than 2
    services.thresholds_update(actor=pmo, portfolio=late.portfolio, high_risks_green=1,
                               high_risks_amber=3)
    assert project_performance(late).computed["risk"] == "amber"
    from jalon.risks.services import matrix_config_update

    matrix_config_update(actor=pmo, portfolio=late.portfolio, medium_from=5, high_from=20)
    assert project_performance(late).kpis["high_risks"] == 1


@pytest.mark.django_db
def test_risk_thresholds_on_the_wrong_side_are_refused_and_not_saved(pmo, project):
    with pytest.raises(ValidationFailed) as exc:
        services.thresholds_update(actor=pmo, portfolio=project.portfolio,
                                   risk_exposure_green=Decimal("10"),
                                   risk_exposure_amber=Decimal("5"))
    assert exc.value.field == "risk_exposure_amber"
    from jalon.finance.models import KpiThreshold

    assert not KpiThreshold.objects.filter(portfolio=project.portfolio).exists()


@pytest.mark.django_db
def test_resource_days_overloaded_by_another_project_make_the_resources_dimension_red(
        pmo, late, other_project):
    import datetime

    from jalon.resources.models import Assignment
    from tests.factories import AssignmentFactory, TaskFactory

    # The late project's resource works on its task from 3 March; from the status date
    # (Friday 7 March) the remaining work is scheduled on its working days, of which 10, 11
    # and 12 March are also asked of it by the other project.
    resource = Assignment.objects.get(task__project=late).resource
    other_project.planned_start = datetime.date(2025, 3, 10)
    other_project.save()
    task = TaskFactory(project=other_project, name="Elsewhere", position=1, wbs_code="1",
                       duration=Decimal("3"))
    AssignmentFactory(task=task, resource=resource, work=Decimal("24"))  # 10-12 March
    performance = project_performance(late)
    assert performance.loaded_days in (6, 7)
    assert performance.kpis["overallocation"] == pytest.approx(3 / performance.loaded_days * 100)
    # On its days the resource is asked its whole capacity, plus three days more elsewhere.
    days = performance.loaded_days
    assert performance.kpis["utilisation"] == pytest.approx((days + 3) / days * 100)
    assert performance.kpi_statuses["utilisation"] == "red"  # above 120 %
    assert performance.computed["resources"] == "red"
    services.thresholds_update(actor=pmo, portfolio=late.portfolio,
                               overallocation_green=Decimal("40"),
                               overallocation_amber=Decimal("60"),
                               utilisation_green=Decimal("150"),
                               utilisation_amber=Decimal("200"))
    again = project_performance(late)
    assert again.kpi_statuses["utilisation"] == "green"
    assert again.computed["resources"] == "amber"  # over-allocation 3 of 6-7 days


@pytest.mark.django_db
def test_the_milestone_hit_rate_counts_the_milestones_due_finished_on_time(pmo, worked):
    import datetime

    from jalon.planning import services as planning
    from tests.factories import DependencyFactory, TaskFactory

    project, design = worked["project"], worked["design"]
    approved = TaskFactory(project=project, name="Design approved", position=4, wbs_code="4",
                           duration=Decimal("0"), is_milestone=True)
    DependencyFactory(predecessor=design, successor=approved)
    TaskFactory(project=project, name="Kick-off", position=5, wbs_code="5",
                duration=Decimal("0"), is_milestone=True)
    status, project.status_date = project.status_date, None
    project.save()  # baselined as planned, before the status date moves unfinished work
    baseline = planning.baseline_create(actor=pmo, project=project, name="With milestones")
    project.status_date = status
    project.save()
    planning.task_update(actor=pmo, task=approved, percent_complete=100,
                         actual_start=datetime.date(2025, 3, 14),
                         actual_finish=datetime.date(2025, 3, 14))
    performance = project_performance(project, baseline=baseline)
    # Due by 21 March: "Design approved" (14 March, done that day) and "Kick-off" (3 March,
    # not done); "Handover" is due later.
    assert (performance.milestones_due, performance.milestones_hit) == (2, 1)
    assert performance.kpis["milestone_hit_rate"] == pytest.approx(50)
    assert performance.kpi_statuses["milestone_hit_rate"] == "red"  # below 75 %
    assert performance.computed["schedule"] == "red"
    thresholds = services.thresholds_update(actor=pmo, portfolio=project.portfolio,
                                            milestone_hit_green=Decimal("50"),
                                            milestone_hit_amber=Decimal("40"))
    assert project_performance(project, baseline=baseline, thresholds=thresholds) \
        .kpi_statuses["milestone_hit_rate"] == "green"


@pytest.mark.django_db
def test_no_milestone_due_leaves_the_hit_rate_unassessed(worked):
    performance = project_performance(worked["project"])
    assert performance.milestones_due == 0
    assert performance.kpi_statuses["milestone_hit_rate"] == ""


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_snapshots_keep_themselves_at_each_new_status_date_through_the_queue(pmo, late, settings):
    import datetime

    from django_tasks_db.models import DBTaskResult

    from jalon.finance.tasks import ensure_snapshot_schedule, snapshot_new_status_dates

    settings.JALON_SNAPSHOT_HOURS = 24
    assert ensure_snapshot_schedule() is True
    assert ensure_snapshot_schedule() is False  # one run waits already
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert list(KpiSnapshot.objects.values_list("status_date", flat=True)) == [late.status_date]
    # The run scheduled the next one, a day later; it is not due yet.
    waiting = DBTaskResult.objects.get(task_path=snapshot_new_status_dates.module_path,
                                       status=TaskResultStatus.READY)
    assert waiting.run_after > datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=23)
    # The status date moves on: the next run adds a snapshot, and never a second one per date.
    late.status_date = datetime.date(2025, 3, 14)
    late.save()
    DBTaskResult.objects.filter(pk=waiting.pk).update(run_after=waiting.enqueued_at)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert sorted(KpiSnapshot.objects.values_list("status_date", flat=True)) == [
        datetime.date(2025, 3, 7), datetime.date(2025, 3, 14)]
    settings.JALON_SNAPSHOT_HOURS = 0
    DBTaskResult.objects.all().delete()
    assert ensure_snapshot_schedule() is False  # turned off
