"""Report packs and their subscriptions."""

from django.urls import path

from jalon.reporting import views

urlpatterns = [
    path("portfolios/<int:pk>/reports/", views.portfolio_reports, name="report-packs"),
    path("programmes/<int:pk>/reports/", views.programme_reports, name="programme-report-packs"),
    path("projects/<int:pk>/reports/", views.project_reports, name="project-report-packs"),
    path("packs/<int:pk>/", views.pack_run, name="pack-run"),
    path("packs/<int:pk>/cancel/", views.pack_cancel, name="pack-cancel"),
    path("packs/<int:pk>/file/", views.pack_download, name="pack-download"),
    path("subscriptions/", views.subscriptions, name="pack-subscriptions"),
    path("subscriptions/<int:pk>/delete/", views.subscription_delete,
         name="pack-subscription-delete"),
]
