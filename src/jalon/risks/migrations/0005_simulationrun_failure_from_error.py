"""Runs that failed before errors were stored as code and parameters keep their text, shown as
it was written (it cannot be translated any more)."""

from django.db import migrations


def keep_text(apps, schema_editor):
    Run = apps.get_model("risks", "simulationrun")
    for run in Run.objects.exclude(error=""):
        run.failure = {"code": None, "params": {}, "text": run.error}
        run.save(update_fields=["failure"])


def back_to_text(apps, schema_editor):
    Run = apps.get_model("risks", "simulationrun")
    for run in Run.objects.exclude(failure=None):
        run.error = run.failure.get("text", "")
        run.save(update_fields=["error"])


class Migration(migrations.Migration):

    dependencies = [
        ("risks", "0004_simulationrun_failure"),
    ]

    operations = [migrations.RunPython(keep_text, back_to_text)]
