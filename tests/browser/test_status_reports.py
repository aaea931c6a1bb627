"""A status report in a real headless Chromium: the project manager fills in the commentary and
submits the report, the PMO opens it and publishes it, and the published page shows it."""

from __future__ import annotations

import pytest

from jalon.statusreports.models import StatusReport
from tests.browsing import login
from tests.statusreports.conftest import under_way, worked  # noqa: F401  (the fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_submits_a_status_report_and_the_pmo_publishes_it(
        page, under_way, manager, pmo):  # noqa: F811
    project = under_way["project"]
    login(page, "pm-test", "pass-word-123")
    page.goto(f"/projects/{project.pk}/")
    page.click(f'nav.tabs a[href="/projects/{project.pk}/status-reports/"]')
    page.click("#new-report button[type=submit]")
    page.wait_for_selector("#report-state")
    page.click("#edit-commentary")
    page.fill("textarea[name=achievements]", "Conception livrée et recette planifiée")
    page.fill("textarea[name=next_period]", "Terminer la construction")
    page.fill("textarea[name=help_needed]", "Un testeur de plus")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#commentary")
    page.click("#review button[value=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#report-state").inner_text().strip() == "Soumis pour revue"
    assert page.locator("#review").count() == 0  # a manager does not publish their own report

    page.context.clear_cookies()
    login(page, "pmo-test", "pass-word-123")
    page.goto(f"/portfolios/{project.portfolio.pk}/")
    page.click(f'a[href="/portfolios/{project.portfolio.pk}/status-reports/"]')
    page.click(f'#reports-to-review a[href="/status-reports/{StatusReport.objects.get().pk}/"]')
    page.fill("#comments-publish", "Bien vu pour le testeur.")
    page.click("#review button[value=publish]")
    page.wait_for_load_state("networkidle")

    assert page.locator("#report-state").inner_text().strip() == "Publié"
    assert "Conception livrée" in page.locator("#commentary td.achievements").inner_text()
    assert "Bien vu pour le testeur." in page.locator("#commentary").inner_text()
    assert "ils ne changent plus" in page.content()
    assert page.locator('#report-figures tr[data-figure="ev"] td.num').inner_text().strip() \
        .startswith("11")
    report = StatusReport.objects.get()
    assert report.state == StatusReport.State.PUBLISHED and report.reviewed_by == pmo
    assert report.snapshot is not None
