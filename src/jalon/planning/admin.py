from django.contrib import admin

from jalon.planning.models import (
    Baseline,
    BaselineTask,
    Dependency,
    Task,
)
from jalon.portfolios.admin import InputsAdmin


@admin.register(Task)
class TaskAdmin(InputsAdmin):
    list_display = ["wbs_code", "name", "project", "duration", "is_milestone", "percent_complete"]
    list_filter = ["project"]
    search_fields = ["name", "wbs_code"]
    raw_id_fields = ["parent"]


@admin.register(Dependency)
class DependencyAdmin(InputsAdmin):
    list_display = ["predecessor", "successor", "type", "lag"]
    raw_id_fields = ["predecessor", "successor"]


class BaselineTaskInline(admin.TabularInline):
    model = BaselineTask
    extra = 0
    raw_id_fields = ["task"]


@admin.register(Baseline)
class BaselineAdmin(InputsAdmin):
    list_display = ["name", "project", "created_at", "created_by"]
    inlines = [BaselineTaskInline]
