from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from jalon.calendars.models import Calendar, CalendarException
from jalon.calendars.services import calendars_changed


class CalendarExceptionInline(admin.TabularInline):
    model = CalendarException
    extra = 0


@admin.register(Calendar)
class CalendarAdmin(admin.ModelAdmin):
    """Calendars and their exceptions; a change makes every figure computed from working time
    out of date (the admin writes without the services)."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        calendars_changed()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        calendars_changed()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)
        calendars_changed()

    list_display = ["name", "hours_per_day", "public_holidays", "base"]
    inlines = [CalendarExceptionInline]
