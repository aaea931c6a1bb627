# The threshold columns, copied into KpiThreshold rows by 0007, go.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('finance', '0007_kpi_thresholds_to_rows'),
    ]

    operations = [
        migrations.DeleteModel(
            name='KpiThresholds',
        ),
        migrations.AlterField(
            model_name='kpithreshold',
            name='portfolio',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='kpi_thresholds', to='portfolios.portfolio', verbose_name='portfolio'),
        ),
    ]
