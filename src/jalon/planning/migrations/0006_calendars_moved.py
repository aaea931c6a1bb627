import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    # The calendars now belong to the calendars app, with the same tables: planning forgets the
    # models and its tasks' foreign key points to the same table under its new owner. Nothing is
    # done to the database.
    dependencies = [
        ("calendars", "0001_moved_from_planning"),
        ("planning", "0005_baseline_fixed_cost_fill"),
        ("portfolios", "0003_project_calendar_moved"),
        ("resources", "0007_resource_calendar_moved"),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=[
        migrations.AlterField(
            model_name="task",
            name="calendar",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="tasks", to="calendars.calendar", verbose_name="calendar"),
        ),
        migrations.RemoveField(
            model_name="calendarexception",
            name="calendar",
        ),
        migrations.DeleteModel(
            name="Calendar",
        ),
        migrations.DeleteModel(
            name="CalendarException",
        ),
    ])]
