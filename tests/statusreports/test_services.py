"""Status reports: periods, the workflow and who may move it, the snapshot frozen at
publication, the prefill against the finance tab's figures, the reports due and reminders."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import translation

from jalon.errors import PermissionDenied, ValidationFailed
from jalon.finance import selectors as finance
from jalon.planning import services as planning
from jalon.statusreports import selectors, services
from jalon.statusreports.models import StatusReport
from jalon.statusreports.prefill import trends
from jalon.statusreports.tasks import send_due_reminders
from tests.finance.conftest import AC, EV, PV

State = StatusReport.State


def _submitted(project, manager, **commentary):
    report = services.report_create(actor=manager, project=project, **commentary)
    return services.report_transition(actor=manager, report=report, action="submit")


def test_a_report_covers_the_month_of_the_status_date_unless_the_portfolio_reports_weekly(
        under_way, manager, pmo):
    project = under_way["project"]
    report = services.report_create(actor=manager, project=project)
    assert (report.period_start, report.period_end) == (datetime.date(2025, 3, 1),
                                                        datetime.date(2025, 3, 31))
    assert report.state == State.DRAFT and report.cadence == "monthly"
    services.cadence_set(actor=pmo, portfolio=project.portfolio, cadence="weekly")
    weekly = services.report_create(actor=manager, project=project,
                                    day=datetime.date(2025, 3, 12))
    assert (weekly.period_start, weekly.period_end) == (datetime.date(2025, 3, 10),
                                                        datetime.date(2025, 3, 16))


def test_a_second_report_for_the_same_period_is_refused_by_name(under_way, manager):
    project = under_way["project"]
    services.report_create(actor=manager, project=project)
    with pytest.raises(ValidationFailed) as refused:
        services.report_create(actor=manager, project=project, day=datetime.date(2025, 3, 2))
    assert project.code in refused.value.message
    assert StatusReport.objects.count() == 1


def test_the_manager_submits_and_the_pmo_publishes(under_way, manager, pmo):
    report = _submitted(under_way["project"], manager, achievements="Design done")
    assert report.state == State.SUBMITTED and report.submitted_by == manager
    assert services.allowed_actions(pmo, report) == ["return", "publish"]
    published = services.report_transition(actor=pmo, report=report, action="publish")
    assert published.state == State.PUBLISHED and published.reviewed_by == pmo
    assert published.snapshot["figures"]["ev"] == pytest.approx(EV)
    assert published.status_date == datetime.date(2025, 3, 21)


def test_a_team_member_may_neither_write_nor_publish(under_way, manager, member):
    project = under_way["project"]
    with pytest.raises(PermissionDenied):
        services.report_create(actor=member, project=project)
    report = _submitted(project, manager)
    assert services.allowed_actions(member, report) == []
    with pytest.raises(PermissionDenied):
        services.report_transition(actor=member, report=report, action="publish")
    assert StatusReport.objects.get().state == State.SUBMITTED


def test_a_project_manager_does_not_publish_their_own_report(under_way, manager):
    report = _submitted(under_way["project"], manager)
    assert services.allowed_actions(manager, report) == []
    with pytest.raises(PermissionDenied):
        services.report_transition(actor=manager, report=report, action="publish")
    assert StatusReport.objects.get().snapshot is None


def test_a_reviewer_who_submitted_the_report_leaves_publication_to_another(
        under_way, programme_manager, pmo):
    report = _submitted(under_way["project"], programme_manager)
    with translation.override("en"), pytest.raises(PermissionDenied) as refused:
        services.report_transition(actor=programme_manager, report=report, action="publish")
    assert "someone else" in refused.value.message
    services.report_transition(actor=pmo, report=report, action="publish")
    assert StatusReport.objects.get().state == State.PUBLISHED


def test_returned_with_comments_the_manager_changes_it_and_submits_again(under_way, manager,
                                                                         pmo):
    report = _submitted(under_way["project"], manager, achievements="Draft")
    with pytest.raises(ValidationFailed):
        services.report_update(actor=manager, report=report, achievements="Too late")
    with pytest.raises(ValidationFailed) as refused:
        services.report_transition(actor=pmo, report=report, action="return")
    assert refused.value.field == "comments"
    report = services.report_transition(actor=pmo, report=report, action="return",
                                        comments="Say why the build is late.")
    assert report.state == State.RETURNED
    report = services.report_update(actor=manager, report=report,
                                    achievements="Design done; build late (supplier)")
    report = services.report_transition(actor=manager, report=report, action="submit")
    assert report.state == State.SUBMITTED
    assert report.review_comments == "Say why the build is late."
    services.report_transition(actor=pmo, report=report, action="publish")
    with pytest.raises(ValidationFailed):  # published once only
        services.report_transition(actor=pmo, report=report, action="publish")


def test_the_prefill_shows_the_finance_tabs_figures(under_way, manager, pmo):
    project = under_way["project"]
    report = services.report_create(actor=manager, project=project)
    figures = selectors.report_figures(report)
    shown = finance.performance(user=pmo, project=project)
    assert figures["figures"]["ev"] == pytest.approx(EV)
    assert figures["figures"]["pv"] == pytest.approx(PV)
    assert figures["figures"]["ac"] == pytest.approx(AC)
    assert figures["figures"]["cpi"] == pytest.approx(float(shown.evm.cpi))
    assert figures["figures"]["spi"] == pytest.approx(float(shown.evm.spi))
    assert figures["figures"]["spi_t"] == pytest.approx(float(shown.es.spi_t))
    assert figures["figures"]["eac"] == pytest.approx(float(shown.evm.eac_cpi))
    assert figures["figures"]["vac"] == pytest.approx(float(shown.evm.vac))
    assert figures["rag"] == {key: shown.effective[key] for key in figures["rag"]}
    assert figures["baseline"] == "Initial"
    coming = figures["milestones"]["coming"]
    assert [m["task"] for m in coming] == ["3 Handover"]
    assert coming[0]["baseline_finish"] == "2025-03-28"
    assert coming[0]["slip"] > 0  # the build is behind: the handover comes later


def test_a_published_report_keeps_its_figures_when_the_plan_changes(under_way, manager, pmo):
    project = under_way["project"]
    report = services.report_transition(actor=pmo, report=_submitted(project, manager),
                                        action="publish")
    frozen = StatusReport.objects.get(pk=report.pk).snapshot
    planning.task_update(actor=pmo, task=under_way["build"], percent_complete=90)
    project.refresh_from_db()
    assert finance.performance(user=pmo, project=project).evm.ev != pytest.approx(EV)
    report = StatusReport.objects.get(pk=report.pk)
    assert selectors.report_figures(report) == frozen
    assert report.snapshot["figures"]["ev"] == pytest.approx(EV)


def test_the_trend_compares_with_the_previous_published_report(under_way, manager, pmo):
    project = under_way["project"]
    first = services.report_transition(actor=pmo, report=_submitted(project, manager),
                                       action="publish")
    second = services.report_create(actor=manager, project=project,
                                    day=datetime.date(2025, 4, 2))
    assert selectors.previous_published(second) == first
    trend = selectors.report_figures(second)["trend"]
    assert {trend[k] for k, v in first.snapshot["rag"].items() if v} == {"same"}
    assert trends({"cost": "red", "risk": "green", "scope": ""},
                  {"cost": "amber", "risk": "red", "scope": "green"}) == {
        "cost": "worse", "risk": "better", "scope": ""}


def test_latest_published_gives_each_projects_last_published_report(under_way, manager, pmo,
                                                                      other_project):
    project = under_way["project"]
    march = services.report_transition(actor=pmo, report=_submitted(project, manager),
                                       action="publish")
    services.report_create(actor=manager, project=project, day=datetime.date(2025, 4, 2))
    assert selectors.latest_published(projects=[project, other_project]) == {project.pk: march}


def test_the_reports_due_and_the_reminders_to_their_managers(under_way, manager, pmo):
    project = under_way["project"]
    manager.email = "pm@example.org"
    manager.save()
    today = datetime.date(2025, 4, 3)
    due = selectors.due_in_portfolio(user=pmo, portfolio=project.portfolio, today=today)
    assert [(d.project, d.start, d.report) for d in due] == [
        (project, datetime.date(2025, 3, 1), None)]
    assert send_due_reminders.call(today.isoformat()) == 1
    assert mail.outbox[0].to == ["pm@example.org"]
    assert project.code in mail.outbox[0].subject
    _submitted(project, manager)
    assert selectors.due_in_portfolio(user=pmo, portfolio=project.portfolio, today=today) == []
    assert send_due_reminders.call(today.isoformat()) == 0


def test_a_project_without_a_plan_reports_and_publishes_without_figures(project, manager, pmo):
    project.status = project.Status.IN_PROGRESS
    project.save()
    report = services.report_create(actor=manager, project=project,
                                    day=datetime.date(2026, 5, 4))
    services.report_transition(actor=manager, report=report, action="submit")
    published = services.report_transition(actor=pmo, report=report, action="publish")
    assert published.snapshot["available"] is False
    assert set(published.snapshot["figures"].values()) == {None}
    assert published.snapshot["milestones"] == {"achieved": [], "coming": []}
    assert published.snapshot["hotspots"] == [] and published.status_date is None


def test_reminders_go_out_on_monday_mornings():
    from django.utils import timezone

    from jalon.statusreports.tasks import next_monday_morning

    paris = timezone.get_current_timezone()
    for now, expected in [
        (datetime.datetime(2026, 12, 7, 7, 0), datetime.datetime(2026, 12, 14, 8, 0)),  # Mon
        (datetime.datetime(2026, 12, 9, 15, 0), datetime.datetime(2026, 12, 14, 8, 0)),  # Wed
        (datetime.datetime(2026, 12, 13, 23, 0), datetime.datetime(2026, 12, 14, 8, 0)),  # Sun
    ]:
        at = next_monday_morning(timezone.make_aware(now, paris))
        assert timezone.localtime(at).replace(tzinfo=None) == expected


@pytest.mark.django_db
def test_the_reminder_chain_is_started_once(settings):
    from django_tasks_db.models import DBTaskResult

    from jalon.statusreports.tasks import ensure_reminder_schedule, remind_weekly

    assert ensure_reminder_schedule() is True
    assert ensure_reminder_schedule() is False  # one waits already
    assert DBTaskResult.objects.filter(task_path=remind_weekly.module_path).count() == 1
