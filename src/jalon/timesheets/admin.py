from django.contrib import admin

from jalon.portfolios.admin import InputsAdmin
from jalon.timesheets.models import TimesheetEntry


@admin.register(TimesheetEntry)
class TimesheetEntryAdmin(InputsAdmin):
    list_display = ["date", "resource", "task", "hours", "rate", "status", "source", "reviewed_by"]
    list_filter = ["status", "source"]
    date_hierarchy = "date"
    raw_id_fields = ["task", "resource"]
    readonly_fields = ["created_by", "created_at", "updated_at", "submitted_at", "reviewed_by",
                       "reviewed_at"]
