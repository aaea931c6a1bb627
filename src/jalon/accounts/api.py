"""REST endpoints about the caller: who am I, with which roles, and my personal tokens.

Tokens are listed and revoked here, not created: a token must not be able to mint others (a
leaked one would outlive its revocation); new tokens come from the account page or the CLI.
"""

import datetime

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from jalon.accounts import selectors, services
from jalon.accounts.models import RoleGrant
from jalon.errors import NotFound

router = Router(tags=["accounts"])


class GrantOut(Schema):
    role: str
    portfolio: int | None
    programme: int | None
    project: int | None


class MeOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    grants: list[GrantOut]


class AuthenticatedRequest(HttpRequest):
    user: User  # the API's authentication lets no anonymous caller through


@router.get("/me", response=MeOut)
def me(request: AuthenticatedRequest):
    user = request.user
    grants = RoleGrant.objects.filter(user=user)
    return {
        "id": user.pk, "username": user.get_username(), "first_name": user.first_name,
        "last_name": user.last_name,
        "grants": [{"role": g.role, "portfolio": g.portfolio_id, "programme": g.programme_id,
                    "project": g.project_id} for g in grants],
    }


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    expires_at: datetime.datetime | None
    expired: bool


@router.get("/me/tokens", response=list[TokenOut])
def my_tokens(request: AuthenticatedRequest):
    """The caller's personal access tokens (the secrets are never shown again)."""
    return list(selectors.tokens_of(user=request.user))


@router.delete("/me/tokens/{token_id}", response={204: None})
def revoke_my_token(request: AuthenticatedRequest, token_id: int):
    """Revoke one of the caller's tokens: it no longer opens the API, at once."""
    token = selectors.tokens_of(user=request.user).filter(pk=token_id).first()
    if token is None:
        raise NotFound(_("Not found."))
    services.token_revoke(actor=request.user, token=token)
    return 204, None
