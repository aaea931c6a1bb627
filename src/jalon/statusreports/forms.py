"""The forms of the status report pages; each cleans into one service's keyword arguments."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jalon.statusreports.models import Cadence, StatusReport
from jalon.web.forms import DateInput


class CommentaryForm(forms.Form):
    """The project manager's commentary (``report_update``)."""

    achievements = forms.CharField(label=_("Achievements this period"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}))
    next_period = forms.CharField(label=_("Planned for the next period"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    help_needed = forms.CharField(label=_("Help needed"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))

    @staticmethod
    def initial_for(report: StatusReport) -> dict[str, str]:
        return {"achievements": report.achievements, "next_period": report.next_period,
                "help_needed": report.help_needed}


class NewReportForm(forms.Form):
    """The period of a new report, given by one of its days (``report_create``)."""

    day = forms.DateField(label=_("A day of the period"), required=False, widget=DateInput,
                          help_text=_("By default, the project's status date."))


class TransitionForm(forms.Form):
    """One action on a report (``report_transition``)."""

    action = forms.ChoiceField(choices=[("submit", "submit"), ("return", "return"),
                                        ("publish", "publish")])
    comments = forms.CharField(label=_("Comments for the project manager"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))


class CadenceForm(forms.Form):
    """A portfolio's reporting cadence (``cadence_set``)."""

    cadence = forms.ChoiceField(label=_("Reporting cadence"), choices=Cadence.choices)
