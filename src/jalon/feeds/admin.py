from django.contrib import admin

from jalon.feeds.models import CalendarFeed


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["owner", "scope", "project", "portfolio", "prefix", "created_at"]
    readonly_fields = ["prefix", "key_hash"]
