"""Pages of decisions, assumptions and dependencies."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
