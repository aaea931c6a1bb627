"""Creating and revoking calendar feeds."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.accounts.services import secret_hash
from jalon.errors import PermissionDenied, ValidationFailed
from jalon.feeds.models import CalendarFeed, FeedScope
from jalon.portfolios.models import Portfolio, Project

SECRET_PREFIX = "cal_"  # noqa: S105 - a public marker of feed secrets, not a secret


@transaction.atomic
def feed_create(*, actor: Any, scope: str, project: Project | None = None,
                portfolio: Portfolio | None = None) -> tuple[CalendarFeed, str]:
    """A new feed of ``actor``'s; returns it and its secret, which is shown once and never
    stored. ``project`` for the scope ``project``, ``portfolio`` for ``portfolio``."""
    if scope == FeedScope.PROJECT:
        if project is None:
            raise ValidationFailed(_("Choose the project."), field="project")
        perms.require_view(actor, project)
        portfolio = None
    elif scope == FeedScope.PORTFOLIO:
        if portfolio is None:
            raise ValidationFailed(_("Choose the portfolio."), field="portfolio")
        perms.require_view(actor, portfolio)
        project = None
    elif scope == FeedScope.MINE:
        project = portfolio = None
    else:
        raise ValidationFailed(_("Unknown feed scope: %(scope)s.") % {"scope": scope},
                               field="scope")
    raw = SECRET_PREFIX + secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(owner=actor, scope=scope, project=project,
                                       portfolio=portfolio, prefix=raw[:12],
                                       key_hash=secret_hash(raw))
    return feed, raw


@transaction.atomic
def feed_revoke(*, actor: Any, feed: CalendarFeed) -> None:
    """Delete ``feed``: its address answers 404 from now on. Its owner's only."""
    if feed.owner_id != actor.pk:
        raise PermissionDenied(_("You may revoke only your own calendar feeds."))
    feed.delete()
