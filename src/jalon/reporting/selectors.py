"""Reads of the reporting app: the packs a user may see and download, his subscriptions.

Who may see a scope may start its pack and download the packs he started. The packs others
started are offered only to those who may see the scope's money: a pack made by a project
manager has costs in it, which a team member must not read.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.errors import NotFound
from jalon.portfolios.models import Portfolio, Programme, Project
from jalon.reporting.models import PackRun, Subscription

RECENT_PACKS = 20
"""The packs a Reports page lists, newest first."""


def _of_scope(scope: Portfolio | Programme | Project) -> Q:
    if isinstance(scope, Portfolio):
        return Q(portfolio=scope)
    if isinstance(scope, Programme):
        return Q(programme=scope)
    return Q(project=scope)


def pack_run_list(*, user: Any, scope: Portfolio | Programme | Project) -> QuerySet[PackRun]:
    """The packs of ``scope`` the user may download, newest first (:data:`RECENT_PACKS`)."""
    perms.require_view(user, scope)
    return _downloadable(user=user, scope=scope)[:RECENT_PACKS]


def _downloadable(*, user: Any, scope: Portfolio | Programme | Project) -> QuerySet[PackRun]:
    runs = PackRun.objects.filter(_of_scope(scope)).select_related("created_by")
    if not perms.can_see_costs(user, scope):
        runs = runs.filter(created_by=user)
    return runs


def latest_pack(*, user: Any, scope: Portfolio | Programme | Project) -> PackRun | None:
    """The newest finished pack of ``scope`` the user may download, if any."""
    perms.require_view(user, scope)
    return _downloadable(user=user, scope=scope).filter(state=PackRun.State.DONE).exclude(
        file="").order_by("-pk").first()


def pack_run_get(*, user: Any, pk: Any) -> PackRun:
    """A pack the user may see: his own, or any of a scope whose money he may see (404
    otherwise)."""
    run = (PackRun.objects.select_related("portfolio", "programme", "project", "created_by")
           .filter(pk=pk).first() if str(pk).isdigit() else None)
    if run is None or not perms.can_view(user, run.scope) or (
            run.created_by_id != user.pk and not perms.can_see_costs(user, run.scope)):
        raise NotFound(_("Report pack %(pk)s: not found.") % {"pk": pk})
    return run


def subscription_list(*, user: Any, scope: Portfolio | Programme | Project | None = None
                      ) -> QuerySet[Subscription]:
    """The user's own subscriptions (to the packs of ``scope``, when given)."""
    found = Subscription.objects.filter(user=user).select_related("portfolio", "programme",
                                                                   "project")
    return found.filter(_of_scope(scope)) if scope is not None else found


def subscription_get(*, user: Any, pk: Any) -> Subscription:
    found = subscription_list(user=user).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise NotFound(_("Subscription %(pk)s: not found.") % {"pk": pk})
    return found
