"""Forms of the governance pages; each cleans into one service's keyword arguments."""

from __future__ import annotations

from typing import Any

import yaml
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from jalon.governance import services
from jalon.governance.models import GateDecision, Phase, ProjectDocument, ToleranceException
from jalon.portfolios.models import Project
from jalon.web.forms import DateInput, active_users, choose_from


class AdoptForm(forms.Form):
    """For ``project_adopt``: an existing project follows a methodology."""

    key = forms.ChoiceField(label=_("Methodology"))

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = choices  # type: ignore[attr-defined]


class TickForm(forms.Form):
    """For ``criterion_tick``."""

    met = forms.BooleanField(label=_("Met"), required=False)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)


class DecisionForm(forms.Form):
    """For ``gate_decide``: the decision, its comment, and a condition for a go with conditions
    (the API takes several)."""

    decision = forms.ChoiceField(label=_("Decision"), choices=GateDecision.Decision.choices)
    comment = forms.CharField(label=_("Comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    condition = forms.CharField(label=_("Condition"), required=False, max_length=500,
                                help_text=_("For a go with conditions: the action required."))
    owner = forms.ModelChoiceField(label=_("Owner of the condition"), required=False,
                                   queryset=get_user_model().objects.none())
    due_date = forms.DateField(label=_("Due date of the condition"), required=False,
                               widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "owner", active_users())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = [data.get("condition"), data.get("owner"), data.get("due_date")]
        if any(parts) and not all(parts):
            raise forms.ValidationError(_("A condition needs its description, owner and due "
                                          "date."))
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        conditions = ([services.Condition(description=data["condition"], owner=data["owner"],
                                          due_date=data["due_date"])]
                      if data.get("condition") else [])
        return {"decision": data["decision"], "comment": data["comment"],
                "conditions": conditions}


class OverrideForm(forms.Form):
    """For ``lifecycle_override``."""

    phase = forms.ModelChoiceField(label=_("Current phase"), required=False,
                                   queryset=Phase.objects.none())
    status = forms.ChoiceField(label=_("Status"), choices=Project.Status.choices)
    justification = forms.CharField(label=_("Justification"),
                                    widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "phase", project.phases.all())


class DocumentStatusForm(forms.Form):
    """For ``document_set_status``."""

    status = forms.ChoiceField(label=_("Status"), choices=ProjectDocument.Status.choices)


class RoleForm(forms.Form):
    """For ``role_assign``."""

    holder = forms.ModelChoiceField(label=_("Held by"), required=False,
                                    queryset=get_user_model().objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "holder", active_users())


class PackForm(forms.Form):
    """For ``pack_update``: the adapted pack as YAML, as the shipped files are written."""

    text = forms.CharField(label=_("Pack (YAML)"), widget=forms.Textarea(attrs={"rows": 30}))

    def clean_text(self) -> Any:
        try:
            return yaml.safe_load(self.cleaned_data["text"])
        except yaml.YAMLError as exc:
            raise forms.ValidationError(_("Not valid YAML: %(error)s") % {"error": exc}) from None


class TolerancesForm(forms.Form):
    """For ``tolerances_set`` and ``portfolio_tolerances_set``: an empty field inherits."""

    time_days = forms.IntegerField(label=_("Time: days of slip"), required=False, min_value=0,
                                   max_value=100_000,
                                   help_text=_("Calendar days the forecast finish may pass the "
                                               "approved finish."))
    time_percent = forms.DecimalField(label=_("Time: percentage of the approved duration"),
                                      required=False, min_value=0, max_digits=5,
                                      decimal_places=1)
    cost_percent = forms.DecimalField(label=_("Cost: percentage of the budget"), required=False,
                                      min_value=0, max_digits=5, decimal_places=1,
                                      help_text=_("How far the estimate at completion may pass "
                                                  "the budget at completion."))
    cost_amount = forms.DecimalField(label=_("Cost: amount"), required=False, min_value=0,
                                     max_digits=14, decimal_places=2)
    scope_percent = forms.DecimalField(label=_("Scope: change in the number of tasks (percentage)"), required=False,
                                       min_value=0, max_digits=5, decimal_places=1)
    risk_score = forms.IntegerField(label=_("Risk: highest score of an open risk"),
                                    required=False, min_value=0, max_value=32767)

    def __init__(self, *args: Any, money: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not money:
            del self.fields["cost_amount"]


class ExceptionReportForm(forms.Form):
    """For ``exception_report``: PRINCE2's exception report."""

    cause = forms.CharField(label=_("Cause"), widget=forms.Textarea(attrs={"rows": 3}))
    consequences = forms.CharField(label=_("Consequences"),
                                   widget=forms.Textarea(attrs={"rows": 3}))
    options = forms.CharField(label=_("Options"), widget=forms.Textarea(attrs={"rows": 3}))
    recommendation = forms.CharField(label=_("Recommendation"),
                                     widget=forms.Textarea(attrs={"rows": 3}))


class ExceptionResolveForm(forms.Form):
    """For ``exception_resolve``: the board's decision; new tolerances go with an accepted
    forecast."""

    decision = forms.ChoiceField(label=_("Decision"), choices=ToleranceException.Decision.choices)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))
    time_days = forms.IntegerField(label=_("New time tolerance (days)"), required=False,
                                   min_value=0, max_value=100_000)
    cost_percent = forms.DecimalField(label=_("New cost tolerance (percentage of the budget)"),
                                      required=False, min_value=0, max_digits=5,
                                      decimal_places=1)

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        tolerances = {k: data[k] for k in ("time_days", "cost_percent") if data.get(k) is not None}
        return {"decision": data["decision"], "comment": data["comment"],
                "tolerances": tolerances or None}


class TemplateSaveForm(forms.Form):
    """For ``template_save``."""

    name = forms.CharField(label=_("Template name"), max_length=200)
