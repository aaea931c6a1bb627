"""The timesheet pages: the user's own week and a project's timesheets."""

from django.urls import path

from jalon.timesheets import views

urlpatterns = [
    path("timesheet/", views.my_timesheet, name="my-timesheet"),
    path("projects/<int:pk>/timesheets/", views.project_timesheets, name="project-timesheets"),
    path("projects/<int:pk>/timesheets/export/", views.timesheet_export,
         name="timesheet-export"),
    path("projects/<int:pk>/timesheets/review/", views.timesheet_review, name="timesheet-review"),
    path("projects/<int:pk>/timesheets/import/", views.timesheet_import, name="timesheet-import"),
]
