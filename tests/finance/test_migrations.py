"""The thresholds' move from one column per limit to one row per KPI keeps every portfolio's
limits, both ways."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

BEFORE = [("finance", "0005_resource_utilisation")]
AFTER = [("finance", "0008_delete_kpithresholds")]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_the_columns_become_rows_and_back():
    try:
        apps = migrate(BEFORE)
        portfolio = apps.get_model("portfolios", "Portfolio").objects.create(code="P1", name="P")
        apps.get_model("portfolios", "Portfolio").objects.create(code="P2", name="None set")
        apps.get_model("finance", "KpiThresholds").objects.create(
            portfolio=portfolio, spi_green=Decimal("0.9"), lag_amber=Decimal("25"),
            high_risks_amber=4)

        apps = migrate(AFTER)
        rows = {row.kpi: (row.green, row.amber) for row in
                apps.get_model("finance", "KpiThreshold").objects.filter(portfolio_id=portfolio.pk)}
        assert len(rows) == 11
        assert rows["spi"] == (Decimal("0.9"), Decimal("0.85"))
        assert rows["lag"] == (Decimal("5"), Decimal("25"))
        assert rows["high_risks"] == (0, 4) and rows["milestone_hit"] == (90, 75)
        assert apps.get_model("finance", "KpiThreshold").objects.count() == 11  # P2: defaults

        apps = migrate(BEFORE)
        (old,) = apps.get_model("finance", "KpiThresholds").objects.all()
        assert (old.portfolio_id, old.spi_green, old.lag_amber, old.high_risks_amber) == (
            portfolio.pk, Decimal("0.9"), Decimal("25"), 4)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
