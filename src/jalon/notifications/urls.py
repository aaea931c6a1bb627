"""Pages of notifications."""

from django.urls import path

from jalon.notifications import views

urlpatterns = [
    path("notifications/", views.inbox, name="notification-inbox"),
    path("notifications/read/", views.mark_read, name="notification-read"),
    path("notifications/bell/", views.bell, name="notification-bell"),
    path("notifications/todo/", views.todo_panel, name="notification-todo"),
    path("notifications/preferences/", views.preferences, name="notification-preferences"),
]
