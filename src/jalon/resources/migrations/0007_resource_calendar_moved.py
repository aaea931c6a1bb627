import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    # The calendar model moved from planning to calendars, keeping its table: the foreign key
    # points where it did, so only Django's record of it changes.
    dependencies = [
        ("calendars", "0001_moved_from_planning"),
        ("resources", "0006_remove_levellingrun_error"),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=[
        migrations.AlterField(
            model_name="resource",
            name="calendar",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="resources", to="calendars.calendar", verbose_name="calendar"),
        ),
    ])]
