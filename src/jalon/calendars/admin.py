from django.contrib import admin

from jalon.calendars.models import Calendar, CalendarException


class CalendarExceptionInline(admin.TabularInline):
    model = CalendarException
    extra = 0


@admin.register(Calendar)
class CalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "hours_per_day", "public_holidays", "base"]
    inlines = [CalendarExceptionInline]
