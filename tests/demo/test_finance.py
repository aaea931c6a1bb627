"""The demo's money: budgets and costs whose figures give a mix of green, amber and red."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from jalon.finance import selectors
from jalon.finance.models import BudgetLine, CostEntry, KpiSnapshot, RagOverride

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(demo):
    return selectors.dashboard(user=get_user_model().objects.get(username="pmo"))


def test_the_demo_shows_green_amber_and_red_projects(board):
    computed = {p.project.code: p.computed["overall"] for p in board.projects}
    money = {p.project.code: p.computed["cost"] for p in board.projects}
    assert computed["NUM-ERP"] == "red"          # CPI about 0.8
    assert money["LYON-CONST"] == "amber"        # SPI and CPI a little under 0.95
    assert money["NUM-CRM"] == "green"           # (overall also weighs risks and resources)
    assert computed["USINE-ROBOT"] == "red"      # suspended: far behind its plan
    assert {"green", "amber", "red"} <= set(computed.values())


def test_the_colours_follow_from_the_figures(board):
    for p in board.projects:
        if not p.available:
            assert p.computed["overall"] == ""
            continue
        cpi = p.evm.cpi
        expected = "green" if cpi >= 0.95 else "amber" if cpi >= 0.85 else "red"
        assert p.kpi_statuses["cpi"] == expected, p.project.code


def test_the_override_is_kept_beside_the_computed_status(board):
    robot = next(p for p in board.projects if p.project.code == "USINE-ROBOT")
    assert robot.computed["overall"] == "red"
    assert robot.effective["overall"] == "amber"
    assert RagOverride.objects.get(project=robot.project).justification


def test_the_demo_has_budgets_costs_and_a_first_snapshot(demo):
    assert BudgetLine.objects.filter(project__portfolio__code="AURORE").count() >= 15
    assert CostEntry.objects.filter(project__portfolio__code="AURORE", task__isnull=True).exists()
    assert KpiSnapshot.objects.filter(project__code="NUM-ERP").exists()


def test_the_portfolio_roll_up_sums_its_projects(board):
    (portfolio,) = board.portfolios
    available = [p for p in board.projects if p.available]
    assert portfolio.evm.ac == pytest.approx(sum(p.evm.ac for p in available))
    assert portfolio.evm.cpi == pytest.approx(sum(p.evm.ev for p in available)
                                              / sum(p.evm.ac for p in available))


def test_a_project_that_earned_what_it_planned_is_on_time_in_both_indices(board):
    """USINE-MES earned exactly its planned value, its status date in weeks where its plan
    waits (nothing planned from May to late August): SPI 1 and SPI(t) 1, not 1.333 (ES once
    took the end of the idle months, 6.0 against 4.5 elapsed)."""
    mes = next(p for p in board.projects if p.project.code == "USINE-MES")
    assert mes.evm.ev == pytest.approx(mes.evm.pv) and mes.evm.spi == pytest.approx(1)
    assert mes.es.es == pytest.approx(mes.es.at)
    assert mes.es.spi_t == pytest.approx(1)
