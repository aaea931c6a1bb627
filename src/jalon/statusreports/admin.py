from django.contrib import admin

from jalon.statusreports.models import ReportingSettings, StatusReport


@admin.register(StatusReport)
class StatusReportAdmin(admin.ModelAdmin):
    list_display = ["project", "period_start", "period_end", "state", "published_at"]
    list_filter = ["state", "cadence"]
    # a published snapshot is what was published: it is never edited, here either
    readonly_fields = ["snapshot", "submitted_by", "submitted_at", "reviewed_by", "published_at"]


@admin.register(ReportingSettings)
class ReportingSettingsAdmin(admin.ModelAdmin):
    list_display = ["portfolio", "cadence"]
