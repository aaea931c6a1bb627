# Data: each portfolio's threshold columns become one KpiThreshold row per KPI, and back.

from typing import Any

from django.db import migrations

# The old columns by the key their KPI's limits are kept under (the engine's "band"); frozen
# here, as the columns were, whatever the registry declares later.
COLUMNS = {
    "spi": ("spi_green", "spi_amber"),
    "cpi": ("cpi_green", "cpi_amber"),
    "milestone_slip": ("milestone_slip_green", "milestone_slip_amber"),
    "milestone_hit": ("milestone_hit_green", "milestone_hit_amber"),
    "overspend": ("overspend_green", "overspend_amber"),
    "lag": ("lag_green", "lag_amber"),
    "scope_growth": ("scope_growth_green", "scope_growth_amber"),
    "risk_exposure": ("risk_exposure_green", "risk_exposure_amber"),
    "high_risks": ("high_risks_green", "high_risks_amber"),
    "overallocation": ("overallocation_green", "overallocation_amber"),
    "utilisation": ("utilisation_green", "utilisation_amber"),
}


def to_rows(apps, schema_editor):
    Old = apps.get_model("finance", "KpiThresholds")
    Row = apps.get_model("finance", "KpiThreshold")
    Row.objects.bulk_create(
        Row(portfolio_id=old.portfolio_id, kpi=kpi, green=getattr(old, green),
            amber=getattr(old, amber))
        for old in Old.objects.all() for kpi, (green, amber) in COLUMNS.items()
    )


def to_columns(apps, schema_editor):
    Old = apps.get_model("finance", "KpiThresholds")
    Row = apps.get_model("finance", "KpiThreshold")
    by_portfolio: dict[int, dict[str, Any]] = {}
    for row in Row.objects.filter(kpi__in=COLUMNS):
        by_portfolio.setdefault(row.portfolio_id, {})[row.kpi] = row
    for portfolio_id, rows in by_portfolio.items():
        old = Old(portfolio_id=portfolio_id)  # columns without a row keep their defaults
        for kpi, row in rows.items():
            green, amber = COLUMNS[kpi]
            setattr(old, green, row.green)
            setattr(old, amber, row.amber)
        old.save()
    Row.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('finance', '0006_kpi_threshold'),
    ]

    operations = [
        migrations.RunPython(to_rows, to_columns),
    ]
