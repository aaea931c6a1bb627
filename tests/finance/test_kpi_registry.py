"""A KPI declared once in the engine's registry reaches the thresholds (storage, form, API),
the figures and statuses, the finance tab, the KPI dashboard and the API without another edit.

The extra KPI is declared for the duration of each test only: the registry is swapped for an
extended one with ``monkeypatch`` (and put back after), as a new declaration in
``jalon.engine.kpis.REGISTRY`` would extend it for good.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from jalon.engine import kpis
from jalon.errors import ValidationFailed
from jalon.finance import services
from jalon.finance.evm import project_performance
from tests.api.test_api import client_for
from tests.pages import signed_in

pytestmark = pytest.mark.django_db

SHARE = 11_000 / 18_000 * 100  # EV over BAC in the worked example, 61.1 %


@pytest.fixture
def earned_share(monkeypatch):
    """Earned share: EV / BAC in percent, a cost KPI, green from 60, amber from 40."""
    declared = kpis.Kpi("earned_share", "cost", True, "percent", 1, 60.0, 40.0,
                        "Earned share (% of the budget)", "Earned value over BAC.",
                        lambda f: f.ev / f.bac * 100, maximum=100.0, dashboard=True,
                        short="Earned")
    monkeypatch.setattr(kpis, "REGISTRY", kpis.REGISTRY.extended(declared))
    return declared


def test_its_value_and_status_are_computed_and_judged_with_the_portfolio_s_limits(
        pmo, worked, earned_share):
    project = worked["project"]
    performance = project_performance(project)
    assert performance.kpis["earned_share"] == pytest.approx(SHARE)
    assert performance.kpi_statuses["earned_share"] == "green"
    assert performance.figures()["earned_share"] == pytest.approx(SHARE)
    services.thresholds_update(actor=pmo, portfolio=project.portfolio,
                               earned_share_green=Decimal("70"),
                               earned_share_amber=Decimal("50"))
    again = project_performance(project)
    assert again.kpi_statuses["earned_share"] == "amber"
    with pytest.raises(ValidationFailed) as exc:  # out of its declared range, 0-100
        services.thresholds_update(actor=pmo, portfolio=project.portfolio,
                                   earned_share_green=Decimal("170"))
    assert exc.value.field == "earned_share_green"


def test_the_thresholds_page_and_api_offer_its_limits(pmo, worked, earned_share):
    portfolio = worked["project"].portfolio
    html = signed_in(pmo, language="en").get(
        f"/portfolios/{portfolio.pk}/kpis/thresholds/").content.decode()
    assert 'name="earned_share_green"' in html and 'name="earned_share_amber"' in html
    assert "Earned share (% of the budget): green from" in html
    body = client_for(pmo).get(f"/api/v1/portfolios/{portfolio.pk}/kpi-thresholds").json()
    assert (body["thresholds"]["earned_share_green"],
            body["thresholds"]["earned_share_amber"]) == (60, 40)
    listed = {k["key"]: k for k in client_for(pmo).get("/api/v1/kpis").json()}
    assert listed["earned_share"]["dimension"] == "cost"
    assert listed["earned_share"]["thresholds"] == "earned_share"


def test_the_dashboard_the_finance_tab_and_the_api_show_it(pmo, worked, earned_share):
    project = worked["project"]
    client = signed_in(pmo, language="en")
    dashboard = client.get(f"/portfolios/{project.portfolio_id}/kpis/").content.decode()
    assert 'title="Earned share (% of the budget)">Earned</th>' in dashboard
    assert '<td class="num" data-kpi="earned_share">61.1</td>' in dashboard
    assert '<option value="earned_share"' in dashboard  # a sort order too
    tab = client.get(f"/projects/{project.pk}/finance/").content.decode()
    assert "Earned share (% of the budget)" in tab
    body = client_for(pmo).get(f"/api/v1/projects/{project.pk}/evm").json()
    assert body["figures"]["earned_share"] == pytest.approx(SHARE)
    assert body["statuses"]["kpis"]["earned_share"] == "green"
    rollup = client_for(pmo).get(f"/api/v1/portfolios/{project.portfolio_id}/kpis").json()
    assert rollup["portfolio"]["figures"]["earned_share"] == pytest.approx(SHARE)
