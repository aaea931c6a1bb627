"""The executive cockpit of a portfolio."""

from django.urls import path

from jalon.cockpit import views

urlpatterns = [
    path("portfolios/<int:pk>/cockpit/", views.portfolio_cockpit, name="portfolio-cockpit"),
]
