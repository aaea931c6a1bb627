"""Management by exception in a real headless Chromium: the PMO tightens a project's cost
tolerance below its overrun, the check raises the exception at once, the project manager writes
the exception report and the board decides; the portfolio page lists it until then."""

from __future__ import annotations

import pytest

from jalon.governance.models import ToleranceException
from tests.browsing import login
from tests.finance.conftest import worked  # noqa: F401  (the fixtures)
from tests.governance.conftest import board  # noqa: F401
from tests.governance.test_tolerances import over_budget  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_tighter_tolerance_raises_an_exception_reported_and_decided(
        page, over_budget, worker, pmo, manager, board):  # noqa: F811
    project = over_budget
    project.project_manager = manager
    project.save()
    login(page, "pmo-test", "pass-word-123")
    page.goto(f"/projects/{project.pk}/governance/")
    page.click(f'a[href="/projects/{project.pk}/governance/tolerances/"]')
    page.fill("input[name=cost_percent]", "5")
    page.fill("input[name=time_days]", "60")
    page.click("form.form-grid button[type=submit]")
    page.wait_for_selector("#exception-list")
    assert "Coût\xa0: estimation à terminaison" in page.locator("#exception-list").inner_text()
    exception = ToleranceException.objects.get()
    page.goto(f"/portfolios/{project.portfolio_id}/")
    assert f"/exceptions/{exception.pk}/" in page.locator("#open-exceptions").inner_html()

    page.context.clear_cookies()
    login(page, manager.username, "pass-word-123")
    page.goto(f"/exceptions/{exception.pk}/")
    for name, text in (("cause", "Acier plus cher"), ("consequences", "Budget dépassé"),
                       ("options", "Réduire ou accepter"), ("recommendation", "Accepter")):
        page.fill(f"textarea[name={name}]", text)
    page.click("#report button[type=submit]")
    page.wait_for_selector("#report dl")
    assert "Acier plus cher" in page.locator("#report").inner_text()

    page.context.clear_cookies()
    login(page, board.username, "pass-word-123")
    page.goto(f"/exceptions/{exception.pk}/")
    page.select_option("select[name=decision]", "exception_plan")
    page.fill("#decision textarea[name=comment]", "Plan d'exception pour l'acier")
    page.click("#decision button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Demander un plan d’exception" in page.locator("#exception").inner_text()
    exception.refresh_from_db()
    assert not exception.is_open
