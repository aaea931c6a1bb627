"""The pages of the audit trail."""

from django.urls import URLPattern, path

from jalon.audit import views

urlpatterns: list[URLPattern] = [
    path("projects/<int:pk>/history/", views.project_history, name="project-history"),
]
