from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("risks", "0003_simulationrun_cancel"),
    ]

    operations = [
        migrations.AddField(
            model_name="simulationrun",
            name="failure",
            field=models.JSONField(
                blank=True, null=True,
                help_text="Why the run failed, as a message code and its parameters, shown in "
                          "the reader's language.",
                verbose_name="failure"),
        ),
    ]
