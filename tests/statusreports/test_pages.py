"""The status report pages: the project's tab, a report beside the previous one, the
commentary and the actions, and the portfolio's reports due with its cadence."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.utils import translation

from jalon.statusreports import services
from jalon.statusreports.models import ReportingSettings, StatusReport
from jalon.statusreports.views import FIGURES

pytestmark = pytest.mark.django_db


def _report(under_way, manager, **commentary):
    return services.report_create(actor=manager, project=under_way["project"], **commentary)


@pytest.mark.english
def test_the_project_tab_lists_the_reports_and_starts_one(pm_client, under_way):
    project = under_way["project"]
    tab = pm_client.get(f"/projects/{project.pk}/").content.decode()
    assert f'href="/projects/{project.pk}/status-reports/"' in tab
    listing = pm_client.get(f"/projects/{project.pk}/status-reports/").content.decode()
    assert "No status report yet." in listing and "every month" in listing
    response = pm_client.post(f"/projects/{project.pk}/status-reports/new/", {"day": ""})
    report = StatusReport.objects.get()
    assert response.status_code == 302 and response.url == f"/status-reports/{report.pk}/"
    again = pm_client.post(f"/projects/{project.pk}/status-reports/new/", {"day": ""})
    assert again.status_code == 400
    assert "already has a status report for the period from 01/03/2025 to 31/03/2025" in \
        again.content.decode()


@pytest.mark.english
def test_a_report_shows_the_figures_and_the_previous_period_beside_them(pm_client, under_way,
                                                                       manager, pmo):
    march = _report(under_way, manager, achievements="Design delivered")
    services.report_transition(actor=manager, report=march, action="submit")
    services.report_transition(actor=pmo, report=march, action="publish")
    april = services.report_create(actor=manager, project=under_way["project"],
                                   day=datetime.date(2025, 4, 2), achievements="Build started")
    page = pm_client.get(f"/status-reports/{april.pk}/").content.decode()
    assert "Build started" in page and "Design delivered" in page
    assert "Previous period" in page and "→ unchanged" in page
    assert 'data-figure="ev"' in page and "11,000" in page
    assert "3 Handover" in page
    assert f'href="/status-reports/{april.pk}/edit/"' in page
    assert "Submit to the PMO" in page and "Publish" not in page


def _figures_shown(page: str) -> dict[str, str]:
    """Each row's label and its first figure, as the page writes them."""
    rows = re.findall(r'<th scope="row">([^<]+)</th>\s*<td class="num[^"]*">([^<]*)</td>', page)
    return {html.unescape(label): value.strip() for label, value in rows}


def test_the_report_shows_the_key_figures_the_finance_tab_shows(pm_client, under_way,
                                                                 manager):
    report = _report(under_way, manager)
    on_the_tab = _figures_shown(pm_client.get(
        f"/projects/{under_way['project'].pk}/finance/").content.decode())
    in_the_report = _figures_shown(pm_client.get(f"/status-reports/{report.pk}/").content.decode())
    with translation.override("fr"):
        labels = [str(label) for _key, label, _kind in FIGURES]
    assert [in_the_report[label] for label in labels] == [on_the_tab[label] for label in labels]
    assert in_the_report[labels[0]] == "11\xa0000"  # EV, in French


def test_a_team_member_reads_the_commentary_but_not_the_money(member_client, under_way,
                                                              manager):
    report = _report(under_way, manager, achievements="Conception livrée")
    page = member_client.get(f"/status-reports/{report.pk}/").content.decode()
    assert "Conception livrée" in page
    assert 'id="report-figures"' not in page and 'id="report-rag"' not in page
    assert member_client.get(f"/status-reports/{report.pk}/edit/").status_code == 403


def test_an_outsider_gets_not_found(outsider_client, under_way, manager):
    report = _report(under_way, manager)
    assert outsider_client.get(f"/status-reports/{report.pk}/").status_code == 404
    assert outsider_client.post(f"/status-reports/{report.pk}/transition/",
                                {"action": "submit"}).status_code == 404


@pytest.mark.english
def test_the_manager_edits_and_submits_then_the_pmo_returns_it_with_comments(
        pm_client, pmo_client, under_way, manager):
    report = _report(under_way, manager)
    response = pm_client.post(f"/status-reports/{report.pk}/edit/", {
        "achievements": "Design delivered", "next_period": "Build", "help_needed": ""})
    assert response.status_code == 302
    pm_client.post(f"/status-reports/{report.pk}/transition/", {"action": "submit"})
    refused = pmo_client.post(f"/status-reports/{report.pk}/transition/", {"action": "return"})
    assert refused.status_code == 400
    assert "Say what the project manager should change." in refused.content.decode()
    pmo_client.post(f"/status-reports/{report.pk}/transition/",
                    {"action": "return", "comments": "Explain the build's delay."})
    page = pm_client.get(f"/status-reports/{report.pk}/").content.decode()
    assert "Returned to the project manager" in page and "Explain the build" in page


@pytest.mark.english
def test_the_portfolio_lists_the_reports_due_and_to_review_and_its_manager_sets_the_cadence(
        pmo_client, under_way, manager):
    project = under_way["project"]
    url = f"/portfolios/{project.portfolio.pk}/status-reports/"
    page = pmo_client.get(url).content.decode()
    assert project.code in page and "Not started" in page and "No report awaits review." in page
    report = _report(under_way, manager)
    services.report_transition(actor=manager, report=report, action="submit")
    page = pmo_client.get(url).content.decode()
    assert f'<a href="/status-reports/{report.pk}/">{project.code}' in page
    response = pmo_client.post(f"/portfolios/{project.portfolio.pk}/status-reports/",
                               {"cadence": "weekly"})
    assert response.status_code == 302
    assert ReportingSettings.objects.get(portfolio=project.portfolio).cadence == "weekly"
    assert pmo_client.post(f"/portfolios/{project.portfolio.pk}/status-reports/",
                           {"cadence": "daily"}).status_code == 400
