"""Importing a project from a file into a portfolio or programme, exporting one."""

from django.urls import path

from jalon.interchange import views

urlpatterns = [
    path("projects/<int:pk>/export/<slug:format>/", views.project_export, name="project-export"),
    path("portfolios/<int:pk>/import/", views.portfolio_import, name="portfolio-import"),
    path("programmes/<int:pk>/import/", views.programme_import, name="programme-import"),
    path("projects/<int:pk>/tasks/import/", views.task_list_import, name="task-list-import"),
    path("task-lists/template/", views.task_list_template, name="task-list-template"),
]
