"""Risk registers, matrices, escalated risks, issue logs and simulations."""

from django.urls import path

from jalon.risks import views

urlpatterns = [
    path("projects/<int:pk>/risks/", views.register, name="risk-register"),
    path("projects/<int:pk>/risks/export/", views.register_export, name="risk-register-export"),
    path("projects/<int:pk>/risks/new/", views.risk_create, name="risk-create"),
    path("projects/<int:pk>/risks/matrix/", views.project_matrix, name="risk-matrix"),
    path("projects/<int:pk>/issues/", views.issues, name="issue-log"),
    path("projects/<int:pk>/issues/export/", views.issues_export, name="issue-log-export"),
    path("projects/<int:pk>/issues/new/", views.issue_create, name="issue-create"),
    path("projects/<int:pk>/simulation/", views.project_simulation, name="project-simulation"),
    path("risks/<int:pk>/", views.risk_detail, name="risk-detail"),
    path("risks/<int:pk>/edit/", views.risk_edit, name="risk-edit"),
    path("risks/<int:pk>/delete/", views.risk_delete, name="risk-delete"),
    path("risks/<int:pk>/actions/new/", views.action_add, name="risk-action-add"),
    path("risks/<int:pk>/tasks/new/", views.link_add, name="risk-link-add"),
    path("risk-actions/<int:pk>/edit/", views.action_edit, name="risk-action-edit"),
    path("risk-actions/<int:pk>/delete/", views.action_delete, name="risk-action-delete"),
    path("risk-links/<int:pk>/edit/", views.link_edit, name="risk-link-edit"),
    path("risk-links/<int:pk>/delete/", views.link_delete, name="risk-link-delete"),
    path("issues/<int:pk>/edit/", views.issue_edit, name="issue-edit"),
    path("issues/<int:pk>/delete/", views.issue_delete, name="issue-delete"),
    path("portfolios/<int:pk>/risks/", views.portfolio_risks, name="portfolio-risks"),
    path("portfolios/<int:pk>/risks/matrix/", views.matrix_config, name="risk-matrix-config"),
    path("programmes/<int:pk>/risks/", views.programme_risks, name="programme-risks"),
    path("simulations/<int:pk>/", views.simulation_run, name="simulation-run"),
    path("simulations/<int:pk>/cancel/", views.simulation_cancel, name="simulation-cancel"),
]
