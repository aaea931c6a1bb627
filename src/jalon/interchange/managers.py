"""The project manager a file names, found among Jalon's users."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q


def user_named(text: str) -> Any | None:
    """The one active user whose login, e-mail address or full name ("First Last" or "Last
    First", any case) is ``text``; None when nobody or several people answer to it."""
    wanted = " ".join(text.split()).casefold()
    if not wanted:
        return None
    users = get_user_model().objects.filter(is_active=True)
    by_account = list(users.filter(Q(username__iexact=wanted) | Q(email__iexact=wanted))[:2])
    if len(by_account) == 1:
        return by_account[0]
    if " " not in wanted:
        return None
    # Compared in Python: case-insensitive lookups on accented names differ between databases.
    named = [user for user in users.filter(first_name__isnull=False).exclude(first_name="")
             if wanted in (f"{user.first_name} {user.last_name}".casefold(),
                           f"{user.last_name} {user.first_name}".casefold())]
    return named[0] if len(named) == 1 else None
