"""The Reports page's forms: a pack to generate, a subscription to take."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jalon.reporting.models import Format, Language, Subscription
from jalon.web.forms import DateInput


class PackForm(forms.Form):
    """Cleans into :func:`jalon.reporting.services.pack_start`'s options."""

    fmt = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    status_date = forms.DateField(
        label=_("Status date"), required=False, widget=DateInput,
        help_text=_("Judges which milestones are overdue; empty: the latest status date of the "
                    "projects."))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["language"].initial = (get_language() or "fr")[:2]


class SubscriptionForm(forms.Form):
    """Cleans into :func:`jalon.reporting.services.subscription_create`'s options."""

    fmt = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    frequency = forms.ChoiceField(label=_("How often"), choices=Subscription.Frequency.choices)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["language"].initial = (get_language() or "fr")[:2]
