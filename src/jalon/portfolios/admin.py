from django.contrib import admin

from jalon.portfolios.models import Portfolio, Programme, Project, StrategicObjective


class ObjectiveInline(admin.TabularInline):
    model = StrategicObjective
    extra = 0


@admin.register(Portfolio)
class PortfolioAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    inlines = [ObjectiveInline]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "portfolio", "manager"]
    list_filter = ["portfolio"]
    search_fields = ["code", "name"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "portfolio", "programme", "status", "project_manager", "planned_start"]
    list_filter = ["status", "portfolio", "programme"]
    search_fields = ["code", "name"]
    filter_horizontal = ["objectives"]


@admin.register(StrategicObjective)
class StrategicObjectiveAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "portfolio", "weight"]
    list_filter = ["portfolio"]
