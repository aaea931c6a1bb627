"""The account page's form: a new personal access token."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise


def _lifetimes() -> list[tuple[int, StrOrPromise]]:
    choices: list[tuple[int, StrOrPromise]] = [(30, _("30 days")), (90, _("90 days")), (365, _("1 year")), (0, _("No expiry"))]
    default = settings.JALON_TOKEN_DAYS
    if default not in {days for days, _label in choices}:
        choices.insert(0, (default, _("%(days)s days") % {"days": default}))
    return choices


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, required=False,
                           help_text=_("To recognise it later, e.g. “weekly export script”."))
    days = forms.TypedChoiceField(label=_("Expires after"), coerce=int, choices=_lifetimes)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["days"].initial = settings.JALON_TOKEN_DAYS
