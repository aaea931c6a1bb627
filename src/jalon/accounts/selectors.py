"""Reads about accounts: a user's personal access tokens."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jalon.accounts.models import ApiToken


def tokens_of(*, user: Any) -> QuerySet[ApiToken]:
    """The user's personal access tokens, newest first (revoked ones are deleted)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at")
