# Thresholds become one row per portfolio and KPI, so that a new KPI needs no new column.
# The rows are filled from the old columns in 0007; the old table goes in 0008.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('finance', '0005_resource_utilisation'),
        ('portfolios', '0002_project_retained_logic'),
    ]

    operations = [
        migrations.CreateModel(
            name='KpiThreshold',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kpi', models.CharField(max_length=40, verbose_name='KPI')),
                ('green', models.DecimalField(decimal_places=4, max_digits=14, verbose_name='green limit')),
                ('amber', models.DecimalField(decimal_places=4, max_digits=14, verbose_name='amber limit')),
                ('portfolio', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='kpi_threshold_rows', to='portfolios.portfolio', verbose_name='portfolio')),
            ],
            options={
                'verbose_name': 'KPI threshold',
                'verbose_name_plural': 'KPI thresholds',
                'ordering': ['portfolio', 'kpi'],
            },
        ),
        migrations.AddConstraint(
            model_name='kpithreshold',
            constraint=models.UniqueConstraint(fields=('portfolio', 'kpi'), name='kpi_threshold_unique'),
        ),
    ]
