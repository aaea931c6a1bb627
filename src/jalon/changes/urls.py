"""Pages of change requests."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
