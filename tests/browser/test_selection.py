"""Portfolio selection in a real headless Chromium: the portfolio manager goes from scored
proposals to an approved, optimised portfolio — a scenario kept from the form, optimised,
its result read (selected, left out with the reasons, the use of the budget), promoted — and
the selected proposals are projects."""

from __future__ import annotations

import re

import pytest

from jalon.intake.models import OptimisationRun, Proposal, Scenario, ScoringModel
from jalon.portfolios.models import Project
from tests.browsing import login

# the intake tests' fixtures: a portfolio manager, a scoring model, three scored proposals
from tests.intake.conftest import boss, dev, model, three  # noqa: F401
from tests.web.test_browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("worker", "three")
def test_from_proposals_to_an_approved_optimised_portfolio(page, portfolio):
    scoring_model = ScoringModel.objects.get(portfolio=portfolio)
    login(page, "boss", "pass-word-123")
    page.goto(f"/portfolios/{portfolio.pk}/proposals/")
    page.click('nav.subnav a[href$="/scenarios/"]')
    page.wait_for_url(f"**/portfolios/{portfolio.pk}/scenarios/")
    page.click("#scenario-new")
    page.fill("input[name=name]", "Budget 2027")
    page.fill("input[name=first_month]", "2027-01-01")
    page.fill("input[name=months]", "3")
    page.fill("input[name=budget]", "1000; 0; 0")
    page.select_option("select[name=scoring_model]", str(scoring_model.pk))
    page.fill("input[name=time_limit]", "5")
    page.click("form.form-grid button[type=submit]")
    page.wait_for_url(re.compile(r"/scenarios/\d+/$"))

    page.click("#scenario-optimise")
    page.wait_for_url(re.compile(r"/optimisations/\d+/$"))
    page.wait_for_selector("#optimisation-status")
    assert OptimisationRun.objects.get().result["status"] == "optimal"
    selected = page.inner_text("#optimisation-selected")
    assert "A – Projet A" in selected and "C – Projet C" in selected
    assert "B – Projet B" in page.inner_text("#optimisation-rejected")
    assert page.locator("svg.chart.histogram").count() >= 1  # the budget against its limit
    shot(page, "selection-result")

    page.click("#optimisation-promote")
    page.wait_for_url(re.compile(r"/scenarios/\d+/$"))
    scenario = Scenario.objects.get()
    assert scenario.promoted_by.username == "boss"
    assert "boss" in page.inner_text("#scenario-decision")  # who decided, shown on the page
    approved = Proposal.objects.filter(state=Proposal.State.APPROVED)
    assert {p.code for p in approved} == {"A", "C"}
    assert set(Project.objects.filter(proposal__in=approved).values_list("code", flat=True)) \
        == {"A", "C"}
