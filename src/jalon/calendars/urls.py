"""The calendar pages."""

from django.urls import path

from jalon.calendars import views

urlpatterns = [
    path("calendars/", views.calendar_list, name="calendar-list"),
    path("calendars/new/", views.calendar_create, name="calendar-create"),
    path("calendars/<int:pk>/edit/", views.calendar_edit, name="calendar-edit"),
    path("calendars/<int:pk>/delete/", views.calendar_delete, name="calendar-delete"),
    path("calendars/<int:pk>/exceptions/new/", views.calendar_exception_create,
         name="calendar-exception-create"),
    path("calendars/<int:pk>/exceptions/<int:exception_pk>/delete/",
         views.calendar_exception_delete, name="calendar-exception-delete"),
]
