"""Forms of the planning pages: the task table's rows, the task editor, baselines.

Each form cleans into the keyword arguments of one service (``planning.services``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jalon.calendars.models import Calendar
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


PROGRESS_EDIT_FIELDS = ("percent_complete", "actual_start", "actual_finish")
TASK_EDIT_FIELDS = {"name", "duration", *PROGRESS_EDIT_FIELDS}


class TaskProgressForm(forms.Form):
    """What a team member may record: progress only."""

    percent_complete = forms.IntegerField(label=_("% complete"), min_value=0, max_value=100)
    actual_start = forms.DateField(label=_("Actual start"), required=False, widget=DateInput())
    actual_finish = forms.DateField(label=_("Actual finish"), required=False, widget=DateInput())

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        kwargs.setdefault("initial", self.initial_for(task))
        super().__init__(*args, **kwargs)
        self.task = task
        if task.is_summary:  # its progress is rolled up from its subtasks, never entered
            for name in PROGRESS_EDIT_FIELDS:
                del self.fields[name]
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
    """The inline row form of those who may change the plan (``task`` from
    ``selectors.tasks_in_outline``, which tells summaries). The predecessors stay text:
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


DETAIL_FIELDS = ("constraint_type", "constraint_date", "deadline", "optimistic", "most_likely",
                 "pessimistic", "calendar", "notes")


class TaskDetailsForm(forms.Form):
    """The task editor's fields that the table has no room for: the date constraint, the
    deadline, the three-point estimate, the calendar and the notes. Cleans into ``task_update``'s
    keyword arguments; the rules that tie the fields together (a constraint needs a date,
    optimistic ≤ most likely ≤ pessimistic) are the model's and the service's, shown here on
    the field at fault."""

    constraint_type = forms.ChoiceField(label=_("Constraint"), choices=Task.Constraint.choices)
    constraint_date = forms.DateField(
        label=_("Constraint date"), required=False, widget=DateInput(),
        help_text=_("Needed by every constraint but as soon or as late as possible."))
    deadline = forms.DateField(
        label=_("Deadline"), required=False, widget=DateInput(),
        help_text=_("Not a constraint: finishing later shows as negative float."))
    optimistic = forms.DecimalField(label=_("Optimistic duration (days)"), required=False,
                                    min_value=0, max_digits=9, decimal_places=2)
    most_likely = forms.DecimalField(label=_("Most likely duration (days)"), required=False,
                                     min_value=0, max_digits=9, decimal_places=2)
    pessimistic = forms.DecimalField(
        label=_("Pessimistic duration (days)"), required=False, min_value=0, max_digits=9,
        decimal_places=2, help_text=_("The three estimates feed PERT and Monte Carlo; give all "
                                      "three or none."))
    calendar = forms.ModelChoiceField(
        label=_("Calendar"), queryset=Calendar.objects.none(), required=False,
        empty_label=_("— the project's calendar —"))
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, data: Any = None, *, task: Task, calendars: Any) -> None:
        super().__init__(data, initial={name: getattr(task, name) for name in DETAIL_FIELDS})
        choose_from(self, "calendar", calendars)

    def task_changes(self) -> dict[str, Any]:
        """The changed fields, for ``task_update`` (not the version the form carries)."""
        return {name: self.cleaned_data[name] for name in self.changed_data
                if name in DETAIL_FIELDS}
