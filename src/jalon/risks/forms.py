"""Forms of the risk pages. They read and check the input; the services do the writing and
check the levels against the portfolio's scale."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from jalon.planning.models import Task
from jalon.portfolios.models import Project
from jalon.risks.models import Issue, MatrixConfig, Risk, RiskAction
from jalon.web.forms import DateInput


def _users() -> Any:
    return get_user_model().objects.filter(is_active=True).order_by("username")


def _owner(label: Any = None) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(queryset=_users(), required=False, label=label or _("Owner"))


def _level_choices(labels: list[str], size: int) -> list[tuple[int, str]]:
    named = labels if len(labels) == size else []
    return [(i, f"{i} – {named[i - 1]}" if named else str(i)) for i in range(1, size + 1)]


def _level(label: Any, choices: list[tuple[int, str]], *, required: bool = True) -> forms.Field:
    empty: list[tuple[Any, str]] = [] if required else [("", "—")]
    return forms.TypedChoiceField(label=label, choices=empty + choices, coerce=int,
                                  required=required, empty_value=None)


class RiskForm(forms.Form):
    """For ``risk_create`` and ``risk_update`` (levels on the portfolio's scale)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Risk.Kind.choices)
    category = forms.ChoiceField(label=_("Category"), choices=Risk.Category.choices)
    owner = _owner()
    status = forms.ChoiceField(label=_("Status"), choices=Risk.Status.choices)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    cause = forms.CharField(label=_("Cause"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    effect = forms.CharField(label=_("Effect"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    proximity = forms.DateField(label=_("Proximity"), required=False, widget=DateInput(),
                                help_text=_("When the risk could occur."))
    strategy = forms.ChoiceField(
        label=_("Response strategy"), required=False,
        choices=[("", "—"), *Risk.Strategy.choices],
        help_text=_("Threats: avoid, mitigate, transfer, accept, escalate. Opportunities: "
                    "exploit, enhance, share, accept."))
    response = forms.CharField(label=_("Response"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    escalated = forms.BooleanField(label=_("Escalate to the programme and portfolio"),
                                   required=False)
    probability_percent = forms.DecimalField(
        label=_("Probability (%) for the simulation"), required=False, min_value=0,
        max_value=100, decimal_places=2,
        help_text=_("By default, the middle of the probability level."))
    delay_days = forms.DecimalField(label=_("Delay of each linked task (working days)"),
                                    min_value=0, decimal_places=2, initial=0)
    delay_percent = forms.DecimalField(label=_("Delay of each linked task (% of its duration)"),
                                       min_value=0, max_value=1000, decimal_places=2, initial=0)
    cost_impact = forms.DecimalField(label=_("Cost if it occurs"), min_value=0,
                                     decimal_places=2, initial=0)

    LEVELS = (("probability", _("Probability")), ("impact_cost", _("Cost impact")),
              ("impact_schedule", _("Schedule impact")), ("impact_scope", _("Scope impact")),
              ("impact_quality", _("Quality impact")))

    def __init__(self, *args: Any, config: MatrixConfig, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        size = config.size
        probability = _level_choices(config.probability_labels, size)
        impact = _level_choices(config.impact_labels, size)
        for name, label in self.LEVELS:
            choices = probability if name == "probability" else impact
            self.fields[name] = _level(label, choices)
            self.fields[f"residual_{name}"] = _level(
                _("Residual %(level)s") % {"level": str(label).lower()}, choices,
                required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("strategy") is None:
            data["strategy"] = ""
        return data

    @staticmethod
    def initial_of(risk: Risk) -> dict[str, Any]:
        names = ["title", "kind", "category", "owner", "status", "description", "cause",
                 "effect", "proximity", "strategy", "response", "escalated",
                 "probability_percent", "delay_days", "delay_percent", "cost_impact"]
        names += [n for n, _label in RiskForm.LEVELS]
        names += [f"residual_{n}" for n, _label in RiskForm.LEVELS]
        return {n: getattr(risk, n) for n in names}


class ActionForm(forms.Form):
    """For ``action_create`` and ``action_update``."""

    description = forms.CharField(label=_("Action"), max_length=300)
    owner = _owner()
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=RiskAction.Status.choices)


class ActionStatusForm(forms.Form):
    """What the owner of an action (a team member) may change."""

    status = forms.ChoiceField(label=_("Status"), choices=RiskAction.Status.choices)


class TaskLinkDelayForm(forms.Form):
    """For ``task_link_update``: the task's own delay (empty: the risk's)."""

    delay_days = forms.DecimalField(
        label=_("Delay of this task (working days)"), required=False, min_value=0,
        max_digits=9, decimal_places=2, help_text=_("Empty: the risk's delay."))
    delay_percent = forms.DecimalField(
        label=_("Delay of this task (% of its duration)"), required=False, min_value=0,
        max_value=1000, max_digits=7, decimal_places=2,
        help_text=_("Empty: the risk's percentage."))


class TaskLinkForm(TaskLinkDelayForm):
    """For ``task_link_create``: a task of the risk's project, optionally with its own delay."""

    task = forms.ModelChoiceField(queryset=Task.objects.none(), label=_("Task"))
    field_order = ["task", "delay_days", "delay_percent"]

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = Task.objects.filter(project=project).order_by(  # type: ignore[attr-defined]
            "wbs_code", "id")


class IssueForm(forms.Form):
    """For ``issue_create`` and ``issue_update``."""

    title = forms.CharField(label=_("Title"), max_length=200)
    severity = forms.ChoiceField(label=_("Severity"), choices=Issue.Severity.choices,
                                 initial=Issue.Severity.MEDIUM)
    status = forms.ChoiceField(label=_("Status"), choices=Issue.Status.choices)
    owner = _owner()
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    escalated = forms.BooleanField(label=_("Escalated"), required=False)
    risk = forms.ModelChoiceField(queryset=Risk.objects.none(), required=False,
                                  label=_("From risk"))
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    resolution = forms.CharField(label=_("Resolution"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["risk"].queryset = Risk.objects.filter(project=project)  # type: ignore[attr-defined]


class MatrixConfigForm(forms.Form):
    """For ``matrix_config_update``: labels are typed one per line."""

    size = forms.IntegerField(label=_("Size"), min_value=2, max_value=10,
                              help_text=_("Number of probability and impact levels."))
    probability_labels = forms.CharField(
        label=_("Probability labels"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line, lowest first; leave empty for numbers."))
    impact_labels = forms.CharField(
        label=_("Impact labels"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line, lowest first; leave empty for numbers."))
    medium_from = forms.IntegerField(label=_("Medium from score"), min_value=1)
    high_from = forms.IntegerField(label=_("High from score"), min_value=1)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name in ("probability_labels", "impact_labels"):
            text = data.get(name) or ""
            data[name] = [line.strip() for line in text.splitlines() if line.strip()]
        return data

    @staticmethod
    def initial_of(config: MatrixConfig) -> dict[str, Any]:
        return {"size": config.size, "probability_labels": "\n".join(config.probability_labels),
                "impact_labels": "\n".join(config.impact_labels),
                "medium_from": config.medium_from, "high_from": config.high_from}


class SimulationForm(forms.Form):
    """For ``simulation_start``."""

    iterations = forms.IntegerField(label=_("Iterations"), min_value=100, max_value=200_000,
                                    initial=5000)
    seed = forms.IntegerField(label=_("Seed"), min_value=0, initial=1,
                              help_text=_("The same seed gives the same result."))
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    budget = forms.DecimalField(label=_("Budget"), required=False, min_value=0,
                                decimal_places=2)
    residual = forms.BooleanField(label=_("Residual risks (after the responses)"),
                                  required=False)
