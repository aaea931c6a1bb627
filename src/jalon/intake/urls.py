"""The pages of proposals and scoring models."""

from django.urls import path

urlpatterns: list = []
