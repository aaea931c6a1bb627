"""Programmes and portfolios: amounts are the sum of their projects', indices recomputed."""

from __future__ import annotations

import pytest

from jalon.finance import selectors
from tests.factories import ProjectFactory
from tests.finance.conftest import simple_project

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def three(pmo, project, programme):
    """Two projects in ``programme`` and one directly in its portfolio."""
    a = simple_project(actor=pmo, project=project, percent=50, cost="4000")      # on track
    b = simple_project(actor=pmo, project=ProjectFactory(portfolio=programme.portfolio,
                                                         programme=programme),
                       percent=30, cost="5000", budget="160")                      # late, over
    c = simple_project(actor=pmo, project=ProjectFactory(portfolio=programme.portfolio),
                       percent=60, cost="4000")
    return a, b, c


def test_roll_ups_equal_the_sum_of_their_projects(pmo, three, programme):
    board = selectors.dashboard(user=pmo, portfolio=programme.portfolio)
    by_code = {p.project.code: p for p in board.projects}
    assert len(by_code) == 3
    (programme_rollup,) = board.programmes
    (portfolio_rollup,) = board.portfolios
    for rolled, members in ((programme_rollup, three[:2]), (portfolio_rollup, three)):
        for key in ("bac", "pv", "ev", "ac"):
            total = sum(getattr(by_code[p.code].evm, key) for p in members)
            assert getattr(rolled.evm, key) == pytest.approx(total)
        ev = sum(by_code[p.code].evm.ev for p in members)
        ac = sum(by_code[p.code].evm.ac for p in members)
        pv = sum(by_code[p.code].evm.pv for p in members)
        assert rolled.evm.cpi == pytest.approx(ev / ac)
        assert rolled.evm.spi == pytest.approx(ev / pv)


def test_project_figures_of_the_example(pmo, three):
    a, b, _c = three
    board = {p.project.pk: p for p in selectors.dashboard(user=pmo).projects}
    first, second = board[a.pk].evm, board[b.pk].evm
    assert (first.bac, first.pv, first.ev, first.ac) == pytest.approx((8000, 4000, 4000, 4000))
    assert (second.bac, second.pv, second.ev, second.ac) == pytest.approx((16000, 8000, 4800,
                                                                           5000))


def test_the_dashboard_shows_only_what_the_user_sees(manager, three):
    board = selectors.dashboard(user=manager)
    assert [p.project.pk for p in board.projects] == [three[0].pk]


def test_earned_schedule_rolls_up_from_the_projects_curves_added_by_month(pmo, three, programme):
    board = selectors.dashboard(user=pmo, portfolio=programme.portfolio)
    (rolled,) = board.programmes
    # Both projects plan their whole budget (8,000 and 16,000) in March 2025, from the 3rd;
    # the status date, 7 March, is 5 of March's 29 days from the 3rd.
    ev = 4_000 + 4_800
    assert rolled.es.es == pytest.approx(ev / 24_000)
    assert rolled.es.at == pytest.approx(5 / 29)
    assert rolled.kpis["spi_t"] == pytest.approx((ev / 24_000) / (5 / 29))
    assert rolled.kpi_statuses["spi_t"] in {"green", "amber", "red"}


def _figures(board):
    """What the KPI dashboard shows of each project and roll-up: amounts, KPIs, statuses (as
    text, so that a KPI that cannot be computed, NaN, equals itself)."""
    def of(row):
        evm = row.evm
        return (None if evm is None else (evm.bac, evm.pv, evm.ev, evm.ac), row.kpis,
                row.computed)
    return repr(({p.project.code: (of(p), p.effective) for p in board.projects},
                 [(r.label, of(r), r.counts) for r in board.programmes + board.portfolios]))


def test_the_kept_roll_ups_follow_each_change_and_equal_a_fresh_computation(
        pmo, three, programme):
    """The dashboard's figures are kept between visits (jalon.portfolios.results.remembered);
    after progress, a cost, a threshold or an override they are those computed afresh."""
    import datetime
    from decimal import Decimal

    from django.core.cache import cache

    from jalon.finance import services
    from jalon.planning import services as planning
    from jalon.planning.models import Task
    from jalon.portfolios.results import forget_remembered

    portfolio = programme.portfolio
    before = _figures(selectors.dashboard(user=pmo, portfolio=portfolio))
    assert _figures(selectors.dashboard(user=pmo, portfolio=portfolio)) == before
    a, b, _c = three
    changes = [
        lambda: planning.task_update(actor=pmo, task=Task.objects.get(project=b),
                                     percent_complete=90),
        lambda: services.cost_entry_create(actor=pmo, project=a,
                                           date=datetime.date(2025, 3, 6), amount=Decimal("9000"),
                                           category="labour"),
        lambda: services.thresholds_update(actor=pmo, portfolio=portfolio, cpi_green=2,
                                           cpi_amber=1.9),
        lambda: services.rag_override_set(actor=pmo, project=a, dimension="cost",
                                          status="green", justification="Invoices paid."),
    ]
    for change in changes:  # each changes what the dashboard shows (the override: cost was red)
        change()
        kept = _figures(selectors.dashboard(user=pmo, portfolio=portfolio))
        assert kept != before
        cache.clear()
        forget_remembered()
        assert kept == _figures(selectors.dashboard(user=pmo, portfolio=portfolio))
        before = kept


def test_a_second_visit_reads_no_stored_result_until_something_changes(pmo, three, programme):
    """The kept dashboard is read back: no stored figure, no pool loading, a few key rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jalon.planning import services as planning
    from jalon.planning.models import Task

    def reads(portfolio):
        with CaptureQueriesContext(connection) as queries:
            selectors.dashboard(user=pmo, portfolio=portfolio)
        return [q["sql"] for q in queries]

    portfolio = programme.portfolio
    first = reads(portfolio)
    assert any("portfolios_projectresult" in sql for sql in first)
    second = reads(portfolio)
    assert len(second) < len(first)
    assert not any("portfolios_projectresult" in sql for sql in second)
    planning.task_update(actor=pmo, task=Task.objects.get(project=three[0]), percent_complete=80)
    assert any("portfolios_projectresult" in sql for sql in reads(portfolio))
