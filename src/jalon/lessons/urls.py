"""Pages of lessons learned."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
