"""Who may do what: role grants on a scope (everything, a portfolio, a programme or a project),
inherited below it; and personal access tokens for the API."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The PMO roles, from the widest powers to read-only."""

    PMO_ADMIN = "pmo_admin", _("PMO administrator")
    PORTFOLIO_MANAGER = "portfolio_manager", _("Portfolio manager")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    PROJECT_MANAGER = "project_manager", _("Project manager")
    TEAM_MEMBER = "team_member", _("Team member")
    EXECUTIVE = "executive", _("Executive (read-only)")


class RoleGrant(models.Model):
    """A role given to a user on one scope, and so on everything below it.

    At most one of ``portfolio``, ``programme``, ``project`` is set; none means the whole
    organisation (every portfolio).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    portfolio = models.ForeignKey(
        "portfolios.Portfolio",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("portfolio"),
    )
    programme = models.ForeignKey(
        "portfolios.Programme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("programme"),
    )
    project = models.ForeignKey(
        "portfolios.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("project"),
    )

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(programme__isnull=True, project__isnull=True)
                    | models.Q(portfolio__isnull=True, project__isnull=True)
                    | models.Q(portfolio__isnull=True, programme__isnull=True)
                ),
                name="grant_at_most_one_scope",
            ),
        ]

    def __str__(self) -> str:
        scope = self.scope or _("everything")
        return f"{self.user} – {self.get_role_display()} – {scope}"

    @property
    def scope(self) -> object | None:
        return self.portfolio or self.programme or self.project


class ApiToken(models.Model):
    """A personal access token for ``Authorization: Bearer <token>``. Only a hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} – {self.prefix}…"

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()
