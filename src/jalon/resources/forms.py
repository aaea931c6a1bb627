"""Forms of the resources pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jalon.resources.models import LevellingRun


class LevellingForm(forms.Form):
    """How to level: the fast heuristic, or the optimal solver for at most ``time_limit`` s;
    optionally within the tasks' float only."""

    method = forms.ChoiceField(label=_("Method"), choices=LevellingRun.Method.choices,
                               initial=LevellingRun.Method.HEURISTIC)
    time_limit = forms.FloatField(label=_("Time limit of the optimal method (seconds)"),
                                  min_value=1, max_value=3600, initial=10)
    within_float = forms.BooleanField(
        label=_("Within float only"), required=False,
        help_text=_("Tasks move only within their total float, so the finish date never slips. "
                    "Over-allocations that cannot be removed that way are listed in the "
                    "preview, not resolved."))
