"""Forms of the finance pages; each cleans into the keyword arguments of one service."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jalon.finance.models import CostCategory, Dimension, Expenditure, Rag
from jalon.finance.thresholds import Thresholds, limit_names, limit_of
from jalon.planning.models import Baseline, Task
from jalon.web.forms import DateInput


def _amount(label: Any, *, required: bool = True, minimum: str = "0") -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, max_digits=14, decimal_places=2,
                              min_value=Decimal(minimum))


class BudgetLineForm(forms.Form):
    """For ``budget_line_create``."""

    category = forms.ChoiceField(label=_("Category"), choices=CostCategory.choices)
    expenditure = forms.ChoiceField(label=_("CAPEX / OPEX"), choices=Expenditure.choices,
                                    initial=Expenditure.OPEX)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    approved = _amount(_("Approved budget"))
    contingency = _amount(_("Contingency"), required=False)
    management_reserve = _amount(_("Management reserve"), required=False)
    forecast = _amount(_("Forecast at completion"), required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name in ("contingency", "management_reserve"):
            if data.get(name) is None:
                data[name] = Decimal("0")
        return data


class CostEntryForm(forms.Form):
    """For ``cost_entry_create``."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    amount = _amount(_("Amount"), minimum="0.01")
    category = forms.ChoiceField(label=_("Category"), choices=CostCategory.choices)
    expenditure = forms.ChoiceField(label=_("CAPEX / OPEX"), choices=Expenditure.choices,
                                    initial=Expenditure.OPEX)
    task = forms.ModelChoiceField(label=_("Task"), queryset=Task.objects.none(), required=False,
                                  empty_label=_("(the project as a whole)"))
    description = forms.CharField(label=_("Description"), max_length=250, required=False)

    def __init__(self, *args: Any, project: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["task"]
        field.queryset = Task.objects.filter(project=project).order_by("wbs_code", "id")


class FixedCostForm(forms.Form):
    """For ``fixed_cost_create``: a cost of a task that does not come from its assignments."""

    task = forms.ModelChoiceField(label=_("Task"), queryset=Task.objects.none())
    amount = _amount(_("Amount"))
    category = forms.ChoiceField(label=_("Category"), choices=CostCategory.choices,
                                 initial=CostCategory.OTHER)
    expenditure = forms.ChoiceField(label=_("CAPEX / OPEX"), choices=Expenditure.choices,
                                    initial=Expenditure.OPEX)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)

    def __init__(self, *args: Any, project: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["task"]
        field.queryset = Task.objects.filter(project=project).order_by("wbs_code", "id")


class CostImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("First row: date, amount, category, and optionally expenditure (capex or "
                    "opex), task (its WBS code), description. If any row is wrong, nothing is "
                    "imported and every bad row is listed."),
    )


class OverrideForm(forms.Form):
    """For ``rag_override_set``."""

    dimension = forms.ChoiceField(label=_("Dimension"), choices=Dimension.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Rag.choices)
    justification = forms.CharField(label=_("Justification"), widget=forms.Textarea(
        attrs={"rows": 2}), help_text=_("Required: why the computed status does not tell the "
                                        "whole story."))


class BaselinePickForm(forms.Form):
    baseline = forms.ModelChoiceField(label=_("Baseline"), queryset=Baseline.objects.none(),
                                      required=False, empty_label=_("The first baseline"))

    def __init__(self, *args: Any, project: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["baseline"]
        field.queryset = Baseline.objects.filter(project=project).order_by("created_at", "id")


class ThresholdsForm(forms.Form):
    """For ``thresholds_update``: a green and an amber limit for each KPI of the engine's
    registry (those sharing limits once), with its KPI's label, range and decimals."""

    def __init__(self, *args: Any, thresholds: Thresholds, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {(True, "green"): _("%(kpi)s: green from"),
                  (True, "amber"): _("%(kpi)s: amber from"),
                  (False, "green"): _("%(kpi)s: green up to"),
                  (False, "amber"): _("%(kpi)s: amber up to")}
        for name in limit_names():
            kpi, limit = limit_of(name)
            self.fields[name] = forms.DecimalField(
                label=labels[kpi.higher_is_better, limit] % {"kpi": gettext(kpi.label)},
                help_text=gettext(kpi.help) if limit == "green" else "",
                max_digits=14, decimal_places=kpi.decimals, initial=thresholds.value(name),
                min_value=None if kpi.minimum is None else Decimal(str(kpi.minimum)),
                max_value=None if kpi.maximum is None else Decimal(str(kpi.maximum)))


EXTRA_MONTHS = 2


class BudgetMonthsForm(forms.Form):
    """For ``budget_months_set``: a planned amount and an optional forecast for each month
    shown, and a few blank rows to add months outside them. A month left empty (or planned
    at 0 with no forecast) is not kept."""

    def __init__(self, *args: Any, months: list[datetime.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.months = months
        for month in months:
            key = f"{month:%Y-%m}"
            self.fields[f"planned_{key}"] = _amount(_("Planned %(month)s") % {"month": key},
                                                    required=False)
            self.fields[f"forecast_{key}"] = _amount(_("Forecast %(month)s") % {"month": key},
                                                     required=False)
        for i in range(1, EXTRA_MONTHS + 1):
            self.fields[f"extra_month_{i}"] = forms.CharField(
                label=_("Other month (YYYY-MM)"), required=False, max_length=7,
                widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}))
            self.fields[f"extra_planned_{i}"] = _amount(_("Planned"), required=False)
            self.fields[f"extra_forecast_{i}"] = _amount(_("Forecast"), required=False)

    def rows(self) -> list[tuple[datetime.date, Any, Any]]:
        """Each shown month with its bound planned and forecast fields, for the template."""
        return [(m, self[f"planned_{m:%Y-%m}"], self[f"forecast_{m:%Y-%m}"]) for m in self.months]

    def extra_rows(self) -> list[tuple[Any, Any, Any]]:
        return [(self[f"extra_month_{i}"], self[f"extra_planned_{i}"],
                 self[f"extra_forecast_{i}"]) for i in range(1, EXTRA_MONTHS + 1)]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        spread: list[tuple[datetime.date, Decimal, Decimal | None]] = []
        entries = [(m, data.get(f"planned_{m:%Y-%m}"), data.get(f"forecast_{m:%Y-%m}"))
                   for m in self.months]
        for i in range(1, EXTRA_MONTHS + 1):
            text = (data.get(f"extra_month_{i}") or "").strip()
            planned, forecast = data.get(f"extra_planned_{i}"), data.get(f"extra_forecast_{i}")
            if not text:
                if planned is not None or forecast is not None:
                    self.add_error(f"extra_month_{i}", _("Give the month of this amount."))
                continue
            try:
                month = datetime.datetime.strptime(text, "%Y-%m").date()
            except ValueError:
                self.add_error(f"extra_month_{i}", _("Write the month as YYYY-MM, e.g. 2026-03."))
                continue
            entries.append((month, planned, forecast))
        for month, planned, forecast in entries:
            if (planned is None or planned == 0) and forecast is None:
                continue
            spread.append((month, planned or Decimal("0"), forecast))
        data["months"] = spread
        return data
