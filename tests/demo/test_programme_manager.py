"""The demo's programme manager (``programme``, PRG-NUM) sees his programme as the portfolio
manager sees the portfolio: its KPIs labelled for what they sum, its Gantt, its risks, its
levelling — and nothing of the other programmes."""

from __future__ import annotations

import lxml.html
import pytest
from django.contrib.auth import get_user_model

from jalon.demo.catalogue import PORTFOLIO_CODE
from jalon.finance import selectors
from jalon.portfolios.models import Portfolio, Programme
from tests.pages import signed_in

pytestmark = pytest.mark.django_db


def user(username: str):
    return get_user_model().objects.get(username=username)  # fresh: grants are cached per object


@pytest.fixture
def programme(demo) -> Programme:
    return Programme.objects.get(code="PRG-NUM")


def rollup_rows(page: str) -> list[tuple[str, str]]:
    """(scope, label) of each roll-up row of the KPI dashboard."""
    tree = lxml.html.fromstring(page)
    return [(row.get("data-rollup"), row.xpath("td")[0].text_content().strip())
            for row in tree.xpath('//tr[contains(@class, "rollup")]')]


def test_the_kpi_dashboard_labels_his_total_as_his_scope_not_the_portfolio(programme):
    page = signed_in(user("programme")).get("/kpis/").content.decode()
    rows = rollup_rows(page)
    assert ("visible", "Votre périmètre") in rows
    assert not any(label.startswith("Portefeuille") for _scope, label in rows)
    assert ("whole", "Programme «\u00a0PRG-NUM\u00a0» Transformation numérique") in rows
    # the portfolio, which he may not open, is not offered as a link
    assert f"/portfolios/{programme.portfolio_id}/kpis/" not in page


def test_his_scope_sums_only_his_programme(programme):
    (mine,) = selectors.dashboard(user=user("programme")).portfolios
    (whole,) = selectors.dashboard(user=user("portefeuille")).portfolios
    assert not mine.whole and whole.whole
    assert {p.project.programme for p in mine.projects} == {programme}
    available = [p for p in mine.projects if p.available]
    assert mine.evm.bac == pytest.approx(sum(p.evm.bac for p in available))
    assert mine.evm.bac < whole.evm.bac


def test_the_portfolio_manager_sees_the_portfolio_named(demo):
    page = signed_in(user("portefeuille")).get("/kpis/").content.decode()
    rows = rollup_rows(page)
    assert ("whole", f"Portefeuille «\u00a0{PORTFOLIO_CODE}\u00a0» "
                     f"{Portfolio.objects.get(code=PORTFOLIO_CODE).name}") in rows
    assert not any(scope == "visible" for scope, _label in rows)


def test_the_api_says_what_each_total_covers(programme):
    client = signed_in(user("programme"), language="en")
    body = client.get("/api/v1/kpi-dashboard").json()
    (portfolio,) = body["portfolios"]
    assert (portfolio["scope"], portfolio["label"]) == ("visible", "Your scope")
    (mine,) = body["programmes"]
    assert (mine["code"], mine["scope"], mine["label"]) == ("PRG-NUM", "whole",
                                                            "Programme “PRG-NUM”")
    assert {p["code"] for p in body["projects"]} == set(
        programme.projects.values_list("code", flat=True))
    whole = signed_in(user("portefeuille")).get(
        f"/api/v1/portfolios/{programme.portfolio_id}/kpis").json()["portfolio"]
    assert whole["scope"] == "whole"
    assert portfolio["figures"]["bac"] < whole["figures"]["bac"]


def test_his_programme_has_a_gantt_of_its_projects_only(programme):
    client = signed_in(user("programme"))
    assert client.get(f"/portfolios/{programme.portfolio_id}/gantt/").status_code == 404
    page = client.get(f"/programmes/{programme.pk}/gantt/").content.decode()
    assert f'data-url="/api/v1/programmes/{programme.pk}/gantt"' in page
    chart = client.get(f"/api/v1/programmes/{programme.pk}/gantt").json()
    shown = {row["wbs"] for row in chart["rows"] if row["kind"] == "project"}
    assert shown == set(programme.projects.values_list("code", flat=True))
    # a project manager of two of its projects does not see the programme
    cheffe = signed_in(user("cheffe.projet"))
    assert cheffe.get(f"/programmes/{programme.pk}/gantt/").status_code == 404
    assert cheffe.get(f"/api/v1/programmes/{programme.pk}/gantt").status_code == 404


def test_his_programme_has_a_risk_heat_map_of_its_projects(programme):
    from jalon.risks.models import Risk

    client = signed_in(user("programme"))
    assert client.get(f"/portfolios/{programme.portfolio_id}/risks/").status_code == 404
    page = client.get(f"/programmes/{programme.pk}/risks/").content.decode()
    heat_map = lxml.html.fromstring(page).get_element_by_id("heatmap")
    open_risks = Risk.objects.filter(project__programme=programme, status=Risk.Status.OPEN)
    counted = sum(int(cell.text_content()) for cell in heat_map.xpath(".//td"))
    assert counted == open_risks.count() > 0
    cells = client.get(f"/api/v1/programmes/{programme.pk}/risk-heatmap").json()
    assert sum(cell["count"] for cell in cells) == open_risks.count()
    assert "Configurer la matrice" not in page  # the matrix belongs to the portfolio


def test_he_levels_his_programme_but_not_the_portfolio(programme):
    client = signed_in(user("programme"))
    assert client.get(f"/portfolios/{programme.portfolio_id}/levelling/").status_code == 404
    assert client.get(f"/programmes/{programme.pk}/levelling/").status_code == 200
    assert signed_in(user("cheffe.projet")).get(
        f"/programmes/{programme.pk}/levelling/").status_code == 404
