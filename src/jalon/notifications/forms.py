"""The preferences form: a delivery per group of notifications and the e-mails' language; it
cleans into :func:`jalon.notifications.services.preference_update`'s arguments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jalon.notifications.models import Delivery, Group, NotificationPreference


class PreferenceForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of my e-mails"), required=False,
        choices=[("", _("The site's language"))] + list(settings.LANGUAGES))

    def __init__(self, *args: Any, preference: NotificationPreference, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = preference.language
        for group in Group:
            self.fields[group.value] = forms.ChoiceField(
                label=group.label, choices=Delivery.choices,
                initial=preference.delivery(group.value))

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"deliveries": {g.value: data[g.value] for g in Group},
                "language": data["language"]}
