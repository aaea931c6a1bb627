from django.contrib import admin

from jalon.intake.models import (
    Criterion,
    Evaluation,
    Level,
    Proposal,
    ProposalCost,
    ProposalEffort,
    Score,
    ScoringModel,
    Transition,
)


class ProposalCostInline(admin.TabularInline):
    model = ProposalCost
    extra = 0


class ProposalEffortInline(admin.TabularInline):
    model = ProposalEffort
    extra = 0


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    readonly_fields = ["source", "target", "actor", "at", "reason"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "portfolio", "state", "mandatory", "moscow"]
    list_filter = ["portfolio", "state", "mandatory", "moscow"]
    search_fields = ["code", "title"]
    inlines = [ProposalCostInline, ProposalEffortInline, TransitionInline]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(ScoringModel)
class ScoringModelAdmin(admin.ModelAdmin):
    list_display = ["name", "portfolio", "kind", "weighting"]
    list_filter = ["portfolio", "kind"]
    inlines = [CriterionInline]


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "model", "weight", "position", "role"]
    inlines = [LevelInline]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["proposal", "model", "evaluator", "updated_at"]
    inlines = [ScoreInline]
