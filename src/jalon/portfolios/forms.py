"""Forms of the portfolio pages: portfolios, programmes, strategic objectives and projects.

Each form cleans into the keyword arguments of one service (``portfolios.services``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from jalon.calendars.forms import calendar_field
from jalon.calendars.models import Calendar
from jalon.portfolios import methods
from jalon.portfolios import selectors as portfolio_selectors
from jalon.portfolios.models import Portfolio, Project, StrategicObjective
from jalon.web.forms import DateInput, active_users, choose_from


class PortfolioForm(forms.Form):
    """For ``portfolio_create`` and ``portfolio_update``."""

    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def initial_for(cls, obj: Any) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in cls.base_fields}


class ProgrammeForm(PortfolioForm):
    """For ``programme_create`` and ``programme_update``."""

    manager = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False,
                                     label=_("Programme manager"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "manager", active_users())


class ObjectiveForm(PortfolioForm):
    """For ``objective_create`` and ``objective_update``."""

    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100, initial=1,
                                help_text=_("1 to 100: how much the objective counts."))


class ProjectForm(forms.Form):
    """A project's own fields, for ``project_create`` and ``project_update``."""

    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("Status"), choices=Project.Status.choices, initial=Project.Status.PROPOSED)
    priority = forms.IntegerField(label=_("Priority"), min_value=0, max_value=1000, initial=500,
                                  help_text=_("0 (lowest) to 1000 (highest)."))
    sponsor = forms.CharField(label=_("Sponsor"), max_length=200, required=False)
    project_manager = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False,
                                             label=_("Project manager"))
    methodology = forms.CharField(label=_("Methodology"), max_length=100, required=False)
    planned_start = forms.DateField(label=_("Planned start"), required=False, widget=DateInput())
    status_date = forms.DateField(label=_("Status date"), required=False, widget=DateInput())
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    calendar = forms.ModelChoiceField(queryset=Calendar.objects.none(), required=False, label=_("Calendar"))
    constraints_before_start = forms.BooleanField(
        label=_("Constraints may start tasks before the project start"), required=False,
        help_text=Project._meta.get_field("constraints_before_start").help_text)
    objectives = forms.ModelMultipleChoiceField(
        queryset=StrategicObjective.objects.none(), required=False, label=_("Strategic objectives"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, user: Any, portfolio: Portfolio, creating: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = methods.choices(portfolio)
        if creating and offered:  # a pack sets a new project up; later it is only a label
            self.fields["methodology"] = forms.ChoiceField(
                label=_("Methodology"), required=False,
                choices=[("", _("None: an empty plan")), *offered],
                help_text=_("Creates the phases, stage gates, WBS skeleton, documents, roles and "
                            "starter risks of the methodology."))
        saved = methods.templates(portfolio)
        if creating and saved:  # or a project of the portfolio saved as a template
            self.fields["template"] = forms.TypedChoiceField(
                label=_("Template"), required=False, coerce=int, empty_value=None,
                choices=[("", _("None")), *saved],
                help_text=_("Creates the WBS, links, phases, gates, documents, roles and risk "
                            "checklist of a project saved as a template."))
        choose_from(self, "project_manager", active_users())
        self.fields["calendar"] = calendar_field(user)
        choose_from(self, "objectives",
                     portfolio_selectors.objective_choices(user=user, portfolio=portfolio))

    @classmethod
    def initial_for(cls, project: Project) -> dict[str, Any]:
        initial = {name: getattr(project, name) for name in cls.base_fields if name != "objectives"}
        initial["objectives"] = list(project.objectives.all())
        return initial

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].upper()
