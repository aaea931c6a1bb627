import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    # The calendar model moved from planning to calendars, keeping its table: the foreign key
    # points where it did, so only Django's record of it changes.
    dependencies = [
        ("calendars", "0001_moved_from_planning"),
        ("portfolios", "0002_project_retained_logic"),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=[
        migrations.AlterField(
            model_name="project",
            name="calendar",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="projects", to="calendars.calendar", verbose_name="calendar"),
        ),
    ])]
