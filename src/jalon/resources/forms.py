"""Forms of the resources pages: the pool, skills, assignments and levelling."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jalon.calendars.forms import calendar_field
from jalon.calendars.models import Calendar
from jalon.planning import selectors as planning_selectors
from jalon.planning.models import Task
from jalon.portfolios.models import Project
from jalon.resources import selectors as resource_selectors
from jalon.resources.models import LevellingRun, Resource, Skill
from jalon.web.forms import choose_from


class LevellingForm(forms.Form):
    """How to level: the fast heuristic, or the optimal solver for at most ``time_limit`` s;
    optionally within the tasks' float only."""

    method = forms.ChoiceField(label=_("Method"), choices=LevellingRun.Method.choices,
                               initial=LevellingRun.Method.HEURISTIC)
    time_limit = forms.FloatField(label=_("Time limit of the optimal method (seconds)"),
                                  min_value=1, max_value=3600, initial=10)
    within_float = forms.BooleanField(
        label=_("Within float only"), required=False,
        help_text=_("Tasks move only within their total float, so the finish date never slips. "
                    "Over-allocations that cannot be removed that way are listed in the "
                    "preview, not resolved."))


class SkillForm(forms.Form):
    """For ``skill_create`` and ``skill_update``."""

    name = forms.CharField(label=_("Name"), max_length=100)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def initial_for(cls, skill: Any) -> dict[str, Any]:
        return {name: getattr(skill, name) for name in cls.base_fields}


class TaskChoiceField(forms.ModelChoiceField):
    """A task shown by its WBS code and name."""

    def label_from_instance(self, obj: Task) -> str:
        return f"{obj.wbs_code} {obj.name}"


class AssignmentForm(forms.Form):
    """Assign a resource of the pool, named by its code, to one of the project's tasks."""

    task = TaskChoiceField(queryset=Task.objects.none(), label=_("Task"))
    resource = forms.CharField(label=_("Resource"), max_length=200,
                               help_text=_("The resource's code or name."))
    units = forms.DecimalField(label=_("Units"), max_digits=6, decimal_places=2, initial=Decimal("1"),
                               help_text=_("1 = full time."))
    work = forms.DecimalField(label=_("Work (hours)"), max_digits=10, decimal_places=2, min_value=0,
                              required=False, help_text=_("Empty: duration × hours per day × units."))

    def __init__(self, *args: Any, user: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # Work is assigned to work tasks; summary tasks roll their children up.
        tasks = planning_selectors.task_list(user=user, project=project).filter(children__isnull=True)
        choose_from(self, "task", tasks)

    def clean_resource(self) -> Resource:
        text = self.cleaned_data["resource"].strip()
        pool = resource_selectors.resource_list(user=self.user)
        resource = pool.filter(code__iexact=text).first() or pool.filter(name__iexact=text).first()
        if resource is None:
            raise forms.ValidationError(gettext("Unknown resource: %(name)s.") % {"name": text})
        return resource


class ResourceForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Resource.Kind.choices)
    skills = forms.ModelMultipleChoiceField(queryset=Skill.objects.none(), required=False, label=_("Skills"),
                                            widget=forms.CheckboxSelectMultiple)
    standard_rate = forms.DecimalField(label=_("Standard rate (per hour, or per unit for material)"),
                                       min_value=0, max_digits=10, decimal_places=2, initial=Decimal("0"))
    cost_per_use = forms.DecimalField(label=_("Cost per use"), min_value=0, max_digits=10,
                                      decimal_places=2, initial=Decimal("0"))
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    capacity = forms.DecimalField(label=_("Capacity (units)"), min_value=0, max_digits=6,
                                  decimal_places=2, initial=Decimal("1"))
    calendar = forms.ModelChoiceField(queryset=Calendar.objects.none(), required=False, label=_("Calendar"))
    email = forms.EmailField(label=_("Email"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "skills", resource_selectors.skill_list(user=user))
        self.fields["calendar"] = calendar_field(user)

    @classmethod
    def initial_for(cls, resource: Resource) -> dict[str, Any]:
        initial = {name: getattr(resource, name) for name in cls.base_fields if name != "skills"}
        initial["skills"] = list(resource.skills.all())
        return initial

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].upper()
