from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jalon.portfolios import services
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


class TrashFilter(admin.SimpleListFilter):
    """Live objects by default, as everywhere else; the trash on demand."""

    title = _("trash")
    parameter_name = "trash"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("In the trash"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(deleted_at__isnull=self.value() != "yes")


class TrashableAdmin(admin.ModelAdmin):
    """The admin of a portfolio, programme or project: it lists the trash too (filter "In the
    trash"), and deletes as the pages do — a live object goes to the trash with what is under
    it, one already there is deleted for good (:mod:`jalon.portfolios.trash`)."""

    kind = ""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.model.all_objects.all()

    def get_list_display(self, request: HttpRequest) -> Any:
        return [*super().get_list_display(request), "deleted_at"]

    def get_list_filter(self, request: HttpRequest) -> Any:
        return [TrashFilter, *super().get_list_filter(request)]

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        # The services take what is under the object along (to the trash, or for good, projects
        # first): the projects that protect a programme from a plain delete do not stop them.
        deleted, counts, perms_needed, _protected = super().get_deleted_objects(objs, request)
        return deleted, counts, perms_needed, []

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        if obj.deleted_at is not None:
            services.trash_delete(actor=request.user, kind=self.kind, pk=obj.pk)
        elif isinstance(obj, Project):
            services.project_delete(actor=request.user, project=obj)
        elif isinstance(obj, Programme):
            services.programme_delete(actor=request.user, programme=obj)
        else:
            services.portfolio_delete(actor=request.user, portfolio=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class ObjectiveInline(admin.TabularInline):
    model = StrategicObjective
    extra = 0


@admin.register(Portfolio)
class PortfolioAdmin(TrashableAdmin):
    kind = "portfolio"
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    inlines = [ObjectiveInline]


@admin.register(Programme)
class ProgrammeAdmin(TrashableAdmin):
    kind = "programme"
    list_display = ["code", "name", "portfolio", "manager"]
    list_filter = ["portfolio"]
    search_fields = ["code", "name"]


@admin.register(Project)
class ProjectAdmin(TrashableAdmin, InputsAdmin):
    kind = "project"
    list_display = ["code", "name", "portfolio", "programme", "status", "project_manager", "planned_start"]
    list_filter = ["status", "portfolio", "programme"]
    search_fields = ["code", "name"]
    filter_horizontal = ["objectives"]


@admin.register(StrategicObjective)
class StrategicObjectiveAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "portfolio", "weight"]
    list_filter = ["portfolio"]
