"""Forms of the governance pages; each cleans into one service's keyword arguments."""

from __future__ import annotations

from typing import Any

import yaml
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from jalon.governance import services
from jalon.governance.models import GateDecision, Phase, ProjectDocument
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
