"""The S-curve and the KPI trends: where each figure lands on the drawing."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from jalon.finance.charts import s_curve, trend_chart
from jalon.finance.evm import Curve


def test_the_s_curve_runs_from_the_origin_to_the_budget_by_month():
    curve = Curve(labels=["2025-03-31", "2025-04-30"], pv=[4_000.0, 8_000.0],
                  ac=[3_500.0, None], ev_points=[(0.5, 3_200.0)], status_at=0.5,
                  ac_at_status=3_500.0)
    with translation.override("fr"):
        chart = s_curve(curve)
    assert chart is not None
    f = chart.frame
    assert chart.pv[0] == (f.plot_left, f.plot_bottom)
    assert chart.pv[-1] == (f.plot_right, f.plot_top)       # 8 000 is the top gridline
    assert chart.status_x == pytest.approx(f.plot_left + (f.plot_right - f.plot_left) / 4)
    assert chart.ev[-1][0] == chart.status_x                # EV known at the status date
    assert [t.label for t in chart.x_ticks] == ["03/2025", "04/2025"]
    assert [t.label for t in chart.y_ticks] == ["0", "2\xa0k", "4\xa0k", "6\xa0k", "8\xa0k"]
    assert s_curve(Curve([], [], [], [], 0.0, 0.0)) is None


def test_trends_space_status_dates_by_days_and_leave_undefined_indices_out():
    chart = trend_chart([
        (datetime.date(2025, 3, 7), {"spi": 0.8, "cpi": 1.0, "spi_t": None}),
        (datetime.date(2025, 3, 14), {"spi": 0.9, "cpi": 1.0, "spi_t": 0.85}),
        (datetime.date(2025, 4, 4), {"spi": 1.0, "cpi": 1.1, "spi_t": 0.95}),
    ])
    assert chart is not None
    spi, cpi, spi_t = chart.series
    assert [len(s.dots) for s in (spi, cpi, spi_t)] == [3, 3, 2]
    first, second, third = spi.dots
    # 7 days then 21 days: the second point a quarter of the way across.
    assert (second.x - first.x) * 3 == pytest.approx(third.x - second.x, abs=0.2)
    assert cpi.dots[0].y == chart.par_y            # CPI 1.0 sits on the par line
    assert spi.dots[0].y > chart.par_y             # below plan is lower on the drawing
    assert trend_chart([(datetime.date(2025, 3, 7), {"spi": None})]) is None
