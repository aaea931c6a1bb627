"""Forms of the calendar pages, and the calendar choice other apps' forms offer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jalon.calendars import selectors
from jalon.calendars.models import WEEKDAY_NAMES, Calendar
from jalon.web.forms import DateInput, choose_from


def calendar_field(user: Any) -> forms.ModelChoiceField:
    """A choice among the calendars ``user`` may use, empty for the default one."""
    return forms.ModelChoiceField(
        queryset=selectors.calendar_list(user=user), required=False, label=_("Calendar"),
        empty_label=_("Default (Monday to Friday)"),
    )


class CalendarForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    working_weekdays = forms.TypedMultipleChoiceField(
        label=_("Working days"), coerce=int, choices=list(enumerate(WEEKDAY_NAMES)),
        initial=[0, 1, 2, 3, 4], widget=forms.CheckboxSelectMultiple,
    )
    hours_per_day = forms.DecimalField(label=_("Hours per day"), min_value=Decimal("0.25"),
                                       max_value=24, max_digits=4, decimal_places=2, initial=Decimal("8"))
    public_holidays = forms.ChoiceField(label=_("Public holidays"), choices=Calendar.Holidays.choices,
                                        required=False)
    base = forms.ModelChoiceField(queryset=Calendar.objects.none(), required=False, label=_("Base calendar"),
                                  empty_label=_("None"))

    def __init__(self, *args: Any, user: Any, calendar: Calendar | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        calendars = selectors.calendar_list(user=user)
        # a calendar cannot be its own base (the service also refuses longer loops)
        choose_from(self, "base", calendars.exclude(pk=calendar.pk) if calendar else calendars)

    @classmethod
    def initial_for(cls, calendar: Calendar) -> dict[str, Any]:
        return {name: getattr(calendar, name) for name in cls.base_fields}

    def clean_working_weekdays(self) -> list[int]:
        return sorted(self.cleaned_data["working_weekdays"])


class CalendarExceptionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    start = forms.DateField(label=_("Start"), widget=DateInput())
    finish = forms.DateField(label=_("Finish"), widget=DateInput())
    is_working = forms.BooleanField(label=_("Worked (instead of off)"), required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, finish = data.get("start"), data.get("finish")
        if start and finish and finish < start:
            self.add_error("finish", gettext("The finish is before the start."))
        return data
