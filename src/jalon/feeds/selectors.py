"""Reads of calendar feeds: the owner's list, a feed by its secret, and what a feed shows,
always with the owner's rights at the moment it is read."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from jalon.accounts import permissions as perms
from jalon.accounts.services import secret_hash
from jalon.feeds.models import CalendarFeed
from jalon.feeds.services import SECRET_PREFIX
from jalon.portfolios.models import Project
from jalon.querying import get_visible


def feed_list(*, user: Any) -> QuerySet[CalendarFeed]:
    """The user's own feeds (nobody sees another's)."""
    return CalendarFeed.objects.filter(owner=user).select_related("project", "portfolio")


def feed_get(*, user: Any, pk: Any) -> CalendarFeed:
    return get_visible(feed_list(user=user), pk)


def feed_by_secret(raw: str) -> CalendarFeed | None:
    """The feed whose secret is ``raw``, or None (unknown, revoked, or its owner deactivated)."""
    if not raw.startswith(SECRET_PREFIX):
        return None
    feed = (CalendarFeed.objects.select_related("owner", "project", "portfolio")
            .filter(key_hash=secret_hash(raw)).first())
    if feed is None or not feed.owner.is_active:
        return None
    return feed


def feed_projects(feed: CalendarFeed) -> QuerySet[Project]:
    """The projects whose milestones ``feed`` shows: those of its scope that its owner may see
    now (a role lost empties the feed). "My projects" are those the owner manages or has a
    task assigned to."""
    owner = feed.owner
    projects = perms.visible_projects(owner)
    if feed.project is not None:
        return projects.filter(pk=feed.project.pk)
    if feed.portfolio is not None:
        return projects.filter(portfolio=feed.portfolio)
    return projects.filter(Q(project_manager=owner)
                           | Q(tasks__assignments__resource__user=owner)).distinct()
