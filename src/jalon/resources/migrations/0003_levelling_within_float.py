from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("resources", "0002_levelling_runs"),
    ]

    operations = [
        migrations.AddField(
            model_name="levellingrun",
            name="within_float",
            field=models.BooleanField(
                default=False,
                help_text="Tasks move only within their total float, so the finish date never "
                          "slips. Over-allocations that cannot be removed that way are listed in "
                          "the preview, not resolved.",
                verbose_name="within float only"),
        ),
    ]
