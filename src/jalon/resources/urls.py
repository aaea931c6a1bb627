"""The resource pool, skills, a project's assignments, loading and levelling pages."""

from django.urls import path

from jalon.resources.views import assignments, levelling, loading, pool, skills

urlpatterns = [
    path("resources/", pool.resource_list, name="resource-list"),
    path("resources/export/", pool.resource_export, name="resource-export"),
    path("resources/new/", pool.resource_create, name="resource-create"),
    path("resources/<int:pk>/edit/", pool.resource_edit, name="resource-edit"),
    path("resources/<int:pk>/delete/", pool.resource_delete, name="resource-delete"),
    path("skills/", skills.skill_list, name="skill-list"),
    path("skills/new/", skills.skill_create, name="skill-create"),
    path("skills/<int:pk>/edit/", skills.skill_edit, name="skill-edit"),
    path("skills/<int:pk>/delete/", skills.skill_delete, name="skill-delete"),
    path("projects/<int:pk>/resources/", assignments.project_resources, name="project-resources"),
    path("projects/<int:pk>/assignments/export/", assignments.assignment_export,
         name="assignment-export"),
    path("projects/<int:pk>/assignments/<int:assignment_pk>/delete/", assignments.assignment_delete,
         name="assignment-delete"),
    path("resources/loading/", loading.loading_overview, name="resource-loading-overview"),
    path("resources/over-allocations/", loading.over_allocation_list, name="over-allocation-list"),
    path("resources/<int:pk>/loading/", loading.resource_loading, name="resource-loading"),
    path("skills/<int:pk>/loading/", loading.skill_loading, name="skill-loading"),
    path("projects/<int:pk>/levelling/", levelling.project_levelling, name="project-levelling"),
    path("projects/<int:pk>/levelling/clear/", levelling.project_levelling_clear,
         name="project-levelling-clear"),
    path("programmes/<int:pk>/levelling/", levelling.programme_levelling,
         name="programme-levelling"),
    path("programmes/<int:pk>/levelling/clear/", levelling.programme_levelling_clear,
         name="programme-levelling-clear"),
    path("portfolios/<int:pk>/levelling/", levelling.portfolio_levelling,
         name="portfolio-levelling"),
    path("portfolios/<int:pk>/levelling/clear/", levelling.portfolio_levelling_clear,
         name="portfolio-levelling-clear"),
    path("levelling/<int:pk>/", levelling.run_detail, name="levelling-run"),
    path("levelling/<int:pk>/cancel/", levelling.run_cancel, name="levelling-cancel"),
    path("levelling/<int:pk>/apply/", levelling.run_apply, name="levelling-apply"),
]
