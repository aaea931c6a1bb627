"""Forms of the planning pages: the task table's rows, baselines.

Each form cleans into the keyword arguments of one service (``planning.services``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jalon.engine.limits import MAX_DURATION
from jalon.planning.models import Baseline, Task
from jalon.planning.predecessors import format_predecessors
from jalon.web.forms import DateInput, choose_from


class BaselineForm(forms.Form):
    name = forms.CharField(label=_("Baseline name"), max_length=100)


class BaselineChoiceForm(forms.Form):
    """Which baseline to compare the schedule with (GET)."""

    baseline = forms.ModelChoiceField(queryset=Baseline.objects.none(), label=_("Compare with the baseline"),
                                      required=False, empty_label=_("— choose a baseline —"))

    def __init__(self, data: Any = None, *, baselines: Any) -> None:
        super().__init__(data)
        choose_from(self, "baseline", baselines)


# --- tasks --------------------------------------------------------------------------------------

class TaskAddForm(forms.Form):
    name = forms.CharField(label=_("New task"), max_length=250,
                           widget=forms.TextInput(attrs={"placeholder": _("Name of the new task")}))
    duration = forms.DecimalField(label=_("Duration (days)"), min_value=0, max_value=MAX_DURATION,
                                  max_digits=9,
                                  decimal_places=2, initial=Decimal("1"))
    is_milestone = forms.BooleanField(label=_("Milestone"), required=False)


TASK_EDIT_FIELDS = {"name", "duration", "percent_complete", "actual_start", "actual_finish"}


class TaskProgressForm(forms.Form):
    """What a team member may record: progress only."""

    percent_complete = forms.IntegerField(label=_("% complete"), min_value=0, max_value=100)
    actual_start = forms.DateField(label=_("Actual start"), required=False, widget=DateInput())
    actual_finish = forms.DateField(label=_("Actual finish"), required=False, widget=DateInput())

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        kwargs.setdefault("initial", self.initial_for(task))
        super().__init__(*args, **kwargs)
        self.task = task
        for field in self.fields.values():  # the row's inputs belong to the form above the table
            field.widget.attrs["form"] = "task-edit-form"

    def initial_for(self, task: Task) -> dict[str, Any]:
        return {name: getattr(task, name) for name in self.base_fields if name in TASK_EDIT_FIELDS}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, finish = data.get("actual_start"), data.get("actual_finish")
        if start and finish and finish < start:
            self.add_error("actual_finish", gettext("The actual finish is before the actual start."))
        return data

    def task_changes(self) -> dict[str, Any]:
        """The changed task fields, for ``task_update`` (predecessors are set apart)."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name in TASK_EDIT_FIELDS}


class TaskEditForm(TaskProgressForm):
    """The inline row form of those who may change the plan. The predecessors stay text:
    ``services.predecessors_set_from_text`` reads them."""

    name = forms.CharField(label=_("Name"), max_length=250)
    duration = forms.DecimalField(label=_("Duration (days)"), max_digits=9, decimal_places=2)
    predecessors = forms.CharField(
        label=_("Predecessors"), required=False, max_length=1000,
        help_text=_("WBS codes, e.g. 3FS+2, 5SS; CODE:WBS for another project's task."),
    )
    field_order = ["name", "duration", "predecessors", "percent_complete", "actual_start", "actual_finish"]

    def initial_for(self, task: Task) -> dict[str, Any]:
        initial = super().initial_for(task)
        initial["predecessors"] = format_predecessors(task)
        return initial

    def clean_duration(self) -> Decimal:
        duration = self.cleaned_data["duration"]
        if duration < 0:
            raise forms.ValidationError(gettext("The duration cannot be negative."))
        return duration
