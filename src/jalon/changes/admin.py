from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jalon.changes.models import ChangeAuthority, ChangeRequest


@admin.register(ChangeAuthority)
class ChangeAuthorityAdmin(admin.ModelAdmin):
    list_display = ["__str__", "max_slip_days", "max_cost_increase"]
    raw_id_fields = ["portfolio", "project"]


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    """Read-only: requests change through their pages and API, where the edits are checked."""

    list_display = ["reference", "title", "project", "status", "decided_by", "decided_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
