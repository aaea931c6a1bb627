"""Resource loading and levelling pages."""

from django.urls import path

from jalon.resources import levelling_views, views

urlpatterns = [
    path("resources/loading/", views.loading_overview, name="resource-loading-overview"),
    path("resources/over-allocations/", views.over_allocation_list, name="over-allocation-list"),
    path("resources/<int:pk>/loading/", views.resource_loading, name="resource-loading"),
    path("skills/<int:pk>/loading/", views.skill_loading, name="skill-loading"),
    path("projects/<int:pk>/levelling/", levelling_views.project_levelling,
         name="project-levelling"),
    path("projects/<int:pk>/levelling/clear/", levelling_views.project_levelling_clear,
         name="project-levelling-clear"),
    path("portfolios/<int:pk>/levelling/", levelling_views.portfolio_levelling,
         name="portfolio-levelling"),
    path("portfolios/<int:pk>/levelling/clear/", levelling_views.portfolio_levelling_clear,
         name="portfolio-levelling-clear"),
    path("levelling/<int:pk>/", levelling_views.run_detail, name="levelling-run"),
    path("levelling/<int:pk>/cancel/", levelling_views.run_cancel, name="levelling-cancel"),
    path("levelling/<int:pk>/apply/", levelling_views.run_apply, name="levelling-apply"),
]
