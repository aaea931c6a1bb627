"""REST endpoints about the caller: who am I, and with which roles."""


from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja import Router, Schema

from jalon.accounts.models import RoleGrant

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
