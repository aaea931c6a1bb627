"""Forms of the timesheet pages; each cleans into the keyword arguments of one service."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jalon.planning.models import Task
from jalon.timesheets.models import MAX_DAY_HOURS, TimesheetEntry
from jalon.timesheets.selectors import WeekGrid, cell_name
from jalon.timesheets.services import WeekInvalid


def _plain(hours: Decimal | None) -> Decimal | None:
    """7.00 shown as 7 and 7.50 as 7.5 in the inputs."""
    if hours is None:
        return None
    return hours.quantize(Decimal(1)) if hours == hours.to_integral() else hours.normalize()


class WeekForm(forms.Form):
    """For ``timesheet_week_save``: the hours of every cell of the week the user may still
    change (an empty cell or 0: no time)."""

    def __init__(self, *args: Any, grid: WeekGrid, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.grid = grid
        self.cells: dict[str, tuple[Task, datetime.date]] = {}
        for cell in grid.editable_cells:
            label = gettext("Hours on %(task)s, %(day)s") % {
                "task": cell.task, "day": date_format(cell.day, "l j F")}
            self.fields[cell.name] = forms.DecimalField(
                label=label, required=False, min_value=Decimal("0"), max_value=MAX_DAY_HOURS,
                max_digits=4, decimal_places=2, initial=_plain(cell.hours),
                widget=forms.NumberInput(attrs={"step": "0.25", "min": "0", "max": "24",
                                                "inputmode": "decimal", "class": "hours",
                                                "aria-label": label}))
            self.cells[cell.name] = (cell.task, cell.day)

    def hours(self) -> dict[tuple[Task, datetime.date], Decimal | None]:
        return {cell: self.cleaned_data.get(name) for name, cell in self.cells.items()}

    def add_week_errors(self, exc: WeekInvalid) -> None:
        """Each refused cell's message next to its input; a day over 24 hours above the grid."""
        for (task_id, day), messages in exc.cells.items():
            name = cell_name(task_id, day)
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        for messages in exc.days.values():
            for message in messages:
                self.add_error(None, message)


class ReviewForm(forms.Form):
    """For ``timesheet_entries_approve`` and ``timesheet_entries_reject``."""

    entries = forms.ModelMultipleChoiceField(queryset=TimesheetEntry.objects.none(),
                                             label=_("Time"))
    action = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    reason = forms.CharField(label=_("Reason for rejection"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, entries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["entries"]
        field.queryset = entries
        field.error_messages["required"] = gettext("Tick the time to approve or reject.")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("action") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", gettext("Say why the time is rejected."))
        return data


class TimesheetImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("First row: date, resource (code or name), project (code; may be left out "
                    "here), task (WBS code), hours, and optionally note. If any row is wrong, "
                    "nothing is imported and every bad row is listed."),
    )
