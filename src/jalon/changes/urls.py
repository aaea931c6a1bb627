"""Pages of change requests."""

from django.urls import path

from jalon.changes import views

urlpatterns = [
    path("projects/<int:pk>/changes/", views.project_changes, name="project-changes"),
    path("projects/<int:pk>/changes/new/", views.change_create, name="change-create"),
    path("changes/<int:pk>/", views.change_detail, name="change-detail"),
    path("changes/<int:pk>/edits/", views.change_edit_add, name="change-edit-add"),
    path("changes/<int:pk>/edits/<int:index>/remove/", views.change_edit_remove,
         name="change-edit-remove"),
    path("changes/<int:pk>/impact/", views.change_impact, name="change-impact"),
    path("changes/<int:pk>/submit/", views.change_submit, name="change-submit"),
    path("changes/<int:pk>/withdraw/", views.change_withdraw, name="change-withdraw"),
    path("changes/<int:pk>/approve/", views.change_approve, name="change-approve"),
    path("changes/<int:pk>/reject/", views.change_reject, name="change-reject"),
]
