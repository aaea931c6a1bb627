from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("risks", "0005_simulationrun_failure_from_error"),
    ]

    operations = [
        migrations.RemoveField(model_name="simulationrun", name="error"),
    ]
