from django.contrib import admin

from jalon.finance.models import (
    BudgetLine,
    BudgetMonth,
    CostEntry,
    FixedCost,
    KpiSnapshot,
    KpiThreshold,
    RagOverride,
)
from jalon.portfolios.admin import InputsAdmin


class BudgetMonthInline(admin.TabularInline):
    model = BudgetMonth
    extra = 0


@admin.register(BudgetLine)
class BudgetLineAdmin(InputsAdmin):
    list_display = ["project", "category", "expenditure", "approved", "contingency",
                    "management_reserve", "forecast"]
    list_filter = ["category", "expenditure"]
    inlines = [BudgetMonthInline]


@admin.register(CostEntry)
class CostEntryAdmin(InputsAdmin):
    list_display = ["project", "date", "amount", "category", "expenditure", "task", "source"]
    list_filter = ["category", "expenditure", "source"]
    date_hierarchy = "date"
    raw_id_fields = ["task"]


@admin.register(FixedCost)
class FixedCostAdmin(InputsAdmin):
    list_display = ["task", "amount", "category", "expenditure"]
    raw_id_fields = ["task"]


@admin.register(KpiThreshold)
class KpiThresholdAdmin(admin.ModelAdmin):
    list_display = ["portfolio", "kpi", "green", "amber"]
    list_filter = ["kpi"]


@admin.register(RagOverride)
class RagOverrideAdmin(admin.ModelAdmin):
    list_display = ["project", "dimension", "status", "created_by", "created_at"]


@admin.register(KpiSnapshot)
class KpiSnapshotAdmin(admin.ModelAdmin):
    list_display = ["project", "status_date", "taken_at"]
