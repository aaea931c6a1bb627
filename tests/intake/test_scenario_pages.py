"""The scenario pages: kept from a form, optimised, the result with its reasons and charts,
promoted, compared, the frontier, and capacity against demand; each checks its reader."""

from __future__ import annotations

import pytest

from jalon.intake import scenarios
from jalon.intake.models import OptimisationRun, Proposal, Scenario
from tests.pages import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.english]


@pytest.fixture
def boss_client(boss):
    return signed_in(boss, language="en")


def test_a_manager_keeps_a_scenario_from_the_form(boss_client, portfolio, model, three, dev):
    page = boss_client.get(f"/portfolios/{portfolio.pk}/scenarios/").content.decode()
    assert "New scenario" in page
    response = boss_client.post(f"/portfolios/{portfolio.pk}/scenarios/new/", {
        "name": "Budget 2027 −15 %", "first_month": "2027-01-01", "months": 3,
        "budget": "850", "value": "score", "scoring_model": model.pk,
        "capacity": "dev: 100", "balance": "growth; budget; 10; ; ; 2",
        "locked_out": [three["B"].pk], "time_limit": 5})
    assert response.status_code == 302, response.content.decode()
    scenario = Scenario.objects.get(name="Budget 2027 −15 %")
    assert scenario.budget == [850.0, 850.0, 850.0]
    assert scenario.capacity == {str(dev.pk): 100.0}
    assert scenario.balance == [{"category": "growth", "resource": "budget", "min_share": 0.1,
                                 "max_count": 2}]
    assert list(scenario.locked_out.all()) == [three["B"]]
    edit = boss_client.get(f"/scenarios/{scenario.pk}/edit/").content.decode()
    assert "growth; budget; 10; ; ; 2" in edit


def test_a_bad_budget_is_named_in_the_form(boss_client, portfolio, model, three):
    response = boss_client.post(f"/portfolios/{portfolio.pk}/scenarios/new/", {
        "name": "X", "first_month": "2027-01-01", "months": 3, "budget": "10; abc",
        "value": "score", "time_limit": 5})
    assert response.status_code == 400
    assert "Budget, month 2: “abc” is not a number." in response.content.decode()


def test_optimise_read_the_result_and_promote(boss_client, scenario, worker):
    response = boss_client.post(f"/scenarios/{scenario.pk}/optimise/", {"kind": "select"})
    run = OptimisationRun.objects.get()
    assert response.url == f"/optimisations/{run.pk}/"
    page = boss_client.get(response.url).content.decode()
    assert "Optimal: no selection within the limits and rules is worth more." in page
    assert "A – Projet A" in page and "January 2027" in page
    assert "Left out, and why" in page and "“B – Projet B”" in page
    assert '<svg class="chart histogram"' in page and "Budget (k€)" in page
    promoted = boss_client.post(f"/optimisations/{run.pk}/promote/")
    assert promoted.url == f"/scenarios/{scenario.pk}/"
    detail = boss_client.get(promoted.url).content.decode()
    assert "Promoted by" in detail
    assert set(Proposal.objects.filter(state="approved").values_list("code", flat=True)) == {
        "A", "C"}


def test_the_frontier_page_draws_the_points(boss_client, scenario, worker):
    boss_client.post(f"/scenarios/{scenario.pk}/optimise/", {"kind": "frontier"})
    run = OptimisationRun.objects.get()
    page = boss_client.get(f"/optimisations/{run.pk}/").content.decode()
    assert '<svg class="chart frontier"' in page
    assert page.count("<circle") == 16
    assert "Marginal value per k€" in page


def test_two_scenarios_side_by_side(boss_client, boss, portfolio, scenario, worker):
    tight = scenarios.scenario_create(actor=boss, portfolio=portfolio, name="Tight",
                                      first_month=scenario.first_month, months=3,
                                      budget=[600, 0, 0], scoring_model=scenario.scoring_model)
    for item in (scenario, tight):
        scenarios.optimisation_start(actor=boss, scenario=item)
    page = boss_client.get(f"/portfolios/{portfolio.pk}/scenarios/compare/"
                           f"?scenario={scenario.pk}&scenario={tight.pk}").content.decode()
    assert "Tight" in page and "Budget 2027" in page
    assert ">5<" in page and ">3.25<" in page
    one = boss_client.get(f"/portfolios/{portfolio.pk}/scenarios/compare/?scenario={tight.pk}")
    assert one.status_code == 400
    assert "Choose two to four scenarios to compare." in one.content.decode()


def test_capacity_against_demand_highlights_the_gaps(boss_client, boss, scenario, running,
                                                     worker):
    scenarios.scenario_update(actor=boss, scenario=scenario, capacity={})
    scenarios.optimisation_start(actor=boss, scenario=scenario)
    page = boss_client.get(f"/scenarios/{scenario.pk}/capacity/").content.decode()
    # January: 40 h running + 100 h of C against 168 h = 83 %
    assert "Dev" in page and 'class="heat-high" title="140 / 168">83<' in page


def test_the_pages_check_their_reader(client, member, chief, scenario, worker):
    client.force_login(member)
    assert client.get(f"/scenarios/{scenario.pk}/").status_code == 404
    client.force_login(chief)
    assert client.get(f"/scenarios/{scenario.pk}/").status_code == 200
    assert client.post(f"/scenarios/{scenario.pk}/optimise/").status_code == 403
    assert client.get(f"/portfolios/{scenario.portfolio_id}/scenarios/new/").status_code == 403


def test_a_running_optimisation_shows_its_progress_and_current_gap(boss_client, boss, scenario):
    run = OptimisationRun.objects.create(
        scenario=scenario, created_by=boss, state=OptimisationRun.State.RUNNING, progress=0.4,
        elapsed=12.5, best_value=109388, best_bound=110816, gap=0.013054)
    page = boss_client.get(f"/optimisations/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert '<progress class="progressbar" max="1" value="0.4">' in page
    assert "Searching… 12.5 s · best value so far 109388, bound 110816, gap 1.31 %" in page
    assert 'hx-trigger="every 1s"' in page
