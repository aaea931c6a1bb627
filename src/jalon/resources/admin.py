from django.contrib import admin

from jalon.portfolios.admin import InputsAdmin
from jalon.resources.models import Assignment, Resource, Skill


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Resource)
class ResourceAdmin(InputsAdmin):
    list_display = ["code", "name", "kind", "standard_rate", "capacity", "is_active"]
    list_filter = ["kind", "is_active", "skills"]
    search_fields = ["code", "name"]
    filter_horizontal = ["skills"]


@admin.register(Assignment)
class AssignmentAdmin(InputsAdmin):
    list_display = ["task", "resource", "units", "work"]
    raw_id_fields = ["task"]
