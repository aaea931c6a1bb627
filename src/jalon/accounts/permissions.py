"""Who may see and change what.

A role is granted on a scope — the whole organisation, a portfolio, a programme or a project —
and reaches everything below it. Seeing needs any role reaching the object; changing needs a role
that manages objects of that level (a project manager manages projects, not programmes).
Team members may also record progress on the tasks they are assigned to; executives only read.
Money — resources' rates, what people cost, budgets, earned value — is for those who manage the
budget (every role but team members).

Every page and API call goes through these functions (mostly via the services), so the two can
never disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from jalon.accounts.models import Role, RoleGrant
from jalon.errors import NotFound, PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from jalon.portfolios.models import Portfolio, Programme, Project

    User = AbstractBaseUser | AnonymousUser

# The levels each role may change, wherever it reaches.
MANAGES: dict[str, frozenset[str]] = {
    Role.PMO_ADMIN: frozenset({"portfolio", "programme", "project", "pool"}),
    Role.PORTFOLIO_MANAGER: frozenset({"portfolio", "programme", "project", "pool"}),
    Role.PROGRAMME_MANAGER: frozenset({"programme", "project"}),
    Role.PROJECT_MANAGER: frozenset({"project"}),
    Role.TEAM_MEMBER: frozenset(),
    Role.EXECUTIVE: frozenset(),
}
PROGRESS_ROLES = frozenset({Role.TEAM_MEMBER})
# The roles that see money: rates, people's costs, budgets, earned value. Team members see the
# work (tasks, hours, loading), not what their colleagues cost.
COST_ROLES = frozenset({Role.PMO_ADMIN, Role.PORTFOLIO_MANAGER, Role.PROGRAMME_MANAGER,
                        Role.PROJECT_MANAGER, Role.EXECUTIVE})
# The roles that see the pool's e-mail addresses: those who manage something and staff it.
# Executives and team members read the plans without a directory of everyone's address.
CONTACT_ROLES = frozenset(role for role, levels in MANAGES.items() if levels)

# Roles are granted on the levels of the portfolio structure. Its models live in the portfolios
# app, which sits above this one (every app checks permissions): they are reached by name here,
# never imported.
LEVELS = {"portfolios.portfolio": "portfolio", "portfolios.programme": "programme",
          "portfolios.project": "project"}


def scope_level(obj: Any) -> str | None:
    """``"portfolio"``, ``"programme"`` or ``"project"`` for an object of the structure, else None."""
    meta = getattr(obj, "_meta", None)
    return LEVELS.get(meta.label_lower) if meta is not None else None


def _structure(model: str) -> Any:
    return apps.get_model("portfolios", model)


def _grants(user: Any) -> list[RoleGrant]:
    """The user's grants, read once per user object (a request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_jalon_grants", None)
    if cached is None:
        cached = list(RoleGrant.objects.filter(user=user))
        user._jalon_grants = cached
    return cached


def forget_grants(user: Any) -> None:
    """Drop the cached grants (after granting or revoking within the same request)."""
    if hasattr(user, "_jalon_grants"):
        del user._jalon_grants


def is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) and getattr(user, "is_active", False))


def _scope_keys(obj: Any) -> set[tuple[str, int | None]]:
    """The scopes whose grants reach ``obj``: itself, its ancestors, and the organisation."""
    keys: set[tuple[str, int | None]] = {("global", None)}
    level = scope_level(obj)
    if level == "project":
        keys |= {("project", obj.pk), ("portfolio", obj.portfolio_id)}
        if obj.programme_id:
            keys.add(("programme", obj.programme_id))
    elif level == "programme":
        keys |= {("programme", obj.pk), ("portfolio", obj.portfolio_id)}
    elif level == "portfolio":
        keys.add(("portfolio", obj.pk))
    return keys


def _grant_key(grant: RoleGrant) -> tuple[str, int | None]:
    if grant.project_id:
        return ("project", grant.project_id)
    if grant.programme_id:
        return ("programme", grant.programme_id)
    if grant.portfolio_id:
        return ("portfolio", grant.portfolio_id)
    return ("global", None)


def roles_on(user: Any, obj: Portfolio | Programme | Project | None) -> set[str]:
    """Every role of ``user`` that reaches ``obj`` (``None``: organisation-wide roles only)."""
    keys = _scope_keys(obj) if obj is not None else {("global", None)}
    return {g.role for g in _grants(user) if _grant_key(g) in keys}


def can_view(user: Any, obj: Portfolio | Programme | Project) -> bool:
    return is_superuser(user) or bool(roles_on(user, obj))


def can_change(user: Any, obj: Portfolio | Programme | Project) -> bool:
    """May ``user`` edit ``obj`` and what it holds (a project's tasks, links, assignments)?"""
    if is_superuser(user):
        return True
    level = scope_level(obj)
    return any(level in MANAGES[role] for role in roles_on(user, obj))


def can_record_progress(user: Any, project: Project) -> bool:
    """May ``user`` record progress on some task of ``project`` (its own, for a team member)?"""
    return can_change(user, project) or bool(roles_on(user, project) & PROGRESS_ROLES)


def progress_task_ids(user: Any, project: Project) -> set[int]:
    """The tasks of ``project`` whose percent complete and actual dates ``user`` may change.

    Never a summary: its progress is rolled up from its subtasks. Those who may change the plan
    may on every other task; team members on the tasks assigned to the resource linked to their
    account. Tasks and assignments live in apps above this one: they are reached by name and
    through the task's relations, never imported."""
    if not can_record_progress(user, project):
        return set()
    tasks = apps.get_model("planning", "Task").objects.filter(project=project,
                                                              children__isnull=True)
    if not can_change(user, project):
        tasks = tasks.filter(assignments__resource__user=user)
    return set(tasks.values_list("pk", flat=True))


def can_record_progress_on(user: Any, task: Any) -> bool:
    """May ``user`` change the percent complete and actual dates of ``task``?"""
    return task.pk in progress_task_ids(user, task.project)


def can_see_costs(user: Any, obj: Portfolio | Programme | Project | None = None) -> bool:
    """May ``user`` see the money of ``obj``: resources' rates, people's costs, budgets, cost
    entries, earned value and KPIs? ``None`` asks about the shared pool: a role that sees
    costs anywhere."""
    if is_superuser(user):
        return True
    roles = roles_on(user, obj) if obj is not None else {g.role for g in _grants(user)}
    return bool(roles & COST_ROLES)


def can_see_contacts(user: Any) -> bool:
    """May ``user`` see the e-mail addresses of the resource pool (:data:`CONTACT_ROLES`)?"""
    return is_superuser(user) or any(g.role in CONTACT_ROLES for g in _grants(user))


def can_manage_pool(user: Any) -> bool:
    """May ``user`` change the shared resource pool, skills and calendars?"""
    if is_superuser(user):
        return True
    return any("pool" in MANAGES[g.role] for g in _grants(user))


def can_create_portfolio(user: Any) -> bool:
    return is_superuser(user) or Role.PMO_ADMIN in roles_on(user, None)


def is_pmo_admin(user: Any) -> bool:
    """PMO administrators of the whole organisation (they also get the Django admin)."""
    return can_create_portfolio(user)


def has_any_role(user: Any) -> bool:
    return is_superuser(user) or bool(_grants(user))


def is_executive_only(user: Any) -> bool:
    """Has ``user`` executive roles and no other (the home page sends them to a cockpit)?"""
    roles = {g.role for g in _grants(user)}
    return roles == {Role.EXECUTIVE} and not is_superuser(user)


def _global(user: Any, roles: frozenset[str] | None = None) -> bool:
    return is_superuser(user) or any(_grant_key(g) == ("global", None)
                                     and (roles is None or g.role in roles) for g in _grants(user))


def _ids(user: Any, level: str, roles: frozenset[str] | None = None) -> list[int]:
    return [key[1] for g in _grants(user)
            if (key := _grant_key(g))[0] == level and key[1] and (roles is None or g.role in roles)]


def costed_projects(user: Any) -> QuerySet[Project]:
    """The projects whose money ``user`` may see (:func:`can_see_costs`)."""
    return visible_projects(user, roles=COST_ROLES)


def visible_portfolios(user: Any) -> QuerySet[Portfolio]:
    Portfolio = _structure("Portfolio")
    if _global(user):
        return Portfolio.objects.all()
    return Portfolio.objects.filter(pk__in=_ids(user, "portfolio"))


def visible_programmes(user: Any) -> QuerySet[Programme]:
    Programme = _structure("Programme")
    if _global(user):
        return Programme.objects.all()
    return Programme.objects.filter(
        Q(pk__in=_ids(user, "programme")) | Q(portfolio_id__in=_ids(user, "portfolio"))
    )


def visible_projects(user: Any, *, roles: frozenset[str] | None = None) -> QuerySet[Project]:
    """The projects ``user`` reaches (with one of ``roles``, when given)."""
    Project = _structure("Project")
    if _global(user, roles):
        return Project.objects.all()
    return Project.objects.filter(
        Q(pk__in=_ids(user, "project", roles))
        | Q(programme_id__in=_ids(user, "programme", roles))
        | Q(portfolio_id__in=_ids(user, "portfolio", roles))
    )


def nameable_users(user: Any) -> QuerySet[Any]:
    """The active people ``user`` may name as a manager, an owner, a sponsor or an approver.

    Everyone for PMO administrators, organisation-wide roles and those who manage the pool (they
    link accounts to resources); for the others, the people holding a role on something they
    see or on what holds it (its programme, its portfolio), those with an organisation-wide role,
    and themselves. An id outside this set answers
    as an unknown one would, so that nobody learns who else has an account."""
    active = get_user_model().objects.filter(is_active=True)
    if _global(user) or can_manage_pool(user):
        return active
    if not getattr(user, "is_authenticated", False):
        return active.none()
    # Those above what one sees too: a programme manager names her portfolio manager as an
    # approver, though she does not see the whole portfolio.
    projects = visible_projects(user)
    grants = RoleGrant.objects.filter(
        Q(portfolio__isnull=True, programme__isnull=True, project__isnull=True)
        | Q(portfolio__in=visible_portfolios(user))
        | Q(portfolio__in=projects.values("portfolio_id"))
        | Q(programme__in=visible_programmes(user))
        | Q(programme__in=projects.values("programme_id"))
        | Q(project__in=projects))
    return active.filter(Q(pk=user.pk) | Q(pk__in=grants.values("user_id")))


def require_view(user: Any, obj: Any) -> None:
    """Raise NotFound unless ``user`` may see ``obj``: we don't reveal what exists."""
    if not can_view(user, obj):
        raise NotFound(_("Not found."))


def require_change(user: Any, obj: Any) -> None:
    require_view(user, obj)
    if not can_change(user, obj):
        raise PermissionDenied(_("You may not change %(object)s.") % {"object": obj})


def require_progress(user: Any, project: Project) -> None:
    require_view(user, project)
    if not can_record_progress(user, project):
        raise PermissionDenied(_("You may not record progress on %(object)s.") % {"object": project})


def require_progress_on(user: Any, task: Any) -> None:
    """Raise unless ``user`` may record progress on ``task`` (:func:`progress_task_ids`)."""
    require_progress(user, task.project)
    if can_record_progress_on(user, task):
        return
    name = f"{task.wbs_code} {task.name}".strip()
    if task.children.exists():
        raise PermissionDenied(_("“%(task)s” is a summary task: its progress is rolled up from "
                                 "its subtasks.") % {"task": name})
    raise PermissionDenied(_("You may record progress only on the tasks you are assigned to, "
                             "not on “%(task)s”.") % {"task": name})


def require_costs(user: Any, obj: Portfolio | Programme | Project | None) -> None:
    """Raise unless ``user`` may see the money of ``obj`` (NotFound when he may not see it)."""
    if obj is not None:
        require_view(user, obj)
    if not can_see_costs(user, obj):
        raise PermissionDenied(_("Only those who manage the budget see rates and costs."))


def require_pool(user: Any) -> None:
    if not can_manage_pool(user):
        raise PermissionDenied(_("Only PMO administrators and portfolio managers may change the resource pool."))
