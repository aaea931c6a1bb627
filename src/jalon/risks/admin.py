from django.contrib import admin

from jalon.portfolios.admin import InputsAdmin
from jalon.risks.models import (
    Issue,
    MatrixConfig,
    Risk,
    RiskAction,
    RiskHistory,
    RiskTaskLink,
    SimulationRun,
)


@admin.register(MatrixConfig)
class MatrixConfigAdmin(InputsAdmin):
    list_display = ["portfolio", "size", "medium_from", "high_from"]


class RiskActionInline(admin.TabularInline):
    model = RiskAction
    extra = 0


class RiskTaskLinkInline(admin.TabularInline):
    model = RiskTaskLink
    extra = 0
    raw_id_fields = ["task"]


@admin.register(Risk)
class RiskAdmin(InputsAdmin):
    list_display = ["project", "number", "title", "kind", "category", "score", "status",
                    "escalated"]
    list_filter = ["kind", "category", "status", "escalated"]
    search_fields = ["title", "project__code"]
    readonly_fields = ["number", "impact", "score", "residual_score"]
    inlines = [RiskActionInline, RiskTaskLinkInline]


@admin.register(RiskHistory)
class RiskHistoryAdmin(admin.ModelAdmin):
    list_display = ["risk", "event", "actor", "at"]
    readonly_fields = ["risk", "event", "actor", "at", "changes"]


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["project", "title", "severity", "status", "owner", "due_date", "escalated"]
    list_filter = ["severity", "status", "escalated"]
    search_fields = ["title", "project__code"]


@admin.register(SimulationRun)
class SimulationRunAdmin(admin.ModelAdmin):
    list_display = ["project", "iterations", "seed", "state", "created_at"]
    readonly_fields = ["result"]
