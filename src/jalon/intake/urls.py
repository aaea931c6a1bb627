"""The pages of proposals and scoring models."""

from django.urls import path

from jalon.intake.views import proposals, scoring

urlpatterns = [
    path("portfolios/<int:pk>/proposals/", proposals.proposal_list, name="proposal-list"),
    path("portfolios/<int:pk>/proposals/new/", proposals.proposal_create,
         name="proposal-create"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/edit/", proposals.proposal_edit, name="proposal-edit"),
    path("proposals/<int:pk>/delete/", proposals.proposal_delete, name="proposal-delete"),
    path("proposals/<int:pk>/transition/", proposals.proposal_transition,
         name="proposal-transition"),
    path("proposals/<int:pk>/evaluate/<int:model_pk>/", proposals.evaluation_edit,
         name="proposal-evaluate"),
    path("portfolios/<int:pk>/scoring-models/", scoring.scoring_model_list,
         name="scoring-model-list"),
    path("portfolios/<int:pk>/scoring-models/new/", scoring.scoring_model_create,
         name="scoring-model-create"),
    path("scoring-models/<int:pk>/", scoring.scoring_model_detail, name="scoring-model-detail"),
    path("scoring-models/<int:pk>/edit/", scoring.scoring_model_edit, name="scoring-model-edit"),
    path("scoring-models/<int:pk>/delete/", scoring.scoring_model_delete,
         name="scoring-model-delete"),
    path("scoring-models/<int:pk>/pairwise/", scoring.pairwise_set, name="scoring-model-pairwise"),
    path("scoring-models/<int:pk>/criteria/new/", scoring.criterion_create,
         name="criterion-create"),
    path("criteria/<int:pk>/edit/", scoring.criterion_edit, name="criterion-edit"),
    path("criteria/<int:pk>/delete/", scoring.criterion_delete, name="criterion-delete"),
    path("criteria/<int:pk>/levels/new/", scoring.level_create, name="level-create"),
    path("levels/<int:pk>/edit/", scoring.level_edit, name="level-edit"),
    path("levels/<int:pk>/delete/", scoring.level_delete, name="level-delete"),
]
