"""Accounts: role grants and personal access tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.accounts.models import ApiToken, Role, RoleGrant
from jalon.errors import NotFound, PermissionDenied, ValidationFailed

TOKEN_PREFIX = "jln_"  # noqa: S105 - a public marker, not a secret
# A token's last use is written at most so often: a read with a token writes nothing else, and
# a busy script must not turn every request into a write that waits for the database lock.
LAST_USE_EVERY = timedelta(minutes=1)
MAX_TOKEN_DAYS = 3650


def secret_hash(raw: str) -> str:
    """What is stored of a secret handed out once (a token, a calendar feed's address)."""
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(*, username: str, name: str = "", days: int | None = None) -> tuple[ApiToken, str]:
    """Create a personal access token for ``username``; returns it and the secret, shown once.

    It expires after ``days`` days (``settings.JALON_TOKEN_DAYS`` when None; 0 for never).
    """
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise NotFound(_("No active user named %(name)s.") % {"name": username}, field="username")
    days = settings.JALON_TOKEN_DAYS if days is None else days
    if not 0 <= days <= MAX_TOKEN_DAYS:
        raise ValidationFailed(
            _("A token lasts from 1 to %(max)s days, or 0 for no expiry.") % {"max": MAX_TOKEN_DAYS},
            field="days")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.now() + timedelta(days=days) if days else None
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:12], key_hash=secret_hash(raw),
                                    expires_at=expires_at)
    return token, raw


def token_user(raw: str) -> Any | None:
    """The active user a bearer token belongs to, or None (unknown, revoked or expired)."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=secret_hash(raw)).first()
    if token is None or token.expired or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def token_revoke(*, actor: Any, token: ApiToken) -> None:
    if token.user_id != actor.pk and not perms.is_pmo_admin(actor):
        raise PermissionDenied(_("You may revoke only your own tokens."))
    token.delete()


@transaction.atomic
def grant_role(*, actor: Any | None, user: Any, role: str, scope: Any = None) -> RoleGrant:
    """Give ``user`` the ``role`` on ``scope`` (a portfolio, programme, project, or None for all).

    ``actor`` None means the system itself (demo loading, ``jalon createadmin``).
    """
    if actor is not None and not perms.is_pmo_admin(actor):
        raise PermissionDenied(_("Only PMO administrators may grant roles."))
    if role not in Role.values:
        raise ValidationFailed(_("Unknown role: %(role)s.") % {"role": role}, field="role")
    fields: dict[str, Any] = {"portfolio": None, "programme": None, "project": None}
    level = perms.scope_level(scope)
    if level is not None:
        fields[level] = scope
    elif scope is not None:
        raise ValidationFailed(_("A role is granted on a portfolio, a programme or a project."),
                               field="scope")
    grant, _created = RoleGrant.objects.get_or_create(user=user, role=role, **fields)
    if role == Role.PMO_ADMIN and scope is None and not user.is_staff:
        user.is_staff = True  # the Django admin is theirs
        user.save(update_fields=["is_staff"])
    perms.forget_grants(user)
    return grant


@transaction.atomic
def admin_create(*, username: str, password: str, email: str = "") -> Any:
    """Create a PMO administrator of everything, with access to the Django admin."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationFailed(_("The user %(name)s already exists.") % {"name": username},
                               field="username")
    user = User.objects.create_superuser(username=username, email=email, password=password)
    grant_role(actor=None, user=user, role=Role.PMO_ADMIN)
    return user
