"""Resource loading and levelling pages."""

from django.urls import path

from jalon.resources import views

urlpatterns = [
    path("resources/loading/", views.loading_overview, name="resource-loading-overview"),
    path("resources/over-allocations/", views.over_allocation_list, name="over-allocation-list"),
    path("resources/<int:pk>/loading/", views.resource_loading, name="resource-loading"),
    path("skills/<int:pk>/loading/", views.skill_loading, name="skill-loading"),
]
