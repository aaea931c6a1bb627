"""Forms of the finance pages; each cleans into the keyword arguments of one service."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jalon.finance.models import CostCategory, Dimension, Expenditure, KpiThresholds, Rag
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
        data = super().clean()
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


class ThresholdsForm(forms.ModelForm):
    """For ``thresholds_update``."""

    class Meta:
        model = KpiThresholds
        fields = [name for pair in KpiThresholds.PAIRS for name in pair[:2]]
