"""Pages of decisions, assumptions and dependencies: the RAID tab of a project."""

from django.urls import path

from jalon.raid import views

urlpatterns = [
    path("projects/<int:pk>/raid/", views.raid_log, name="raid-log"),
    path("projects/<int:pk>/raid/<slug:register>/", views.register_list, name="raid-register"),
    path("projects/<int:pk>/raid/<slug:register>/export/", views.register_export,
         name="raid-export"),
    path("projects/<int:pk>/raid/<slug:register>/new/", views.entry_create, name="raid-create"),
    path("raid/<slug:register>/<int:entry>/edit/", views.entry_edit, name="raid-edit"),
    path("raid/<slug:register>/<int:entry>/delete/", views.entry_delete, name="raid-delete"),
]
