"""Names that are attacks stay text in a real browser: a portfolio, a project, its tasks, a
resource and a risk named with a script, an attribute breaking out into an ``onerror``, and a
``javascript:`` address are shown on every main page without running anything, opening a
dialog, or making the browser refuse an inline script under the Content-Security-Policy (which
would mean that one was written into the page)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from jalon.risks.services import risk_create
from tests.browsing import login
from tests.factories import (
    AssignmentFactory,
    DependencyFactory,
    PortfolioFactory,
    ProgrammeFactory,
    ProjectFactory,
    ResourceFactory,
    TaskFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT = "<script>window.__xss=1</script>"
BREAKOUT = '"><img src=x onerror="window.__xss=2">'
LINK = "javascript:window.__xss=3"


@pytest.fixture
def hostile():
    """A portfolio whose every name is an attack, with a PMO administrator to read it."""
    portfolio = PortfolioFactory(name=f"PF {SCRIPT}")
    programme = ProgrammeFactory(portfolio=portfolio, name=f"PG {BREAKOUT}")
    project = ProjectFactory(portfolio=portfolio, programme=programme, name=f"PR {BREAKOUT}",
                             sponsor=LINK, description=SCRIPT,
                             planned_start=datetime.date(2025, 3, 3))
    first = TaskFactory(project=project, name=f"T1 {SCRIPT}", wbs_code="1", position=1,
                        duration=Decimal("3"))
    second = TaskFactory(project=project, name=f"T2 {BREAKOUT}", wbs_code="2", position=2,
                         duration=Decimal("2"))
    third = TaskFactory(project=project, name=LINK, wbs_code="3", position=3,
                        duration=Decimal("1"))
    DependencyFactory(predecessor=first, successor=second)
    DependencyFactory(predecessor=second, successor=third)
    resource = ResourceFactory(name=f"R {BREAKOUT}", code="XSS1")
    AssignmentFactory(task=first, resource=resource)
    user = UserFactory(username="hostile-reader")
    grant_role(actor=None, user=user, role=Role.PMO_ADMIN, scope=None)
    risk_create(actor=user, project=project, title=f"Risk {SCRIPT}", description=BREAKOUT,
                probability=3, impact_cost=4, impact_schedule=3)
    return portfolio, project


def test_hostile_names_are_shown_as_text_and_never_run(page, hostile):
    portfolio, project = hostile
    dialogs: list[str] = []
    refused: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    login(page, "hostile-reader", "pass-word-123")
    pages = [
        "/", f"/portfolios/{portfolio.pk}/", f"/portfolios/{portfolio.pk}/gantt/",
        f"/portfolios/{portfolio.pk}/cockpit/", f"/portfolios/{portfolio.pk}/kpis/",
        f"/portfolios/{portfolio.pk}/risks/", f"/portfolios/{portfolio.pk}/reports/",
        f"/programmes/{project.programme_id}/", f"/projects/{project.pk}/",
        f"/projects/{project.pk}/tasks/", f"/projects/{project.pk}/gantt/",
        f"/projects/{project.pk}/resources/", f"/projects/{project.pk}/risks/",
        f"/projects/{project.pk}/finance/", f"/projects/{project.pk}/reports/",
        f"/projects/{project.pk}/status-reports/", "/resources/", "/resources/loading/", "/kpis/",
    ]
    for path in pages:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert page.evaluate("typeof window.__xss") == "undefined", path
        # no <img> of the breakout made it into the page as an element
        assert page.locator("img[src=x]").count() == 0, path
        assert page.locator("a[href^='javascript:']").count() == 0, path
    page.goto(f"/projects/{project.pk}/tasks/")
    body = page.inner_text("body")
    assert "T1 <script>window.__xss=1</script>" in body  # the names, as text
    assert 'T2 "><img src=x onerror="window.__xss=2">' in body
    page.goto(f"/projects/{project.pk}/gantt/")
    page.locator(".gantt").get_by_text("T1 <script>window.__xss=1</script>").first.wait_for()
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert dialogs == [] and refused == []
