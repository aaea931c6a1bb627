"""Baselines taken before fixed costs were recorded in them get their tasks' fixed costs as
they are at migration time: until now earned value read them live, so figures stay as they
were."""

from django.db import migrations
from django.db.models import OuterRef, Subquery, Sum


def fill(apps, schema_editor):
    BaselineTask = apps.get_model("planning", "BaselineTask")
    FixedCost = apps.get_model("finance", "FixedCost")
    totals = (FixedCost.objects.filter(task_id=OuterRef("task_id")).values("task_id")
              .annotate(total=Sum("amount")).values("total"))
    (BaselineTask.objects.filter(task_id__in=FixedCost.objects.values("task_id"))
     .update(fixed_cost=Subquery(totals)))


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0004_baseline_fixed_cost"),
        ("finance", "0001_budgets_costs_kpis"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
