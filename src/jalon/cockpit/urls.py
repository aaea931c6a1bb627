"""The pages of executive cockpit."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
