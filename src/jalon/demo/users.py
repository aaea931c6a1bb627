"""The demo's users — one per role, all with the password :data:`DEMO_PASSWORD` — and their grants."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from jalon.portfolios.models import Portfolio, Programme, Project

DEMO_PASSWORD = "jalon-demo"
EMAIL_DOMAIN = "groupe-aurore.example"  # marks the users the demo owns (see remove_users)


@dataclass(frozen=True)
class UserSpec:
    """A demo login: who it is, and the role it has on which scope.

    ``scope`` is ``""`` for the whole organisation, ``"portfolio"``, a programme code, or project
    codes separated by spaces.
    """

    username: str
    first_name: str
    last_name: str
    role: str
    scope: str
    description: str

    @property
    def email(self) -> str:
        local = f"{self.first_name}.{self.last_name}".lower().replace(" ", "-")
        return f"{local}@{EMAIL_DOMAIN}"


USERS: tuple[UserSpec, ...] = (
    UserSpec("pmo", "Sophie", "Martin", Role.PMO_ADMIN, "",
             "Sophie Martin, responsable du PMO : administratrice de tout (et de l'admin Django)"),
    UserSpec("dirigeant", "Philippe", "Durand", Role.EXECUTIVE, "",
             "Philippe Durand, directeur général : lecture seule sur tout le portefeuille"),
    UserSpec("portefeuille", "Isabelle", "Moreau", Role.PORTFOLIO_MANAGER, "portfolio",
             "Isabelle Moreau : gestionnaire du portefeuille Groupe Aurore"),
    UserSpec("programme", "Julien", "Robert", Role.PROGRAMME_MANAGER, "PRG-NUM",
             "Julien Robert : directeur du programme Transformation numérique"),
    UserSpec("cheffe.projet", "Camille", "Laurent", Role.PROJECT_MANAGER,
             "NUM-ERP NUM-CRM NUM-DATA",
             "Camille Laurent : cheffe de projet (ERP, portail client, données) seulement"),
    UserSpec("chef.chantier", "Pierre", "Rousseau", Role.PROJECT_MANAGER,
             "LYON-ETUDES LYON-CONST LYON-AMENAG LYON-PARK",
             "Pierre Rousseau : chef de projet des chantiers du siège de Lyon"),
    UserSpec("chef.usine", "Thomas", "Girard", Role.PROJECT_MANAGER,
             "USINE-MES USINE-ROBOT USINE-MAINT USINE-ENERGIE",
             "Thomas Girard : chef de projet des projets Usine 4.0"),
    UserSpec("equipe", "Antoine", "Roux", Role.TEAM_MEMBER, "NUM-ERP NUM-CRM",
             "Antoine Roux : développeur, membre de l'équipe ERP et portail client"),
)

DEMO_USERS: list[tuple[str, str]] = [(spec.username, spec.description) for spec in USERS]


def create_users() -> dict[str, Any]:
    """Create the demo users (no role yet). ``pmo`` is also a superuser.

    Jalon has no user-creation service besides ``admin_create``; the users are made here with a
    single password hash shared by all, since hashing is deliberately slow and the password is
    public anyway.
    """
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)
    users = {}
    for spec in USERS:
        admin = spec.role == Role.PMO_ADMIN
        user = User(username=spec.username, first_name=spec.first_name,
                    last_name=spec.last_name, email=spec.email, password=password,
                    is_staff=admin, is_superuser=admin)
        user.save()
        users[spec.username] = user
    return users


def _scopes(spec: UserSpec, portfolio: Portfolio, programmes: dict[str, Programme],
            projects: dict[str, Project]) -> Iterable[Any]:
    if spec.scope == "":
        return [None]
    if spec.scope == "portfolio":
        return [portfolio]
    if spec.scope in programmes:
        return [programmes[spec.scope]]
    return [projects[code] for code in spec.scope.split()]


def grant_roles(*, users: dict[str, Any], portfolio: Portfolio, programmes: dict[str, Programme],
                projects: dict[str, Project]) -> int:
    """Give each demo user its role; returns the number of grants."""
    count = 0
    for spec in USERS:
        for scope in _scopes(spec, portfolio, programmes, projects):
            grant_role(actor=None, user=users[spec.username], role=spec.role, scope=scope)
            count += 1
    return count


def demo_users_present() -> Any:
    """The demo's users still in the database (recognised by name and e-mail domain)."""
    return get_user_model().objects.filter(
        username__in=[spec.username for spec in USERS], email__endswith=f"@{EMAIL_DOMAIN}"
    )


def foreign_users() -> list[str]:
    """Usernames the demo needs that belong to someone else (not made by the demo)."""
    return sorted(
        get_user_model().objects.filter(username__in=[spec.username for spec in USERS])
        .exclude(email__endswith=f"@{EMAIL_DOMAIN}").values_list("username", flat=True)
    )
