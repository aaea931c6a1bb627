"""The pages of status reports."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
