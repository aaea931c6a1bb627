"""Forms of the change request pages; each cleans into one service's keyword arguments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jalon.changes.edits import type_labels
from jalon.changes.models import ChangeRequest
from jalon.planning.models import Dependency, Task
from jalon.portfolios.models import Project
from jalon.resources.models import Resource
from jalon.web.forms import choose_from


class ChangeForm(forms.ModelForm):
    """For ``change_create``: what is asked and why."""

    class Meta:
        model = ChangeRequest
        fields = ["title", "kind", "description", "reason"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "reason": forms.Textarea(attrs={"rows": 3})}


class EditForm(forms.Form):
    """For ``change_edit_add``: one proposed edit. Which fields count depends on ``type``; the
    service checks them against the plan and names the one at fault."""

    type = forms.ChoiceField(label=_("Edit"))
    task = forms.ModelChoiceField(label=_("Task"), queryset=Task.objects.none(), required=False)
    duration = forms.DecimalField(label=_("Duration (working days)"), required=False,
                                  min_value=0)
    name = forms.CharField(label=_("Name of the new task"), required=False, max_length=250)
    parent = forms.ModelChoiceField(label=_("Under the summary task"),
                                    queryset=Task.objects.none(), required=False)
    predecessors = forms.ModelMultipleChoiceField(label=_("After the tasks"),
                                                  queryset=Task.objects.none(), required=False)
    predecessor = forms.ModelChoiceField(label=_("Predecessor"), queryset=Task.objects.none(),
                                         required=False)
    successor = forms.ModelChoiceField(label=_("Successor"), queryset=Task.objects.none(),
                                       required=False)
    link_type = forms.ChoiceField(label=_("Link type"), choices=Dependency.Type.choices,
                                  initial=Dependency.Type.FS, required=False)
    lag = forms.DecimalField(label=_("Lag (working days)"), required=False)
    resource = forms.ModelChoiceField(label=_("Resource"), queryset=Resource.objects.none(),
                                      required=False)
    units = forms.DecimalField(label=_("Units"), required=False, min_value=0)
    amount = forms.DecimalField(label=_("Fixed cost"), required=False, min_value=0)

    def __init__(self, *args: Any, project: Project, costs: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = type_labels()
        if not costs:
            labels.pop("fixed_cost")
            del self.fields["amount"]
        self.fields["type"].choices = list(labels.items())  # type: ignore[attr-defined]
        tasks = Task.objects.filter(project=project).order_by("wbs_code", "pk")
        for name in ("task", "parent", "predecessors", "predecessor", "successor"):
            choose_from(self, name, tasks)
        choose_from(self, "resource", Resource.objects.filter(is_active=True).order_by("name"))

    def edit(self) -> dict[str, Any]:
        """The edit as the service reads it: ids for objects, text for numbers."""
        data = self.cleaned_data
        edit: dict[str, Any] = {"type": data["type"]}
        for name, value in data.items():
            if name == "type" or value in (None, ""):
                continue
            if name == "predecessors":
                edit[name] = [t.pk for t in value]
            else:
                edit[name] = getattr(value, "pk", None) or str(value)
        return edit


class ApproveForm(forms.Form):
    """For ``change_approve``."""

    baseline = forms.BooleanField(label=_("Take a new baseline after applying the change"),
                                  required=False)


class RejectForm(forms.Form):
    """For ``change_reject``."""

    reason = forms.CharField(label=_("Why is it rejected?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
