"""The pages of status reports."""

from django.urls import URLPattern, path

from jalon.statusreports import views

urlpatterns: list[URLPattern] = [
    path("projects/<int:pk>/status-reports/", views.project_reports,
         name="project-status-reports"),
    path("projects/<int:pk>/status-reports/new/", views.report_create,
         name="status-report-create"),
    path("status-reports/<int:pk>/", views.report_detail, name="status-report"),
    path("status-reports/<int:pk>/edit/", views.report_edit, name="status-report-edit"),
    path("status-reports/<int:pk>/transition/", views.report_transition,
         name="status-report-transition"),
    path("portfolios/<int:pk>/status-reports/", views.portfolio_due,
         name="portfolio-status-reports"),
]
