"""PMO administrators of the whole organisation hold every model permission (the Django admin)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from jalon.accounts import permissions as perms


class JalonBackend(ModelBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if user_obj.is_active and perms.is_pmo_admin(user_obj):
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        if user_obj.is_active and perms.is_pmo_admin(user_obj):
            return True
        return super().has_module_perms(user_obj, app_label)
