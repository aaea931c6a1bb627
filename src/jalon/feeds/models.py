"""Calendar feeds: a secret address, owned by a user, for the milestones of one project, one
portfolio, or the projects the user works on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedScope(models.TextChoices):
    PROJECT = "project", _("A project")
    PORTFOLIO = "portfolio", _("A portfolio")
    MINE = "mine", _("My projects")


class CalendarFeed(models.Model):
    """A secret iCalendar address for the milestones of ``scope``, read with ``owner``'s rights.

    Only a hash of the secret is stored (like personal API tokens); ``prefix`` lets the owner
    tell his feeds apart. Revoking a feed deletes it: its address then answers 404. What the
    feed shows is decided at each read from the owner's roles at that moment, so that losing a
    role empties the feed.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="calendar_feeds", verbose_name=_("owner"))
    scope = models.CharField(_("scope"), max_length=10, choices=FeedScope.choices)
    project = models.ForeignKey("portfolios.Project", on_delete=models.CASCADE, null=True,
                                blank=True, related_name="+", verbose_name=_("project"))
    portfolio = models.ForeignKey("portfolios.Portfolio", on_delete=models.CASCADE, null=True,
                                  blank=True, related_name="+", verbose_name=_("portfolio"))
    prefix = models.CharField(_("prefix"), max_length=12)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.CheckConstraint(
                name="calendar_feed_scope_object",
                condition=(
                    models.Q(scope="project", project__isnull=False, portfolio__isnull=True)
                    | models.Q(scope="portfolio", project__isnull=True, portfolio__isnull=False)
                    | models.Q(scope="mine", project__isnull=True, portfolio__isnull=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner} – {self.subject} – {self.prefix}…"

    @property
    def subject(self) -> str:
        """What the feed covers, as users name it."""
        if self.project is not None:
            return f"{self.project.code} {self.project.name}"
        if self.portfolio is not None:
            return f"{self.portfolio.code} {self.portfolio.name}"
        return str(FeedScope.MINE.label)
