from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("resources", "0005_levellingrun_failure_from_error"),
    ]

    operations = [
        migrations.RemoveField(model_name="levellingrun", name="error"),
    ]
