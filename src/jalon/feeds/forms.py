"""The form of a new calendar feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jalon.accounts import permissions as perms
from jalon.feeds.models import FeedScope
from jalon.portfolios.models import Portfolio, Project
from jalon.web.forms import choose_from


class FeedForm(forms.Form):
    """What the new feed covers; cleans into :func:`jalon.feeds.services.feed_create`'s
    arguments (the service says which object the scope needs)."""

    scope = forms.ChoiceField(label=_("Milestones of"), choices=FeedScope.choices,
                              initial=FeedScope.MINE)
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.none(),
                                     required=False,
                                     help_text=_("For the scope “A project”."))
    portfolio = forms.ModelChoiceField(label=_("Portfolio"), queryset=Portfolio.objects.none(),
                                       required=False,
                                       help_text=_("For the scope “A portfolio”."))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "project", perms.visible_projects(user).order_by("code"))
        choose_from(self, "portfolio", perms.visible_portfolios(user).order_by("code"))
