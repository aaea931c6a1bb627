"""How people are named wherever they appear: pages, API, exports, files."""

from __future__ import annotations

from typing import Any

__all__ = ["name_of"]


def name_of(user: Any) -> str:
    """A user's full name, else their user name; empty for nobody."""
    if user is None:
        return ""
    name: str = user.get_full_name() or user.get_username()
    return name
