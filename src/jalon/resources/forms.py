"""Forms of the resources pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jalon.resources.models import LevellingRun


class LevellingForm(forms.Form):
    """How to level: the fast heuristic, or the optimal solver for at most ``time_limit`` s."""

    method = forms.ChoiceField(label=_("Method"), choices=LevellingRun.Method.choices,
                               initial=LevellingRun.Method.HEURISTIC)
    time_limit = forms.FloatField(label=_("Time limit of the optimal method (seconds)"),
                                  min_value=1, max_value=3600, initial=10)
