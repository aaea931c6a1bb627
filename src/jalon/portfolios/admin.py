from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from jalon.portfolios.models import Portfolio, Programme, Project, StrategicObjective
from jalon.portfolios.services import inputs_changed


class InputsAdmin(admin.ModelAdmin):
    """The admin of a model that figures are computed from (tasks, assignments, costs...).

    The admin writes without the services, so it says itself that the stored results are out
    of date — all of them, since it may change anything (``jalon.portfolios.results``)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        inputs_changed(everything=True)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        inputs_changed(everything=True)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        inputs_changed(everything=True)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)
        inputs_changed(everything=True)


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
class ProjectAdmin(InputsAdmin):
    list_display = ["code", "name", "portfolio", "programme", "status", "project_manager", "planned_start"]
    list_filter = ["status", "portfolio", "programme"]
    search_fields = ["code", "name"]
    filter_horizontal = ["objectives"]


@admin.register(StrategicObjective)
class StrategicObjectiveAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "portfolio", "weight"]
    list_filter = ["portfolio"]
