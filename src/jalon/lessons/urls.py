"""Pages of lessons learned."""

from django.urls import path

from jalon.lessons import views

urlpatterns = [
    path("lessons/", views.lesson_base, name="lesson-base"),
    path("projects/<int:pk>/lessons/", views.project_lessons, name="project-lessons"),
    path("projects/<int:pk>/lessons/new/", views.lesson_create, name="lesson-create"),
    path("lessons/<int:pk>/edit/", views.lesson_edit, name="lesson-edit"),
    path("lessons/<int:pk>/delete/", views.lesson_delete, name="lesson-delete"),
    path("lessons/<int:pk>/useful/<int:project>/", views.lesson_useful, name="lesson-useful"),
]
